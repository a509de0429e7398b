import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openSqlite, type OpenedDatabase } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { trySavepoint } from './savepoint.js';

describe('trySavepoint', () => {
  let dir: string;
  let opened: OpenedDatabase;
  const token = (name: string) => ({ name, token_hash: `hash-${name}`, created_at: '2026-11-26T10:00:00.000Z', revoked_at: null });
  const names = async () => (await opened.db.selectFrom('wire_tokens').select('name').orderBy('name').execute()).map((r) => r.name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dateline-savepoint-'));
    opened = openSqlite(dir);
    await migrateToLatest(opened.db as unknown as Kysely<unknown>, opened.info);
  });
  after(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
