import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { validateArticle, type Article, type ArticleStatus } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { findSection } from '../domain/sections.js';
import { slugify } from '../domain/slug.js';
import type { ArticleOrigin, StoredArticle } from '../store/articles.js';
import type { WireDraft } from '../wire/types.js';

export interface CreateArticleInput extends Omit<WireDraft, 'section'> {
  section: string;
  status: ArticleStatus;
  slug?: string;
}

/** Finds a free slug: the headline's, or with -2, -3 ... appended. */
export async function uniqueSlug(ctx: AppContext, base: string): Promise<string> {
  const root = slugify(base);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? root : `${root.slice(0, 75)}-${n}`;
    if (!(await ctx.store.articles.slugExists(candidate))) return candidate;
  }
  throw new AppError('conflict', `No free slug for "${base}"`);
}

/** Validates and stores a new article. A published one without a publish time is stamped now. */
export async function createArticle(
  ctx: AppContext,
  input: CreateArticleInput,
  opts: { actor?: string | null; origin?: ArticleOrigin } = {},
): Promise<StoredArticle> {
  const section = findSection(ctx.config.sections, input.section);
  if (!section) {
    throw new AppError('invalid_input', `section: "${input.section}" is not one of the site's sections (${ctx.config.sections.map((s) => s.name).join(', ')})`, {
      issues: [{ where: 'section', message: 'unknown section' }],
    });
  }
  const now = ctx.now().toISOString();
  const candidate: Article = {
    headline: input.headline,
    slug: await uniqueSlug(ctx, input.slug ?? input.headline),
    section: section.slug,
    tags: input.tags,
    ...(input.standfirst !== undefined && { standfirst: input.standfirst }),
    dateline: input.dateline,
    bylines: input.bylines,
    body: input.body,
    keyPoints: input.keyPoints,
    ...(input.credit !== undefined && { credit: input.credit }),
    ...(input.source !== undefined && { source: input.source }),
    language: input.language,
    status: input.status,
    createdAt: now,
    updatedAt: now,
    publishedAt: input.publishedAt ?? (input.status === 'published' ? now : null),
  };
  const article = validateArticle(candidate, { sections: ctx.config.sections });
  return ctx.store.articles.insert({ ...article, id: randomUUID() }, opts);
}
