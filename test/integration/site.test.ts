import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { loadDemoContent } from '../../src/ops/load-demo-content.js';
import { createArticle } from '../../src/ops/create-article.js';
import { createUser } from '../../src/ops/people.js';
import { DEMO_ARTICLES } from '../../src/ops/demo-content.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';

describe('the public site with demo content', () => {
  const data = tempDataDir();
  let server: TestServer;

  before(async () => {
    server = await startTestServer(data.dir, { DATELINE_DEMO: '1', DATELINE_PAGE_SIZE: '3' });
    assert.equal(await loadDemoContent(server.ctx), DEMO_ARTICLES.length);
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  const get = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, document: parseHTML(await res.text()).document, res };
  };

  it('loads the demo content only once', async () => {
    assert.equal(await loadDemoContent(server.ctx), 0);
    assert.equal(await server.ctx.store.articles.countAll(), DEMO_ARTICLES.length);
  });

  it('shows the newest story as the lead on the home page, with an At a glance list of top headlines', async () => {
    const { status, document } = await get('/');
    assert.equal(status, 200);
    const newest = [...DEMO_ARTICLES].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))[0]!;
    assert.equal(document.querySelector('.lead-story h2')?.textContent, newest.headline);
    assert.ok(document.querySelectorAll('.at-a-glance li a').length >= 3);
  });

  it('shows the latest stories of each section on the home page', async () => {
    const { document } = await get('/');
    const sections = [...document.querySelectorAll('.section-block h2')].map((h) => h.textContent);
    for (const name of ['Politics', 'Features', 'Arts', 'Entertainment', 'Society', 'Sport']) assert.ok(sections.includes(name), name);
  });

  it('lists a section newest first', async () => {
    const { status, document } = await get('/news');
    assert.equal(status, 200);
    assert.equal(document.querySelector('h1')?.textContent, 'News');
    const times = [...document.querySelectorAll('.section-list time')].map((t) => t.getAttribute('datetime') ?? '');
    assert.deepEqual([...times].sort().reverse(), times);
    assert.equal(document.querySelector('nav.sections a[aria-current=page]')?.textContent, 'News');
  });

  it('paginates a section with prev and next links', async () => {
    for (let i = 0; i < 4; i++) {
      await createArticle(server.ctx, {
        headline: `Council notice number ${i + 1}`,
        dateline: null,
        bylines: [],
        body: [{ type: 'paragraph', text: `Notice ${i + 1} of the council.` }],
        keyPoints: [],
        tags: [],
        section: 'society',
        publishedAt: `2026-10-0${i + 1}T09:00:00.000Z`,
        language: 'en',
        status: 'published',
      });
    }
    const first = await get('/society');
    assert.equal(first.document.querySelectorAll('.section-list .teaser').length, 3);
    assert.equal(first.document.querySelector('a[rel=next]')?.getAttribute('href'), '/society?page=2');
    const second = await get('/society?page=2');
    assert.equal(second.status, 200);
    assert.equal(second.document.querySelector('a[rel=prev]')?.getAttribute('href'), '/society');
  });

  it('answers a bad page number with a clear 400 and a missing page with 404', async () => {
    const bad = await get('/news?page=abc');
    assert.equal(bad.status, 400);
    assert.match(bad.document.querySelector('main p')?.textContent ?? '', /page: must be a whole number/);
    assert.equal((await get('/news?page=999')).status, 404);
  });

  it('answers an unknown article with 404', async () => {
    assert.equal((await get('/news/no-such-story')).status, 404);
    assert.equal((await get('/weather')).status, 404);
  });

  it('renders inline emphasis and links, block quotes and lists from the model', async () => {
    const withMarks = DEMO_ARTICLES.find((a) => a.body.some((b) => b.type === 'paragraph' && b.marks?.length))!;
    const stored = (await server.ctx.store.articles.listPublished({ limit: 100 })).find((a) => a.headline === withMarks.headline)!;
    const { document } = await get(`/${stored.section}/${stored.slug}`);
    assert.ok(document.querySelector('.story-body em'));
    assert.match(document.querySelector('.story-body a')?.getAttribute('href') ?? '', /^https:\/\//);
  });

  it('serves the stylesheet with a long cache lifetime and sets security headers', async () => {
    const home = await get('/');
    const href = home.document.querySelector('link[rel=stylesheet]')?.getAttribute('href') ?? '';
    const css = await fetch(server.url + href);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('cache-control') ?? '', /immutable/);
    assert.match(home.res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(home.res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('has an icon: linked as SVG from every page, and at /favicon.ico for clients that ask there', async () => {
    const home = await get('/');
    const href = home.document.querySelector('link[rel=icon]')?.getAttribute('href') ?? '';
    const svg = await fetch(server.url + href);
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(svg.headers.get('cache-control') ?? '', /immutable/);
    assert.match(await svg.text(), /^<svg /);
    const ico = await fetch(server.url + '/favicon.ico');
    assert.equal(ico.status, 200);
    assert.equal(ico.headers.get('content-type'), 'image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    // An ICO directory of one 32×32 image, holding a PNG.
    assert.deepEqual([bytes.readUInt16LE(0), bytes.readUInt16LE(2), bytes.readUInt16LE(4), bytes[6], bytes[7]], [0, 1, 1, 32, 32]);
    assert.equal(bytes.subarray(bytes.readUInt32LE(18), bytes.readUInt32LE(18) + 8).toString('latin1'), '\x89PNG\r\n\x1a\n');
    assert.equal(bytes.readUInt32LE(14), bytes.length - 22);
  });
});

describe('author pages', () => {
  const data = tempDataDir();
  let server: TestServer;
  before(async () => {
    server = await startTestServer(data.dir, { DATELINE_PAGE_SIZE: '2' });
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  it('lists an author’s articles with pagination', async () => {
    const author = await createUser(server.ctx, { email: 'ines@example.org', name: 'Ines Caldwater', role: 'writer', password: 'long enough password' });
    for (let i = 1; i <= 3; i++) {
      await createArticle(server.ctx, {
        headline: `Harbour diary, part ${i}`,
        dateline: null,
        bylines: [{ name: 'Ines Caldwater', authorId: author.id }],
        body: [{ type: 'paragraph', text: `Part ${i}.` }],
        keyPoints: [],
        tags: [],
        section: 'features',
        publishedAt: `2026-10-0${i}T09:00:00.000Z`,
        language: 'en',
        status: 'published',
      });
    }
    const first = parseHTML(await (await fetch(`${server.url}/authors/${author.slug}`)).text()).document;
    assert.equal(first.querySelector('h1')?.textContent, 'Ines Caldwater');
    assert.equal(first.querySelectorAll('.section-list .teaser').length, 2);
    assert.equal(first.querySelector('a[rel=next]')?.getAttribute('href'), `/authors/${author.slug}?page=2`);
    const second = parseHTML(await (await fetch(`${server.url}/authors/${author.slug}?page=2`)).text()).document;
    assert.equal(second.querySelector('.section-list .teaser h2')?.textContent, 'Harbour diary, part 1');
    assert.equal((await fetch(`${server.url}/authors/${author.slug}?page=x`)).status, 400);
  });
});
