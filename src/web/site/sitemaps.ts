import { Readable } from 'node:stream';
import type { IndexItem, SitemapItemLoose } from 'sitemap';
import type { AppContext } from '../../context.js';
import { articlePath } from './paths.js';
import { tagPath, tagSlug } from './tag-page.js';

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Each article sitemap holds at most this many URLs (the protocol allows 50,000; smaller files are kinder to crawlers). */
export const ARTICLES_PER_SITEMAP = 10_000;
/** Google News reads articles published in the last two days, at most 1,000 of them. */
export const NEWS_SITEMAP_SIZE = 1_000;
export const NEWS_SITEMAP_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
/** The protocol's limit for one sitemap file. */
const URLS_PER_SITEMAP = 50_000;

type SitemapContext = Pick<AppContext, 'config' | 'store' | 'logger' | 'now'>;

const NS = { news: false, video: false, xhtml: false, image: false };

/** The sitemap library (and its XML dependencies) load when a sitemap is first rendered, not at start. */
const sitemapLibrary = () => import('sitemap');

/** A <urlset>; the library refuses an empty one, which a news sitemap is whenever nothing is recent. */
async function urlSet(ctx: SitemapContext, items: SitemapItemLoose[], opts: { news?: boolean } = {}): Promise<string> {
  const { ErrorLevel, SitemapStream, streamToPromise } = await sitemapLibrary();
  const xmlns = { ...NS, news: opts.news ?? false };
  if (!items.length) {
    const news = xmlns.news ? ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' : '';
    return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${news}></urlset>`;
  }
  const stream = new SitemapStream({
    xmlns,
    level: ErrorLevel.WARN,
    errorHandler: (err) => ctx.logger.warn({ err }, 'sitemap entry left as is'),
  });
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8');
}

async function sitemapIndex(entries: IndexItem[]): Promise<string> {
  const { SitemapIndexStream, streamToPromise } = await sitemapLibrary();
  return (await streamToPromise(Readable.from(entries).pipe(new SitemapIndexStream()))).toString('utf8');
}

/** Google News wants ISO 639 codes, with zh-cn and zh-tw the only regional ones: "en-GB" -> "en". */
export function newsLanguage(language: string): string {
  const tag = language.toLowerCase();
  if (tag === 'zh-cn' || tag === 'zh-hans' || tag.startsWith('zh-hans-')) return 'zh-cn';
  if (tag === 'zh-tw' || tag === 'zh-hant' || tag.startsWith('zh-hant-')) return 'zh-tw';
  return tag.split('-')[0] ?? tag;
}

/** /sitemap.xml: the pages sitemap, the news sitemap, then one articles sitemap per 10,000 published articles. */
export async function renderSitemapIndex(ctx: SitemapContext): Promise<string> {
  const { siteUrl } = ctx.config;
  const total = await ctx.store.articles.countPublished();
  const [newest] = await ctx.store.articles.listPublished({ limit: 1 });
  const chunks = Math.ceil(total / ARTICLES_PER_SITEMAP);
  const lastmods = await Promise.all(
    Array.from({ length: chunks }, (_, i) => ctx.store.articles.lastUpdatedAmongPublished({ limit: ARTICLES_PER_SITEMAP, offset: i * ARTICLES_PER_SITEMAP })),
  );
  const lastmod = (iso: string | null | undefined) => (iso ? { lastmod: iso } : {});
  return sitemapIndex([
    { url: `${siteUrl}/sitemaps/pages.xml`, ...lastmod(newest?.publishedAt) },
    { url: `${siteUrl}/sitemaps/news.xml`, ...lastmod(newest?.publishedAt) },
    ...lastmods.map((last, i) => ({ url: `${siteUrl}/sitemaps/articles-${i + 1}.xml`, ...lastmod(last) })),
  ]);
}

/** /sitemaps/articles-N.xml (N from 1), oldest first; undefined when there is no such page. */
export async function renderArticlesSitemap(ctx: SitemapContext, n: number): Promise<string | undefined> {
  if (!Number.isSafeInteger(n) || n < 1) return undefined;
  const links = await ctx.store.articles.listPublishedLinks({ order: 'oldest', limit: ARTICLES_PER_SITEMAP, offset: (n - 1) * ARTICLES_PER_SITEMAP });
  if (!links.length) return undefined;
  return urlSet(
    ctx,
    links.map((a) => ({ url: ctx.config.siteUrl + articlePath(a), lastmod: a.updatedAt })),
  );
}

/** /sitemaps/pages.xml: the front page, the sections and the tag pages. */
export async function renderPagesSitemap(ctx: SitemapContext): Promise<string> {
  const { config, store } = ctx;
  const [newest] = await store.articles.listPublished({ limit: 1 });
  const sections = await Promise.all(
    config.sections.map(async (s) => ({ section: s, newest: (await store.articles.listPublished({ section: s.slug, limit: 1 }))[0] })),
  );
  // Tags that differ only in case or punctuation share one page.
  const tags = new Map<string, string>();
  for (const t of await store.articles.listPublishedTags()) {
    const slug = tagSlug(t.tag);
    const seen = tags.get(slug);
    if (slug && t.lastPublishedAt && (!seen || t.lastPublishedAt > seen)) tags.set(slug, t.lastPublishedAt);
  }
  const items: SitemapItemLoose[] = [
    { url: `${config.siteUrl}/`, ...(newest?.publishedAt && { lastmod: newest.publishedAt }) },
    ...sections.map(({ section, newest: last }) => ({ url: `${config.siteUrl}/${section.slug}`, ...(last?.publishedAt && { lastmod: last.publishedAt }) })),
    ...[...tags].map(([slug, last]) => ({ url: config.siteUrl + tagPath(slug), lastmod: last })),
  ];
  return urlSet(ctx, items.slice(0, URLS_PER_SITEMAP));
}

/** /sitemaps/news.xml: a Google News sitemap of what was published in the last two days, newest first. */
export async function renderNewsSitemap(ctx: SitemapContext): Promise<string> {
  const { config } = ctx;
  const since = new Date(ctx.now().getTime() - NEWS_SITEMAP_WINDOW_MS).toISOString();
  const links = await ctx.store.articles.listPublishedLinks({ order: 'newest', since, limit: NEWS_SITEMAP_SIZE });
  return urlSet(
    ctx,
    links.map((a) => ({
      url: config.siteUrl + articlePath(a),
      lastmod: a.updatedAt,
      news: {
        publication: { name: config.siteName, language: newsLanguage(a.language) },
        publication_date: a.publishedAt,
        title: a.headline,
      },
    })),
    { news: true },
  );
}

/** /robots.txt: everything may be crawled but the newsroom and search results; the sitemap index by absolute URL. */
export function robotsTxt(siteUrl: string): string {
  return ['User-agent: *', 'Allow: /', 'Disallow: /newsroom', 'Disallow: /search', '', `Sitemap: ${siteUrl}/sitemap.xml`, ''].join('\n');
}
