import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AppContext } from '../context.js';
import { createApp } from './app.js';
import { countArticleView, isReaderView } from '../ops/count-view.js';
import { isCacheable, writeCachedPage } from './page-cache.js';

/**
 * Starts the HTTP server; resolves once it listens, with the bound port. A cached public page is
 * answered here, before Hono sees the request: that is what keeps hits near static-file speed.
 */
export function startServer(ctx: AppContext): Promise<{ server: Server; port: number }> {
  const app = createApp(ctx);
  const render = getRequestListener(app.fetch);
  const cache = ctx.pageCache;
  // Views of pages answered from the cache are counted in memory and written every two seconds.
  const hitViews = new Map<string, number>();
  const flushViews = () => {
    for (const [path, views] of hitViews) void countArticleView(ctx, path, { method: 'GET', userAgent: 'reader', purpose: undefined }, views);
    hitViews.clear();
  };
  const flusher = setInterval(flushViews, 2000);
  flusher.unref();
  const server = createServer((req, res) => {
    if (cache && req.url && isCacheable(req.method ?? 'GET', req.url, req.headers.cookie)) {
      const page = cache.get(req.url);
      if (page) {
        const purpose = req.headers['sec-purpose'] ?? req.headers.purpose;
        if (isReaderView({ method: req.method ?? 'GET', userAgent: req.headers['user-agent'], purpose: Array.isArray(purpose) ? purpose[0] : purpose })) {
          hitViews.set(req.url, (hitViews.get(req.url) ?? 0) + 1);
        }
        return writeCachedPage(req, res, page);
      }
    }
    void render(req, res);
  });
  server.on('close', () => {
    clearInterval(flusher);
    flushViews();
  });
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
