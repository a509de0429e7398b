import { join } from 'node:path';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, MediaTable } from './schema.js';

export type RenditionFormat = 'webp' | 'jpeg' | 'png' | 'gif';

/** One resized file of an image, stored as `${dataDir}/media/${mediaId}/${file}`. */
export interface Rendition {
  width: number;
  height: number;
  format: RenditionFormat;
  /** The bare file name, e.g. "640w.webp". */
  file: string;
}

/** An image in the media library. `width`/`height` are the original's, after EXIF rotation. */
export interface MediaItem {
  id: string;
  originalName: string;
  /** The type recognised from the bytes, e.g. "image/jpeg"; never the client's claim. */
  mime: string;
  width: number;
  height: number;
  /** Size of the uploaded original in bytes (the original itself is not kept). */
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  renditions: Rendition[];
  uploadedBy: string | null;
  createdAt: string;
}

export interface MediaTextFields {
  alt: string;
  caption: string | null;
  credit: string | null;
}

export interface MediaListOptions {
  limit: number;
  offset?: number;
  /** Matches alt, caption, credit or original file name (case-insensitive substring). */
  q?: string;
}

/** Media ids are random UUIDs (lower-case); anything else names no item and no folder. */
export const isMediaId = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);

/** The folder holding one item's renditions. */
export const mediaFolder = (dataDir: string, id: string): string => join(dataDir, 'media', id);

const FORMATS: readonly RenditionFormat[] = ['webp', 'jpeg', 'png', 'gif'];

function parseRenditions(json: string, id: string): Rendition[] {
  const raw: unknown = JSON.parse(json);
  if (!Array.isArray(raw)) throw new Error(`media ${id}: renditions_json is not an array`);
  return raw.map((r: unknown): Rendition => {
    const o = (r ?? {}) as Record<string, unknown>;
    if (
      typeof o.width !== 'number' ||
      typeof o.height !== 'number' ||
      typeof o.file !== 'string' ||
      !FORMATS.includes(o.format as RenditionFormat)
    ) {
      throw new Error(`media ${id}: malformed rendition ${JSON.stringify(r)}`);
    }
    return { width: o.width, height: o.height, format: o.format as RenditionFormat, file: o.file };
  });
}

function fromRow(r: MediaTable): MediaItem {
  return {
    id: r.id,
    originalName: r.original_name,
    mime: r.mime,
    width: Number(r.width),
    height: Number(r.height),
    bytes: Number(r.bytes),
    alt: r.alt,
    caption: r.caption,
    credit: r.credit,
    renditions: parseRenditions(r.renditions_json, r.id),
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
  };
}

/** Escapes LIKE wildcards so the search text matches literally (used with ESCAPE '\'). */
const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A case-insensitive substring match over the searchable text columns; the same SQL on SQLite and PostgreSQL. */
function matches(eb: ExpressionBuilder<Database, 'media'>, q: string): Expression<SqlBool> {
  const pattern = likePattern(q.toLowerCase());
  const cols = ['alt', 'caption', 'credit', 'original_name'] as const;
  return eb.or(cols.map((col) => sql<SqlBool>`lower(${eb.ref(col)}) like ${pattern} escape '\\'`));
}

/** The media library's rows. Files on disk are the upload op's business, not the store's. */
export class MediaStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(item: MediaItem): Promise<void> {
    await this.db
      .insertInto('media')
      .values({
        id: item.id,
        original_name: item.originalName,
        mime: item.mime,
        width: item.width,
        height: item.height,
        bytes: item.bytes,
        alt: item.alt,
        caption: item.caption,
        credit: item.credit,
        renditions_json: JSON.stringify(item.renditions),
        uploaded_by: item.uploadedBy,
        created_at: item.createdAt,
      })
      .execute();
  }

  async get(id: string): Promise<MediaItem | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Several items at once (the images an article uses). */
  async getMany(ids: readonly string[]): Promise<MediaItem[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('media').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(fromRow);
  }

  /** Newest first. An empty or blank `q` lists everything. */
  async list(opts: MediaListOptions): Promise<MediaItem[]> {
    const q = opts.q?.trim();
    let query = this.db.selectFrom('media').selectAll();
    if (q) query = query.where((eb) => matches(eb, q));
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(opts.limit)))
      .offset(Math.max(0, Math.floor(opts.offset ?? 0)))
      .execute();
    return rows.map(fromRow);
  }

  /** How many items `list` would page through with the same `q`. */
  async count(opts: { q?: string } = {}): Promise<number> {
    const q = opts.q?.trim();
    let query = this.db.selectFrom('media').select((eb) => eb.fn.countAll<number | string | bigint>().as('n'));
    if (q) query = query.where((eb) => matches(eb, q));
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Replaces alt, caption and credit; returns the updated item, or undefined when there is no such item. */
  async updateText(id: string, fields: MediaTextFields): Promise<MediaItem | undefined> {
    const res = await this.db
      .updateTable('media')
      .set({ alt: fields.alt, caption: fields.caption, credit: fields.credit })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    return this.get(id);
  }

  /** Removes the row; returns whether there was one. The caller removes the files (see deleteMedia). */
  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('media').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
