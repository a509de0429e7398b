import { z } from 'zod';
import { AppError, type Issue } from './errors.js';
import { SLUG_PATTERN } from './slug.js';

/**
 * The article model every part of Dateline shares: wire parsers produce it, the store keeps it,
 * the site and the newsroom render and edit it.
 */

const text = (max: number) => z.string().max(max);
const nonEmpty = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const instant = z.iso.datetime({ offset: false, message: 'must be an ISO 8601 UTC instant like 2015-05-13T12:00:00.000Z' });

/** Inline formatting over a range of a block's plain text: [start, end) in UTF-16 code units. */
export const markSchema = z
  .object({
    kind: z.enum(['em', 'strong', 'link']),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    href: z.string().max(2000).optional(),
  })
  .refine((m) => m.end > m.start, { message: 'a mark must cover at least one character (end > start)' })
  .refine((m) => m.kind !== 'link' || (m.href !== undefined && isSafeHref(m.href)), {
    message: 'a link needs an http(s), mailto or site-relative href',
  });
export type Mark = z.infer<typeof markSchema>;

export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(href.trim());
}

const richText = { text: text(20000), marks: z.array(markSchema).max(500).optional() };

export const paragraphSchema = z.object({ type: z.literal('paragraph'), ...richText });
export const crossheadSchema = z.object({ type: z.literal('crosshead'), text: nonEmpty(300) });
export const blockquoteSchema = z.object({
  type: z.literal('blockquote'),
  ...richText,
  attribution: text(300).optional(),
});
export const listSchema = z.object({
  type: z.literal('list'),
  ordered: z.boolean(),
  items: z.array(z.object(richText)).min(1, 'a list needs at least one item').max(200),
});
export const imageSchema = z.object({
  type: z.literal('image'),
  src: z.string().min(1).max(2000),
  alt: nonEmpty(500),
  caption: text(1000).optional(),
  credit: text(300).optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  mediaId: z.string().max(100).optional(),
});
export const embedSchema = z.object({
  type: z.literal('embed'),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  provider: text(100).optional(),
  title: text(300).optional(),
});

export const blockSchema = z.discriminatedUnion('type', [
  paragraphSchema,
  crossheadSchema,
  blockquoteSchema,
  listSchema,
  imageSchema,
  embedSchema,
]);
export type Block = z.infer<typeof blockSchema>;
export type BlockType = Block['type'];

export const datelineSchema = z.object({
  /** The place as printed: "SOCHI, RUSSIA". */
  text: nonEmpty(200),
  city: text(100).optional(),
  country: text(100).optional(),
});
export type Dateline = z.infer<typeof datelineSchema>;

export const bylineSchema = z.object({
  name: nonEmpty(200),
  location: text(200).optional(),
  role: text(100).optional(),
  /** Set when the byline belongs to a staff profile; agency staff stay free text. */
  authorId: z.string().max(100).optional(),
});
export type Byline = z.infer<typeof bylineSchema>;

export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const articleSchema = z.object({
  id: z.string().max(100).optional(),
  headline: nonEmpty(300),
  slug: z.string().max(100).regex(SLUG_PATTERN, 'must be lower-case words joined by hyphens'),
  section: z.string().min(1).max(60),
  tags: z.array(nonEmpty(60)).max(50),
  standfirst: text(1000).optional(),
  dateline: datelineSchema.nullable(),
  bylines: z.array(bylineSchema).max(20),
  body: z.array(blockSchema).max(2000),
  keyPoints: z.array(nonEmpty(500)).max(10),
  credit: text(200).optional(),
  source: text(200).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag like "en" or "en-GB"'),
  status: z.enum(ARTICLE_STATUSES),
  createdAt: instant,
  publishedAt: instant.nullable(),
  updatedAt: instant,
  /** When a scheduled article goes live. */
  scheduledAt: instant.nullable().optional(),
  /** Search and social overrides; the headline, standfirst and first image serve when absent. */
  seo: z
    .object({
      title: text(300).optional(),
      description: text(500).optional(),
      image: z.string().max(2000).optional(),
    })
    .optional(),
});
export type Article = z.infer<typeof articleSchema>;

/** Converts zod issues into ours, naming each field by its path ("body.3.text"). */
export function toIssues(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((i) => ({
    where: prefix + (i.path.length ? i.path.map(String).join('.') : '(article)'),
    message: i.message,
  }));
}

/** Validates an article and returns it, or throws an `invalid_input` AppError naming every bad field. */
export function validateArticle(input: unknown, opts: { sections?: readonly { slug: string }[] } = {}): Article {
  const result = articleSchema.safeParse(input);
  const issues: Issue[] = result.success ? [] : toIssues(result.error);
  if (result.success && opts.sections && !opts.sections.some((s) => s.slug === result.data.section)) {
    issues.push({
      where: 'section',
      message: `"${result.data.section}" is not one of the site's sections (${opts.sections.map((s) => s.slug).join(', ')})`,
    });
  }
  if (!result.success || issues.length) {
    const summary = issues.map((i) => `${i.where}: ${i.message}`).join('; ');
    throw new AppError('invalid_input', `Invalid article: ${summary}`, { issues });
  }
  return result.data;
}

/** The plain text of a block, for search, summaries and the CLI's JSON (lists join their items by lines). */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'crosshead':
    case 'blockquote':
      return block.text;
    case 'list':
      return block.items.map((i) => i.text).join('\n');
    case 'image':
      return block.caption ?? '';
    case 'embed':
      return block.title ?? '';
  }
}

/** "Jo Biddle with Anna Smolchenko", the agency style for a closing byline line; three or more use commas. */
export function bylineLine(bylines: readonly Byline[]): string {
  const names = bylines.map((b) => b.name);
  if (names.length <= 2) return names.join(' with ');
  return `${names.slice(0, -1).join(', ')} with ${names.at(-1)}`;
}

/** "Jo Biddle in Sochi with Anna Smolchenko in Moscow", as the seed's lead prints it. */
export function bylineWithLocations(bylines: readonly Byline[]): string {
  const parts = bylines.map((b) => (b.location ? `${b.name} in ${b.location}` : b.name));
  if (parts.length <= 2) return parts.join(' with ');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
