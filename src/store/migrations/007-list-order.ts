import { sql, type Kysely } from 'kysely';

/**
 * The published-article indexes carry the lists' whole order, newest first with the id as tie-break,
 * so a page of a list is read off the index without sorting (SQLite sorted every equal publish time
 * in a temporary b-tree before).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('articles_status_published').execute();
  await db.schema.dropIndex('articles_section_status_published').execute();
  await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at desc', 'id']).execute();
  await db.schema
    .createIndex('articles_section_status_published')
    .on('articles')
    .columns(['section', 'status', 'published_at desc', 'id'])
    .execute();
  // Planner statistics for the new indexes (SQLite bounds the work by its analysis_limit).
  await sql`analyze articles`.execute(db);
}
