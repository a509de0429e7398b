import type { AppContext } from '../context.js';
import type { ArticleSummary } from '../store/articles.js';
import { dependsOn, type Dependencies } from '../store/dependencies.js';
import type { Store } from '../store/index.js';
import type { Logger } from 'pino';

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
/**
 * Views are written this often (and the Most read box worked out again when it is due). Each write
 * dirties a few hundred database pages on a busy site, and every thousand pages SQLite checkpoints
 * its log in the write that crosses the mark, holding the process for 10–35 ms: written every two
 * seconds, that put the cached article page's p99 at c=50 at 10–34 ms instead of 7–8 ms (measured on
 * 100,000 articles, 200 pages read in turn). The box is worked out at most every five minutes anyway.
 */
const FLUSH_MS = 30_000;
/**
 * The longest the Most read box is reused without asking the database again. Each change of the box
 * has every cached page that shows it rendered and compressed again (about 2 ms a page, so 0.4 s of
 * work for 200 busy articles), so it moves every five minutes, not with every view. A box over two
 * days of reading changes little in five minutes.
 */
const MOST_READ_FRESH_MS = 5 * 60_000;
/** Addresses written per transaction (see `write`). */
const WRITE_CHUNK = 8;

const utcDay = (at: Date, daysBack = 0) => new Date(at.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10);

/** Whether a request is a reader's page view: not a HEAD, a robot, a link preview or a prefetch. */
export function isReaderView(request: ViewRequest): boolean {
  if (request.method !== 'GET') return false;
  if (!request.userAgent || ROBOT.test(request.userAgent)) return false;
  return !/prefetch|prerender/i.test(request.purpose ?? '');
}

/**
 * Page views for "Most read", and the box itself.
 *
 * Views are counted in memory by page address and written every 30 seconds in small transactions
 * (one upsert per article and day), so neither a rendered page nor one answered from the cache
 * waits on a write; at most 30 seconds of counts are lost if the process dies (none when it is stopped). After each write
 * the box is worked out again when it is due, and `most-read` is announced only when its articles or their order
 * changed. Pages read the box from memory: it is asked of the database at most every five minutes,
 * and at once after a publish or unpublish (which announce `list:all`).
 */
export class ViewCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private box: { at: number; articles: ArticleSummary[] } | undefined;
  /** The box's articles, in order, as last worked out: a change is announced as `most-read`. */
  private lastKey: string | undefined;
  private boxLoading: Promise<ArticleSummary[]> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly sectionSlugs: ReadonlySet<string>;

  constructor(
    private readonly deps: { store: Store; logger: Logger; now: () => Date; sections: readonly { slug: string }[] },
  ) {
    this.sectionSlugs = new Set(deps.sections.map((s) => s.slug));
    deps.store.changes.subscribe((tags) => {
      if (!this.box) return;
      if (tags.has('list:all') || this.box.articles.some((a) => tags.has(`article:${a.id}`))) this.box = undefined;
    });
  }

  /**
   * Counts a reader's view of the article page at `path` ("/news/some-slug", query ignored); any
   * other path counts nothing, and neither does an article not published (found out when written).
   * Returns whether the request was counted as a reader's view of an article address.
   */
  count(path: string, request: ViewRequest, views = 1): boolean {
    if (!isReaderView(request)) return false;
    // Runs on every cache hit: index arithmetic rather than splitting the path into arrays.
    const query = path.indexOf('?');
    const address = query < 0 ? path : path.slice(0, query);
    const slash = address.indexOf('/', 1);
    if (address[0] !== '/' || slash < 2 || slash === address.length - 1 || address.indexOf('/', slash + 1) >= 0) return false;
    if (!this.sectionSlugs.has(address.slice(1, slash))) return false;
    this.pending.set(address, (this.pending.get(address) ?? 0) + views);
    this.timer ??= setTimeout(() => void this.flush({ box: 'when-due' }), FLUSH_MS).unref();
    return true;
  }

  /**
   * Writes the counted views now, then works out the Most read box again: at once, or (for the
   * regular writes) only once the box is due. Never throws: failures are logged.
   */
  flush(opts: { box: 'now' | 'when-due' } = { box: 'now' }): Promise<void> {
    this.flushing = this.flushing.then(() => this.write(opts.box === 'now'));
    return this.flushing;
  }

  /** The five published articles read most today and yesterday (UTC); the page being rendered records them in `deps`. */
  async mostRead(deps: Dependencies): Promise<ArticleSummary[]> {
    const box = this.box && this.deps.now().getTime() - this.box.at < MOST_READ_FRESH_MS ? this.box : undefined;
    const articles = box ? box.articles : await this.loadBox();
    // Not `list:all`: a publish does not drop every page showing the box; the box is worked out again
    // and, if it changed, `most-read` marks those pages stale (page-cache.ts). An article in the box
    // that is unpublished or edited drops them at once through its own tag.
    dependsOn(deps, 'most-read', ...articles.map((a) => `article:${a.id}`));
    return articles;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  private async write(boxNow: boolean): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    const day = utcDay(this.deps.now());
    // A few addresses per transaction, letting requests through in between: with a busy site's
    // hundreds of addresses in one go, each write held the process for 14–70 ms (measured at 100,000
    // articles), and every page answered in that time waited for it.
    const entries = [...batch];
    for (let i = 0; i < entries.length; i += WRITE_CHUNK) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const chunk = entries.slice(i, i + WRITE_CHUNK);
      try {
        await this.deps.store.transaction(async (store) => {
          for (const [address, views] of chunk) {
            const [section, slug] = address.split('/').slice(1) as [string, string];
            await store.views.addByAddress(section, slug, day, views);
          }
        });
      } catch (err) {
        this.deps.logger.warn({ err, addresses: chunk.length }, 'page views not counted');
      }
    }
    if (!boxNow && this.box && this.deps.now().getTime() - this.box.at < MOST_READ_FRESH_MS) return;
    this.box = undefined;
    await this.loadBox().catch((err: unknown) => this.deps.logger.warn({ err }, 'Most read not worked out'));
  }

  private loadBox(): Promise<ArticleSummary[]> {
    this.boxLoading ??= (async () => {
      try {
        const now = this.deps.now();
        const days = Array.from({ length: MOST_READ_DAYS }, (_, i) => utcDay(now, i));
        const articles = await this.deps.store.views.mostRead({ days, limit: MOST_READ_COUNT });
        this.box = { at: now.getTime(), articles };
        const key = articles.map((a) => a.id).join(' ');
        const changed = this.lastKey !== undefined && this.lastKey !== key;
        this.lastKey = key;
        if (changed) this.deps.store.changes.emit(['most-read']);
        return articles;
      } finally {
        this.boxLoading = undefined;
      }
    })();
    return this.boxLoading;
  }
}

/** Counts a reader's view of an article page (see ViewCounter.count). */
export function countArticleView(ctx: AppContext, path: string, request: ViewRequest, views = 1): boolean {
  return ctx.views.count(path, request, views);
}

/** The Most read box (see ViewCounter.mostRead). */
export function listMostRead(ctx: AppContext): Promise<ArticleSummary[]> {
  return ctx.views.mostRead(ctx.deps);
}
