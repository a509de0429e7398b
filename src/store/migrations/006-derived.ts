import type { Kysely } from 'kysely';

/**
 * What an article page shows that is worked out from other data (the Related box, extracted key
 * points), kept per article so a page render reads one row instead of ranking tag matches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('article_derived')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    // The article's updated_at when this was worked out: a later edit makes it stale.
    .addColumn('source_updated_at', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('related_ids_json', 'text', (c) => c.notNull())
    .addColumn('key_points_json', 'text', (c) => c.notNull())
    .execute();
}
