import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../domain/errors.js';
import type { StoredArticle } from '../store/articles.js';
import type { Comment, PublicComment } from '../store/comments.js';
import { getSiteSettings, siteSecret, type SiteSettings } from './site-settings.js';

/** Readers need this long between seeing the form and posting it; scripts that post at once are refused. */
export const MIN_SECONDS_TO_POST = 3;
export const MAX_LINKS = 2;

export const commentInputSchema = z.object({
  name: z.string().trim().min(1, 'Please give your name.').max(80, 'Your name can be at most 80 characters.'),
  email: z
    .string()
    .trim()
    .min(1, 'Please give your e-mail address (it is never shown).')
    .max(254, 'Your e-mail address can be at most 254 characters.')
    .pipe(z.email('Please give a valid e-mail address, like name@example.org.'))
    .transform((v) => v.toLowerCase()),
  body: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v),
    z.string().trim().min(1, 'Please write a comment.').max(5000, 'A comment can be at most 5,000 characters.'),
  ),
  parent_id: z
    .string()
    .regex(/^\d{0,12}$/, 'The comment you replied to is not known.')
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  /** The honeypot: hidden from people, filled in by form-filling robots. */
  website: z.string().optional(),
  /** The signed time the form was rendered (see formStamp). */
  t: z.string().optional(),
});

export type CommentInput = z.input<typeof commentInputSchema>;

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S/gi;
// Tags that link, load or run something, and any tag with an attribute. Everything is escaped on output anyway;
// this turns away link spam. HTML allows no space after "<", so "x < a" is not a tag.
const MARKUP_PATTERN =
  /<\/?(?:a|script|iframe|img|style|object|embed|form|input|link|meta|svg|math|video|audio|source|base|frame|frameset|applet|body|html|head|button|textarea|select)\b|<[a-z][\w-]*\s+[\w-]+\s*=[^>]*>/i;
const STAMP = /^(\d{13})\.([\w-]{43})$/;

const refuse = (message: string, where: string) => new AppError('invalid_input', message, { issues: [{ where, message }] });
const sign = (secret: string, ms: string) => createHmac('sha256', secret).update(`comment-form:${ms}`).digest('base64url');

/** The last stamp made, reused within its second (see formStamp). */
let lastStamp: { secret: string; ms: number; stamp: string } | undefined;

/**
 * The form's time stamp, "ms.signature": the same for every reader who gets the page at that moment, so a
 * cached page stays cacheable. Readers cannot forge an earlier time to skip the wait.
 *
 * The time is rounded up to the next whole second, never down, so the wait is never shortened; and a page rendered
 * in the same second reuses the stamp instead of signing again (an HMAC was about 2% of an uncached article page).
 */
export function formStamp(secret: string, at: Date): string {
  const ms = Math.ceil(at.getTime() / 1000) * 1000;
  if (lastStamp?.ms === ms && lastStamp.secret === secret) return lastStamp.stamp;
  const text = String(ms).padStart(13, '0');
  const stamp = `${text}.${sign(secret, text)}`;
  lastStamp = { secret, ms, stamp };
  return stamp;
}

/** The render time a stamp carries, when the signature holds. */
export function stampTime(secret: string, stamp: string | undefined): number | undefined {
  const m = STAMP.exec(stamp ?? '');
  if (!m) return undefined;
  const expected = Buffer.from(sign(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? Number(m[1]) : undefined;
}

/** An address reduced to what blocking and counting need: stable for the site, useless to locate anyone. */
export const hashIp = (secret: string, ip: string): string => createHash('sha256').update(secret + ip).digest('hex');

/** Whether the article no longer takes comments. */
export function isCommentingClosed(settings: Pick<SiteSettings, 'commentsCloseAfterDays'>, article: Pick<StoredArticle, 'publishedAt'>, now: Date): boolean {
  const days = settings.commentsCloseAfterDays;
  if (days <= 0 || !article.publishedAt) return false;
  return now.getTime() - Date.parse(article.publishedAt) > days * 86_400_000;
}

export type CommentOrder = 'oldest' | 'newest';

/**
 * Threads (a comment and its replies) on one page of an article's comments. A story that draws thousands of
 * comments would otherwise be one page of megabytes: 3,000 comments made a 1.8 MB page that took 44–90 ms to
 * render, holding up every other reader of the site (docs/performance.md).
 */
export const COMMENT_THREADS_PER_PAGE = 100;

/**
 * An article with at most this many visible comments has them read whole, in one statement, and threaded here;
 * one with more has its page of threads and their replies read in SQL (three statements and a count). Reading
 * 3,000 comments whole and threading them took most of a page's 10–28 ms.
 */
export const COMMENTS_READ_WHOLE = 150;

export interface CommentThread {
  comment: PublicComment;
  /** Replies, oldest first: replies go one level deep. */
  replies: PublicComment[];
}

/** Groups comments (oldest first) into threads in the reader's order; replies whose parent is not shown are left out. */
export function threadComments(comments: readonly PublicComment[], order: CommentOrder): CommentThread[] {
  const replies = new Map<number, PublicComment[]>();
  for (const c of comments) {
    if (c.parentId === null) continue;
    const list = replies.get(c.parentId);
    if (list) list.push(c);
    else replies.set(c.parentId, [c]);
  }
  const threads = comments.filter((c) => c.parentId === null).map((comment) => ({ comment, replies: replies.get(comment.id) ?? [] }));
  return order === 'newest' ? threads.reverse() : threads;
}

export interface CommentsView {
  /** The page's threads, in the reader's order. */
  threads: CommentThread[];
  /** Visible threads on every page, and the comments they show. */
  threadCount: number;
  commentCount: number;
  /** The page shown, from 1, and how many there are (at least 1). */
  page: number;
  pageCount: number;
  isClosed: boolean;
  /** Comments wait for a moderator before they show. */
  isPremoderated: boolean;
  /** The time stamp for the form's hidden field. */
  stamp: string;
}

export interface CommentsPageRequest {
  order?: CommentOrder;
  /** The page to show, from 1 (default 1); a page past the last is a not_found. */
  page?: number;
  /** Show instead the page with this comment, or with the comment it replies to, when it is shown. */
  pageOf?: number | undefined;
  /** A reader's stamp to keep when the form is shown again. */
  stamp?: string | undefined;
  /** Tests only: the most comments read whole (see COMMENTS_READ_WHOLE). */
  readWhole?: number;
}

/** The page of an article's comments that shows this comment (or the one it replies to); undefined when it is not shown. */
export async function commentPageOf(ctx: AppContext, articleId: string, id: number, order: CommentOrder = 'oldest'): Promise<number | undefined> {
  const { comments } = ctx.store;
  const comment = await comments.getVisible(articleId, id);
  const thread = comment && (comment.parentId === null ? comment : await comments.getVisible(articleId, comment.parentId));
  if (!thread || thread.parentId !== null) return undefined;
  return Math.floor((await comments.countThreadsBefore(thread, order)) / COMMENT_THREADS_PER_PAGE) + 1;
}

/** One page of an article's comments in the reader's order, and what its form needs. */
export async function loadCommentsView(ctx: AppContext, article: StoredArticle, opts: CommentsPageRequest = {}): Promise<CommentsView> {
  const order = opts.order ?? 'oldest';
  const readWhole = opts.readWhole ?? COMMENTS_READ_WHOLE;
  const [first, settings, secret, pageOf] = await Promise.all([
    ctx.store.comments.listVisible(article.id, readWhole + 1),
    getSiteSettings(ctx),
    siteSecret(ctx),
    opts.pageOf === undefined ? undefined : commentPageOf(ctx, article.id, opts.pageOf, order),
  ]);
  const page = pageOf ?? opts.page ?? 1;
  let threads: CommentThread[];
  let threadCount: number;
  let commentCount: number;
  if (first.length <= readWhole) {
    const all = threadComments(first, order);
    threadCount = all.length;
    commentCount = all.reduce((n, t) => n + 1 + t.replies.length, 0);
    threads = all.slice((page - 1) * COMMENT_THREADS_PER_PAGE, page * COMMENT_THREADS_PER_PAGE);
  } else {
    const { comments } = ctx.store;
    const [counts, tops] = await Promise.all([
      comments.countShown(article.id),
      comments.listVisibleThreads(article.id, { order, limit: COMMENT_THREADS_PER_PAGE, offset: (page - 1) * COMMENT_THREADS_PER_PAGE }),
    ]);
    threads = tops.map((comment) => ({ comment, replies: [] as PublicComment[] }));
    const byId = new Map(threads.map((t) => [t.comment.id, t]));
    for (const reply of await comments.listVisibleReplies(article.id, tops.map((c) => c.id))) byId.get(reply.parentId!)?.replies.push(reply);
    threadCount = counts.threads;
    commentCount = counts.comments;
  }
  const pageCount = Math.max(1, Math.ceil(threadCount / COMMENT_THREADS_PER_PAGE));
  if (page > pageCount) throw new AppError('not_found', `This article has ${pageCount} page(s) of comments; there is no page ${page}.`);
  const now = ctx.now();
  return {
    threads,
    threadCount,
    commentCount,
    page,
    pageCount,
    isClosed: isCommentingClosed(settings, article, now),
    isPremoderated: settings.commentsMode === 'pre',
    stamp: opts.stamp !== undefined && stampTime(secret, opts.stamp) !== undefined ? opts.stamp : formStamp(secret, now),
  };
}

/**
 * Checks and stores a reader's comment on a published article, held or visible by the site's moderation mode.
 * Every refusal is an AppError whose message tells the reader what to change; the comment is committed when this returns.
 */
export async function postComment(ctx: AppContext, articleId: string, input: unknown, meta: { ip: string }): Promise<Comment> {
  const article = await ctx.store.articles.getById(articleId);
  if (!article || article.status !== 'published') throw new AppError('not_found', 'That article is not published.');
  const [settings, secret] = await Promise.all([getSiteSettings(ctx), siteSecret(ctx)]);
  const now = ctx.now();
  if (isCommentingClosed(settings, article, now)) {
    throw new AppError('forbidden', `Comments are closed: this article stopped taking comments ${settings.commentsCloseAfterDays} days after it was published.`);
  }

  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  if (typeof raw.website === 'string' && raw.website.trim() !== '') {
    throw refuse('Your comment was not posted: a field people cannot see ("website") was filled in, as spam robots do. Leave it empty and post again.', 'website');
  }
  const parsed = commentInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ where: String(i.path[0] ?? 'comment'), message: i.message }));
    throw new AppError('invalid_input', issues[0]?.message ?? 'Invalid comment.', { issues });
  }
  const c = parsed.data;

  const renderedAt = stampTime(secret, c.t);
  if (renderedAt === undefined) throw refuse('Your comment was not posted: the form could not be checked. Please reload the page and post again.', 't');
  if (now.getTime() - renderedAt < MIN_SECONDS_TO_POST * 1000) {
    throw refuse(`That was very quick: please take at least ${MIN_SECONDS_TO_POST} seconds over a comment, then post it again.`, 't');
  }

  const ipHash = hashIp(secret, meta.ip);
  if (await ctx.store.comments.isBlocked({ email: c.email, ipHash })) {
    throw new AppError('forbidden', 'Your comment was not posted: comments from you are blocked on this site.');
  }

  if (MARKUP_PATTERN.test(c.name) || MARKUP_PATTERN.test(c.body)) {
    throw refuse('Please write plain text: HTML tags such as <a> or <script> are not accepted in comments.', MARKUP_PATTERN.test(c.name) ? 'name' : 'body');
  }
  if ((c.name.match(URL_PATTERN) ?? []).length > 0) throw refuse('Please give your name, not a web address.', 'name');
  const links = (c.body.match(URL_PATTERN) ?? []).length;
  if (links > MAX_LINKS) throw refuse(`A comment can hold at most ${MAX_LINKS} links; yours has ${links}.`, 'body');

  if (c.parent_id !== null) {
    const parent = await ctx.store.comments.getById(c.parent_id);
    if (!parent || parent.articleId !== article.id || parent.status !== 'visible' || parent.parentId !== null) {
      throw refuse('You can reply only to a published comment on this article, and not to a reply.', 'parent_id');
    }
  }

  return ctx.store.comments.add({
    articleId: article.id,
    parentId: c.parent_id,
    authorName: c.name,
    authorEmail: c.email,
    ipHash,
    body: c.body,
    status: settings.commentsMode === 'pre' ? 'held' : 'visible',
    createdAt: now.toISOString(),
  });
}
