import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { toIssues, validateArticle, type Article } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { authorize, type Actor } from '../domain/policies.js';
import { nextStatus, type Transition } from '../domain/workflow.js';
import { zonedLocalToUtc } from '../domain/dates.js';
import { SLUG_PATTERN } from '../domain/slug.js';
import type { StoredArticle } from '../store/articles.js';
import { articleEditSchema } from '../domain/article-edit.js';
import { uniqueSlug } from './create-article.js';

async function load(ctx: AppContext, id: string): Promise<StoredArticle> {
  const article = await ctx.store.articles.getById(id);
  if (!article) throw new AppError('not_found', `There is no article ${id}.`);
  return article;
}

/** Loads an article for someone allowed to open it. */
export async function openArticle(ctx: AppContext, actor: Actor, id: string): Promise<StoredArticle> {
  const article = await load(ctx, id);
  authorize(actor, 'article.view', article);
  return article;
}

/** Starts an empty draft owned by the actor. */
export async function createDraft(ctx: AppContext, actor: Actor, section = 'news'): Promise<StoredArticle> {
  authorize(actor, 'article.create');
  const now = ctx.now().toISOString();
  const draft: Article = {
    headline: 'Untitled draft',
    slug: await uniqueSlug(ctx, `draft-${now.slice(0, 10)}`),
    section,
    tags: [],
    dateline: null,
    bylines: [],
    body: [],
    keyPoints: [],
    language: 'en',
    status: 'draft',
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
  };
  return ctx.store.articles.insert({ ...draft, id: randomUUID() }, { actor: actor.id, origin: 'newsroom' });
}

/**
 * Saves an edit. The save names the revision it was based on; if someone saved in between, it is
 * refused with `conflict` rather than overwriting their work.
 */
export async function saveArticle(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<StoredArticle> {
  const parsed = articleEditSchema.safeParse(input);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    throw new AppError('invalid_input', `Not saved: ${issues.map((i) => `${i.where}: ${i.message}`).join('; ')}`, { issues });
  }
  const edit = parsed.data;
  const current = await load(ctx, id);
  authorize(actor, 'article.edit', current);
  if (edit.expectedRevision !== current.revision) {
    throw new AppError('conflict', `Someone else saved this article since you opened it (now at revision ${current.revision}, yours was ${edit.expectedRevision}). Reload to see their changes; yours are not saved.`);
  }
  const headline = edit.headline || 'Untitled draft';
  const slug = await nextSlug(ctx, current, headline, edit.slug);
  const seo = Object.fromEntries(Object.entries(edit.seo).filter(([, v]) => v));
  // A byline that names a staff member links to their profile; agency staff stay free text.
  const staff = new Map((await ctx.store.users.list()).map((u) => [u.name.toLowerCase(), u.id]));
  const bylines = edit.bylines.map((b) => (b.authorId || !staff.has(b.name.toLowerCase()) ? b : { ...b, authorId: staff.get(b.name.toLowerCase())! }));
  const next = {
    ...current,
    headline,
    slug,
    section: edit.section,
    tags: [...new Set(edit.tags)],
    dateline: edit.dateline,
    bylines,
    body: edit.body,
    keyPoints: edit.keyPoints,
    updatedAt: ctx.now().toISOString(),
    // Saving after the newer-wire-version notice counts as having seen it.
    wireFlag: null,
  };
  if (edit.standfirst) next.standfirst = edit.standfirst;
  else delete next.standfirst;
  if (Object.keys(seo).length) next.seo = seo;
  else delete next.seo;
  validateArticle(next, { sections: ctx.config.sections });
  const saved = await ctx.store.articles.update(next, current.revision, actor.id);
  // Once an article has been out, its old address keeps working: the site answers it with a 301.
  if (slug !== current.slug && current.publishedAt !== null) await ctx.store.articles.recordOldSlug(current.slug, current.id, saved.updatedAt);
  return saved;
}

/**
 * The slug after a save: the one the editor typed (checked and free), else a draft's follows its
 * headline until first published, else it stays.
 */
async function nextSlug(ctx: AppContext, current: StoredArticle, headline: string, typed: string | undefined): Promise<string> {
  if (typed && typed !== current.slug) {
    if (!SLUG_PATTERN.test(typed)) throw new AppError('invalid_input', 'slug: use lower-case letters, digits and single hyphens, like "harbour-bridge-reopens".', { issues: [{ where: 'slug', message: 'not a slug' }] });
    const holder = await ctx.store.articles.getBySlug(typed);
    if (holder && holder.id !== current.id) throw new AppError('invalid_input', `slug: "${typed}" is used by another article.`, { issues: [{ where: 'slug', message: 'taken' }] });
    return typed;
  }
  if (current.publishedAt === null && headline !== current.headline && headline !== 'Untitled draft') return uniqueSlug(ctx, headline);
  return current.slug;
}

const PERMISSION = {
  submit: 'article.submit',
  publish: 'article.publish',
  schedule: 'article.schedule',
  unpublish: 'article.unpublish',
  return_to_draft: 'article.publish',
} as const;

/**
 * Moves an article through the workflow. Publishing keeps the first publish time; scheduling
 * takes a time in the future, as an ISO instant or the site zone's wall-clock "YYYY-MM-DDTHH:mm".
 */
export async function transitionArticle(
  ctx: AppContext,
  actor: Actor,
  id: string,
  transition: Transition,
  opts: { at?: string } = {},
): Promise<StoredArticle> {
  const current = await load(ctx, id);
  authorize(actor, PERMISSION[transition], current);
  const status = nextStatus(current.status, transition);
  const now = ctx.now();
  const next: StoredArticle = { ...current, status, updatedAt: now.toISOString() };
  if (transition === 'publish') {
    next.publishedAt = current.publishedAt ?? now.toISOString();
    next.scheduledAt = null;
  } else if (transition === 'schedule') {
    const at = opts.at && (/Z$/.test(opts.at) ? opts.at : zonedLocalToUtc(opts.at, ctx.config.timeZone));
    if (!at || Number.isNaN(Date.parse(at))) throw new AppError('invalid_input', 'at: give the time to publish, like 2026-11-26T14:05.');
    if (Date.parse(at) <= now.getTime()) throw new AppError('invalid_input', 'at: the scheduled time must be in the future.');
    next.scheduledAt = new Date(at).toISOString();
  } else if (transition === 'unpublish') {
    next.scheduledAt = null;
  }
  if (current.headline === 'Untitled draft' && (transition === 'publish' || transition === 'schedule')) {
    throw new AppError('invalid_input', 'headline: give the article a headline before it goes live.');
  }
  validateArticle(next, { sections: ctx.config.sections });
  return ctx.store.articles.update(next, current.revision, actor.id);
}

/** Publishes every scheduled article whose time has come; safe to run on several nodes at once. */
export async function publishDue(ctx: AppContext): Promise<StoredArticle[]> {
  const now = ctx.now().toISOString();
  const published: StoredArticle[] = [];
  for (const article of await ctx.store.articles.listDue(now)) {
    const next: StoredArticle = {
      ...article,
      status: 'published',
      publishedAt: article.publishedAt ?? article.scheduledAt ?? now,
      updatedAt: now,
    };
    try {
      published.push(await ctx.store.articles.update(next, article.revision, 'scheduler'));
    } catch (e) {
      // Another node (or an editor) changed it first; the next run sees the new state.
      if (!(e instanceof AppError && e.code === 'conflict')) throw e;
    }
  }
  return published;
}

/** Adds a dated correction or update note to a published article and stamps its updated time. */
export async function addCorrection(ctx: AppContext, actor: Actor, id: string, input: { kind: string; text: string }): Promise<StoredArticle> {
  const current = await load(ctx, id);
  authorize(actor, 'article.correct', current);
  if (current.status !== 'published') throw new AppError('conflict', 'Corrections go on published articles; edit a draft directly.');
  const kind = input.kind === 'update' ? 'update' : input.kind === 'correction' ? 'correction' : undefined;
  if (!kind) throw new AppError('invalid_input', 'kind: must be "correction" or "update".');
  const text = input.text.trim();
  if (!text || text.length > 2000) throw new AppError('invalid_input', 'text: write the note, at most 2,000 characters.');
  const now = ctx.now().toISOString();
  const updated = await ctx.store.articles.update({ ...current, updatedAt: now }, current.revision, actor.id);
  await ctx.store.corrections.add({ articleId: id, kind, text, createdAt: now, actor: actor.id });
  return updated;
}

/** Makes an old revision's content current again, as a new revision; the workflow state stays. */
export async function restoreRevision(ctx: AppContext, actor: Actor, id: string, revision: number): Promise<StoredArticle> {
  const current = await load(ctx, id);
  authorize(actor, 'article.restore', current);
  const old = await ctx.store.articles.getRevision(id, revision);
  if (!old) throw new AppError('not_found', `Article ${id} has no revision ${revision}.`);
  const next: StoredArticle = {
    ...current,
    headline: old.headline,
    tags: old.tags,
    dateline: old.dateline,
    bylines: old.bylines,
    body: old.body,
    keyPoints: old.keyPoints,
    updatedAt: ctx.now().toISOString(),
  };
  if (old.standfirst) next.standfirst = old.standfirst;
  else delete next.standfirst;
  return ctx.store.articles.update(next, current.revision, actor.id);
}
