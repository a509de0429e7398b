import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { createArticle } from '../../src/ops/create-article.js';
import { articleInput, parseStrictXml, runCli, SEED_HEADLINE, SEED_PATH, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';

const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS = 'http://www.google.com/schemas/sitemap-news/0.9';
const W3C_DATETIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

const parseXml = parseStrictXml;

const children = (el: Element | Document, name: string, ns = SITEMAP): Element[] => [...el.getElementsByTagNameNS(ns, name)] as Element[];
const text = (el: Element | Document, name: string, ns = SITEMAP): string => children(el, name, ns)[0]?.textContent ?? '';

const article = articleInput;

describe('sitemaps, robots.txt, tag pages and the date archive', { skip: seedMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let freshPath = '';

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    // New York, so that days in the archive differ from UTC days.
    server = await startTestServer(data.dir, { DATELINE_PAGE_SIZE: '2', DATELINE_TIMEZONE: 'America/New_York' });
    const ctx = server.ctx;
    const fresh = await createArticle(ctx, article({ headline: 'Flood barrier & river <works> finished', tags: ['Climate Talks'], language: 'en-GB', publishedAt: new Date(Date.now() - 3_600_000).toISOString() }));
    freshPath = `/news/${fresh.slug}`;
    // 02:00 UTC on 14 May is still 13 May in New York.
    await createArticle(ctx, article({ headline: 'Late-night vote in Washington', section: 'politics', tags: ['climate talks'], publishedAt: '2015-05-14T02:00:00.000Z' }));
    await createArticle(ctx, article({ headline: 'Summit opens', tags: ['Climate-Talks'], publishedAt: '2015-05-01T15:00:00.000Z' }));
    await createArticle(ctx, article({ headline: 'A draft nobody sees', tags: ['Climate Talks'], status: 'draft', publishedAt: null }));
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const get = async (path: string) => {
    const res = await fetch(server.url + path, { redirect: 'manual' });
    return { res, status: res.status, body: await res.text() };
  };
  const getXml = async (path: string) => {
    const { res, status, body } = await get(path);
    assert.equal(status, 200, `GET ${path}`);
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
    return parseXml(body);
  };
  const getPage = async (path: string) => {
    const { status, body } = await get(path);
    assert.equal(status, 200, `GET ${path}`);
    return parseHTML(body).document;
  };
  const canonical = (path: string) => server.ctx.config.siteUrl + path;
  const headlines = (document: Document) => [...document.querySelectorAll('.section-list .teaser h2')].map((h) => h.textContent);

  it('serves a sitemap index listing the pages, news and article sitemaps by absolute URL', async () => {
    const doc = await getXml('/sitemap.xml');
    assert.equal(doc.documentElement.localName, 'sitemapindex');
    const locs = children(doc, 'sitemap').map((s) => text(s, 'loc'));
    assert.deepEqual(locs, [canonical('/sitemaps/pages.xml'), canonical('/sitemaps/news.xml'), canonical('/sitemaps/articles-1.xml')]);
    for (const s of children(doc, 'sitemap')) assert.match(text(s, 'lastmod'), W3C_DATETIME);
  });

  it('lists every published article, the seed among them, with its last change as lastmod', async () => {
    const doc = await getXml('/sitemaps/articles-1.xml');
    assert.equal(doc.documentElement.localName, 'urlset');
    const urls = children(doc, 'url');
    assert.equal(urls.length, 4, 'the seed and three published articles; not the draft');
    for (const url of urls) assert.match(text(url, 'lastmod'), W3C_DATETIME);
    const seed = urls.find((u) => text(u, 'loc') === canonical(SEED_PATH));
    assert.ok(seed, 'the seed is listed');
    const stored = await server.ctx.store.articles.getBySlug(SEED_PATH.split('/')[2]!);
    assert.equal(text(seed, 'lastmod'), stored?.updatedAt);
    assert.ok(urls.some((u) => text(u, 'loc') === canonical(freshPath)));
  });

  it('answers article sitemaps past the last one with 404', async () => {
    for (const path of ['/sitemaps/articles-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/other.xml']) assert.equal((await get(path)).status, 404, path);
  });

  it('lists the front page, the sections and each tag page once in the pages sitemap', async () => {
    const doc = await getXml('/sitemaps/pages.xml');
    const locs = children(doc, 'url').map((u) => text(u, 'loc'));
    assert.deepEqual(locs, [
      canonical('/'),
      ...server.ctx.config.sections.map((s) => canonical(`/${s.slug}`)),
      canonical('/tags/climate-talks'),
    ]);
  });

  it('lists only the last two days in the Google News sitemap, with publication, date and title', async () => {
    const doc = await getXml('/sitemaps/news.xml');
    const urls = children(doc, 'url');
    assert.deepEqual(urls.map((u) => text(u, 'loc')), [canonical(freshPath)], 'the 2015 seed is too old for Google News');
    const news = children(urls[0]!, 'news', NEWS)[0]!;
    assert.ok(news, 'news:news');
    const publication = children(news, 'publication', NEWS)[0]!;
    assert.ok(publication, 'news:publication');
    assert.equal(text(publication, 'name', NEWS), 'Dateline');
    assert.equal(text(publication, 'language', NEWS), 'en');
    assert.match(text(news, 'publication_date', NEWS), W3C_DATETIME);
    assert.equal(text(news, 'title', NEWS), 'Flood barrier & river <works> finished');
  });

  it('serves robots.txt allowing all but the newsroom and search, naming the sitemap', async () => {
    const { res, body } = await get('/robots.txt');
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    const lines = body.trim().split('\n');
    assert.equal(lines[0], 'User-agent: *');
    for (const rule of ['Allow: /', 'Disallow: /newsroom', 'Disallow: /search']) assert.ok(lines.includes(rule), rule);
    assert.ok(lines.includes(`Sitemap: ${canonical('/sitemap.xml')}`));
  });

  it('gathers a tag in any spelling on one paginated page with canonical, prev and next links', async () => {
    const first = await getPage('/tags/climate-talks');
    assert.equal(first.querySelector('h1')?.textContent, 'Climate Talks');
    assert.deepEqual(headlines(first), ['Flood barrier & river <works> finished', 'Late-night vote in Washington']);
    assert.equal(first.querySelector('link[rel=canonical]')?.getAttribute('href'), canonical('/tags/climate-talks'));
    assert.equal(first.querySelector('link[rel=next]')?.getAttribute('href'), canonical('/tags/climate-talks?page=2'));
    assert.equal(first.querySelector('link[rel=prev]'), null);
    assert.equal(first.querySelector('a[rel=next]')?.getAttribute('href'), '/tags/climate-talks?page=2');
    assert.ok(first.querySelector(`link[rel=alternate][href="${canonical('/tags/climate-talks/feed.xml')}"]`), 'the tag feed is advertised');

    const second = await getPage('/tags/climate-talks?page=2');
    assert.deepEqual(headlines(second), ['Summit opens']);
    assert.equal(second.querySelector('link[rel=canonical]')?.getAttribute('href'), canonical('/tags/climate-talks?page=2'));
    assert.equal(second.querySelector('link[rel=prev]')?.getAttribute('href'), canonical('/tags/climate-talks'));
    assert.equal(second.querySelector('link[rel=next]'), null);
  });

  it('redirects a tag address in another spelling to the canonical one', async () => {
    const { status, res } = await get('/tags/Climate%20Talks?page=2');
    assert.equal(status, 301);
    assert.equal(res.headers.get('location'), '/tags/climate-talks?page=2');
  });

  it('answers an unknown tag or a page past the end with 404, and a bad page number with 400', async () => {
    assert.equal((await get('/tags/no-such-tag')).status, 404);
    assert.equal((await get('/tags/climate-talks?page=3')).status, 404);
    const bad = await get('/tags/climate-talks?page=two');
    assert.equal(bad.status, 400);
    assert.match(bad.body, /page: must be a whole number from 1, got &quot;two&quot;/);
    assert.equal((await get('/tags/climate-talks?page=0')).status, 400);
  });

  it('lists a day of the archive in the site time zone', async () => {
    const day = await getPage('/archive/2015/05/13');
    assert.equal(day.querySelector('h1')?.textContent, 'Wednesday, May 13th 2015');
    assert.deepEqual(headlines(day), ['Late-night vote in Washington', SEED_HEADLINE]);
    assert.equal(day.querySelector('link[rel=canonical]')?.getAttribute('href'), canonical('/archive/2015/05/13'));
    assert.deepEqual(
      [...day.querySelectorAll('nav.trail a')].map((a) => a.getAttribute('href')),
      ['/archive', '/archive/2015', '/archive/2015/05'],
    );
    assert.equal((await get('/archive/2015/05/14')).status, 404, 'nothing was published on 14 May in New York');
  });

  it('paginates a month of the archive', async () => {
    const first = await getPage('/archive/2015/05');
    assert.equal(first.querySelector('h1')?.textContent, 'May 2015');
    assert.deepEqual(headlines(first), ['Late-night vote in Washington', SEED_HEADLINE]);
    assert.equal(first.querySelector('link[rel=next]')?.getAttribute('href'), canonical('/archive/2015/05?page=2'));
    const second = await getPage('/archive/2015/05?page=2');
    assert.deepEqual(headlines(second), ['Summit opens']);
    assert.equal(second.querySelector('link[rel=prev]')?.getAttribute('href'), canonical('/archive/2015/05'));
    assert.equal(second.querySelector('link[rel=canonical]')?.getAttribute('href'), canonical('/archive/2015/05?page=2'));
  });

  it('lists the months of a year with how many articles each has', async () => {
    const year = await getPage('/archive/2015');
    assert.equal(year.querySelector('h1')?.textContent, '2015');
    const months = [...year.querySelectorAll('.archive-periods li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    assert.deepEqual(months, ['May (3 articles)']);
    assert.equal(year.querySelector('.archive-periods a')?.getAttribute('href'), '/archive/2015/05');
    const index = await getPage('/archive');
    assert.ok([...index.querySelectorAll('.archive-periods a')].some((a) => a.getAttribute('href') === '/archive/2015'));
  });

  it('answers dates that do not exist or hold nothing with 404, and a bad page number with 400', async () => {
    for (const path of ['/archive/2015/13', '/archive/2015/00', '/archive/2015/02/29', '/archive/2015/04/31', '/archive/1999', '/archive/2015/06', '/archive/2015/05?page=3']) {
      assert.equal((await get(path)).status, 404, path);
    }
    assert.equal((await get('/archive/2016/02/29')).status, 404, 'a real date with nothing published');
    const bad = await get('/archive/2015/05?page=-1');
    assert.equal(bad.status, 400);
    assert.match(bad.body, /page: must be a whole number from 1/);
  });
});
