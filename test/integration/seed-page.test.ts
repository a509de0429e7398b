import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { formStamp } from '../../src/ops/post-comment.js';
import { siteSecret, updateSiteSettings } from '../../src/ops/site-settings.js';
import { runCli, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';

/** Imports the seed with the real CLI into a fresh data folder, then reads its page over real HTTP. */
describe('the seed article page', { skip: seedMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let path = '';
  let html = '';

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    const [status, urlPath, headline] = imported.stdout.trim().split('\t');
    assert.equal(status, 'published');
    assert.equal(headline, "Kerry holds 'frank' talks with Putin in bid to improve ties");
    path = urlPath ?? '';
    server = await startTestServer(data.dir);
    // The seed dates from 2015: keep its comments open, past the default closing after 14 days.
    await updateSiteSettings(server.ctx, { id: 'test', role: 'admin' }, { commentsCloseAfterDays: 0 });
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200);
    html = await res.text();
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  it('prints the page path on import', () => {
    assert.equal(path, '/news/kerry-holds-frank-talks-with-putin-in-bid-to-improve-ties');
  });

  it('shows every element of the seed page in the seed order', () => {
    const { document } = parseHTML(html);
    const all = [...document.querySelectorAll('*')];
    const pos = (selector: string) => {
      const el = document.querySelector(selector);
      assert.ok(el, `${selector} is on the page`);
      return all.indexOf(el);
    };
    const order = [
      'nav.sections',
      'article h1',
      '.story-body > p',
      '.story-body h2.crosshead',
      'article hr',
      'article time[datetime]',
      'article .byline',
      'form.comment-form',
      'aside.share a.share-x',
      'aside.at-a-glance',
    ].map((s) => [s, pos(s)] as const);
    for (let i = 1; i < order.length; i++) {
      assert.ok(order[i - 1]![1] < order[i]![1], `${order[i - 1]![0]} comes before ${order[i]![0]}`);
    }
  });

  it('has the section menu with the seed sections', () => {
    const { document } = parseHTML(html);
    const names = [...document.querySelectorAll('nav.sections a')].map((a) => a.textContent?.trim());
    assert.deepEqual(names, ['News', 'Politics', 'Features', 'Arts', 'Entertainment', 'Society', 'Sport']);
  });

  it('opens the lead with the dateline and both bylines with their locations', () => {
    const { document } = parseHTML(html);
    const lead = document.querySelector('.story-body > p')?.textContent ?? '';
    assert.match(lead, /^SOCHI, RUSSIA, Jo Biddle in Sochi with Anna Smolchenko in Moscow - Russian President Vladimir Putin/);
  });

  it('renders the body as 27 paragraphs and 2 crossheads as headings, quotes kept as given', () => {
    const { document } = parseHTML(html);
    assert.equal(document.querySelectorAll('.story-body > p').length, 27);
    const crossheads = [...document.querySelectorAll('.story-body h2')].map((h) => h.textContent);
    assert.deepEqual(crossheads, ['Urgent need for cooperation', 'First signs of understanding']);
    assert.ok(document.querySelector('.story-body')?.textContent?.includes('Russia’s willingness'));
  });

  it('shows the date as the seed writes it inside a time element', () => {
    const { document } = parseHTML(html);
    const time = document.querySelector('article time');
    assert.equal(time?.textContent, 'Wednesday, May 13th 2015');
    assert.match(time?.getAttribute('datetime') ?? '', /^2015-05-13T/);
  });

  it('shows the closing byline line', () => {
    const { document } = parseHTML(html);
    assert.equal(document.querySelector('article .byline')?.textContent, 'Jo Biddle with Anna Smolchenko');
  });

  it('carries a share link to X with the headline and canonical URL, and Twitter card tags', () => {
    const { document } = parseHTML(html);
    const href = document.querySelector('a.share-x')?.getAttribute('href') ?? '';
    const share = new URL(href);
    assert.equal(share.origin + share.pathname, 'https://x.com/intent/tweet');
    assert.equal(share.searchParams.get('text'), "Kerry holds 'frank' talks with Putin in bid to improve ties");
    const canonical = document.querySelector('link[rel=canonical]')?.getAttribute('href');
    assert.equal(share.searchParams.get('url'), canonical);
    assert.equal(document.querySelector('meta[name="twitter:card"]')?.getAttribute('content'), 'summary');
    assert.equal(document.querySelector('meta[name="twitter:title"]')?.getAttribute('content'), "Kerry holds 'frank' talks with Putin in bid to improve ties");
  });

  it('fills the At a glance box with sentences taken verbatim from the body', () => {
    const { document } = parseHTML(html);
    const points = [...document.querySelectorAll('aside.at-a-glance li')].map((li) => li.textContent ?? '');
    assert.ok(points.length >= 2 && points.length <= 5, `got ${points.length} key points`);
    const body = document.querySelector('.story-body')?.textContent ?? '';
    for (const p of points) assert.ok(body.includes(p), `"${p}" is a sentence of the body`);
  });

  it('keeps page clutter out of the article', () => {
    const { document } = parseHTML(html);
    const story = document.querySelector('article.story')?.textContent ?? '';
    for (const clutter of ['New comment:', 'At a glance', 'News | Politics', '----']) {
      assert.ok(!story.includes(clutter), `"${clutter}" is not in the article`);
    }
  });

  // A form stamp from a few seconds ago, as a reader who took the time to write would send.
  const t = async () => formStamp(await siteSecret(server.ctx), new Date(Date.now() - 5000));

  it('stores a posted comment and shows it under the article', async () => {
    const res = await fetch(`${server.url}${path}/comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Ann Reader', email: 'ann@example.org', body: 'A <b>useful</b> summary, thanks.', t: await t() }),
    });
    assert.equal(res.status, 303);
    const page = await (await fetch(server.url + (res.headers.get('location') ?? ''))).text();
    const { document } = parseHTML(page);
    const comment = document.querySelector('.comment-list .comment');
    assert.equal(comment?.querySelector('strong')?.textContent, 'Ann Reader');
    assert.ok(page.includes('A &lt;b&gt;useful&lt;/b&gt; summary, thanks.'), 'the comment is escaped');
  });

  it('refuses a comment posted from another site', async () => {
    const res = await fetch(`${server.url}${path}/comments`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Mallory', body: 'spam' }),
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /sent from another site/);
  });

  it('refuses an empty comment with a message and keeps what was typed', async () => {
    const res = await fetch(`${server.url}${path}/comments`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Bea', email: 'bea@example.org', body: '   ', t: await t() }),
    });
    assert.equal(res.status, 400);
    const { document } = parseHTML(await res.text());
    assert.equal(document.querySelector('.comment-form .error')?.textContent, 'Please write a comment.');
    assert.equal(document.querySelector('#comment-name')?.getAttribute('value'), 'Bea');
  });
});
