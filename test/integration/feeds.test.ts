import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createArticle } from '../../src/ops/create-article.js';
import { createUser } from '../../src/ops/people.js';
import { articleInput, parseStrictXml, runCli, SEED_HEADLINE, SEED_PATH, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const DC = 'http://purl.org/dc/elements/1.1/';
const MEDIA = 'http://search.yahoo.com/mrss/';
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Escapes, a CDATA terminator twice and a control character: all must come through as text. */
const TRICKY_HEADLINE = 'Tom & Jerry <b>win</b> ]]> again ]]> and "again"';

const parseXml = parseStrictXml;

const children = (el: Element | Document, name: string, ns?: string): Element[] =>
  [...(ns ? el.getElementsByTagNameNS(ns, name) : el.getElementsByTagName(name))] as Element[];
const text = (el: Element | Document, name: string, ns?: string): string => children(el, name, ns)[0]?.textContent ?? '';

const article = articleInput;

describe('the RSS and Atom feeds', { skip: seedMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let authorSlug = '';

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    server = await startTestServer(data.dir);
    const reporter = await createUser(server.ctx, { email: 'lena@example.org', name: 'Lena Staff', role: 'writer', password: 'correct horse battery' });
    authorSlug = reporter.slug;
    await createArticle(
      server.ctx,
      article({
        headline: TRICKY_HEADLINE,
        section: 'sport',
        tags: ['Cartoons', 'A<B & C'],
        standfirst: 'Cats ]]> mice, again ]]>.',
        bylines: [{ name: 'Lena Staff', authorId: reporter.id }, { name: 'Agency Writer' }],
        dateline: { text: 'PARIS, FRANCE', city: 'Paris', country: 'France' },
        body: [
          { type: 'paragraph', text: 'Bell\u0007 rang <script>alert(1)</script> & the crowd cheered.', marks: [{ kind: 'strong', start: 0, end: 4 }] },
          { type: 'image', src: 'https://images.example.org/photos/match.jpg', alt: 'The final whistle', caption: 'Full time', width: 1200, height: 800 },
        ],
        publishedAt: '2026-01-10T10:00:00.000Z',
      }),
    );
    await createArticle(server.ctx, article({ headline: 'Staff report on the harbour', tags: ['Harbour'], bylines: [{ name: 'Lena Staff', authorId: reporter.id }], publishedAt: '2026-01-09T10:00:00.000Z' }));
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const getFeed = async (path: string, type: string) => {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, `GET ${path}`);
    assert.equal(res.headers.get('content-type'), `${type}; charset=utf-8`);
    return parseXml(await res.text());
  };
  const rssItems = (doc: Document) => children(doc, 'item');
  const atomEntries = (doc: Document) => children(doc, 'entry', ATOM);
  const rssItem = (doc: Document, title: string) => rssItems(doc).find((i) => text(i, 'title') === title);
  const atomEntry = (doc: Document, title: string) => atomEntries(doc).find((e) => text(e, 'title', ATOM) === title);
  const canonical = (path: string) => server.ctx.config.siteUrl + path;

  it('serves the site RSS 2.0 feed with the channel and item elements it requires', async () => {
    const doc = await getFeed('/feed.xml', 'application/rss+xml');
    assert.equal(doc.documentElement.tagName, 'rss');
    assert.equal(doc.documentElement.getAttribute('version'), '2.0');
    const channel = children(doc, 'channel')[0]!;
    assert.equal(text(channel, 'title'), 'Dateline');
    assert.equal(text(channel, 'link'), canonical('/'));
    assert.ok(text(channel, 'description').length > 0);
    assert.equal(children(channel, 'link', ATOM)[0]?.getAttribute('href'), canonical('/feed.xml'));
    assert.equal(rssItems(doc).length, 3);
    for (const item of rssItems(doc)) {
      assert.ok(text(item, 'title'));
      assert.match(text(item, 'link'), /^http:\/\//);
      assert.equal(text(item, 'guid'), text(item, 'link'));
      assert.match(text(item, 'pubDate'), RFC_822);
    }
  });

  it('carries the seed article in RSS with its canonical guid, date, bylines, section and full content', async () => {
    const doc = await getFeed('/feed.xml', 'application/rss+xml');
    const item = rssItem(doc, SEED_HEADLINE);
    assert.ok(item, 'the seed is in the feed');
    assert.equal(text(item, 'link'), canonical(SEED_PATH));
    assert.equal(text(item, 'guid'), canonical(SEED_PATH));
    assert.equal(children(item, 'guid')[0]?.getAttribute('isPermaLink'), 'true');
    assert.equal(text(item, 'pubDate'), 'Wed, 13 May 2015 12:00:00 GMT');
    assert.equal(text(item, 'creator', DC), 'Jo Biddle with Anna Smolchenko');
    assert.deepEqual(children(item, 'category').map((c) => c.textContent), ['News']);
    const content = text(item, 'encoded', CONTENT);
    assert.match(content, /^<p>SOCHI, RUSSIA, Jo Biddle in Sochi with Anna Smolchenko in Moscow - Russian President Vladimir Putin/);
    assert.ok(content.includes('<h2>Urgent need for cooperation</h2>'));
    assert.equal((content.match(/<p>/g) ?? []).length, 27);
  });

  it('serves the site Atom 1.0 feed with the feed and entry elements it requires', async () => {
    const doc = await getFeed('/feed.atom', 'application/atom+xml');
    assert.equal(doc.documentElement.namespaceURI, ATOM);
    assert.equal(doc.documentElement.localName, 'feed');
    const feedChildren = [...doc.documentElement.childNodes] as Element[];
    const direct = (name: string) => feedChildren.find((n) => n.localName === name);
    assert.equal(direct('id')?.textContent, canonical('/'));
    assert.equal(direct('title')?.textContent, 'Dateline');
    assert.match(direct('updated')?.textContent ?? '', RFC_3339);
    assert.equal(atomEntries(doc).length, 3);
    for (const entry of atomEntries(doc)) {
      assert.ok(text(entry, 'id', ATOM));
      assert.ok(text(entry, 'title', ATOM));
      assert.match(text(entry, 'updated', ATOM), RFC_3339);
      assert.match(text(entry, 'published', ATOM), RFC_3339);
      assert.ok(children(entry, 'link', ATOM).some((l) => !l.getAttribute('rel') && l.getAttribute('href') === text(entry, 'id', ATOM)));
    }
  });

  it('carries the seed article in Atom with its canonical id, authors and content', async () => {
    const doc = await getFeed('/feed.atom', 'application/atom+xml');
    // Atom titles are type="html": the headline arrives HTML-escaped.
    const entry = atomEntry(doc, SEED_HEADLINE.replace(/'/g, '&#39;'));
    assert.ok(entry, 'the seed is in the feed');
    assert.equal(text(entry, 'id', ATOM), canonical(SEED_PATH));
    assert.equal(text(entry, 'published', ATOM), '2015-05-13T12:00:00.000Z');
    assert.deepEqual(
      children(entry, 'author', ATOM).map((a) => text(a, 'name', ATOM)),
      ['Jo Biddle', 'Anna Smolchenko'],
    );
    assert.equal(children(entry, 'category', ATOM)[0]?.getAttribute('term'), 'news');
    assert.match(text(entry, 'content', ATOM), /^<p>SOCHI, RUSSIA, /);
  });

  it('keeps a headline with markup, ampersands and CDATA terminators intact as text', async () => {
    const rss = await getFeed('/feed.xml', 'application/rss+xml');
    const item = rssItem(rss, TRICKY_HEADLINE.replace(/]]>/g, ']] >'));
    assert.ok(item, 'the headline comes through, its "]]>" kept from closing the CDATA section');
    assert.equal(text(item, 'description'), 'Cats ]]&gt; mice, again ]]&gt;.');
    const atom = await getFeed('/feed.atom', 'application/atom+xml');
    const entry = atomEntries(atom).find((e) => text(e, 'title', ATOM).startsWith('Tom &amp; Jerry'));
    assert.equal(text(entry!, 'title', ATOM), 'Tom &amp; Jerry &lt;b&gt;win&lt;/b&gt; ]]&gt; again ]]&gt; and &quot;again&quot;');
  });

  it('escapes the body as HTML and drops characters XML cannot carry', async () => {
    const doc = await getFeed('/feed.xml', 'application/rss+xml');
    const content = text(rssItems(doc).find((i) => text(i, 'title').startsWith('Tom & Jerry'))!, 'encoded', CONTENT);
    assert.ok(content.startsWith('<p>PARIS, FRANCE, Lena Staff with Agency Writer - <strong>Bell</strong> rang &lt;script&gt;alert(1)&lt;/script&gt; &amp; the crowd cheered.</p>'), content);
    assert.ok(!content.includes('\u0007'));
  });

  it('gives the first image as an RSS enclosure and Media RSS content, and as an Atom enclosure link', async () => {
    const rss = await getFeed('/feed.xml', 'application/rss+xml');
    const item = rssItems(rss).find((i) => text(i, 'title').startsWith('Tom & Jerry'))!;
    const enclosure = children(item, 'enclosure')[0];
    assert.equal(enclosure?.getAttribute('url'), 'https://images.example.org/photos/match.jpg');
    assert.equal(enclosure?.getAttribute('type'), 'image/jpeg');
    assert.equal(enclosure?.getAttribute('length'), '0');
    const media = children(item, 'content', MEDIA)[0];
    assert.equal(media?.getAttribute('url'), 'https://images.example.org/photos/match.jpg');
    assert.equal(media?.getAttribute('medium'), 'image');
    assert.equal(text(media!, 'description', MEDIA), 'The final whistle');
    const atom = await getFeed('/feed.atom', 'application/atom+xml');
    const entry = atomEntries(atom).find((e) => text(e, 'title', ATOM).startsWith('Tom &amp; Jerry'))!;
    const link = children(entry, 'link', ATOM).find((l) => l.getAttribute('rel') === 'enclosure');
    assert.equal(link?.getAttribute('href'), 'https://images.example.org/photos/match.jpg');
    assert.equal(link?.getAttribute('type'), 'image/jpeg');
  });

  it('lists the section and every tag as categories, linking staff bylines to their author pages in Atom', async () => {
    const rss = await getFeed('/feed.xml', 'application/rss+xml');
    const item = rssItems(rss).find((i) => text(i, 'title').startsWith('Tom & Jerry'))!;
    assert.deepEqual(
      children(item, 'category').map((c) => [c.textContent, c.getAttribute('domain')]),
      [
        ['Sport', canonical('/sport')],
        ['Cartoons', canonical('/tags/cartoons')],
        ['A<B & C', canonical('/tags/a-b-c')],
      ],
    );
    const atom = await getFeed('/feed.atom', 'application/atom+xml');
    const entry = atomEntries(atom).find((e) => text(e, 'title', ATOM).startsWith('Tom &amp; Jerry'))!;
    assert.deepEqual(
      children(entry, 'author', ATOM).map((a) => [text(a, 'name', ATOM), text(a, 'uri', ATOM)]),
      [
        ['Lena Staff', canonical(`/authors/${authorSlug}`)],
        ['Agency Writer', ''],
      ],
    );
    assert.deepEqual(
      children(entry, 'category', ATOM).map((c) => c.getAttribute('term')),
      ['sport', 'cartoons', 'a-b-c'],
    );
  });

  it('serves a feed per section, per tag and per author, each with only its own articles', async () => {
    const titles = async (path: string) => rssItems(await getFeed(path, 'application/rss+xml')).map((i) => text(i, 'title'));
    assert.deepEqual(await titles('/news/feed.xml'), ['Staff report on the harbour', SEED_HEADLINE]);
    assert.deepEqual(await titles('/sport/feed.xml'), [TRICKY_HEADLINE.replace(/]]>/g, ']] >')]);
    assert.deepEqual(await titles('/politics/feed.xml'), []);
    assert.deepEqual(await titles('/tags/harbour/feed.xml'), ['Staff report on the harbour']);
    assert.equal((await titles(`/authors/${authorSlug}/feed.xml`)).length, 2);
    const atom = await getFeed(`/authors/${authorSlug}/feed.atom`, 'application/atom+xml');
    assert.equal(atom.documentElement.getElementsByTagNameNS(ATOM, 'title')[0]?.textContent, 'Lena Staff | Dateline');
    const self = children(atom, 'link', ATOM).find((l) => l.getAttribute('rel') === 'self');
    assert.equal(self?.getAttribute('href'), canonical(`/authors/${authorSlug}/feed.atom`));
  });

  it('answers feeds of unknown sections, tags and authors with 404', async () => {
    for (const path of ['/nowhere/feed.xml', '/tags/nothing-here/feed.xml', '/authors/nobody/feed.atom']) {
      assert.equal((await fetch(server.url + path)).status, 404, path);
    }
  });

  it('carries at most the 30 newest articles', async () => {
    for (let i = 1; i <= 31; i++) {
      await createArticle(server.ctx, article({ headline: `Politics brief ${i}`, section: 'politics', publishedAt: new Date(Date.UTC(2026, 1, i)).toISOString() }));
    }
    const doc = await getFeed('/politics/feed.xml', 'application/rss+xml');
    const titles = rssItems(doc).map((i) => text(i, 'title'));
    assert.equal(titles.length, 30);
    assert.equal(titles[0], 'Politics brief 31');
    assert.ok(!titles.includes('Politics brief 1'));
  });

  it('advertises the site feeds and the section feeds in the head of pages', async () => {
    const html = await (await fetch(server.url + SEED_PATH)).text();
    for (const href of ['/feed.xml', '/feed.atom', '/news/feed.xml', '/news/feed.atom']) {
      assert.ok(html.includes(`<link rel="alternate" type="application/${href.endsWith('xml') ? 'rss' : 'atom'}+xml" href="${canonical(href)}"`), href);
    }
  });
});
