import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from './test-database.js';

describe('bulk writes (checkpoints in a thread of their own)', () => {
  let opened: TestDatabase;
  const file = () => join(opened.dir, 'dateline.db');
  const autocheckpoint = async () => (await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(opened.db)).rows[0]?.wal_autocheckpoint;
  // 40 commits of 25 settings of 4 KB each: about 1,000 pages through the log.
  const writeMany = async (prefix: string) => {
    for (let t = 0; t < 40; t++) {
      await opened.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 25; i++) await trx.insertInto('settings').values({ key: `${prefix}-${t}-${i}`, value: `${t}:${i}:`.padEnd(4000, 'x') }).execute();
      });
    }
  };
  const count = async (prefix: string) =>
    Number((await opened.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `${prefix}-%`).executeTakeFirstOrThrow()).n);

  before(async () => {
    opened = await openTestDatabase('bulk');
  });
  after(() => opened.remove());

  it('copies the log into the database file while the writes go on, without checkpointing in their commits', async () => {
    const sizeBefore = statSync(file()).size;
    const result = await opened.bulkWrites(async () => {
      assert.equal(await autocheckpoint(), 0, 'the connection leaves checkpoints to the thread');
      await writeMany('bulk');
      // The thread checkpoints every 50 ms: the database file takes the pages while the work is still running.
      for (let i = 0; i < 100 && statSync(file()).size < sizeBefore + 2_000_000; i++) await sleep(20);
      assert.ok(statSync(file()).size >= sizeBefore + 2_000_000, `the database file grew from ${sizeBefore} to ${statSync(file()).size} bytes`);
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal(await autocheckpoint(), 1000, 'checkpoints are back in the commits afterwards');
    assert.equal(await count('bulk'), 1000);
  });

  it('passes on the error of work that fails, keeps what it committed, and restores the checkpoints', async () => {
    await assert.rejects(
      opened.bulkWrites(async () => {
        await writeMany('failing');
        throw new Error('the import stopped');
      }),
      /the import stopped/,
    );
    assert.equal(await autocheckpoint(), 1000);
    assert.equal(await count('failing'), 1000);
  });
});
