import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createArticle } from '../../src/ops/create-article.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { signedIn, type Client } from '../newsroom-helpers.js';

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

  it('shows an edited headline on every page that shows the article', async () => {
    const [article] = await server.ctx.store.articles.listPublished({ section: 'news', limit: 1 });
    const full = (await server.ctx.store.articles.getById(article!.id))!;
    const path = `/news/${full.slug}`;
    await get(path);
    await get('/');
    assert.equal((await get(path)).headers.get('x-cache'), 'hit');
    const save = await editor.put(`/newsroom/api/articles/${full.id}`, {
      expectedRevision: full.revision,
      headline: 'Ferry timetable changes again',
      standfirst: '',
      section: 'news',
      tags: [],
      dateline: null,
      bylines: [],
      body: full.body,
      keyPoints: [],
      seo: { title: '', description: '', image: '' },
    });
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
});
