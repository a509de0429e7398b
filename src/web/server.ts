import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AppContext } from '../context.js';
import { createApp } from './app.js';
import { countArticleView } from '../ops/count-view.js';
import { isCacheable, writeCachedPage, type CachedPage } from './page-cache.js';

/**
 * Starts the HTTP server; resolves once it listens, with the bound port. A cached public page is
 * answered here, before Hono sees the request: that is what keeps hits near static-file speed.
 */
export function startServer(ctx: AppContext): Promise<{ server: Server; port: number }> {
  const app = createApp(ctx);
  const render = getRequestListener(app.fetch);
  const cache = ctx.pageCache;
  // Stale pages (see SOFT_TAGS in page-cache.ts) are rendered again one at a time, behind the readers.
  let refreshing = Promise.resolve();
  const refresh = (key: string, page: CachedPage) => {
    page.refreshing = true;
    refreshing = refreshing.then(async () => {
      try {
        // Marked as a prefetch so the render does not count as a reader's view.
        const res = await app.fetch(new Request(new URL(key, 'http://localhost'), { headers: { 'sec-purpose': 'prefetch', 'user-agent': 'dateline-refresh' } }));
        await res.arrayBuffer();
      } catch (err) {
        ctx.logger.warn({ err, path: key }, 'stale page not refreshed');
      } finally {
        // When the fresh copy was not stored (its data changed meanwhile), a later hit tries again.
        page.refreshing = false;
      }
    });
  };
  const server = createServer((req, res) => {
    if (cache && req.url && isCacheable(req.method ?? 'GET', req.url, req.headers.cookie)) {
      const page = cache.get(req.url);
      if (page) {
        const purpose = req.headers['sec-purpose'] ?? req.headers.purpose;
        countArticleView(ctx, req.url, { method: req.method ?? 'GET', userAgent: req.headers['user-agent'], purpose: Array.isArray(purpose) ? purpose[0] : purpose });
        if (page.stale && !page.refreshing) refresh(req.url, page);
        return writeCachedPage(req, res, page);
      }
    }
    void render(req, res);
  });
  server.on('close', () => void ctx.views.flush());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(ctx.config.port, ctx.config.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : ctx.config.port;
      // With port 0 (tests, benchmarks) the default site URL can only name the port once it is bound.
      if (ctx.config.siteUrl.endsWith('://localhost:0')) ctx.config.siteUrl = `http://localhost:${port}`;
      resolve({ server, port });
    });
  });
}
