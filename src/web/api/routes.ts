import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { articlePath } from '../../domain/paths.js';
import { ingestWireFile } from '../../ops/ingest-wire.js';
import { checkWireToken } from '../../ops/wire-tokens.js';
import { toNinjs } from '../../wire/ninjs-export.js';
import { hitLimit, LIMITS } from '../../ops/rate-limits.js';
import { renderingFor, type SiteEnv } from '../rendering.js';

/** The JSON API: the agencies' push endpoint and article export. */
type ApiEnv = { Variables: SiteEnv['Variables'] & { agency: string } };

export function apiRoutes(ctx: AppContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  // POST /api/wire/items: the body is one file in any format Dateline reads, sent as is.
  app.post(
    '/wire/items',
    async (c, next) => {
      const auth = c.req.header('authorization') ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
      const agency = token && (await checkWireToken(ctx, token));
      if (!agency) throw new AppError('unauthorized', 'Send an agency push token as "Authorization: Bearer <token>" (create one with `dateline tokens add NAME`).');
      const wait = await hitLimit(ctx, LIMITS.wirePushesByAgency, agency);
      if (wait > 0) {
        c.header('retry-after', String(wait));
        throw new AppError('rate_limited', `Too many items from ${agency}; wait ${wait} s.`);
      }
      c.set('agency', agency);
      return next();
    },
    bodyLimit({
      maxSize: 20 * 1024 * 1024,
      onError: () => {
        throw new AppError('invalid_input', 'The item is larger than 20 MB.');
      },
    }),
    async (c) => {
      const bytes = Buffer.from(await c.req.arrayBuffer());
      const fileName = (c.req.query('name') ?? c.req.header('x-dateline-filename') ?? 'pushed-item').replace(/[^\w.@-]+/g, '_').slice(0, 200);
      const results = await ingestWireFile(ctx, { bytes, fileName, source: c.get('agency'), publish: false });
      const body = {
        items: results.map((r) => ({
          outcome: r.outcome,
          headline: r.headline ?? null,
          articleId: r.article?.id ?? null,
          ...(r.reason && { reason: r.reason }),
          ...(r.report && { warnings: r.report.warnings }),
        })),
      };
      const allFailed = results.every((r) => r.outcome === 'failed');
      return c.json(body, allFailed ? 422 : results.some((r) => r.outcome === 'imported') ? 201 : 200);
    },
  );

  // GET /api/articles/:id/ninjs: a published article as IPTC ninjs 3.
  app.get('/articles/:id/ninjs', async (c) => {
    // Cached like a page: the reads record the article it shows.
    const { store } = renderingFor(c, ctx);
    const article = (await store.articles.getById(c.req.param('id'))) ?? (await store.articles.getBySlug(c.req.param('id')));
    if (!article || article.status !== 'published') throw new AppError('not_found', 'There is no published article with that id or slug.');
    c.header('link', `<${ctx.config.siteUrl}${articlePath(article)}>; rel="alternate"; type="text/html"`);
    return c.json(toNinjs(article, { siteUrl: ctx.config.siteUrl }));
  });

  return app;
}
