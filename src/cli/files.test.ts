import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readAhead } from './files.js';

describe('readAhead', () => {
  let dir: string;
  const files = ['a.txt', 'b.txt', 'c.txt', 'd.txt'];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dateline-read-ahead-'));
    for (const f of files) writeFileSync(join(dir, f), `story ${f}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every file in order, with its contents', async () => {
    const read = [];
    for (const { fileName, bytes } of readAhead(files.map((f) => join(dir, f)), 2)) read.push([fileName, (await bytes).toString()]);
    assert.deepEqual(
      read,
      files.map((f) => [join(dir, f), `story ${f}`]),
    );
  });

  it('gives a file that cannot be read as a read that fails, in its place', async () => {
    const [first, missing] = [...readAhead([join(dir, 'a.txt'), join(dir, 'missing.txt')], 8)];
    assert.equal((await first!.bytes).toString(), 'story a.txt');
    await assert.rejects(missing!.bytes, { code: 'ENOENT' });
  });

  it('leaves no failed read unhandled when the reader stops early', async () => {
    const reads = readAhead([join(dir, 'a.txt'), join(dir, 'missing.txt')], 8);
    await reads.next().value?.bytes;
    // Waits past the failed read: an unhandled rejection would fail the test run.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
