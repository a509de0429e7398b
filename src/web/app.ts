import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../domain/errors.js';
import type { AppContext } from '../context.js';
import { isAppError } from '../domain/errors.js';
import { csrfProtection } from './csrf.js';
import type { SiteEnv } from './rendering.js';
import { encodedBody, isCacheable, keptHeaders } from './page-cache.js';
import { STATUS_BY_CODE } from './errors.js';
import { apiRoutes } from './api/routes.js';
import { newsroomRoutes } from './newsroom/routes.js';
import { mediaRoutes } from './site/media-routes.js';
import { discoveryRoutes } from './site/discovery-routes.js';
import { errorPage, siteRoutes } from './site/routes.js';

/** Builds the whole web app: security middleware, the public site, and error handling. */
export function createApp(ctx: AppContext): Hono<SiteEnv> {
  const app = new Hono<SiteEnv>();
  // Public pages: rendered with their dependencies recorded, stored for the next visitor (see server.ts).
  // Outermost, so the stored page has the headers every middleware set (the security headers above all):
  // a hit is answered from what is stored here, before Hono.
  const publicCacheControl = `public, max-age=0, s-maxage=${ctx.config.cdnMaxAge}, stale-while-revalidate=${ctx.config.cdnMaxAge * 10}`;
  app.use(async (c, next) => {
    if (!isCacheable(c.req.method, c.req.path, c.req.header('cookie'))) return next();
    const cache = ctx.pageCache;
    const since = cache?.mark() ?? 0;
    // The page's reads record what it shows here (routes read through `renderingFor`); with no cache to keep
    // the page in (DATELINE_PAGE_CACHE=0), nothing is recorded.
    const tags = new Set<string>();
    if (cache) c.set('deps', tags);
    await next();
    if (c.res.status !== 200 || c.res.headers.has('set-cookie')) return;
    c.res.headers.set('cache-control', publicCacheControl);
    c.res.headers.set('vary', 'Accept-Encoding');
    if (!cache) return;
    const body = Buffer.from(await c.res.clone().arrayBuffer());
    // The key is the raw request target, exactly as the front of the server looks it up.
    const url = new URL(c.req.url);
    const key = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url ?? url.pathname + url.search;
    const page = cache.set(key, { status: 200, headers: keptHeaders(c.res.headers), body, tags }, since);
    c.res.headers.set('x-cache', page ? 'miss' : 'pass');
    if (!page) return;
    c.res.headers.set('etag', page.etag);
    // The page was compressed to be kept: the reader who caused the render gets it compressed too, as every later one does.
    const { encoding, body: encoded } = encodedBody(page, c.req.header('accept-encoding'));
    if (encoding === 'identity') return;
    const headers = new Headers(c.res.headers);
    headers.set('content-encoding', encoding);
    headers.set('content-length', String(encoded.length));
    c.res = new Response(encoded as Uint8Array<ArrayBuffer>, { status: 200, headers });
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      strictTransportSecurity: ctx.config.siteUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  app.use(csrfProtection(new URL(ctx.config.siteUrl).origin));
  // With several processes, a change is answered once every process has applied it (see cluster.ts).
  const relay = ctx.changeRelay;
  if (relay) {
    app.use(async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await relay.settled();
    });
  }
  // Public forms are small.
  const publicLimit = bodyLimit({
    maxSize: 256 * 1024,
    onError: () => {
      throw new AppError('invalid_input', 'The request is too large.');
    },
  });
  // The newsroom and the wire push endpoint set their own, larger limits.
  // GET and HEAD carry no body; asking for one (as the limit does) would build a whole fetch Request per page view.
  app.use(async (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/newsroom') || c.req.path.startsWith('/api/wire/') ? next() : publicLimit(c, next),
  );

  app.get('/healthz', (c) => c.json({ ok: true, pid: process.pid }));

  app.route('/api', apiRoutes(ctx));
  app.route('/', mediaRoutes(ctx, ctx.store.media));
  app.route('/newsroom', newsroomRoutes(ctx));
  app.route('/', discoveryRoutes(ctx));
  app.route('/', siteRoutes(ctx));

  app.notFound(async (c) => c.html(await errorPage(ctx, 404, 'There is nothing at this address.', c.req.path), 404));
  const wantsJson = (path: string) => path.startsWith('/api/') || path.startsWith('/newsroom/api/');
  app.onError(async (err, c) => {
    if (isAppError(err) && err.isPublic) {
      const status = STATUS_BY_CODE[err.code];
      if (wantsJson(c.req.path)) return c.json({ error: { code: err.code, message: err.message } }, status);
      return c.html(await errorPage(ctx, status, err.message, c.req.path), status);
    }
    ctx.logger.error({ err, path: c.req.path }, 'unhandled error');
    if (wantsJson(c.req.path)) return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500);
    return c.html(await errorPage(ctx, 500, 'The page could not be shown. Please try again.', c.req.path), 500);
  });
  return app;
}
