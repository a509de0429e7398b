import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ingestWireFile, redoWireFile, releaseEmbargoed } from '../../src/ops/ingest-wire.js';
import { createUser } from '../../src/ops/people.js';
import { saveArticle } from '../../src/ops/edit-article.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';

const ninjs = (fields: Record<string, unknown>) =>
  Buffer.from(
    JSON.stringify({
      uri: 'urn:newsml:marland-press:20261126:ferry',
      type: 'text',
      version: '1',
      language: 'en',
      versioncreated: '2026-11-26T09:00:00Z',
      headline: 'Ferry crews vote on pay offer',
      byline: 'Ines Caldwater',
      body_html: '<p>PORT ELLIS (MPA) - Ferry crews began voting on a pay offer on Thursday.</p><p>The result is due on Friday.</p>',
      ...fields,
    }),
  );

describe('wire ingest', () => {
  const data = tempDataDir();
  let server: TestServer;
  let clock = new Date('2026-11-26T10:00:00.000Z');
  const take = (bytes: Buffer, fileName = 'item.json', publish = false) => ingestWireFile(server.ctx, { bytes, fileName, source: 'test-agency', publish });

  before(async () => {
    server = await startTestServer(data.dir);
    server.ctx.now = () => clock;
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  it('makes a wire draft and keeps the original bytes and source', async () => {
    const bytes = ninjs({});
    const [result] = await take(bytes);
    assert.equal(result?.outcome, 'imported');
    assert.equal(result?.article?.origin, 'wire');
    assert.equal(result?.article?.status, 'draft');
    const [item] = await server.ctx.store.wire.list({ limit: 1 });
    const file = await server.ctx.store.wire.file(item!.file_id);
    assert.deepEqual(Buffer.from(file!.bytes), bytes);
    assert.equal(file?.source, 'test-agency');
    assert.equal(file?.format, 'ninjs');
  });

  it('takes the same item twice as one article', async () => {
    const [again] = await take(ninjs({ versioncreated: '2026-11-26T09:00:01Z' }));
    assert.equal(again?.outcome, 'skipped');
    assert.match(again?.reason ?? '', /version 1 of urn:newsml:marland-press:20261126:ferry is already in/);
    assert.equal((await server.ctx.store.articles.listAll({ limit: 10, origin: 'wire' })).length, 1);
  });

  it('updates an untouched wire draft with a newer version', async () => {
    const [v2] = await take(ninjs({ version: '2', headline: 'Ferry crews accept pay offer' }));
    assert.equal(v2?.outcome, 'updated');
    const drafts = await server.ctx.store.articles.listAll({ limit: 10, origin: 'wire' });
    assert.deepEqual(drafts.map((a) => a.headline), ['Ferry crews accept pay offer']);
  });

  it('flags an article an editor has changed instead of overwriting it', async () => {
    const editor = await createUser(server.ctx, { email: 'desk@example.org', name: 'Desk Editor', role: 'editor', password: 'long enough password' });
    const [draft] = await server.ctx.store.articles.listAll({ limit: 1, origin: 'wire' });
    const current = (await server.ctx.store.articles.getById(draft!.id))!;
    await saveArticle(server.ctx, editor, current.id, {
      expectedRevision: current.revision,
      headline: 'Ferry crews back deal',
      standfirst: '',
      section: 'news',
      tags: [],
      dateline: current.dateline,
      bylines: current.bylines,
      body: current.body,
      keyPoints: [],
      seo: { title: '', description: '', image: '' },
    });
    const [v3] = await take(ninjs({ version: '3', headline: 'Ferry crews accept pay offer by wide margin' }));
    assert.equal(v3?.outcome, 'flagged');
    const after = (await server.ctx.store.articles.getById(current.id))!;
    assert.equal(after.headline, 'Ferry crews back deal');
    assert.match(after.wireFlag ?? '', /^Version 3 of this wire story arrived/);
  });

  it('holds an embargoed item until its time, then imports it once', async () => {
    const [held] = await take(ninjs({ uri: 'urn:newsml:marland-press:20261126:budget', headline: 'Budget sets out school repairs', embargoed: '2026-11-26T12:00:00Z' }), 'budget.json', true);
    assert.equal(held?.outcome, 'held');
    assert.deepEqual(await releaseEmbargoed(server.ctx), []);
    clock = new Date('2026-11-26T12:00:01.000Z');
    const released = await releaseEmbargoed(server.ctx);
    assert.deepEqual(released.map((a) => [a.headline, a.status]), [['Budget sets out school repairs', 'published']]);
    assert.deepEqual(await releaseEmbargoed(server.ctx), []);
  });

  it('redoes an import from the stored bytes, updating the article it made', async () => {
    const [first] = await take(Buffer.from('Quay lights fixed\n\nTHORNBY, MARLAND (MPA) - The quay lights work again.\n'), 'quay.txt');
    const [item] = await server.ctx.store.wire.list({ limit: 1, status: 'imported' });
    const redo = await redoWireFile(server.ctx, item!.file_id, { publish: false });
    assert.equal(redo[0]?.outcome, 'updated');
    assert.equal(redo[0]?.article?.id, first?.article?.id);
  });

  it('keeps a file it cannot parse, with the reason, and makes no article', async () => {
    const before = await server.ctx.store.articles.countAll();
    const bytes = Buffer.from('{"uri": "urn:x", "headline": "Truncated');
    const [result] = await take(bytes, 'broken.json');
    assert.equal(result?.outcome, 'failed');
    assert.match(result?.reason ?? '', /broken\.json/);
    assert.equal(await server.ctx.store.articles.countAll(), before);
    const [item] = await server.ctx.store.wire.list({ limit: 1, status: 'failed' });
    assert.deepEqual(Buffer.from((await server.ctx.store.wire.file(item!.file_id))!.bytes), bytes);
  });
});
