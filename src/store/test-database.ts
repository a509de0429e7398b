import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openSqlite, type OpenedDatabase } from './dialect.js';
import { migrateToLatest } from './migrate.js';

/** For tests: a migrated SQLite database in a new temporary folder. */
export interface TestDatabase extends OpenedDatabase {
  dir: string;
  /** Closes the database and deletes its folder. */
  remove: () => Promise<void>;
}

export async function openTestDatabase(name: string): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `dateline-${name}-`));
  const opened = openSqlite(dir);
  await migrateToLatest(opened.db as unknown as Kysely<unknown>, opened.info);
  return {
    ...opened,
    dir,
    remove: async () => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
