import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { ViewCounter } from './ops/count-view.js';
import type { ChangeRelay } from './web/cluster.js';
import type { Dependencies } from './store/dependencies.js';
import { openStore, type Store } from './store/index.js';
import { PageCache } from './web/page-cache.js';

/** Everything a handler or an op needs, built once from the config. Handlers never build adapters. */
export interface AppContext {
  config: Config;
  store: Store;
  logger: Logger;
  /** Rendered public pages, dropped by what changed; undefined when disabled. */
  pageCache: PageCache | undefined;
  /** Page views for Most read, written in batches, and the box itself. */
  views: ViewCounter;
  /** With several server processes: relays this one's changes to the others (see web/cluster.ts). */
  changeRelay?: ChangeRelay;
  /** The current time; tests may pin it. */
  now: () => Date;
  close: () => Promise<void>;
  /** While rendering a public page: where its reads record what it shows (see `renderingContext`). */
  deps?: Dependencies;
}

/**
 * The context for rendering one page: its store's reads, and the ops given it, record the page's
 * dependency tags into `deps` (see store/dependencies.ts). With `undefined`, nothing is recorded:
 * for work whose result is kept apart from the page.
 */
export function renderingContext(ctx: AppContext, deps: Dependencies): AppContext {
  const store = ctx.store.reading(deps);
  return store === ctx.store && deps === ctx.deps ? ctx : { ...ctx, store, deps };
}

export async function createContext(config: Config, opts: { now?: () => Date } = {}): Promise<AppContext> {
  const logger = pino({ level: config.logLevel, base: undefined });
  const store = await openStore(config.dataDir);
  const pageCache = config.pageCache.enabled ? new PageCache(config.pageCache.maxBytes) : undefined;
  if (pageCache) {
    store.changes.subscribe((tags) => {
      const dropped = pageCache.purge(tags);
      if (dropped.length && config.purgeUrl) void purgeUpstream(config.purgeUrl, config.siteUrl, dropped, logger);
    });
  }
  const now = opts.now ?? (() => new Date());
  const views = new ViewCounter({ store, logger, now, sections: config.sections });
  return {
    pageCache,
    views,
    config,
    store,
    logger,
    now,
    close: async () => {
      await views.close();
      await store.close();
    },
  };
}

/** Tells a CDN or Varnish in front which URLs changed; best effort, never blocks a write. */
async function purgeUpstream(purgeUrl: string, siteUrl: string, paths: string[], logger: Logger): Promise<void> {
  try {
    const res = await fetch(purgeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ urls: paths.map((p) => siteUrl + p) }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) logger.warn({ status: res.status, purgeUrl }, 'upstream purge refused');
  } catch (err) {
    logger.warn({ err, purgeUrl }, 'upstream purge failed');
  }
}
