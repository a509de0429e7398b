import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Block } from '../../src/domain/article.js';
import { utcToZonedLocal } from '../../src/domain/dates.js';
import { createUser } from '../../src/ops/people.js';
import { startScheduler } from '../../src/ops/scheduler.js';
import { createArticle } from '../../src/ops/create-article.js';
import { seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { PASSWORD } from '../newsroom-helpers.js';
import { chromiumMissing, launchChromium, screenshotPath } from './browser.js';

async function signIn(browser: Browser, server: TestServer, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(`${server.url}/newsroom/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/newsroom`), page.click('button[type=submit]')]);
  return page;
}

async function saved(page: Page): Promise<void> {
  await page.click('#save-button');
  await page.waitForFunction(() => /^Saved/.test(document.querySelector('#save-status')?.textContent ?? ''));
}

describe('the newsroom in Chromium', { skip: chromiumMissing || seedMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let browser: Browser;
  let offsetMs = 0;
  let scheduler: ReturnType<typeof startScheduler>;
  const seedLines = seedMissing ? [] : readFileSync(seedPath, 'utf8').split('\n').map((l) => l.trim());
  const headline = seedLines[0] ?? '';
  const lead = (seedLines[4] ?? '').replace(/^.*?Moscow- /, '');
  const crossheads = seedLines.filter((l) => l.startsWith("-'")).map((l) => l.slice(2, -2));

  before(async () => {
    server = await startTestServer(data.dir);
    // The server's clock runs ahead by offsetMs, so "a minute later" comes without waiting a minute.
    server.ctx.now = () => new Date(Date.now() + offsetMs);
    scheduler = startScheduler(server.ctx, 200);
    await createUser(server.ctx, { email: 'wren@example.org', name: 'Wren Writer', role: 'writer', password: PASSWORD });
    await createUser(server.ctx, { email: 'eda@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
    browser = await launchChromium();
  });
  after(async () => {
    scheduler?.stop();
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('takes the seed story from a writer draft through review and scheduling to the site, then a correction', async () => {
    // The writer drafts the story with two bylines and crossheads, and submits it.
    const writer = await signIn(browser, server, 'wren@example.org');
    await Promise.all([writer.waitForURL(/\/newsroom\/articles\/[\w-]+$/), writer.click('text=New article')]);
    await writer.fill('#f-headline', headline);
    await writer.fill('#f-dateline', 'SOCHI, RUSSIA');
    await writer.fill('#f-city', 'Sochi');
    await writer.fill('#f-country', 'Russia');
    await writer.fill('input[name="bylines.0.name"]', 'Jo Biddle');
    await writer.fill('input[name="bylines.0.location"]', 'Sochi');
    await writer.click('#add-byline');
    await writer.fill('input[name="bylines.1.name"]', 'Anna Smolchenko');
    await writer.fill('input[name="bylines.1.location"]', 'Moscow');
    const body = writer.locator('#body-editor .ProseMirror');
    await body.click();
    await writer.keyboard.type(lead);
    await writer.keyboard.press('Enter');
    await writer.click('button[aria-label="Crosshead"]');
    await writer.keyboard.type(crossheads[0]!);
    await writer.keyboard.press('Enter');
    await writer.keyboard.type(seedLines[20] ?? '');
    await writer.keyboard.press('Enter');
    await writer.click('button[aria-label="Crosshead"]');
    await writer.keyboard.type(crossheads[1]!);
    await writer.keyboard.press('Enter');
    await writer.keyboard.type(seedLines[30] ?? '');
    await saved(writer);
    await writer.screenshot({ path: screenshotPath('newsroom-editor.png'), fullPage: true });
    await Promise.all([writer.waitForURL(/done=submit/), writer.click('button[data-intent=submit]')]);
    assert.match((await writer.locator('.nr-notice').textContent()) ?? '', /Submitted for review/);

    const stored = (await server.ctx.store.articles.listAll({ limit: 1, status: 'in_review' }))[0]!;
    const article = (await server.ctx.store.articles.getById(stored.id))!;
    assert.deepEqual(
      article.body.map((b) => b.type),
      ['paragraph', 'crosshead', 'paragraph', 'crosshead', 'paragraph'],
    );
    assert.deepEqual(article.bylines.map((b) => [b.name, b.location]), [
      ['Jo Biddle', 'Sochi'],
      ['Anna Smolchenko', 'Moscow'],
    ]);

    // The editor reviews it, adds a key point and schedules it a minute ahead.
    const editor = await signIn(browser, server, 'eda@example.org');
    await Promise.all([editor.waitForURL(/\/newsroom\/articles\//), editor.click(`a:text-is("${headline}")`)]);
    const keyPoint = 'Kerry and Putin met for four hours in Sochi.';
    await editor.fill('#f-keypoints', keyPoint);
    await saved(editor);
    const at = utcToZonedLocal(new Date(server.ctx.now().getTime() + 60_000).toISOString(), server.ctx.config.timeZone);
    await editor.fill('#schedule-at', at);
    await Promise.all([editor.waitForURL(/done=schedule/), editor.click('button[data-intent=schedule]')]);
    assert.match((await editor.locator('.nr-notice').textContent()) ?? '', /Scheduled/);
    const path = `/news/${(await server.ctx.store.articles.getById(stored.id))!.slug}`;
    assert.equal((await fetch(server.url + path)).status, 404, 'not live before its time');

    // A minute later it is on the site.
    offsetMs += 61_000;
    await scheduler.tick();
    const reader = await browser.newPage();
    const res = await reader.goto(server.url + path);
    assert.equal(res?.status(), 200);
    assert.equal(await reader.locator('article h1').textContent(), headline);
    assert.match((await reader.locator('.story-body > p >> nth=0').textContent()) ?? '', /^SOCHI, RUSSIA, Jo Biddle in Sochi with Anna Smolchenko in Moscow - /);
    assert.deepEqual(await reader.locator('.story-body h2').allTextContents(), crossheads);
    assert.deepEqual(await reader.locator('aside.at-a-glance li').allTextContents(), [keyPoint]);

    // The editor adds a correction, and it shows on the page.
    await editor.reload();
    await editor.fill('#c-text', 'An earlier version of this article misspelt a name.');
    await Promise.all([editor.waitForURL(/done=correction/), editor.click('text=Add note')]);
    await reader.reload();
    assert.match((await reader.locator('.corrections .note').textContent()) ?? '', /^Correction .*An earlier version of this article misspelt a name\.$/);
    await reader.screenshot({ path: screenshotPath('newsroom-published-corrected.png'), fullPage: true });
  });

  it('keeps every block type unchanged through the editor, a save and a reload', async () => {
    const blocks: Block[] = [
      {
        type: 'paragraph',
        text: 'The new bridge opened on time, said the mayor’s office.',
        marks: [
          { kind: 'em', start: 4, end: 7 },
          { kind: 'strong', start: 8, end: 14 },
          { kind: 'link', start: 15, end: 21, href: 'https://example.org/bridge' },
        ],
      },
      { type: 'crosshead', text: 'Traffic returns' },
      { type: 'blockquote', text: 'We waited two years for this.', attribution: 'Mia Stone, shopkeeper' },
      { type: 'list', ordered: false, items: [{ text: 'Two lanes each way' }, { text: 'A cycle path', marks: [{ kind: 'em', start: 2, end: 7 }] }] },
      { type: 'list', ordered: true, items: [{ text: 'First' }, { text: 'Second' }] },
      { type: 'image', src: 'https://example.org/bridge.jpg', alt: 'The bridge at dawn', caption: 'Opening day', credit: 'Photo: Ada Moss' },
      { type: 'embed', url: 'https://example.org/video/42', provider: 'Example', title: 'The opening' },
    ];
    const eda = await server.ctx.store.users.getCredentials('eda@example.org');
    const article = await createArticle(
      server.ctx,
      { headline: 'Every block survives', dateline: null, bylines: [], body: blocks, keyPoints: [], tags: [], section: 'news', publishedAt: null, language: 'en', status: 'draft' },
      { actor: eda!.user.id },
    );
    const page = await signIn(browser, server, 'eda@example.org');
    await page.goto(`${server.url}/newsroom/articles/${article.id}`);
    await page.waitForFunction(() => window.__datelineEditor !== undefined);
    assert.deepEqual(await page.evaluate(() => window.__datelineEditor!.getBlocks()), blocks);
    await page.fill('#f-headline', 'Every block survives a save');
    await saved(page);
    assert.deepEqual((await server.ctx.store.articles.getById(article.id))!.body, blocks);
    await page.reload();
    await page.waitForFunction(() => window.__datelineEditor !== undefined);
    assert.deepEqual(await page.evaluate(() => window.__datelineEditor!.getBlocks()), blocks);
    await page.screenshot({ path: screenshotPath('newsroom-every-block.png'), fullPage: true });
  });

  it('warns a second person who opens the same article', async () => {
    const eda = await server.ctx.store.users.getCredentials('eda@example.org');
    const article = await createArticle(
      server.ctx,
      { headline: 'Two desks, one story', dateline: null, bylines: [], body: [{ type: 'paragraph', text: 'Copy.' }], keyPoints: [], tags: [], section: 'news', publishedAt: null, language: 'en', status: 'draft' },
      { actor: eda!.user.id },
    );
    await createUser(server.ctx, { email: 'sam@example.org', name: 'Sam Subeditor', role: 'editor', password: PASSWORD });
    const first = await signIn(browser, server, 'eda@example.org');
    await first.goto(`${server.url}/newsroom/articles/${article.id}`);
    await first.waitForFunction(() => window.__datelineEditor !== undefined);
    const second = await signIn(browser, server, 'sam@example.org');
    await second.goto(`${server.url}/newsroom/articles/${article.id}`);
    await second.waitForSelector('#presence-banner:not([hidden])');
    assert.match((await second.locator('#presence-banner').textContent()) ?? '', /Eda Editor is also editing this article/);
  });
});
