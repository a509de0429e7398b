import type { Kysely } from 'kysely';
import type { DialectInfo } from '../dialect.js';

/** Readers: comment moderation and blocking, old slugs for redirects, view counts for "most read". */
export async function up(db: Kysely<unknown>, dialect: DialectInfo): Promise<void> {
  await db.schema.alterTable('comments').addColumn('author_email', 'text').execute();
  await db.schema.alterTable('comments').addColumn('parent_id', 'integer').execute();
  await db.schema.alterTable('comments').addColumn('ip_hash', 'text').execute();
  await db.schema.alterTable('comments').addColumn('moderated_at', 'text').execute();
  await db.schema.alterTable('comments').addColumn('moderated_by', 'text').execute();
  await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_ip_created').on('comments').columns(['ip_hash', 'created_at']).execute();

  await db.schema
    .createTable('comment_blocks')
    .addColumn('id', dialect.autoIncrementType, dialect.autoIncrementId)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('comment_blocks_value').on('comment_blocks').columns(['kind', 'value']).unique().execute();

  await db.schema
    .createTable('slug_history')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_views')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_views_pk', ['article_id', 'day'])
    .execute();
  await db.schema.createIndex('article_views_day').on('article_views').columns(['day']).execute();
}
