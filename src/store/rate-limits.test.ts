import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RateLimitStore } from './rate-limits.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

describe('rate limit counters in the database', () => {
  let opened: TestDatabase;
  let limits: RateLimitStore;

  before(async () => {
    opened = await openTestDatabase('rate-limits');
    limits = new RateLimitStore(opened.db);
  });
  after(() => opened.remove());

  it('counts hits in a window that starts at the first, and starts a new one after it', async () => {
    assert.deepEqual(await limits.hit('a', 1_000, 60_000), { windowStart: 1_000, count: 1 });
    assert.deepEqual(await limits.hit('a', 30_000, 60_000), { windowStart: 1_000, count: 2 });
    assert.deepEqual(await limits.hit('a', 60_999, 60_000), { windowStart: 1_000, count: 3 });
    assert.deepEqual(await limits.hit('a', 61_000, 60_000), { windowStart: 61_000, count: 1 }, 'a hit after the window starts another');
    assert.deepEqual(await limits.hit('b', 61_500, 60_000), { windowStart: 61_500, count: 1 }, 'keys count apart');
  });

  it('reads a window without counting, forgets a key, and drops windows long over', async () => {
    await limits.hit('c', 5_000, 10_000);
    await limits.hit('c', 6_000, 10_000);
    assert.deepEqual(await limits.peek('c', 7_000, 10_000), { windowStart: 5_000, count: 2 });
    assert.deepEqual(await limits.peek('c', 7_000, 10_000), { windowStart: 5_000, count: 2 }, 'peeking counts nothing');
    assert.equal((await limits.peek('c', 15_000, 10_000)).count, 0, 'a window that is over counts nothing');
    await limits.reset('c');
    assert.equal((await limits.peek('c', 7_000, 10_000)).count, 0);
    await limits.hit('old', 1_000, 10_000);
    await limits.hit('new', 100_000, 10_000);
    await limits.prune(50_000);
    const keys = (await opened.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    assert.ok(!keys.includes('old') && keys.includes('new'), `kept ${keys.join(', ')}`);
  });
});
