import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadDemoContent } from '../../src/ops/load-demo-content.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { chromiumMissing, launchChromium, screenshotPath } from './browser.js';

describe('home and section pages in Chromium', { skip: chromiumMissing }, () => {
  const data = tempDataDir();
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer(data.dir, { DATELINE_DEMO: '1' });
    await loadDemoContent(server.ctx);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  for (const [name, width] of [['desktop', 1280], ['phone', 375]] as const) {
    it(`shows the lead story, At a glance and the sections on a ${name}`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(server.url + '/');
      assert.ok(await page.locator('.lead-story h2').isVisible());
      assert.ok(await page.locator('.front .at-a-glance').isVisible());
      assert.ok((await page.locator('.section-block').count()) >= 6);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      await page.screenshot({ path: screenshotPath(`home-${name}.png`), fullPage: true });
      await page.close();
    });
  }

  it('goes from the section menu to a section page and on to an article', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + '/');
    await page.click('nav.sections >> text=Sport');
    assert.equal(await page.locator('h1').textContent(), 'Sport');
    await page.screenshot({ path: screenshotPath('section-sport.png'), fullPage: true });
    await page.click('.section-list .teaser h2 a >> nth=0');
    assert.ok(await page.locator('article.story h1').isVisible());
    await page.screenshot({ path: screenshotPath('demo-article.png'), fullPage: true });
    await page.close();
  });
});
