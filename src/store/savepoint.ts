import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type SavepointResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `fn` inside a savepoint of the transaction `db` is bound to (a store from `store.transaction`):
 * when `fn` throws, its writes are undone and the transaction goes on without them. Throws only when
 * the savepoint cannot be rolled back, i.e. the database gave up the whole transaction (SQLite does so
 * itself on a full disk, an I/O error or a trigger's RAISE(ROLLBACK)).
 *
 * Change announcements made inside a savepoint that is rolled back stay in the transaction's buffer,
 * so they are announced on commit: a page may be purged needlessly, never kept stale.
 */
export async function trySavepoint<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<SavepointResult<T>> {
  if (!db.isTransaction) throw new Error('trySavepoint needs a store bound to a transaction (store.transaction)');
  // One fixed name: nested savepoints of the same name are a stack in SQLite and PostgreSQL alike, and
  // a fixed SQL text keeps the prepared-statement cache to three entries.
  await sql`savepoint dateline_savepoint`.execute(db);
  let value: T;
  try {
    value = await fn();
  } catch (error) {
    await sql`rollback to savepoint dateline_savepoint`.execute(db);
    await sql`release savepoint dateline_savepoint`.execute(db);
    return { ok: false, error };
  }
  await sql`release savepoint dateline_savepoint`.execute(db);
  return { ok: true, value };
}
