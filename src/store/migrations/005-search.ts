import type { Kysely } from 'kysely';
import type { DialectInfo } from '../dialect.js';

/** Full-text search over published articles; the index itself is dialect-specific (see dialect.ts). */
export async function up(db: Kysely<unknown>, dialect: DialectInfo): Promise<void> {
  await dialect.createSearchIndex(db);
}
