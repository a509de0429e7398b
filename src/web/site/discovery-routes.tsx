import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.js';
import type { Store } from '../../store/index.js';
import { renderingFor, type SiteEnv } from '../rendering.js';
import { utcToZonedLocal } from '../../domain/dates.js';
import { AppError } from '../../domain/errors.js';
import type { StoredArticle } from '../../store/articles.js';
import { ArchiveIndexPage, ArchiveListPage, ArchiveYearPage, archivePeriod, type ArchivePeriod } from './archive-page.js';
import { FEED_CONTENT_TYPE, FEED_SIZE, feedExtension, renderFeed, type FeedChannel, type FeedFormat } from './feeds.js';
import { html } from './routes.js';
import {
  SITEMAP_CONTENT_TYPE,
  renderArticlesSitemap,
  renderNewsSitemap,
  renderPagesSitemap,
  renderSitemapIndex,
  robotsTxt,
} from './sitemaps.js';
import { TagPage, tagPath, tagSlug } from './tag-page.js';

/** ?page=N from 1; anything else is a 400 naming what was sent. */
function pageNumber(raw: string | undefined): number {
  const given = raw ?? '1';
  const page = /^\d{1,6}$/.test(given) ? Number(given) : NaN;
  if (!(page >= 1)) throw new AppError('invalid_input', `page: must be a whole number from 1, got "${given}"`);
  return page;
}

/** The number of pages for `total` items, checking that `page` is one of them. */
function pageCountFor(total: number, pageSize: number, page: number, what: string): number {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (page > pageCount) throw new AppError('not_found', `${what} has ${pageCount} page(s); there is no page ${page}.`);
  return pageCount;
}

/** A generated document with a strong ETag, so feed readers and crawlers polling it get 304 until it changes. */
function sendDocument(c: Context, body: string, contentType: string): Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'content-type': contentType, 'cache-control': 'public, max-age=300', etag };
  const match = c.req.header('if-none-match')?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
  return match ? c.body(null, 304, headers) : c.body(body, 200, headers);
}

/** Feeds, sitemaps, robots.txt, tag pages and the date archive: how readers and machines find articles. */
export function discoveryRoutes(base: AppContext): Hono<SiteEnv> {
  const app = new Hono<SiteEnv>();
  const { config } = base;

  const sendFeed = async (c: Context<SiteEnv>, format: FeedFormat, channel: FeedChannel, articles: StoredArticle[]) => {
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const authorIds = new Set(articles.flatMap((a) => a.bylines.flatMap((b) => (b.authorId ? [b.authorId] : []))));
    const mediaIds = articles.flatMap((a) => a.body.flatMap((b) => (b.type === 'image' && b.mediaId ? [b.mediaId] : [])).slice(0, 1));
    const [authors, media] = await Promise.all([store.users.getByIds([...authorIds]), store.media.getMany(mediaIds)]);
    const body = renderFeed(format, {
      config,
      channel,
      articles,
      authorSlugs: new Map(authors.map((a) => [a.id, a.slug])),
      media: new Map(media.map((m) => [m.id, m])),
      now: ctx.now(),
    });
    return sendDocument(c, body, FEED_CONTENT_TYPE[format]);
  };

  /** The published tags (as written) whose address form is `slug`: the most used spelling first, the latest on a tie. */
  const tagsWithSlug = async (store: Store, slug: string): Promise<string[]> =>
    (await store.articles.listPublishedTags())
      .filter((t) => tagSlug(t.tag) === slug)
      .sort((a, b) => b.count - a.count || (b.lastPublishedAt ?? '').localeCompare(a.lastPublishedAt ?? '') || (a.tag < b.tag ? -1 : 1))
      .map((t) => t.tag);

  for (const format of ['rss', 'atom'] as const) {
    const ext = feedExtension[format];

    app.get(`/feed.${ext}`, async (c) =>
      sendFeed(
        c,
        format,
        { title: config.siteName, description: config.siteTagline, pagePath: '/', feedPath: '/feed' },
        await renderingFor(c, base).store.articles.listPublishedFull({ limit: FEED_SIZE }),
      ),
    );

    app.get(`/tags/:tag/feed.${ext}`, async (c) => {
      const { store } = renderingFor(c, base);
      const slug = c.req.param('tag');
      const tags = await tagsWithSlug(store, slug);
      if (!tags[0]) throw new AppError('not_found', 'There is no tag at this address.');
      return sendFeed(
        c,
        format,
        { title: `${tags[0]} | ${config.siteName}`, description: `Articles about ${tags[0]} from ${config.siteName}.`, pagePath: tagPath(slug), feedPath: `${tagPath(slug)}/feed` },
        await store.articles.listPublishedFull({ tags, limit: FEED_SIZE }),
      );
    });

    app.get(`/authors/:slug/feed.${ext}`, async (c) => {
      const { store } = renderingFor(c, base);
      const author = await store.users.getBySlug(c.req.param('slug'));
      if (!author) throw new AppError('not_found', 'There is no author at this address.');
      const pagePath = `/authors/${author.slug}`;
      return sendFeed(
        c,
        format,
        { title: `${author.name} | ${config.siteName}`, description: author.bio ?? `Articles by ${author.name}.`, pagePath, feedPath: `${pagePath}/feed` },
        await store.articles.listPublishedFull({ authorId: author.id, limit: FEED_SIZE }),
      );
    });

    app.get(`/:section/feed.${ext}`, async (c, next) => {
      const { store } = renderingFor(c, base);
      const section = config.sections.find((s) => s.slug === c.req.param('section'));
      if (!section) return next();
      return sendFeed(
        c,
        format,
        { title: `${section.name} | ${config.siteName}`, description: `The latest ${section.name.toLowerCase()} from ${config.siteName}.`, pagePath: `/${section.slug}`, feedPath: `/${section.slug}/feed` },
        await store.articles.listPublishedFull({ section: section.slug, limit: FEED_SIZE }),
      );
    });
  }

  app.get('/tags/:tag', async (c) => {
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const given = c.req.param('tag');
    const slug = tagSlug(given);
    if (!slug) throw new AppError('not_found', 'There is no tag at this address.');
    // "/tags/US Politics" and "/tags/us-politics" are one page; send readers and crawlers to the canonical one.
    if (slug !== given) {
      const page = c.req.query('page');
      return c.redirect(page ? `${tagPath(slug)}?page=${encodeURIComponent(page)}` : tagPath(slug), 301);
    }
    const page = pageNumber(c.req.query('page'));
    const tags = await tagsWithSlug(store, slug);
    if (!tags[0]) throw new AppError('not_found', 'There is no tag at this address.');
    const total = await store.articles.countPublishedByTags(tags);
    const pageCount = pageCountFor(total, config.pageSize, page, `The tag ${tags[0]}`);
    const articles = await store.articles.listPublishedByTags(tags, { limit: config.pageSize, offset: (page - 1) * config.pageSize });
    return c.html(html(<TagPage config={config} now={ctx.now()} tag={tags[0]} slug={slug} articles={articles} page={page} pageCount={pageCount} />));
  });

  const withCounts = async (store: Store, periods: (ArchivePeriod | undefined)[]) =>
    (
      await Promise.all(
        periods.filter((p): p is ArchivePeriod => p !== undefined).map(async (period) => ({ period, count: await store.articles.countPublishedBetween(period.from, period.to) })),
      )
    ).filter((p) => p.count > 0);

  const noSuchDate = () => new AppError('not_found', 'There is no such date in the archive.');

  app.get('/archive', async (c) => {
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const span = await store.articles.publishedSpan();
    const yearOf = (iso: string) => Number(utcToZonedLocal(iso, config.timeZone).slice(0, 4));
    const years = span ? Array.from({ length: yearOf(span.last) - yearOf(span.first) + 1 }, (_, i) => yearOf(span.last) - i) : [];
    const counted = await withCounts(store, years.map((y) => archivePeriod(config.timeZone, y)));
    return c.html(html(<ArchiveIndexPage config={config} now={ctx.now()} years={counted} />));
  });

  app.get('/archive/:year{[0-9]{4}}', async (c) => {
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const period = archivePeriod(config.timeZone, Number(c.req.param('year')));
    if (!period) throw noSuchDate();
    const months = await withCounts(store, Array.from({ length: 12 }, (_, i) => archivePeriod(config.timeZone, period.year, i + 1)));
    if (!months.length) throw new AppError('not_found', `Nothing was published in ${period.label}.`);
    return c.html(html(<ArchiveYearPage config={config} now={ctx.now()} period={period} months={months} />));
  });

  const archiveList = async (c: Context<SiteEnv>, period: ArchivePeriod | undefined) => {
    if (!period) throw noSuchDate();
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const page = pageNumber(c.req.query('page'));
    const total = await store.articles.countPublishedBetween(period.from, period.to);
    if (!total) throw new AppError('not_found', `Nothing was published ${period.day !== undefined ? 'on' : 'in'} ${period.label}.`);
    const pageCount = pageCountFor(total, config.pageSize, page, period.label);
    const articles = await store.articles.listPublishedBetween(period.from, period.to, { limit: config.pageSize, offset: (page - 1) * config.pageSize });
    return c.html(html(<ArchiveListPage config={config} now={ctx.now()} period={period} articles={articles} page={page} pageCount={pageCount} />));
  };

  app.get('/archive/:year{[0-9]{4}}/:month{[0-9]{2}}', (c) =>
    archiveList(c, archivePeriod(config.timeZone, Number(c.req.param('year')), Number(c.req.param('month')))),
  );

  app.get('/archive/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}', (c) =>
    archiveList(c, archivePeriod(config.timeZone, Number(c.req.param('year')), Number(c.req.param('month')), Number(c.req.param('day')))),
  );

  app.get('/sitemap.xml', async (c) => sendDocument(c, await renderSitemapIndex(renderingFor(c, base)), SITEMAP_CONTENT_TYPE));

  app.get('/sitemaps/:file', async (c) => {
    const ctx = renderingFor(c, base);
    const file = c.req.param('file');
    const articlesPage = /^articles-([1-9]\d{0,5})\.xml$/.exec(file)?.[1];
    const body =
      file === 'pages.xml'
        ? await renderPagesSitemap(ctx)
        : file === 'news.xml'
          ? await renderNewsSitemap(ctx)
          : articlesPage
            ? await renderArticlesSitemap(ctx, Number(articlesPage))
            : undefined;
    if (body === undefined) throw new AppError('not_found', 'There is no sitemap at this address.');
    return sendDocument(c, body, SITEMAP_CONTENT_TYPE);
  });

  app.get('/robots.txt', (c) => sendDocument(c, robotsTxt(config.siteUrl), 'text/plain; charset=utf-8'));

  return app;
}
