import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { DialectInfo } from './dialect.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-newsroom.js';
import * as m003 from './migrations/003-ingest.js';
import * as m004 from './migrations/004-readers.js';
import * as m005 from './migrations/005-search.js';
import * as m006 from './migrations/006-derived.js';
import * as m007 from './migrations/007-list-order.js';
import * as m008 from './migrations/008-comment-reads.js';
import * as m009 from './migrations/009-link-reads.js';
import * as m010 from './migrations/010-related-links.js';
import * as m011 from './migrations/011-rate-limits.js';

interface NumberedMigration {
  up: (db: Kysely<unknown>, dialect: DialectInfo) => Promise<void>;
}

/** Migrations in order; a new one is appended with the next number and never edited once released. */
const MIGRATIONS: Record<string, NumberedMigration> = {
  '001-initial': m001,
  '002-newsroom': m002,
  '003-ingest': m003,
  '004-readers': m004,
  '005-search': m005,
  '006-derived': m006,
  '007-list-order': m007,
  '008-comment-reads': m008,
  '009-link-reads': m009,
  '010-related-links': m010,
  '011-rate-limits': m011,
};

/** Brings the schema up to date; runs at every start. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectInfo): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(MIGRATIONS).map(([name, m]): [string, Migration] => [name, { up: (d) => m.up(d, dialect) }]),
      ),
  };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('internal', `Database migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
