import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { watchDropFolder } from '../../src/ops/drop-folder.js';
import { createWireToken } from '../../src/ops/wire-tokens.js';
import { runCli, startTestServer, tempDataDir, type TestServer } from '../helpers.js';

const story = (headline: string) => `${headline}\n\nTHORNBY, MARLAND (MPA) - ${headline} on Thursday, officials said.\n\nThe work starts in spring.\n`;

describe('the agency push endpoint', () => {
  const data = tempDataDir();
  let server: TestServer;
  let token = '';
  before(async () => {
    server = await startTestServer(data.dir);
    token = await createWireToken(server.ctx, 'mpa');
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  const push = (body: string | Uint8Array, auth = `Bearer ${token}`, name = 'story.txt') =>
    fetch(`${server.url}/api/wire/items?name=${name}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/octet-stream' }, body: typeof body === 'string' ? body : new Uint8Array(body) });

  it('refuses a push without a valid token', async () => {
    const res = await push(story('Harbour wall rebuilt'), 'Bearer nope');
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /agency push token/);
  });

  it('takes an item into the wire desk, and the same item again as a skip', async () => {
    const first = await push(story('Harbour wall rebuilt'));
    assert.equal(first.status, 201);
    const body = (await first.json()) as { items: { outcome: string; headline: string; articleId: string }[] };
    assert.equal(body.items[0]?.outcome, 'imported');
    const article = await server.ctx.store.articles.getById(body.items[0]!.articleId);
    assert.equal(article?.origin, 'wire');
    assert.equal(article?.status, 'draft');
    const files = await server.ctx.store.wire.list({ limit: 5 });
    assert.equal((await server.ctx.store.wire.file(files[0]!.file_id))?.source, 'mpa');
    const again = await push(story('Harbour wall rebuilt'));
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { items: { outcome: string }[] }).items[0]?.outcome, 'skipped');
  });

  it('answers an unreadable item with 422 and the reason', async () => {
    const res = await push(Buffer.from([0, 159, 146, 150, 0, 1]), `Bearer ${token}`, 'garbage.bin');
    assert.equal(res.status, 422);
    const body = (await res.json()) as { items: { outcome: string; reason: string }[] };
    assert.equal(body.items[0]?.outcome, 'failed');
    assert.match(body.items[0]?.reason ?? '', /garbage\.bin/);
  });

  it('refuses a revoked token', async () => {
    const cli = await runCli(['--data', data.dir, 'tokens', 'revoke', 'mpa']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal((await push(story('Another story'))).status, 401);
  });

  it('exports a published article as ninjs 3', async () => {
    const [item] = await server.ctx.store.wire.list({ limit: 10, status: 'imported' });
    const article = (await server.ctx.store.articles.getById(item!.article_id!))!;
    await server.ctx.store.articles.update({ ...article, status: 'published', publishedAt: '2026-11-26T10:00:00.000Z' }, article.revision);
    const res = await fetch(`${server.url}/api/articles/${article.id}/ninjs`);
    assert.equal(res.status, 200);
    const ninjs = (await res.json()) as { headlines: { value: string }[]; uri: string };
    assert.equal(ninjs.headlines[0]?.value, 'Harbour wall rebuilt');
    const cli = await runCli(['--data', data.dir, 'export', '--format', 'ninjs', article.slug]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).uri, ninjs.uri);
  });
});

describe('the drop folder', () => {
  const data = tempDataDir();
  let server: TestServer;
  before(async () => {
    server = await startTestServer(data.dir);
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  it('ingests what lands, then moves it to .done or .failed with the reason', async () => {
    const drop = join(data.dir, 'drop');
    mkdirSync(drop);
    writeFileSync(join(drop, 'good.txt'), story('Lighthouse repainted'));
    writeFileSync(join(drop, 'empty.txt'), '');
    const old = new Date(Date.now() - 5000);
    utimesSync(join(drop, 'good.txt'), old, old);
    utimesSync(join(drop, 'empty.txt'), old, old);
    const watcher = watchDropFolder(server.ctx, drop, { everyMs: 60_000 });
    watcher.stop();
    while (existsSync(join(drop, 'good.txt')) || existsSync(join(drop, 'empty.txt'))) await watcher.scan();
    assert.ok(existsSync(join(drop, '.done', 'good.txt')));
    assert.ok(existsSync(join(drop, '.failed', 'empty.txt')));
    assert.match(readFileSync(join(drop, '.failed', 'empty.txt.error.txt'), 'utf8'), /empty/);
    const wire = await server.ctx.store.articles.listAll({ limit: 5, origin: 'wire' });
    assert.deepEqual(wire.map((a) => a.headline), ['Lighthouse repainted']);
  });

  it('leaves a file that is still being written for the next scan', async () => {
    const drop = join(data.dir, 'drop2');
    mkdirSync(drop);
    writeFileSync(join(drop, 'fresh.txt'), story('Bakery reopens'));
    const watcher = watchDropFolder(server.ctx, drop, { everyMs: 60_000 });
    watcher.stop();
    assert.equal(await watcher.scan(), 0);
    assert.ok(existsSync(join(drop, 'fresh.txt')));
  });
});
