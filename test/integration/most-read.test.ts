import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { createArticle } from '../../src/ops/create-article.js';
import type { StoredArticle } from '../../src/store/articles.js';
import { articlePath } from '../../src/web/site/paths.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { saveThroughEditor, signedIn } from '../newsroom-helpers.js';

/** "Most read" from page views counted on the server, and "Related" from shared tags, over real HTTP. */
describe('most read and related articles', () => {
  const data = tempDataDir();
  let server: TestServer;
  const stories: Record<'summit' | 'sanctions' | 'talks' | 'derby' | 'draft', StoredArticle> = {} as never;

  const publish = (headline: string, tags: string[], publishedAt: string, status: 'published' | 'draft' = 'published') =>
    createArticle(server.ctx, {
      headline,
      dateline: null,
      bylines: [],
      body: [{ type: 'paragraph', text: `${headline}: the first paragraph.` }, { type: 'paragraph', text: 'A second paragraph, for the key points.' }],
      keyPoints: ['One key point.'],
      tags,
      section: tags.includes('sport') ? 'sport' : 'news',
      publishedAt: status === 'published' ? publishedAt : null,
      language: 'en',
      status,
    });

  before(async () => {
    // Every request here is rendered: a page answered from the page cache is counted by the cache's own hit path.
    server = await startTestServer(data.dir, { DATELINE_PAGE_CACHE: '0' });
    stories.summit = await publish('Summit opens in Sochi', ['russia', 'usa'], '2026-10-01T09:00:00.000Z');
    stories.sanctions = await publish('Sanctions stay in place', ['russia'], '2026-10-02T09:00:00.000Z');
    stories.talks = await publish('Talks run late', ['russia', 'usa', 'diplomacy'], '2026-10-03T09:00:00.000Z');
    stories.derby = await publish('Derby ends level', ['sport'], '2026-10-04T09:00:00.000Z');
    stories.draft = await publish('Unfinished draft', ['russia', 'usa'], '', 'draft');
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const open = (a: StoredArticle, init: RequestInit = {}) => fetch(server.url + articlePath(a), init);
  // Views are written in batches; a reader's next page shows them once the batch is written.
  const read = async (a: StoredArticle, times = 1) => {
    for (let i = 0; i < times; i++) await (await open(a)).text();
    await server.ctx.views.flush();
  };
  // Looking at a page for its boxes must not count as reading it.
  const page = async (path: string) => parseHTML(await (await fetch(server.url + path, { headers: { 'user-agent': 'dateline-test-bot' } })).text()).document;
  const views = async (a: StoredArticle) => {
    const row = await server.ctx.store.db
      .selectFrom('article_views')
      .select((eb) => eb.fn.sum<number>('views').as('n'))
      .where('article_id', '=', a.id)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const box = (document: Document, selector: string) => [...document.querySelectorAll(`${selector} li a`)].map((a) => a.textContent);

  it("counts a reader's view of an article page", async () => {
    await read(stories.summit);
    assert.equal(await views(stories.summit), 1);
  });

  it('does not count robots, link previews, prefetches, HEAD requests or requests without a user agent', async () => {
    const before = await views(stories.derby);
    await open(stories.derby, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } });
    await open(stories.derby, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0)' } });
    await open(stories.derby, { headers: { 'user-agent': 'SomeCrawler/1.0' } });
    await open(stories.derby, { headers: { 'user-agent': 'Mozilla/5.0 Link Preview' } });
    await open(stories.derby, { headers: { 'user-agent': 'Mozilla/5.0 Chrome/126', 'sec-purpose': 'prefetch' } });
    await open(stories.derby, { headers: { 'user-agent': '' } });
    const head = await open(stories.derby, { method: 'HEAD' });
    assert.equal(head.status, 200);
    await server.ctx.views.flush();
    assert.equal(await views(stories.derby), before);
  });

  it('orders the Most read box by views on the home page and on article pages', async () => {
    await read(stories.sanctions, 3);
    await read(stories.talks, 2);
    const expected = ['Sanctions stay in place', 'Talks run late', 'Summit opens in Sochi'];
    assert.deepEqual(box(await page('/'), '.front .most-read'), expected);
    // Reading the derby page once more puts it level with the summit; the newer comes first among equals.
    await read(stories.derby);
    assert.deepEqual(box(await page(articlePath(stories.summit)), 'aside.most-read'), [...expected.slice(0, 2), 'Derby ends level', 'Summit opens in Sochi']);
  });

  it('leaves an unpublished article out of Most read', async () => {
    const editor = await signedIn(server, 'editor');
    assert.equal((await editor.post(`/newsroom/articles/${stories.sanctions.id}/workflow`, { intent: 'unpublish' })).status, 303);
    assert.ok(!box(await page('/'), '.most-read').includes('Sanctions stay in place'));
    assert.equal((await editor.post(`/newsroom/articles/${stories.sanctions.id}/workflow`, { intent: 'publish' })).status, 303);
    assert.equal(box(await page('/'), '.most-read')[0], 'Sanctions stay in place');
  });

  it('shows published articles sharing the most tags as Related, newest first among equals, without the article itself', async () => {
    const document = await page(articlePath(stories.summit));
    assert.deepEqual(box(document, 'aside.related'), ['Talks run late', 'Sanctions stay in place']);
    assert.equal(document.querySelector('aside.related h2')?.textContent, 'Related');
  });

  it('hides Related when no other article shares a tag', async () => {
    const document = await page(articlePath(stories.derby));
    assert.equal(document.querySelector('aside.related'), null);
  });

  it('puts Related and Most read after the At a glance box', async () => {
    const document = await page(articlePath(stories.summit));
    const all = [...document.querySelectorAll('*')];
    const order = ['aside.share', 'aside.at-a-glance', 'aside.related', 'aside.most-read'].map((s) => all.indexOf(document.querySelector(s)!));
    assert.ok(order.every((p) => p >= 0), `every box is on the page: ${order.join(', ')}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order);
  });

  it('works Related out again when the article itself changes, and leaves out an article unpublished since', async () => {
    const editor = await signedIn(server, 'editor', 'Related Editor');
    const derby = (await server.ctx.store.articles.getById(stories.derby.id))!;
    const save = await saveThroughEditor(editor, derby, { tags: ['sport', 'diplomacy'] });
    assert.equal(save.status, 200);
    assert.deepEqual(box(await page(articlePath(stories.derby)), 'aside.related'), ['Talks run late']);
    assert.equal((await editor.post(`/newsroom/articles/${stories.talks.id}/workflow`, { intent: 'unpublish' })).status, 303);
    assert.equal((await page(articlePath(stories.derby))).querySelector('aside.related'), null);
    assert.equal((await editor.post(`/newsroom/articles/${stories.talks.id}/workflow`, { intent: 'publish' })).status, 303);
  });

  it('shows a Related article as it is now once it is edited or moved to another section', async () => {
    const editor = await signedIn(server, 'editor', 'Related Editor 2');
    const links = (document: Document) => [...document.querySelectorAll('aside.related li a')].map((a) => [a.textContent, a.getAttribute('href')]);
    const talksNow = async () => (await server.ctx.store.articles.getById(stories.talks.id))!;
    assert.deepEqual(links(await page(articlePath(stories.summit)))[0], ['Talks run late', articlePath(await talksNow())]);
    assert.equal((await saveThroughEditor(editor, await talksNow(), { headline: 'Talks run past midnight' })).status, 200);
    assert.deepEqual(links(await page(articlePath(stories.summit)))[0], ['Talks run past midnight', articlePath(await talksNow())]);
    assert.equal((await saveThroughEditor(editor, await talksNow(), { section: 'politics' })).status, 200);
    const moved = await talksNow();
    assert.match(articlePath(moved), /^\/politics\//);
    assert.deepEqual(links(await page(articlePath(stories.summit)))[0], ['Talks run past midnight', articlePath(moved)]);
  });
});
