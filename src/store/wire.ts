import type { Kysely, Selectable } from 'kysely';
import type { Database, WireFilesTable, WireItemsTable } from './schema.js';

export type WireFileRow = Selectable<WireFilesTable>;
export type WireItemRow = Selectable<WireItemsTable>;

/** What came in on the wire: every original file's bytes, and the items found in it. */
export class WireStore {
  constructor(private readonly db: Kysely<Database>) {}

  async fileByHash(hash: string): Promise<Omit<WireFileRow, 'bytes'> | undefined> {
    return this.db
      .selectFrom('wire_files')
      .select(['id', 'content_hash', 'file_name', 'source', 'format', 'received_at'])
      .where('content_hash', '=', hash)
      .executeTakeFirst();
  }

  /** The stored files among these content hashes, by hash (one query for a batch of files). */
  async filesByHash(hashes: readonly string[]): Promise<Map<string, Omit<WireFileRow, 'bytes'>>> {
    if (!hashes.length) return new Map();
    const rows = await this.db
      .selectFrom('wire_files')
      .select(['id', 'content_hash', 'file_name', 'source', 'format', 'received_at'])
      .where('content_hash', 'in', hashes)
      .execute();
    return new Map(rows.map((r) => [r.content_hash, r]));
  }

  async file(id: string): Promise<WireFileRow | undefined> {
    return this.db.selectFrom('wire_files').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertFile(row: WireFileRow): Promise<void> {
    await this.db.insertInto('wire_files').values(row).execute();
  }

  /**
   * Stores a file unless one with the same content is in already; says whether it stored it. As a
   * transaction's first statement it takes the write lock at once, so no other writer can commit
   * between the transaction's first read and its first write (SQLite would refuse that write).
   */
  async insertFileIfNew(row: WireFileRow): Promise<boolean> {
    const result = await this.db
      .insertInto('wire_files')
      .values(row)
      .onConflict((oc) => oc.column('content_hash').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async insertItem(row: WireItemRow): Promise<void> {
    await this.db.insertInto('wire_items').values(row).execute();
  }

  async updateItem(id: string, fields: Partial<Omit<WireItemRow, 'id'>>): Promise<void> {
    await this.db.updateTable('wire_items').set(fields).where('id', '=', id).execute();
  }

  async item(id: string): Promise<WireItemRow | undefined> {
    return this.db.selectFrom('wire_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async itemsOfFile(fileId: string): Promise<WireItemRow[]> {
    return this.itemsOfFiles([fileId]);
  }

  /** The items of these files, by file and position (one pass over wire_items, which has no index on file_id). */
  async itemsOfFiles(fileIds: readonly string[]): Promise<WireItemRow[]> {
    if (!fileIds.length) return [];
    return this.db.selectFrom('wire_items').selectAll().where('file_id', 'in', fileIds).orderBy('file_id').orderBy('item_index').execute();
  }

  /** The newest version already taken in for an agency id (an article made or updated from it). */
  async latestTaken(wireId: string): Promise<WireItemRow | undefined> {
    return this.db
      .selectFrom('wire_items')
      .selectAll()
      .where('wire_id', '=', wireId)
      .where('status', 'in', ['imported', 'updated', 'flagged', 'held'])
      .orderBy('wire_version', 'desc')
      .orderBy('received_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The item a file's earlier import made at this position (a redo updates it rather than duplicating it). */
  async takenAt(fileId: string, index: number): Promise<WireItemRow | undefined> {
    return this.db
      .selectFrom('wire_items')
      .selectAll()
      .where('file_id', '=', fileId)
      .where('item_index', '=', index)
      .where('article_id', 'is not', null)
      .orderBy('received_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async heldDue(now: string): Promise<WireItemRow[]> {
    return this.db.selectFrom('wire_items').selectAll().where('status', '=', 'held').where('embargo_until', '<=', now).orderBy('embargo_until').execute();
  }

  async list(opts: { limit: number; status?: string }): Promise<WireItemRow[]> {
    let q = this.db.selectFrom('wire_items').selectAll().orderBy('received_at', 'desc').orderBy('id').limit(opts.limit);
    if (opts.status) q = q.where('status', '=', opts.status);
    return q.execute();
  }

  async insertToken(name: string, tokenHash: string, createdAt: string): Promise<void> {
    await this.db.insertInto('wire_tokens').values({ name, token_hash: tokenHash, created_at: createdAt, revoked_at: null }).execute();
  }

  async tokenByHash(tokenHash: string): Promise<{ name: string } | undefined> {
    return this.db.selectFrom('wire_tokens').select('name').where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  async tokens(): Promise<{ name: string; createdAt: string; revokedAt: string | null }[]> {
    const rows = await this.db.selectFrom('wire_tokens').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  async revokeToken(name: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('wire_tokens').set({ revoked_at: at }).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
