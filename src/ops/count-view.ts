import type { AppContext } from '../context.js';
import type { ArticleSummary } from '../store/articles.js';

/** What a view needs to know about the request; no address or cookie is looked at. */
export interface ViewRequest {
  method: string;
  userAgent: string | undefined;
  /** The `Sec-Purpose` or `Purpose` header: browsers send "prefetch" for a page the reader may never see. */
  purpose: string | undefined;
}

const ROBOT = /bot|crawler|spider|preview/i;
const MOST_READ_DAYS = 2;
const MOST_READ_COUNT = 5;
/** How often, at most, counting views re-checks whether the Most read box changed. */
const MOST_READ_RECHECK_MS = 10_000;

const utcDay = (at: Date, daysBack = 0) => new Date(at.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10);

/** Whether a request is a reader's page view: not a HEAD, a robot, a link preview or a prefetch. */
export function isReaderView(request: ViewRequest): boolean {
  if (request.method !== 'GET') return false;
  if (!request.userAgent || ROBOT.test(request.userAgent)) return false;
  return !/prefetch|prerender/i.test(request.purpose ?? '');
}

/**
 * Counts a reader's view of the article page at `path` ("/news/some-slug", query ignored) for
 * "most read"; any other path, or an article not published, counts nothing. It takes the path, not
 * an article, so a page answered from a cache can be counted the same way as a rendered one.
 *
 * One upsert per view: about as costly as reading the article (~60 µs measured on SQLite), so no
 * in-memory buffer to lose on a crash. A failure is logged and never costs the reader the page.
 */
export async function countArticleView(ctx: AppContext, path: string, request: ViewRequest, views = 1): Promise<boolean> {
  if (!isReaderView(request)) return false;
  const [section, slug, ...rest] = path.split('?', 1)[0]!.split('/').slice(1);
  if (!section || !slug || rest.length || !ctx.config.sections.some((s) => s.slug === section)) return false;
  try {
    const counted = await ctx.store.views.addByAddress(section, slug, utcDay(ctx.now()), views);
    if (counted) await announceMostReadChange(ctx);
    return counted;
  } catch (err) {
    ctx.logger.warn({ err, path }, 'page view not counted');
    return false;
  }
}

/** The five published articles read most today and yesterday (UTC). */
export function listMostRead(ctx: AppContext): Promise<ArticleSummary[]> {
  const now = ctx.now();
  const days = Array.from({ length: MOST_READ_DAYS }, (_, i) => utcDay(now, i));
  return ctx.store.views.mostRead({ days, limit: MOST_READ_COUNT });
}

const lastMostRead = new WeakMap<AppContext, { checkedAt: number; ids: string }>();

/**
 * Cached pages showing the Most read box depend on the `most-read` tag; views announce it only when
 * the box's articles or their order changed, checked at most every few seconds.
 */
async function announceMostReadChange(ctx: AppContext): Promise<void> {
  const now = ctx.now().getTime();
  const last = lastMostRead.get(ctx);
  if (last && now - last.checkedAt < MOST_READ_RECHECK_MS) return;
  const ids = (await listMostRead(ctx)).map((a) => a.id).join(' ');
  lastMostRead.set(ctx, { checkedAt: now, ids });
  if (last && last.ids !== ids) ctx.store.changes.emit(['most-read']);
}
