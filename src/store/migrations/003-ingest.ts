import type { Kysely } from 'kysely';
import type { DialectInfo } from '../dialect.js';

/** Wire ingest: the original files, the items found in them, agency push tokens, and the editor flag for newer versions. */
export async function up(db: Kysely<unknown>, dialect: DialectInfo): Promise<void> {
  await db.schema
    .createTable('wire_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('content_hash', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('bytes', dialect.binaryType, (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wire_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('wire_files.id').onDelete('cascade'))
    .addColumn('item_index', 'integer', (c) => c.notNull())
    .addColumn('wire_id', 'text')
    .addColumn('wire_version', 'integer')
    .addColumn('headline', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('publish', 'integer', (c) => c.notNull())
    .addColumn('section', 'text')
    .addColumn('embargo_until', 'text')
    .addColumn('article_id', 'text', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addColumn('report_json', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wire_items_wire_id').on('wire_items').columns(['wire_id', 'wire_version']).execute();
  await db.schema.createIndex('wire_items_status').on('wire_items').columns(['status', 'embargo_until']).execute();

  await db.schema
    .createTable('wire_tokens')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema.alterTable('articles').addColumn('wire_flag', 'text').execute();
}
