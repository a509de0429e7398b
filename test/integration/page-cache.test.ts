import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createArticle } from '../../src/ops/create-article.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { saveThroughEditor, signedIn, type Client } from '../newsroom-helpers.js';

const story = (headline: string, section: string, tags: string[] = []) => ({
  headline,
  dateline: null,
  bylines: [],
  body: [{ type: 'paragraph' as const, text: `${headline}: the details.` }],
  keyPoints: [],
  tags,
  section,
  publishedAt: null,
  language: 'en',
  status: 'published' as const,
});

describe('the page cache', () => {
  const data = tempDataDir();
  let server: TestServer;
  let editor: Client;

  before(async () => {
    server = await startTestServer(data.dir);
    await createArticle(server.ctx, story('Harbour fees frozen', 'news'));
    await createArticle(server.ctx, story('Saltmere win the cup', 'sport'));
    editor = await signedIn(server, 'editor', 'Cache Editor');
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

  it('serves the second request from memory, compressed, with an ETag and a 304', async () => {
    assert.equal((await get('/sport')).headers.get('x-cache'), 'miss');
    const hit = await get('/sport', { 'accept-encoding': 'identity' });
    assert.equal(hit.headers.get('x-cache'), 'hit');
    assert.match(hit.headers.get('cache-control') ?? '', /s-maxage=\d+, stale-while-revalidate=\d+/);
    const etag = hit.headers.get('etag')!;
    assert.equal((await get('/sport', { 'if-none-match': etag })).status, 304);
    const raw = (encoding: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve) =>
        http.get(server.url + '/sport', { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }),
      );
    const br = await raw('gzip, br');
    assert.equal(br.encoding, 'br');
    assert.match(brotliDecompressSync(br.body).toString(), /Saltmere win the cup/);
    const gzip = await raw('gzip');
    assert.equal(gzip.encoding, 'gzip');
    assert.match(gunzipSync(gzip.body).toString(), /Saltmere win the cup/);
    const plain = await raw('identity');
    assert.equal(plain.encoding, undefined);
    assert.match(plain.body.toString(), /Saltmere win the cup/);
    // Each encoding keeps its own length and the same validator.
    const head = await fetch(server.url + '/sport', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    assert.equal(head.headers.get('content-length'), String(br.body.length));
    assert.equal(head.headers.get('etag'), etag);
    assert.equal(head.headers.get('vary'), 'Accept-Encoding');
  });

  it('sends the render that fills the cache compressed as the reader asked, as later hits are', async () => {
    const path = `/news/${(await createArticle(server.ctx, story('Harbour wall repaired', 'news'))).slug}`;
    const raw = (encoding: string) =>
      new Promise<{ encoding: string | undefined; cache: string | undefined; length: string | undefined; body: Buffer }>((resolve) =>
        http.get(server.url + path, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolve({ encoding: res.headers['content-encoding'], cache: res.headers['x-cache'] as string, length: res.headers['content-length'], body: Buffer.concat(chunks) }));
        }),
      );
    const miss = await raw('gzip');
    assert.equal(miss.cache, 'miss');
    assert.equal(miss.encoding, 'gzip');
    assert.equal(miss.length, String(miss.body.length));
    const plain = await raw('identity');
    assert.equal(plain.cache, 'hit');
    assert.equal(plain.encoding, undefined);
    assert.equal(gunzipSync(miss.body).toString(), plain.body.toString(), 'the same page');
  });

  it('sends the same security headers from memory as on the render that filled it', async () => {
    const names = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy'];
    const miss = await get('/news');
    assert.equal(miss.headers.get('x-cache'), 'miss');
    const hit = await get('/news');
    assert.equal(hit.headers.get('x-cache'), 'hit');
    for (const name of names) {
      assert.ok(miss.headers.get(name), `${name} on the render`);
      assert.equal(hit.headers.get(name), miss.headers.get(name), `${name} on a hit`);
    }
    assert.match(hit.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  });

  it('shows a newly published article on the home and section pages right after the publish returns, and keeps other pages', async () => {
    await get('/');
    await get('/news');
    await get('/sport');
    assert.equal((await get('/sport')).headers.get('x-cache'), 'hit');
    const draft = await editor.post('/newsroom/articles');
    const id = (draft.headers.get('location') ?? '').split('/').pop()!;
    const save = await editor.put(`/newsroom/api/articles/${id}`, {
      expectedRevision: 1,
      headline: 'Ferry timetable changes',
      standfirst: '',
      section: 'news',
      tags: [],
      dateline: null,
      bylines: [],
      body: [{ type: 'paragraph', text: 'New times from Monday.' }],
      keyPoints: [],
      seo: { title: '', description: '', image: '' },
    });
    assert.equal(save.status, 200);
    assert.equal((await editor.post(`/newsroom/articles/${id}/workflow`, { intent: 'publish' })).status, 303);
    assert.match(await (await get('/')).text(), /Ferry timetable changes/);
    assert.match(await (await get('/news')).text(), /Ferry timetable changes/);
    assert.equal((await get('/sport')).headers.get('x-cache'), 'hit', 'the sport page does not show it');
  });

  it('caches search results, and shows a newly published match right after the publish returns', async () => {
    const path = '/search?q=lighthouse';
    const first = await get(path);
    assert.equal(first.headers.get('x-cache'), 'miss');
    assert.doesNotMatch(await first.text(), /lighthouse-keeper-retires/);
    assert.equal((await get(path)).headers.get('x-cache'), 'hit');
    await createArticle(server.ctx, story('Lighthouse keeper retires', 'news'));
    const after = await get(path);
    assert.notEqual(after.headers.get('x-cache'), 'hit');
    assert.match(await after.text(), /href="\/news\/lighthouse-keeper-retires"/);
    // A search a reader got wrong is answered, not stored.
    const bad = await get('/search?q=lighthouse&from=yesterday');
    assert.equal(bad.status, 400);
    assert.equal((await get('/search?q=lighthouse&from=yesterday')).headers.get('x-cache'), null);
  });

  it('shows an edited headline on every page that shows the article', async () => {
    const [article] = await server.ctx.store.articles.listPublished({ section: 'news', limit: 1 });
    const full = (await server.ctx.store.articles.getById(article!.id))!;
    const path = `/news/${full.slug}`;
    await get(path);
    await get('/');
    assert.equal((await get(path)).headers.get('x-cache'), 'hit');
    const save = await saveThroughEditor(editor, full, { headline: 'Ferry timetable changes again' });
    assert.equal(save.status, 200);
    for (const p of [path, '/', '/news']) assert.match(await (await get(p)).text(), /Ferry timetable changes again/, p);
  });

  it('never serves or stores pages for a signed-in editor', async () => {
    server.ctx.pageCache!.clear();
    const asEditor = await editor.get('/sport');
    assert.equal(asEditor.headers.get('x-cache'), null);
    assert.equal((await get('/sport')).headers.get('x-cache'), 'miss');
    assert.equal((await editor.get('/sport')).headers.get('x-cache'), null);
  });

  it('drops a page when an unpublished article leaves it', async () => {
    const [sport] = await server.ctx.store.articles.listPublished({ section: 'sport', limit: 1 });
    const full = (await server.ctx.store.articles.getById(sport!.id))!;
    await get('/sport');
    assert.equal((await editor.post(`/newsroom/articles/${full.id}/workflow`, { intent: 'unpublish' })).status, 303);
    assert.doesNotMatch(await (await get('/sport')).text(), /Saltmere win the cup/);
    assert.equal((await get(`/sport/${full.slug}`)).status, 404);
  });

  it('counts a reader who was answered from the cache as a view', async () => {
    const a = await createArticle(server.ctx, story('Lighthouse keeper retires', 'news'));
    const path = `/news/${a.slug}`;
    const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126' };
    assert.equal((await get(path, reader)).headers.get('x-cache'), 'miss');
    assert.equal((await get(path, reader)).headers.get('x-cache'), 'hit');
    await server.ctx.views.flush();
    const row = await server.ctx.store.db.selectFrom('article_views').select('views').where('article_id', '=', a.id).executeTakeFirst();
    assert.equal(row?.views, 2);
  });

  it('keeps serving article pages when Most read changes, and renders them again behind the readers', async () => {
    const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126' };
    const quiet = await createArticle(server.ctx, story('Quiet harbour morning', 'news'));
    const popular = await createArticle(server.ctx, story('Storm closes the causeway', 'news'));
    const quietPath = `/news/${quiet.slug}`;
    // Looking at the quiet page as a robot does not count as reading it.
    const robot = { 'user-agent': 'dateline-test-bot' };
    const mostRead = async (res: Response) => /<aside class="most-read"[\s\S]*?<\/aside>/.exec(await res.text())?.[0] ?? '';
    await get(quietPath, robot);
    assert.equal((await get(quietPath, robot)).headers.get('x-cache'), 'hit');
    for (let i = 0; i < 5; i++) await (await get(`/news/${popular.slug}`, reader)).text();
    await server.ctx.views.flush();
    // Still answered from memory, marked stale; the fresh copy replaces it once rendered.
    const stale = await get(quietPath, robot);
    assert.equal(stale.headers.get('x-cache'), 'stale');
    let fresh = '';
    for (let tries = 0; tries < 50 && !fresh.includes('Storm closes the causeway'); tries++) {
      await new Promise((r) => setTimeout(r, 20));
      const res = await get(quietPath, robot);
      if (res.headers.get('x-cache') === 'hit') fresh = await mostRead(res);
      else await res.arrayBuffer();
    }
    assert.match(fresh, /Storm closes the causeway/);
    // The background render was not counted as a reader's view.
    await server.ctx.views.flush();
    const row = await server.ctx.store.db.selectFrom('article_views').select('views').where('article_id', '=', quiet.id).executeTakeFirst();
    assert.equal(row, undefined);
  });

  it('moves an article between sections: both section pages show the move right after the save returns', async () => {
    const a = await createArticle(server.ctx, story('Bridge repairs finish early', 'news'));
    for (const path of ['/news', '/society', '/arts']) await get(path);
    assert.equal((await get('/society')).headers.get('x-cache'), 'hit');
    const full = (await server.ctx.store.articles.getById(a.id))!;
    assert.equal((await saveThroughEditor(editor, full, { section: 'society' })).status, 200);
    assert.doesNotMatch(await (await get('/news')).text(), /Bridge repairs finish early/);
    assert.match(await (await get('/society')).text(), /Bridge repairs finish early/);
    assert.equal((await get(`/society/${full.slug}`)).status, 200);
    assert.equal((await get('/arts')).headers.get('x-cache'), 'hit', 'the arts page does not show it');
  });

  it("shows an author's changed profile on their page right after the save returns, and keeps pages that do not show them", async () => {
    const profile = (await server.ctx.store.users.getById(editor.userId))!;
    await createArticle(server.ctx, { ...story('Harbour master retires', 'news'), bylines: [{ name: profile.name, authorId: profile.id }] });
    const authorPath = `/authors/${profile.slug}`;
    assert.match(await (await get(authorPath)).text(), /Harbour master retires/);
    await get('/arts');
    assert.equal((await get(authorPath)).headers.get('x-cache'), 'hit');
    const save = await editor.post('/newsroom/profile', { name: profile.name, bio: 'Covers the harbour and the ferries.', location: 'Saltmere', photoUrl: '' });
    assert.equal(save.status, 303);
    assert.match(await (await get(authorPath)).text(), /Covers the harbour and the ferries\./);
    assert.equal((await get('/arts')).headers.get('x-cache'), 'hit', 'the arts page does not show the author');
  });
});
