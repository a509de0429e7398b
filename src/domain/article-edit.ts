import { z } from 'zod';
import { blockSchema, bylineSchema, datelineSchema } from './article.js';

/**
 * The editor's save payload, shared by the browser bundle (which builds it from the form) and the
 * server (which validates it, and builds it from a plain form post when script is off).
 */
export const articleEditSchema = z.object({
  expectedRevision: z.number().int().min(1),
  headline: z.string().max(300),
  /** The URL slug; empty keeps the current one (a draft's follows its headline until first published). */
  slug: z.string().trim().max(100).optional(),
  standfirst: z.string().max(1000),
  section: z.string().min(1, 'choose a section').max(60),
  tags: z.array(z.string().trim().min(1).max(60)).max(50),
  dateline: datelineSchema.nullable(),
  bylines: z.array(bylineSchema).max(20),
  body: z.array(blockSchema).max(2000),
  keyPoints: z.array(z.string().trim().min(1).max(500)).max(10),
  seo: z.object({ title: z.string().max(300), description: z.string().max(500), image: z.string().max(2000) }),
});
export type ArticleEdit = z.infer<typeof articleEditSchema>;

