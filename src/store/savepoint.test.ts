import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { trySavepoint } from './savepoint.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

describe('trySavepoint', () => {
  let opened: TestDatabase;
  const token = (name: string) => ({ name, token_hash: `hash-${name}`, created_at: '2026-11-26T10:00:00.000Z', revoked_at: null });
  const names = async () => (await opened.db.selectFrom('wire_tokens').select('name').orderBy('name').execute()).map((r) => r.name);

  before(async () => {
    opened = await openTestDatabase('savepoint');
  });
  after(() => opened.remove());

  it('undoes only the writes of a step that throws, and the transaction goes on', async () => {
    const results = await opened.db.transaction().execute(async (trx) => [
      await trySavepoint(trx, () => trx.insertInto('wire_tokens').values(token('afp')).execute()),
      await trySavepoint(trx, async () => {
        await trx.insertInto('wire_tokens').values(token('dpa')).execute();
        throw new Error('the step failed');
      }),
      await trySavepoint(trx, () => trx.insertInto('wire_tokens').values(token('reuters')).execute()),
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : (r.error as Error).message)),
      ['ok', 'the step failed', 'ok'],
    );
    assert.deepEqual(await names(), ['afp', 'reuters']);
  });

  it('throws when the database has dropped the whole transaction', async () => {
    await sql`CREATE TRIGGER test_drop BEFORE INSERT ON wire_tokens WHEN new.name = 'ap' BEGIN SELECT RAISE(ROLLBACK, 'dropped'); END`.execute(opened.db);
    try {
      await assert.rejects(
        opened.db.transaction().execute((trx) => trySavepoint(trx, () => trx.insertInto('wire_tokens').values(token('ap')).execute())),
      );
      assert.deepEqual(await names(), ['afp', 'reuters']);
    } finally {
      await sql`DROP TRIGGER test_drop`.execute(opened.db);
    }
  });

  it('refuses to run outside a transaction', async () => {
    await assert.rejects(
      trySavepoint(opened.db, async () => undefined),
      /needs a store bound to a transaction/,
    );
  });
});
