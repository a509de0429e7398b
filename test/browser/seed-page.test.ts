import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { updateSiteSettings } from '../../src/ops/site-settings.js';
import { runCli, seedMissing, seedPath, startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { chromiumMissing, launchChromium, screenshotPath } from './browser.js';

describe('the seed page in Chromium', { skip: seedMissing || chromiumMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let path = '';

  before(async () => {
    const imported = await runCli(['--data', data.dir, 'import', '--publish', seedPath]);
    assert.equal(imported.code, 0, imported.stderr);
    path = imported.stdout.split('\t')[1] ?? '';
    server = await startTestServer(data.dir);
    // The seed dates from 2015: keep its comments open, past the default closing after 14 days.
    await updateSiteSettings(server.ctx, { id: 'test', role: 'admin' }, { commentsCloseAfterDays: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + path);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('shows every element of the seed, visible and top to bottom in order', async () => {
    const selectors = [
      'nav.sections',
      'article h1',
      '.story-body > p >> nth=0',
      '.story-body h2.crosshead >> nth=0',
      'article hr',
      'article time',
      'article .byline',
      'form.comment-form',
      'aside.share',
      'aside.at-a-glance',
    ];
    let lastTop = -1;
    for (const selector of selectors) {
      const el = page.locator(selector);
      assert.ok(await el.isVisible(), `${selector} is visible`);
      const box = await el.boundingBox();
      assert.ok(box, `${selector} has a box`);
      assert.ok(box.y > lastTop, `${selector} (top ${box.y}) is below the previous element (top ${lastTop})`);
      lastTop = box.y;
    }
    assert.equal(await page.locator('article time').textContent(), 'Wednesday, May 13th 2015');
    assert.match((await page.locator('.story-body > p >> nth=0').textContent()) ?? '', /^SOCHI, RUSSIA, Jo Biddle in Sochi with Anna Smolchenko in Moscow - /);
    await page.screenshot({ path: screenshotPath('seed-article-desktop.png'), fullPage: true });
  });

  it('posts a comment through the form and shows it under the article', async () => {
    await page.fill('#comment-name', 'Chromium Reader');
    await page.fill('#comment-email', 'chromium.reader@example.org');
    await page.fill('#comment-body', 'Posted from a real browser.');
    // Comments posted within 3 seconds of loading the form are refused as automated.
    await page.waitForTimeout(3000);
    await Promise.all([page.waitForURL(/commented=1/), page.click('form.comment-form button[type=submit]')]);
    const comment = page.locator('.comment-list .comment', { hasText: 'Posted from a real browser.' });
    assert.ok(await comment.isVisible());
    assert.equal(await comment.locator('strong').textContent(), 'Chromium Reader');
    assert.ok(await page.locator('.notice').isVisible());
    await page.screenshot({ path: screenshotPath('seed-article-commented.png'), fullPage: false });
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(server.url + path);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await phone.screenshot({ path: screenshotPath('seed-article-phone.png'), fullPage: false });
    await phone.close();
  });
});
