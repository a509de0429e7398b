import type { Kysely } from 'kysely';

/**
 * Rate limits and sign-in throttles count in the database, so every server process (`serve --workers N`, and
 * app nodes over one PostgreSQL later) counts the same hits: in memory, each process allowed the limit again.
 * One row per limited key (hashed: never an address or e-mail in clear): the start of its window, in ms since
 * the epoch, and the hits in it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_window_start').on('rate_limits').column('window_start').execute();
}
