import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { ingestWireFiles, type WireFileOutcome, type WireFileToTake } from '../../src/ops/ingest-wire.js';
import { runCli, tempDataDir } from '../helpers.js';

const story = (headline: string, text = 'The harbour office said so on Monday.') => Buffer.from(`${headline}\n\nTHORNBY, MARLAND (MPA) - ${text}\n`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ninjs = (version: string, versioncreated: string) =>
  Buffer.from(
    JSON.stringify({
      uri: 'urn:newsml:marland-press:20261126:pier',
      type: 'text',
      version,
      language: 'en',
      versioncreated,
      headline: 'Pier reopens after repairs',
      body_html: '<p>THORNBY (MPA) - The pier reopened on Thursday.</p>',
    }),
  );

/**
 * A trigger that refuses articles whose headline starts with "Refused": a file that fails while it is
 * being written. RAISE(ABORT) undoes the statement; RAISE(ROLLBACK) makes SQLite drop the whole
 * transaction, as it does on a full disk or an I/O error.
 */
const refuse = (how: 'ABORT' | 'ROLLBACK') =>
  `CREATE TRIGGER test_refuse BEFORE INSERT ON articles WHEN new.headline LIKE 'Refused%' BEGIN SELECT RAISE(${how}, 'refused by the test trigger'); END`;

describe('batch wire import', () => {
  const data = tempDataDir();
  let ctx: AppContext;

  before(async () => {
    ctx = await createContext(loadConfig({ dataDir: data.dir }, { NODE_ENV: 'test', DATELINE_DEMO: '0', DATELINE_LOG_LEVEL: 'silent' }));
  });
  after(async () => {
    await ctx.close();
    data.remove();
  });

  const takeAll = async (files: { fileName: string; bytes: Buffer | Promise<Buffer> }[], batchFiles = 100) => {
    const heard: { file: WireFileToTake; outcome: WireFileOutcome }[] = [];
    const inputs = files.map((f) => ({ ...f, source: 'test', publish: false }));
    await ingestWireFiles(ctx, inputs, (file, outcome) => heard.push({ file, outcome }), { batchFiles });
    return heard;
  };
  const outcomeOf = (o: WireFileOutcome) => ('error' in o ? `error: ${(o.error as Error).message}` : o.results.map((r) => r.outcome).join(','));
  const isStored = async (bytes: Buffer) => (await ctx.store.wire.fileByHash(sha256(bytes))) !== undefined;
  const headlines = async () => (await ctx.store.articles.listAll({ limit: 100 })).map((a) => a.headline).sort();

  for (const how of ['ABORT', 'ROLLBACK'] as const) {
    it(`keeps a batch's good files when one fails to write (RAISE(${how}))`, async () => {
      await sql.raw(refuse(how)).execute(ctx.store.db);
      try {
        const refused = story('Refused lighthouse story', `The lighthouse (${how}) was repainted.`);
        const heard = await takeAll([
          { fileName: `${how}-1.txt`, bytes: story(`Quay lights fixed ${how}`) },
          { fileName: `${how}-2.txt`, bytes: refused },
          { fileName: `${how}-3.txt`, bytes: story(`Ferry timetable changes ${how}`) },
        ]);
        assert.deepEqual(
          heard.map((h) => [h.file.fileName, outcomeOf(h.outcome)]),
          [
            [`${how}-1.txt`, 'imported'],
            [`${how}-2.txt`, `error: refused by the test trigger`],
            [`${how}-3.txt`, 'imported'],
          ],
        );
        assert.equal(await isStored(refused), false);
        const stored = await headlines();
        assert.ok(stored.includes(`Quay lights fixed ${how}`) && stored.includes(`Ferry timetable changes ${how}`));
        assert.ok(!stored.some((h) => h.startsWith('Refused')));
      } finally {
        await sql.raw('DROP TRIGGER test_refuse').execute(ctx.store.db);
      }
    });
  }

  it('reports a file that cannot be read as failed, in its place, and takes the others', async () => {
    const missing = Promise.reject(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }));
    const heard = await takeAll([
      { fileName: 'read-1.txt', bytes: story('Tram depot extended') },
      { fileName: 'read-2.txt', bytes: missing },
      { fileName: 'read-3.txt', bytes: story('Market hall repainted') },
    ]);
    assert.deepEqual(
      heard.map((h) => outcomeOf(h.outcome)),
      ['imported', 'error: ENOENT: no such file', 'imported'],
    );
  });

  it('keeps a file it cannot parse, with the reason, among the others of its batch', async () => {
    const broken = Buffer.from('{"uri": "urn:x", "headline": "Truncated');
    const heard = await takeAll([
      { fileName: 'parse-1.json', bytes: broken },
      { fileName: 'parse-2.txt', bytes: story('Bridge inspection due') },
    ]);
    assert.deepEqual(
      heard.map((h) => outcomeOf(h.outcome)),
      ['failed', 'imported'],
    );
    assert.equal(await isStored(broken), true);
  });

  it('takes the same file, or the same agency item, twice in one batch as one article', async () => {
    const twice = story('Harbour dues frozen');
    const heard = await takeAll([
      { fileName: 'twice-a.txt', bytes: twice },
      { fileName: 'twice-b.txt', bytes: twice },
      { fileName: 'pier-a.json', bytes: ninjs('1', '2026-11-26T09:00:00Z') },
      { fileName: 'pier-b.json', bytes: ninjs('1', '2026-11-26T09:00:01Z') },
    ]);
    assert.deepEqual(
      heard.map((h) => outcomeOf(h.outcome)),
      ['imported', 'skipped', 'imported', 'skipped'],
    );
    const stored = await headlines();
    assert.equal(stored.filter((h) => h === 'Harbour dues frozen').length, 1);
    assert.equal(stored.filter((h) => h === 'Pier reopens after repairs').length, 1);
  });

  it('skips the files of a batch that came in before, naming their headlines', async () => {
    const heard = await takeAll([
      { fileName: 'again-1.txt', bytes: story('Quay lights fixed ABORT') },
      { fileName: 'again-2.txt', bytes: story('Tide gauge replaced') },
      { fileName: 'again-3.txt', bytes: story('Ferry timetable changes ABORT') },
    ]);
    assert.deepEqual(
      heard.map((h) => ('results' in h.outcome ? h.outcome.results.map((r) => [r.outcome, r.headline]) : h.outcome)),
      [[['skipped', 'Quay lights fixed ABORT']], [['imported', 'Tide gauge replaced']], [['skipped', 'Ferry timetable changes ABORT']]],
    );
    assert.match('results' in heard[0]!.outcome ? (heard[0]!.outcome.results[0]?.reason ?? '') : '', /^the same file came in before \(ABORT-1\.txt, /);
  });

  it('updates in a later batch an article an earlier batch made', async () => {
    const heard = await takeAll(
      [
        { fileName: 'pier-c.json', bytes: ninjs('2', '2026-11-26T10:00:00Z') },
        { fileName: 'pier-d.json', bytes: ninjs('3', '2026-11-26T11:00:00Z') },
      ],
      1,
    );
    assert.deepEqual(
      heard.map((h) => outcomeOf(h.outcome)),
      ['updated', 'updated'],
    );
  });

  it("announces a batch's changes once, when it commits, before its files are reported", async () => {
    const events: string[] = [];
    ctx.store.changes.subscribe((tags) => events.push(`changes ${[...tags].filter((t) => t === 'list:all').join()}`));
    const inputs = ['Choir wins prize', 'Library hours longer', 'School roof mended'].map((h, i) => ({ fileName: `tags-${i}.txt`, bytes: story(h), source: 'test', publish: true }));
    await ingestWireFiles(ctx, inputs, (file) => events.push(`file ${file.fileName}`), { batchFiles: 2 });
    assert.deepEqual(events, ['changes list:all', 'file tags-0.txt', 'file tags-1.txt', 'changes list:all', 'file tags-2.txt']);
  });
});

describe('dateline import in batches', () => {
  const data = tempDataDir();
  after(() => data.remove());

  it('imports the good files of a folder, keeps nothing of one that fails to write, and reports it as failed', async () => {
    const inbox = join(data.dir, 'inbox');
    const db = join(data.dir, 'db');
    mkdirSync(inbox);
    const created = await runCli(['--data', db, 'import', inbox]);
    assert.equal(created.code, 0);
    const sqlite = new SqliteDatabase(join(db, 'dateline.db'));
    sqlite.exec(refuse('ABORT'));
    sqlite.close();

    const names = Array.from({ length: 30 }, (_, i) => `story-${String(i).padStart(2, '0')}.txt`);
    names.forEach((name, i) => writeFileSync(join(inbox, name), story(i === 12 ? 'Refused story about the tide' : `Council story number ${i}`)));
    const { code, stdout, stderr } = await runCli(['--data', db, 'import', inbox]);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 29);
    assert.ok(lines.every((l) => l.startsWith('draft\t/news/council-story-number-')));
    assert.match(stderr, /^failed\t.*story-12\.txt\trefused by the test trigger$/m);
    assert.match(stderr, /^29 imported, 0 updated, 0 flagged, 0 skipped, 0 held, 1 failed$/m);

    const wire = await runCli(['--data', db, 'wire', 'list', '--limit', '100']);
    assert.equal(wire.stdout.trim().split('\n').length, 29);
    assert.doesNotMatch(wire.stdout, /Refused/);
    const articles = await runCli(['--data', db, 'articles', 'list', '--limit', '100']);
    assert.equal(articles.stdout.trim().split('\n').length, 29);
  });
});
