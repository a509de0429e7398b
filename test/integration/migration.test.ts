import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, runCli, tempDataDir } from '../helpers.js';

describe('moving in from WordPress and Ghost', () => {
  const data = tempDataDir();
  after(() => data.remove());

  it('imports a WordPress export with its posts, states, sections, tags and dates', async () => {
    const { code, stdout } = await runCli(['--data', data.dir, 'import', join(repoRoot, 'test/fixtures/wxr/site-export.xml')]);
    assert.equal(code, 0);
    const rows = stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), [
      ['published', '/news/harbour-ferry-returns'],
      ['draft', '/politics/council-budget-what-to-expect'],
      ['published', '/sport/rovers-clinch-league'],
    ]);
    const list = await runCli(['--data', data.dir, 'articles', 'list', '--status', 'published']);
    assert.match(list.stdout, /^published\t20\d\d-\d\d-\d\dT[\d:.]+Z\t\/news\/harbour-ferry-returns\t/m);
  });

  it('imports a Ghost export, and the same export again as skips', async () => {
    const file = join(repoRoot, 'test/fixtures/ghost/ghost5-export.json');
    const first = await runCli(['--data', data.dir, 'import', file]);
    assert.equal(first.code, 0);
    assert.deepEqual(first.stdout.trim().split('\n').map((l) => l.split('\t')[0]), ['published', 'draft']);
    const again = await runCli(['--data', data.dir, 'import', file]);
    assert.deepEqual(again.stdout.trim().split('\n').map((l) => l.split('\t')[0]), ['skipped', 'skipped']);
  });
});
