import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type ColumnDefinitionBuilder } from 'kysely';
import type { Database } from './schema.js';

/**
 * Everything that differs between SQLite and PostgreSQL lives here, as capability flags and small
 * builders, so queries elsewhere stay dialect-neutral.
 */
export interface DialectInfo {
  name: 'sqlite' | 'postgres';
  /** Column builder for an auto-incrementing integer primary key. */
  autoIncrementId: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** The column type for an auto-incrementing id. */
  autoIncrementType: 'integer' | 'serial';
  /** The column type for raw bytes. */
  binaryType: 'blob' | 'bytea';
  /** Creates the full-text index of articles (SQLite: an FTS5 table; PostgreSQL: a tsvector column). */
  createSearchIndex: (db: Kysely<unknown>) => Promise<void>;
}

export const sqliteInfo: DialectInfo = {
  name: 'sqlite',
  autoIncrementType: 'integer',
  binaryType: 'blob',
  createSearchIndex: async () => {
    // Filled in by the search work (an FTS5 virtual table kept by the article store).
  },
  autoIncrementId: (col) => col.primaryKey().autoIncrement(),
};

export interface OpenedDatabase {
  db: Kysely<Database>;
  info: DialectInfo;
  close: () => Promise<void>;
}

/** Opens (creating when needed) the embedded SQLite database in `dataDir/dateline.db`, in WAL mode. */
export function openSqlite(dataDir: string): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'dateline.db');
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, info: sqliteInfo, close: () => db.destroy() };
}
