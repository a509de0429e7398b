import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { createArticle } from '../../src/ops/create-article.js';
import { COMMENTS_READ_WHOLE, commentPageOf, formStamp, loadCommentsView, type CommentsView } from '../../src/ops/post-comment.js';
import type { StoredArticle } from '../../src/store/articles.js';
import { siteSecret, updateSiteSettings } from '../../src/ops/site-settings.js';
import { articlePath } from '../../src/web/site/paths.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { signedIn, type Client } from '../newsroom-helpers.js';

interface Reply {
  status: number;
  location: string;
  retryAfter: string;
  html: string;
  document: Document;
}

/** Posts a form from a chosen loopback address, so each test is a different reader to the per-address limits. */
function postFrom(server: TestServer, from: string, path: string, fields: Record<string, string>): Promise<Reply> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      {
        method: 'POST',
        localAddress: from,
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let html = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (html += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: String(res.headers.location ?? ''),
            retryAfter: String(res.headers['retry-after'] ?? ''),
            html,
            document: parseHTML(html).document as unknown as Document,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function getPage(server: TestServer, path: string): Promise<Document> {
  const res = await fetch(server.url + path);
  assert.equal(res.status, 200, `GET ${path}`);
  return parseHTML(await res.text()).document as unknown as Document;
}

/** The shared fixture: a server, fresh articles, and a new loopback address per reader. */
class CommentsFixture {
  private readonly data = tempDataDir();
  server!: TestServer;
  private addresses = 0;

  async start(): Promise<void> {
    this.server = await startTestServer(this.data.dir);
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.data.remove();
  }

  /** A new reader address: 127.0.0.3, 127.0.0.4 ... */
  address(): string {
    const n = ++this.addresses;
    return `127.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
  }

  /** Publishes a fresh article, `daysAgo` days old; returns its path. */
  async publish(headline: string, daysAgo = 0): Promise<string> {
    const article = await createArticle(this.server.ctx, {
      headline,
      dateline: null,
      bylines: [],
      body: [{ type: 'paragraph', text: `${headline}: the report.` }],
      keyPoints: [],
      tags: [],
      section: 'news',
      publishedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      language: 'en',
      status: 'published',
    });
    return articlePath(article);
  }

  /** A form stamp from five seconds ago: a reader who took the time to write. */
  async stamp(): Promise<string> {
    return formStamp(await siteSecret(this.server.ctx), new Date(Date.now() - 5000));
  }

  /** Posts a comment with good defaults from a new address (or `from`). */
  async comment(path: string, fields: Record<string, string> = {}, from = this.address()): Promise<Reply> {
    return postFrom(this.server, from, `${path}/comments`, { name: 'Ann Reader', email: 'ann@example.org', body: 'A fair report.', t: await this.stamp(), ...fields });
  }

  idFrom(location: string): number {
    return Number(/#comment-(\d+)$/.exec(location)?.[1]);
  }
}

const errorText = (doc: Document) => doc.querySelector('.comments .error')?.textContent ?? '';

describe('reader comments', () => {
  const fx = new CommentsFixture();
  let editor: Client;

  before(async () => {
    await fx.start();
    editor = await signedIn(fx.server, 'editor', 'Edna Editor');
  });
  after(() => fx.stop());

  it('commits a comment before sending the reader on: the row is in the database at the redirect', async () => {
    const path = await fx.publish('Harbour toll rises');
    const res = await fx.comment(path, { name: 'Dora Durable', email: 'Dora@Example.org', body: 'Not lost.' }, '127.0.0.250');
    assert.equal(res.status, 303);
    const row = await fx.server.ctx.store.db.selectFrom('comments').selectAll().where('id', '=', fx.idFrom(res.location)).executeTakeFirst();
    assert.equal(row?.body, 'Not lost.');
    assert.equal(row?.status, 'visible');
    assert.equal(row?.author_email, 'dora@example.org');
    assert.match(row?.ip_hash ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!row?.ip_hash?.includes('127.0.0.250'), 'the address is stored only as a hash');
  });

  it('shows the name and the comment, never the e-mail address', async () => {
    const path = await fx.publish('Ferry timetable changes');
    const res = await fx.comment(path, { name: 'Evan Open', email: 'evan.private@example.org', body: 'Good to know.' });
    assert.equal(res.status, 303);
    const page = await fetch(fx.server.url + res.location).then((r) => r.text());
    const { document } = parseHTML(page);
    assert.equal(document.querySelector('.comment-list .comment strong')?.textContent, 'Evan Open');
    assert.equal(document.querySelector('#comments-title')?.textContent, 'Comments (1)');
    assert.ok(!page.includes('evan.private@example.org'));
  });

  it('refuses a comment without a valid e-mail address', async () => {
    const path = await fx.publish('Bridge repairs begin');
    const missing = await fx.comment(path, { email: '' });
    assert.equal(missing.status, 400);
    assert.equal(errorText(missing.document), 'Please give your e-mail address (it is never shown).');
    const bad = await fx.comment(path, { email: 'not an address' });
    assert.equal(bad.status, 400);
    assert.equal(errorText(bad.document), 'Please give a valid e-mail address, like name@example.org.');
  });

  it('refuses a filled-in honeypot field, keeping what was typed', async () => {
    const path = await fx.publish('Library opens late');
    const res = await fx.comment(path, { name: 'Robot', body: 'Buy now', website: 'https://spam.example' });
    assert.equal(res.status, 400);
    assert.match(errorText(res.document), /a field people cannot see \("website"\) was filled in/);
    assert.equal(res.document.querySelector('#comment-name')?.getAttribute('value'), 'Robot');
    assert.equal(res.document.querySelector('#comment-body')?.textContent, 'Buy now');
    assert.equal(res.document.querySelector('#comment-website')?.getAttribute('value'), '');
  });

  it('hides the honeypot from people and keyboards', async () => {
    const document = await getPage(fx.server, await fx.publish('Market day moves'));
    const field = document.querySelector('input[name=website]');
    assert.equal(field?.getAttribute('tabindex'), '-1');
    assert.equal(field?.getAttribute('autocomplete'), 'off');
    assert.equal(field?.closest('.comment-hp')?.getAttribute('aria-hidden'), 'true');
  });

  it('refuses a comment posted less than 3 seconds after the form was shown', async () => {
    const path = await fx.publish('School term dates set');
    const document = await getPage(fx.server, path);
    const t = document.querySelector('.comment-form input[name=t]')?.getAttribute('value') ?? '';
    const res = await fx.comment(path, { t });
    assert.equal(res.status, 400);
    assert.match(errorText(res.document), /please take at least 3 seconds over a comment/);
    assert.equal(res.document.querySelector('.comment-form input[name=t]')?.getAttribute('value'), t, 'the wait runs from the first showing');
  });

  it('refuses a form whose time stamp is missing or not signed by the site', async () => {
    const path = await fx.publish('Tram line extended');
    const forged = `${Date.now() - 60_000}.${'A'.repeat(43)}`;
    for (const t of ['', forged]) {
      const res = await fx.comment(path, { t });
      assert.equal(res.status, 400);
      assert.match(errorText(res.document), /the form could not be checked/);
    }
  });

  it('refuses a comment with more than two links', async () => {
    const path = await fx.publish('Park gates repainted');
    const ok = await fx.comment(path, { body: 'See https://a.example and www.b.example' });
    assert.equal(ok.status, 303);
    const res = await fx.comment(path, { body: 'See https://a.example, http://b.example and www.c.example' });
    assert.equal(res.status, 400);
    assert.equal(errorText(res.document), 'A comment can hold at most 2 links; yours has 3.');
  });

  it('refuses HTML such as <a> and <script> tags, and escapes what it shows', async () => {
    const path = await fx.publish('Museum adds a wing');
    for (const body of ['Visit <a href="https://spam.example">here</a>', 'Hi <script>alert(1)</script>', '<span style="x">styled</span>']) {
      const res = await fx.comment(path, { body });
      assert.equal(res.status, 400, body);
      assert.equal(errorText(res.document), 'Please write plain text: HTML tags such as <a> or <script> are not accepted in comments.');
    }
    const fine = await fx.comment(path, { body: 'If x < a and b > c, then <b>so</b> be it.' });
    assert.equal(fine.status, 303);
    const page = await fetch(fx.server.url + fine.location).then((r) => r.text());
    assert.ok(page.includes('If x &lt; a and b &gt; c, then &lt;b&gt;so&lt;/b&gt; be it.'));
  });

  it('refuses a sixth comment within a minute from one address with 429', async () => {
    const path = await fx.publish('Rain expected at weekend');
    const from = fx.address();
    for (let i = 1; i <= 5; i++) assert.equal((await fx.comment(path, { body: `Comment ${i}` }, from)).status, 303);
    const res = await fx.comment(path, { body: 'Comment 6' }, from);
    assert.equal(res.status, 429);
    assert.match(res.retryAfter, /^\d+$/);
    assert.match(errorText(res.document), /^You are commenting too fast; please wait \d+ seconds and try again\.$/);
    assert.equal(res.document.querySelector('#comment-body')?.textContent, 'Comment 6');
  });

  it('refuses the 31st comment within a minute on one article with 429', async () => {
    const path = await fx.publish('Cup final tickets on sale');
    for (let i = 1; i <= 30; i++) assert.equal((await fx.comment(path, { body: `Fan ${i}` })).status, 303);
    const res = await fx.comment(path, { body: 'Fan 31' });
    assert.equal(res.status, 429);
    assert.match(errorText(res.document), /^This article is getting a great many comments just now; please wait \d+ seconds/);
  });

  it('closes comments after the configured number of days: no form, and a post is refused', async () => {
    const path = await fx.publish('Old news from last month', 20);
    await updateSiteSettings(fx.server.ctx, { id: 'test', role: 'admin' }, { commentsCloseAfterDays: 14 });
    const document = await getPage(fx.server, path);
    assert.equal(document.querySelector('.comments-closed')?.textContent, 'Comments are closed.');
    assert.equal(document.querySelector('form.comment-form'), null);
    const res = await fx.comment(path);
    assert.equal(res.status, 403);
    assert.match(errorText(res.document), /^Comments are closed: this article stopped taking comments 14 days after it was published\.$/);
  });

  it('keeps comments open on old articles when closing is set to 0 days', async () => {
    const path = await fx.publish('Archive story reopened', 400);
    await updateSiteSettings(fx.server.ctx, { id: 'test', role: 'admin' }, { commentsCloseAfterDays: 0 });
    try {
      assert.ok((await getPage(fx.server, path)).querySelector('form.comment-form'));
      assert.equal((await fx.comment(path)).status, 303);
    } finally {
      await updateSiteSettings(fx.server.ctx, { id: 'test', role: 'admin' }, { commentsCloseAfterDays: 0 });
    }
  });

  it('refuses new comments from a blocked e-mail address and a blocked address', async () => {
    const path = await fx.publish('Council tax frozen');
    const troll = fx.address();
    const first = await fx.comment(path, { name: 'Troll', email: 'troll@example.org', body: 'Rude words.' }, troll);
    const blocked = await editor.post(`/newsroom/comments/${fx.idFrom(first.location)}/block`, { scope: 'both', tab: 'visible' });
    assert.equal(blocked.status, 303);
    assert.equal(blocked.headers.get('location'), '/newsroom/comments?status=visible&done=block');

    const byEmail = await fx.comment(path, { name: 'Troll', email: 'TROLL@example.org' });
    assert.equal(byEmail.status, 403);
    assert.equal(errorText(byEmail.document), 'Your comment was not posted: comments from you are blocked on this site.');
    const byAddress = await fx.comment(path, { name: 'Troll again', email: 'new.troll@example.org' }, troll);
    assert.equal(byAddress.status, 403);
    assert.equal((await fx.comment(path, { name: 'Someone else', email: 'fine@example.org' })).status, 303);
    const document = await getPage(fx.server, path);
    assert.ok(!document.querySelector('.comment-list')?.textContent?.includes('Rude words.'), 'the blocked comment is rejected');
  });

  it('threads a reply under its parent, one level deep', async () => {
    const path = await fx.publish('Harbour wall rebuilt');
    const parent = fx.idFrom((await fx.comment(path, { name: 'Pat Parent', body: 'Who pays?' })).location);
    const form = await getPage(fx.server, `${path}?replyTo=${parent}`);
    assert.equal(form.querySelector('.comment-form input[name=parent_id]')?.getAttribute('value'), String(parent));
    assert.match(form.querySelector('.comment-replying')?.textContent ?? '', /Replying to Pat Parent/);

    const reply = await fx.comment(path, { name: 'Rae Reply', body: 'The port does.', parent_id: String(parent) });
    assert.equal(reply.status, 303);
    const document = await getPage(fx.server, path);
    assert.equal(document.querySelector(`#comment-${parent} .comment-replies .comment strong`)?.textContent, 'Rae Reply');
    assert.equal(document.querySelectorAll('.comment-list > .comment').length, 1);
    assert.equal(document.querySelector('#comments-title')?.textContent, 'Comments (2)');
    assert.equal(document.querySelector(`#comment-${parent} .comment-reply-link`)?.getAttribute('href'), `${path}?replyTo=${parent}#comment-form`);
    assert.equal(document.querySelector('.comment-replies .comment-reply-link'), null, 'replies take no replies');

    const deeper = await fx.comment(path, { body: 'A reply to a reply.', parent_id: String(fx.idFrom(reply.location)) });
    assert.equal(deeper.status, 400);
    assert.equal(errorText(deeper.document), 'You can reply only to a published comment on this article, and not to a reply.');
  });

  it('refuses a reply to a comment on another article', async () => {
    const [a, b] = [await fx.publish('Swimming pool reopens'), await fx.publish('Swimming pool prices')];
    const elsewhere = fx.idFrom((await fx.comment(a)).location);
    const res = await fx.comment(b, { parent_id: String(elsewhere) });
    assert.equal(res.status, 400);
    assert.match(errorText(res.document), /reply only to a published comment on this article/);
  });

  it('shows comments oldest first by default and newest first on request', async () => {
    const path = await fx.publish('Orchestra season announced');
    for (const name of ['First', 'Second', 'Third']) assert.equal((await fx.comment(path, { name })).status, 303);
    const names = (doc: Document) => [...doc.querySelectorAll('.comment-list > .comment > .comment-meta strong')].map((s) => s.textContent);
    assert.deepEqual(names(await getPage(fx.server, path)), ['First', 'Second', 'Third']);
    const newest = await getPage(fx.server, `${path}?comments=newest`);
    assert.deepEqual(names(newest), ['Third', 'Second', 'First']);
    assert.equal(newest.querySelector('.comment-sort a[aria-current]')?.textContent, 'newest first');
  });
});

describe('pages of comments', () => {
  const fx = new CommentsFixture();
  let path: string;
  let articleId: string;
  const names = (doc: Document) => [...doc.querySelectorAll('.comment-list > .comment > .comment-meta strong')].map((s) => s.textContent);

  before(async () => {
    await fx.start();
    path = await fx.publish('Council election count');
    articleId = (await fx.server.ctx.store.articles.getBySlug(path.split('/')[2]!))!.id;
    // 205 threads, a minute apart, the oldest first; a reply under thread 150.
    const start = Date.now() - 300 * 60_000;
    const at = (minute: number) => new Date(start + minute * 60_000).toISOString();
    const comment = (n: number, parentId: number | null = null) => ({
      articleId, parentId, authorName: `Reader ${n}`, body: `Comment ${n}.`, createdAt: at(n), status: 'visible' as const, authorEmail: null, ipHash: null,
    });
    const ids: number[] = [];
    for (let n = 1; n <= 205; n++) ids.push((await fx.server.ctx.store.comments.add(comment(n))).id);
    await fx.server.ctx.store.comments.add({ ...comment(250, ids[149]!), authorName: 'Reply to 150' });
  });
  after(() => fx.stop());

  it('shows 100 threads a page, counts them all, and links the pages in the reader\'s order', async () => {
    const first = await getPage(fx.server, path);
    assert.equal(first.querySelector('#comments-title')?.textContent, 'Comments (206)');
    assert.deepEqual(names(first).slice(0, 2), ['Reader 1', 'Reader 2']);
    assert.equal(names(first).length, 100);
    assert.equal(first.querySelector('.comment-pages span')?.textContent, 'Page 1 of 3');
    assert.equal(first.querySelector('.comment-pages a[rel=prev]'), null);
    assert.equal(first.querySelector('.comment-pages a[rel=next]')?.getAttribute('href'), `${path}?comments_page=2#comments`);

    const second = await getPage(fx.server, `${path}?comments_page=2`);
    assert.deepEqual([names(second)[0], names(second).at(-1)], ['Reader 101', 'Reader 200']);
    assert.equal(second.querySelector(`.comment-replies .comment strong`)?.textContent, 'Reply to 150', 'a reply is on its thread\'s page');
    assert.equal(second.querySelector('.comment-pages a[rel=prev]')?.getAttribute('href'), `${path}#comments`);

    const last = await getPage(fx.server, `${path}?comments_page=3`);
    assert.deepEqual(names(last), ['Reader 201', 'Reader 202', 'Reader 203', 'Reader 204', 'Reader 205']);
    assert.equal(last.querySelector('.comment-pages a[rel=next]'), null);

    const newest = await getPage(fx.server, `${path}?comments=newest&comments_page=3`);
    assert.deepEqual(names(newest), ['Reader 5', 'Reader 4', 'Reader 3', 'Reader 2', 'Reader 1']);
    assert.equal(newest.querySelector('.comment-pages a[rel=prev]')?.getAttribute('href'), `${path}?comments=newest&comments_page=2#comments`);
  });

  it('answers a page past the last with 404 and a page that is not a number with 400', async () => {
    assert.equal((await fetch(`${fx.server.url}${path}?comments_page=4`)).status, 404);
    const bad = await fetch(`${fx.server.url}${path}?comments_page=two`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /comments_page: must be a whole number from 1, got &quot;two&quot;/);
  });

  it('keeps the page in reply links, and sends a reader who posts to the page that shows the comment', async () => {
    const second = await getPage(fx.server, `${path}?comments_page=2`);
    const replyLink = second.querySelector('.comment-list > .comment .comment-reply-link')?.getAttribute('href') ?? '';
    assert.match(replyLink, /\?comments_page=2&replyTo=\d+#comment-form$/);
    const replying = await getPage(fx.server, replyLink.replace(/#.*/, ''));
    assert.match(replying.querySelector('.comment-replying')?.textContent ?? '', /Replying to Reader 101/);

    const posted = await fx.comment(path, { name: 'Late Reader', body: 'Still counting?' });
    assert.equal(posted.status, 303);
    assert.match(posted.location, new RegExp(`^${path}\\?comments_page=3&commented=1#comment-\\d+$`));
    const shown = await getPage(fx.server, posted.location.replace(/#.*/, ''));
    assert.ok(shown.querySelector(`#comment-${fx.idFrom(posted.location)}`), 'the new comment is on the page the reader is sent to');

    const parent = Number(/replyTo=(\d+)/.exec(replyLink)?.[1]);
    // Page two is in the page cache; the reply drops it with the article's other pages of comments.
    await fetch(`${fx.server.url}${path}?comments_page=2`);
    assert.equal((await fetch(`${fx.server.url}${path}?comments_page=2`)).headers.get('x-cache'), 'hit');
    const reply = await fx.comment(path, { name: 'Second Reply', body: 'On page two.', parent_id: String(parent) });
    assert.match(reply.location, /\?comments_page=2&commented=1#comment-\d+$/);
    const afterReply = await getPage(fx.server, `${path}?comments_page=2`);
    assert.equal(afterReply.querySelector(`#comment-${parent} .comment-replies .comment strong`)?.textContent, 'Second Reply');
    const refused = await fx.comment(path, { email: 'not an address', body: 'Again.', parent_id: String(parent) });
    assert.equal(refused.status, 400);
    assert.match(refused.document.querySelector('.comment-replying')?.textContent ?? '', /Replying to Reader 101/, 'a refused reply is shown beside its comment');
  });
});

describe('comment moderation', () => {
  const fx = new CommentsFixture();
  let admin: Client;
  let editor: Client;
  let writer: Client;

  before(async () => {
    await fx.start();
    [admin, editor, writer] = [await signedIn(fx.server, 'admin', 'Ada Admin'), await signedIn(fx.server, 'editor', 'Edna Editor'), await signedIn(fx.server, 'writer', 'Will Writer')];
  });
  after(() => fx.stop());

  it('lets an admin switch on pre-moderation on the settings page', async () => {
    const res = await admin.post('/newsroom/settings', { commentsMode: 'pre', commentsCloseAfterDays: '30', twitterHandle: '@harbourdaily' });
    assert.equal(res.status, 303);
    const page = parseHTML(await (await admin.get('/newsroom/settings?done=settings')).text()).document;
    assert.equal(page.querySelector('.nr-notice')?.textContent, 'Settings saved.');
    assert.equal(page.querySelector('input[name=commentsMode][value=pre]')?.hasAttribute('checked'), true);
    assert.equal(page.querySelector('#s-close')?.getAttribute('value'), '30');
    assert.equal(page.querySelector('#s-x')?.getAttribute('value'), '@harbourdaily');
  });

  it('refuses a bad setting with a message, keeping what was typed', async () => {
    const res = await admin.post('/newsroom/settings', { commentsMode: 'pre', commentsCloseAfterDays: 'soon', twitterHandle: '@harbourdaily' });
    assert.equal(res.status, 400);
    const page = parseHTML(await res.text()).document;
    assert.equal(page.querySelector('.nr-notice.nr-error')?.textContent, 'commentsCloseAfterDays: give a whole number of days.');
    assert.equal(page.querySelector('#s-close')?.getAttribute('value'), 'soon');
  });

  it('keeps the settings page to admins (403 for an editor)', async () => {
    assert.equal((await editor.get('/newsroom/settings')).status, 403);
    assert.equal((await editor.post('/newsroom/settings', { commentsMode: 'post', commentsCloseAfterDays: '1', twitterHandle: '' })).status, 403);
  });

  it('holds a comment under pre-moderation: the reader is told, and the page does not show it', async () => {
    const path = await fx.publish('Lighthouse keeper retires');
    const res = await fx.comment(path, { name: 'Hal Held', body: 'Waiting my turn.' });
    assert.equal(res.status, 303);
    assert.equal(res.location, `${path}?commented=held#comment-form`);
    const document = await getPage(fx.server, `${path}?commented=held`);
    assert.match(document.querySelector('.comment-form .notice')?.textContent ?? '', /^Thank you: your comment is held for moderation/);
    assert.equal(document.querySelector('.comment-list'), null);
    assert.equal(document.querySelector('#comments-title')?.textContent, 'Comments (0)');
  });

  it('lists held comments newest first, with article link, name, e-mail, time and body', async () => {
    const path = await fx.publish('Pier lights switched on');
    await fx.comment(path, { name: 'Older Olive', email: 'olive@example.org', body: 'First.' });
    await fx.comment(path, { name: 'Newer Nell', email: 'nell@example.org', body: 'Second.' });
    const page = parseHTML(await (await editor.get('/newsroom/comments')).text()).document;
    const cards = [...page.querySelectorAll('.nr-comment')];
    assert.deepEqual(cards.slice(0, 2).map((c) => c.querySelector('.nr-comment-name')?.textContent), ['Newer Nell', 'Older Olive']);
    const nell = cards[0]!;
    assert.equal(nell.querySelector('.nr-comment-article a')?.getAttribute('href'), `${path}#comments`);
    assert.equal(nell.querySelector('.nr-comment-email')?.textContent, 'nell@example.org');
    assert.ok(nell.querySelector('time[datetime]'));
    assert.equal(nell.querySelector('.nr-comment-body')?.textContent, 'Second.');
    assert.ok(nell.querySelector('form[action$="/approve"] input[name=_csrf]'), 'actions carry the CSRF token');
    assert.match(page.querySelector('.nr-filters a[aria-current=page]')?.textContent ?? '', /^Held \(\d+\)$/);
  });

  it('makes a held comment visible when an editor approves it', async () => {
    const path = await fx.publish('Regatta date fixed');
    await fx.comment(path, { name: 'Amy Approved', body: 'Count me in.' });
    const id = (await fx.server.ctx.store.comments.listByStatus('held', { limit: 1 }))[0]!.id;
    const res = await editor.post(`/newsroom/comments/${id}/approve`, { tab: 'held' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/newsroom/comments?status=held&done=approve');
    const document = await getPage(fx.server, path);
    assert.equal(document.querySelector('.comment-list .comment strong')?.textContent, 'Amy Approved');
    assert.equal(document.querySelector('#comments-title')?.textContent, 'Comments (1)');
    const row = await fx.server.ctx.store.comments.getById(id);
    assert.equal(row?.moderatedBy, editor.userId);
  });

  it('hides a rejected comment and removes a deleted one with its replies', async () => {
    const path = await fx.publish('Ferry fares rise');
    await updateSiteSettings(fx.server.ctx, { id: 'test', role: 'admin' }, { commentsMode: 'post' });
    try {
      const parent = fx.idFrom((await fx.comment(path, { name: 'Top' })).location);
      const reply = fx.idFrom((await fx.comment(path, { name: 'Under', parent_id: String(parent) })).location);
      const other = fx.idFrom((await fx.comment(path, { name: 'Other' })).location);
      assert.equal((await editor.post(`/newsroom/comments/${other}/reject`, { tab: 'visible' })).status, 303);
      assert.equal((await fx.server.ctx.store.comments.getById(other))?.status, 'rejected');
      assert.equal((await editor.post(`/newsroom/comments/${parent}/delete`, { tab: 'visible' })).status, 303);
      assert.equal(await fx.server.ctx.store.comments.getById(reply), undefined);
      assert.equal((await getPage(fx.server, path)).querySelector('#comments-title')?.textContent, 'Comments (0)');
    } finally {
      await updateSiteSettings(fx.server.ctx, { id: 'test', role: 'admin' }, { commentsMode: 'pre' });
    }
  });

  it('lists blocks and lifts one', async () => {
    const path = await fx.publish('Beach cleaned');
    const from = fx.address();
    await fx.comment(path, { name: 'Spammy', email: 'spammy@example.org' }, from);
    const id = (await fx.server.ctx.store.comments.listByStatus('held', { limit: 1 }))[0]!.id;
    assert.equal((await editor.post(`/newsroom/comments/${id}/block`, { scope: 'email', tab: 'held' })).status, 303);
    const page = parseHTML(await (await editor.get('/newsroom/comments?status=blocked')).text()).document;
    assert.equal(page.querySelector('.nr-table td')?.textContent, 'spammy@example.org');
    const action = page.querySelector('.nr-table form')?.getAttribute('action') ?? '';
    assert.equal((await editor.post(action)).status, 303);
    assert.equal((await fx.comment(path, { name: 'Spammy', email: 'spammy@example.org' }, from)).status, 303, 'address was not blocked, e-mail no longer is');
  });

  it('refuses the queue and its actions to a writer (403)', async () => {
    assert.equal((await writer.get('/newsroom/comments')).status, 403);
    const id = (await fx.server.ctx.store.comments.listByStatus('held', { limit: 1 }))[0]!.id;
    assert.equal((await writer.post(`/newsroom/comments/${id}/approve`, { tab: 'held' })).status, 403);
    assert.equal((await fx.server.ctx.store.comments.getById(id))?.status, 'held');
  });

  it('shows the Comments link to editors and the Settings link to admins only', async () => {
    const nav = async (c: Client) => [...parseHTML(await (await c.get('/newsroom')).text()).document.querySelectorAll('.nr-nav a')].map((a) => a.textContent);
    assert.ok((await nav(editor)).includes('Comments'));
    assert.ok(!(await nav(editor)).includes('Settings'));
    assert.ok((await nav(admin)).includes('Settings'));
    assert.ok(!(await nav(writer)).includes('Comments'));
  });
});

describe('pages of comments on an article with more than a page reads whole', () => {
  const fx = new CommentsFixture();
  let path: string;
  let article: StoredArticle;
  const names = (doc: Document) => [...doc.querySelectorAll('.comment-list > .comment > .comment-meta strong')].map((s) => s.textContent);
  const shown = (view: CommentsView) => view.threads.map((t) => [t.comment.id, ...t.replies.map((r) => r.id)]);

  before(async () => {
    await fx.start();
    path = await fx.publish('Stadium vote');
    article = (await fx.server.ctx.store.articles.getBySlug(path.split('/')[2]!))!;
    // 450 threads (more than COMMENTS_READ_WHOLE), some sharing a second, with replies; some threads and
    // replies not visible, and replies under a thread that is not: those are neither shown nor counted.
    const { comments } = fx.server.ctx.store;
    const start = Date.now() - 600 * 60_000;
    const at = (n: number) => new Date(start + Math.floor(n / 3) * 60_000).toISOString();
    const add = async (n: number, parentId: number | null, status: 'visible' | 'held' | 'rejected' = 'visible') =>
      (await comments.add({ articleId: article.id, parentId, authorName: `Reader ${n}`, body: `Comment ${n}.`, createdAt: at(n), status, authorEmail: null, ipHash: null })).id;
    for (let n = 1; n <= 470; n++) {
      const status = n % 47 === 0 ? 'held' : n % 53 === 0 ? 'rejected' : 'visible';
      const id = await add(n, null, status);
      if (n % 10 === 0) await add(1000 + n, id);
      if (n % 47 === 0) await add(2000 + n, id);
      if (n % 90 === 0) await add(3000 + n, id, 'held');
    }
  });
  after(() => fx.stop());

  it('shows every page as reading them whole would, in both orders, with the same counts', async () => {
    assert.ok(COMMENTS_READ_WHOLE < 470);
    for (const order of ['oldest', 'newest'] as const) {
      const whole = await loadCommentsView(fx.server.ctx, article, { order, readWhole: 10_000 });
      assert.equal(whole.pageCount, 5);
      for (let page = 1; page <= whole.pageCount; page++) {
        const inMemory = await loadCommentsView(fx.server.ctx, article, { order, page, readWhole: 10_000 });
        const inSql = await loadCommentsView(fx.server.ctx, article, { order, page });
        assert.deepEqual(shown(inSql), shown(inMemory), `${order}, page ${page}`);
        assert.deepEqual([inSql.threadCount, inSql.commentCount, inSql.pageCount], [inMemory.threadCount, inMemory.commentCount, inMemory.pageCount]);
      }
      await assert.rejects(loadCommentsView(fx.server.ctx, article, { order, page: 6 }), /has 5 page\(s\) of comments; there is no page 6/);
    }
  });

  it('finds the page of a comment or a reply in either order, and none for one not shown', async () => {
    const all = await fx.server.ctx.store.comments.listVisible(article.id);
    const hidden = await fx.server.ctx.store.comments.listByStatus('held', { limit: 100 });
    for (const order of ['oldest', 'newest'] as const) {
      const pages = new Map<number, number>();
      for (let page = 1; page <= 5; page++) for (const ids of shown(await loadCommentsView(fx.server.ctx, article, { order, page, readWhole: 10_000 }))) for (const id of ids) pages.set(id, page);
      for (const c of all.filter((_, i) => i % 7 === 0)) assert.equal(await commentPageOf(fx.server.ctx, article.id, c.id, order), pages.get(c.id), `comment ${c.id}, ${order}`);
      for (const c of hidden.slice(0, 5)) assert.equal(await commentPageOf(fx.server.ctx, article.id, c.id, order), undefined);
    }
  });

  it('serves the pages over HTTP: the count, 100 threads, the last page, and 404 past it', async () => {
    const first = await getPage(fx.server, path);
    const view = await loadCommentsView(fx.server.ctx, article, { readWhole: 10_000 });
    assert.equal(first.querySelector('#comments-title')?.textContent, `Comments (${view.commentCount})`);
    assert.equal(names(first).length, 100);
    assert.equal(first.querySelector('.comment-pages span')?.textContent, 'Page 1 of 5');
    const last = await getPage(fx.server, `${path}?comments=newest&comments_page=5`);
    assert.equal(names(last).at(-1), 'Reader 1');
    assert.equal((await fetch(`${fx.server.url}${path}?comments_page=6`)).status, 404);
  });
});
