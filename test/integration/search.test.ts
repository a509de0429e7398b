import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { createArticle } from '../../src/ops/create-article.js';
import { runCli, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { signedIn } from '../newsroom-helpers.js';

const SEED_HEADLINE = "Kerry holds 'frank' talks with Putin in bid to improve ties";

/** The seed imported with the real CLI, then found through /search over real HTTP. */
describe('searching for the seed article', { skip: seedMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let seedPage = '';

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    seedPage = imported.stdout.split('\t')[1] ?? '';
    server = await startTestServer(data.dir);
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const search = async (params: Record<string, string>) => {
    const res = await fetch(`${server.url}/search?${new URLSearchParams(params).toString()}`);
    const text = await res.text();
    return { status: res.status, text, document: parseHTML(text).document };
  };

  it('finds it by a phrase from its body, with the phrase marked in the snippet', async () => {
    const { status, document } = await search({ q: '"Black Sea resort"' });
    assert.equal(status, 200);
    const hits = [...document.querySelectorAll('.search-hit')];
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.querySelector('h2 a')?.textContent, SEED_HEADLINE);
    assert.equal(hits[0]?.querySelector('h2 a')?.getAttribute('href'), seedPage);
    assert.deepEqual(
      [...(hits[0]?.querySelectorAll('.snippet mark') ?? [])].map((m) => m.textContent),
      ['Black Sea resort'],
    );
    assert.match(hits[0]?.querySelector('.snippet')?.textContent ?? '', /in the Black Sea resort town of Sochi/);
    assert.equal(document.querySelector('.search-summary')?.textContent, '1 result for “"Black Sea resort"”');
  });

  it('finds it by a byline name, with the name marked', async () => {
    const { document } = await search({ q: 'Smolchenko' });
    const hit = document.querySelector('.search-hit');
    assert.equal(hit?.querySelector('h2 a')?.textContent, SEED_HEADLINE);
    assert.equal(hit?.querySelector('.byline')?.textContent, 'Jo Biddle with Anna Smolchenko');
    assert.equal(hit?.querySelector('.byline mark')?.textContent, 'Smolchenko');
    assert.equal(hit?.querySelector('.search-meta a')?.textContent, 'News');
    assert.equal(hit?.querySelector('.search-meta time')?.getAttribute('datetime'), '2015-05-13T12:00:00.000Z');
  });

  it('finds it by a word prefix, and not by a phrase whose words stand apart', async () => {
    assert.equal((await search({ q: 'smolch*' })).document.querySelectorAll('.search-hit').length, 1);
    assert.equal((await search({ q: '"Putin Kerry Sochi"' })).document.querySelectorAll('.search-hit').length, 0);
  });

  it('keeps it within its section and its day, in the site time zone', async () => {
    const count = async (params: Record<string, string>) => (await search({ q: 'Lavrov', ...params })).document.querySelectorAll('.search-hit').length;
    assert.equal(await count({ section: 'news', from: '2015-05-13', to: '2015-05-13' }), 1);
    assert.equal(await count({ section: 'sport' }), 0);
    assert.equal(await count({ from: '2015-05-14' }), 0);
    assert.equal(await count({ to: '2015-05-12' }), 0);
  });

  it('escapes what the reader typed and never lets it mark up the page', async () => {
    const { status, text, document } = await search({ q: '<script>alert(1)</script> Lavrov' });
    assert.equal(status, 200);
    assert.ok(!text.includes('<script>alert(1)'), 'the query is escaped');
    assert.equal(document.querySelector('#search-q')?.getAttribute('value'), '<script>alert(1)</script> Lavrov');
  });

  it('drops it from the results once it is unpublished', async () => {
    const article = await server.ctx.store.articles.getBySlug(seedPage.split('/')[2] ?? '');
    assert.ok(article);
    const editor = await signedIn(server, 'editor');
    const res = await editor.post(`/newsroom/articles/${article.id}/workflow`, { intent: 'unpublish' });
    assert.equal(res.status, 303);
    const { document } = await search({ q: 'Smolchenko' });
    assert.equal(document.querySelectorAll('.search-hit').length, 0);
    assert.match(document.querySelector('.search-summary')?.textContent ?? '', /^Nothing published matches “Smolchenko”/);
  });
});

describe('the search page', () => {
  const data = tempDataDir();
  let server: TestServer;

  before(async () => {
    server = await startTestServer(data.dir, { DATELINE_PAGE_SIZE: '2' });
    for (let i = 1; i <= 5; i++) {
      await createArticle(server.ctx, {
        headline: `Harbour ferry timetable ${i}`,
        dateline: null,
        bylines: [],
        body: [{ type: 'paragraph', text: `Ferries leave the harbour ${i} times a day.` }],
        keyPoints: [],
        tags: [],
        section: 'society',
        publishedAt: `2026-10-0${i}T09:00:00.000Z`,
        language: 'en',
        status: 'published',
      });
    }
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const get = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, document: parseHTML(await res.text()).document };
  };

  it('puts a labelled search form in the masthead of every page', async () => {
    const { document } = await get('/');
    const form = document.querySelector('header.masthead form[role=search]');
    assert.equal(form?.getAttribute('action'), '/search');
    const input = form?.querySelector('input[name=q]');
    assert.equal(document.querySelector(`label[for="${input?.getAttribute('id')}"]`)?.textContent?.trim(), 'Search the site');
  });

  it('shows the empty form, kept out of search engines, when nothing is asked', async () => {
    const { status, document } = await get('/search');
    assert.equal(status, 200);
    assert.equal(document.querySelector('h1')?.textContent, 'Search');
    assert.equal(document.querySelector('meta[name=robots]')?.getAttribute('content'), 'noindex');
    assert.equal(document.querySelectorAll('.search-hit').length, 0);
  });

  it('asks for a word when the query has none, without failing', async () => {
    for (const q of ['"', '*', '-', '()^~', '"""', ' - * " ']) {
      const { status, document } = await get(`/search?q=${encodeURIComponent(q)}`);
      assert.equal(status, 200, q);
      assert.equal(document.querySelector('.notice')?.textContent, 'Type a word to search for.', q);
    }
  });

  it('answers hostile and very long queries with a page, never an error', async () => {
    for (const q of ['AND OR NOT', 'col:foo', 'headline:harbour', 'NEAR(a b)', '東京 🚀', 'x'.repeat(500), `"${'harbour '.repeat(80)}`]) {
      const { status } = await get(`/search?q=${encodeURIComponent(q)}`);
      assert.equal(status, 200, q.slice(0, 40));
    }
  });

  it('pages through the results with prev and next links and a canonical address', async () => {
    const first = await get('/search?q=harbour');
    assert.equal(first.document.querySelector('.search-summary')?.textContent, '5 results for “harbour” (showing 1–2)');
    assert.equal(first.document.querySelector('a[rel=next]')?.getAttribute('href'), '/search?q=harbour&page=2');
    const second = await get('/search?page=2&q=harbour');
    assert.equal(second.document.querySelectorAll('.search-hit').length, 2);
    assert.equal(second.document.querySelector('a[rel=prev]')?.getAttribute('href'), '/search?q=harbour');
    assert.match(second.document.querySelector('link[rel=canonical]')?.getAttribute('href') ?? '', /\/search\?q=harbour&page=2$/);
    const third = await get('/search?q=harbour&page=3');
    assert.equal(third.document.querySelectorAll('.search-hit').length, 1);
    assert.equal(third.document.querySelector('a[rel=next]'), null);
  });

  it('keeps the filters in the form and in the page links', async () => {
    const { document } = await get('/search?q=harbour&section=society&from=2026-10-01&to=2026-10-04');
    assert.equal(document.querySelector('#search-section option[selected]')?.getAttribute('value'), 'society');
    assert.equal(document.querySelector('#search-from')?.getAttribute('value'), '2026-10-01');
    assert.equal(document.querySelector('.search-summary')?.textContent, '4 results for “harbour” (showing 1–2)');
    assert.equal(document.querySelector('a[rel=next]')?.getAttribute('href'), '/search?q=harbour&section=society&from=2026-10-01&to=2026-10-04&page=2');
  });

  it('refuses unreadable filters with a message naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['from=13%2F05%2F2015', /^From: give a date like 2015-05-13/],
      ['to=2015-02-30', /^To: give a date like 2015-05-13/],
      ['from=2026-10-05&to=2026-10-01', /^From: the first day must not be after the last/],
      ['section=weather', /^Section: there is no section "weather"/],
      ['page=0', /^Page: "0" is not a page number/],
    ];
    for (const [query, message] of cases) {
      const { status, document } = await get(`/search?q=harbour&${query}`);
      assert.equal(status, 400, query);
      assert.match(document.querySelector('.error')?.textContent ?? '', message);
    }
  });
});
