import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, seedMissing, seedPath, tempDataDir } from '../helpers.js';

describe('dateline parse', () => {
  it('prints the seed as one JSON line with its dateline, bylines, body and date', { skip: seedMissing }, async () => {
    const { code, stdout } = await runCli(['parse', seedPath]);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const doc = JSON.parse(lines[0]!);
    assert.equal(doc.headline, "Kerry holds 'frank' talks with Putin in bid to improve ties");
    assert.deepEqual(doc.dateline, { text: 'SOCHI, RUSSIA', city: 'Sochi', country: 'Russia' });
    assert.deepEqual(doc.bylines, [
      { name: 'Jo Biddle', location: 'Sochi' },
      { name: 'Anna Smolchenko', location: 'Moscow' },
    ]);
    const types = doc.body.map((b: { type: string }) => b.type);
    assert.equal(types.filter((t: string) => t === 'paragraph').length, 27);
    assert.deepEqual(
      doc.body.filter((b: { type: string }) => b.type === 'crosshead').map((b: { text: string }) => b.text),
      ['Urgent need for cooperation', 'First signs of understanding'],
    );
    assert.ok(doc.body.every((b: { text?: unknown }) => typeof b.text === 'string'));
    assert.match(doc.publishedAt, /^2015-05-13T/);
    assert.ok(Array.isArray(doc.keyPoints));
    assert.ok(doc.report.dropped.includes('New comment:'));
    assert.ok(Array.isArray(doc.report.warnings));
  });

  it('prints one line per file and names a file it cannot parse', async () => {
    const data = tempDataDir();
    const good = join(data.dir, 'good.txt');
    const empty = join(data.dir, 'empty.txt');
    writeFileSync(good, 'Ferry service resumes\n\nPORT ELLIS, MARLAND (MPA) - The ferry sailed again on Tuesday.\n');
    writeFileSync(empty, '');
    const { code, stdout, stderr } = await runCli(['parse', good, empty, join(data.dir, 'missing.txt')]);
    data.remove();
    assert.equal(code, 1);
    assert.equal(stdout.trim().split('\n').length, 1);
    assert.equal(JSON.parse(stdout).headline, 'Ferry service resumes');
    assert.match(stderr, /empty\.txt/);
    assert.match(stderr, /missing\.txt: ENOENT/);
  });
});

describe('dateline import', () => {
  const data = tempDataDir();
  after(() => data.remove());

  it('imports a folder, reports each file, and fails only the bad ones', async () => {
    const inbox = join(data.dir, 'inbox');
    mkdirSync(inbox);
    writeFileSync(join(inbox, 'a.txt'), 'Market hall to reopen\n\nTHORNBY, MARLAND (MPA) - The old market hall will reopen in spring.\n');
    writeFileSync(join(inbox, 'b.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0]));
    writeFileSync(join(inbox, 'c.txt'), 'Choir wins regional prize\n\nBy Ada Moss\n\nThe Thornby choir won first prize on Saturday.\n');
    const { code, stdout, stderr } = await runCli(['--data', join(data.dir, 'db'), 'import', '--section', 'Society', inbox]);
    assert.equal(code, 1);
    const rows = stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(
      rows.map((r) => [r[0], r[1]]),
      [
        ['draft', '/society/market-hall-to-reopen'],
        ['draft', '/society/choir-wins-regional-prize'],
      ],
    );
    assert.match(stderr, /failed\t.*b\.txt\t/);
    assert.match(stderr, /^2 imported, 0 updated, 0 flagged, 0 skipped, 0 held, 1 failed$/m);

    const list = await runCli(['--data', join(data.dir, 'db'), 'articles', 'list']);
    assert.equal(list.code, 0);
    assert.equal(list.stdout.trim().split('\n').length, 2);
  });

  it('gives a second article with the same headline its own path', async () => {
    const file = join(data.dir, 'same.txt');
    const other = join(data.dir, 'same-again.txt');
    writeFileSync(file, 'Tide tables published\n\nThe harbour office published the tide tables.\n');
    writeFileSync(other, 'Tide tables published\n\nThe harbour office published next year\'s tide tables.\n');
    const first = await runCli(['--data', join(data.dir, 'db2'), 'import', '--publish', file]);
    const second = await runCli(['--data', join(data.dir, 'db2'), 'import', '--publish', other]);
    assert.equal(first.stdout.split('\t')[1], '/news/tide-tables-published');
    assert.equal(second.stdout.split('\t')[1], '/news/tide-tables-published-2');
  });

  it('takes the same file twice as one article', async () => {
    const file = join(data.dir, 'same.txt');
    const again = await runCli(['--data', join(data.dir, 'db2'), 'import', '--publish', file]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^skipped\t.*same\.txt\tTide tables published\tthe same file came in before/);
    const list = await runCli(['--data', join(data.dir, 'db2'), 'articles', 'list']);
    assert.equal(list.stdout.trim().split('\n').length, 2);
  });

  it('expands a quoted glob', async () => {
    const { code, stdout } = await runCli(['--data', join(data.dir, 'db4'), 'import', join(data.dir, 'inbox', '*.txt')]);
    assert.equal(code, 1);
    assert.equal(stdout.trim().split('\n').length, 2);
  });

  it('refuses an unknown section before importing anything', async () => {
    const { code, stderr } = await runCli(['--data', join(data.dir, 'db3'), 'import', '--section', 'Weather', join(data.dir, 'same.txt')]);
    assert.equal(code, 2);
    assert.match(stderr, /--section: "Weather" is not a section; choose one of News, Politics/);
  });
});

describe('dateline arguments', () => {
  it('refuses a port that is not a number', async () => {
    const { code, stderr } = await runCli(['serve', '--port', 'eighty']);
    assert.notEqual(code, 0);
    assert.match(stderr, /--port must be a whole number from 0 to 65535, got "eighty"/);
  });

  it('names a bad environment variable', async () => {
    const data = tempDataDir();
    const { code, stderr } = await runCli(['--data', data.dir, 'articles', 'list'], { DATELINE_TIMEZONE: 'Mars/Olympus' });
    data.remove();
    assert.equal(code, 1);
    assert.match(stderr, /DATELINE_TIMEZONE: must be an IANA time zone/);
  });

  it('refuses an unknown status filter', async () => {
    const data = tempDataDir();
    const { code, stderr } = await runCli(['--data', data.dir, 'articles', 'list', '--status', 'lost']);
    data.remove();
    assert.equal(code, 2);
    assert.match(stderr, /--status: "lost" is not a status/);
  });
});
