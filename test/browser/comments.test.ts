import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/ops/people.js';
import { updateSiteSettings } from '../../src/ops/site-settings.js';
import { runCli, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { PASSWORD } from '../newsroom-helpers.js';
import { chromiumMissing, launchChromium, screenshotPath } from './browser.js';

const BODY = 'Frank talks are a start; what matters is what follows.';

describe('a held comment, approved in the newsroom, in Chromium', { skip: seedMissing || chromiumMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let browser: Browser;
  let reader: Page;
  let path = '';

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    path = imported.stdout.split('\t')[1] ?? '';
    server = await startTestServer(data.dir);
    // Pre-moderation on; the seed dates from 2015, so its comments are kept open.
    await updateSiteSettings(server.ctx, { id: 'test', role: 'admin' }, { commentsMode: 'pre', commentsCloseAfterDays: 0 });
    await createUser(server.ctx, { email: 'edna@example.org', name: 'Edna Editor', role: 'editor', password: PASSWORD });
    browser = await launchChromium();
    reader = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('tells a reader their comment is held, and does not show it yet', async () => {
    await reader.goto(server.url + path);
    await reader.fill('#comment-name', 'Rosa Reader');
    await reader.fill('#comment-email', 'rosa@example.org');
    await reader.fill('#comment-body', BODY);
    const honeypot = await reader.locator('#comment-website').boundingBox();
    assert.ok(honeypot && honeypot.x + honeypot.width <= 0, 'the honeypot is out of sight');
    // Comments posted within 3 seconds of loading the form are refused as automated.
    await reader.waitForTimeout(3000);
    await Promise.all([reader.waitForURL(/commented=held/), reader.click('form.comment-form button[type=submit]')]);
    const notice = reader.locator('.comment-form .notice');
    assert.ok(await notice.isVisible());
    assert.match((await notice.textContent()) ?? '', /^Thank you: your comment is held for moderation/);
    assert.equal(await reader.locator('.comment-list .comment', { hasText: BODY }).count(), 0);
    await reader.screenshot({ path: screenshotPath('comments-held.png') });
  });

  it('lets an editor sign in and approve it from the queue', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const editor = await context.newPage();
    await editor.goto(`${server.url}/newsroom/sign-in?next=${encodeURIComponent('/newsroom/comments')}`);
    await editor.fill('#email', 'edna@example.org');
    await editor.fill('#password', PASSWORD);
    await Promise.all([editor.waitForURL(/\/newsroom\/comments$/), editor.click('button[type=submit]')]);
    const card = editor.locator('.nr-comment', { hasText: BODY });
    assert.ok(await card.isVisible());
    assert.equal(await card.locator('.nr-comment-email').textContent(), 'rosa@example.org');
    await editor.screenshot({ path: screenshotPath('comments-queue.png') });
    await Promise.all([editor.waitForURL(/done=approve/), card.locator('button', { hasText: 'Approve' }).click()]);
    assert.equal(await editor.locator('.nr-notice').textContent(), 'Approved: the comment is on the article page.');
    assert.equal(await editor.locator('.nr-comment', { hasText: BODY }).count(), 0, 'it has left the held tab');
    await context.close();
  });

  it('shows the approved comment on the article page', async () => {
    await reader.goto(`${server.url}${path}#comments`);
    const comment = reader.locator('.comment-list .comment', { hasText: BODY });
    assert.ok(await comment.isVisible());
    assert.equal(await comment.locator('strong').first().textContent(), 'Rosa Reader');
    assert.equal(await reader.locator('#comments-title').textContent(), 'Comments (1)');
    assert.ok(!(await reader.content()).includes('rosa@example.org'), 'the e-mail is never shown');
    await reader.screenshot({ path: screenshotPath('comments-approved.png') });
  });
});
