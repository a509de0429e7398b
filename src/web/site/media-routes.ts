import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { isMediaId, mediaFolder, type MediaItem, type MediaStore, type Rendition } from '../../store/media.js';

/** The only file names ever served: renditions like "640w.webp". No dots, no slashes, no traversal. */
const FILE_NAME = /^\d+w\.(webp|jpe?g|png)$/;

const CONTENT_TYPE: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** The public URL of one rendition file. */
export const renditionUrl = (item: Pick<MediaItem, 'id'>, r: Pick<Rendition, 'file'>): string =>
  `/media/${encodeURIComponent(item.id)}/${encodeURIComponent(r.file)}`;

const byWidth = (a: Rendition, b: Rendition): number => a.width - b.width;

/** A srcset of the item's renditions in one format, narrowest first: "/media/ID/320w.webp 320w, ...". Empty when none. */
export function srcsetFor(item: Pick<MediaItem, 'id' | 'renditions'>, format: Rendition['format']): string {
  return item.renditions
    .filter((r) => r.format === format)
    .sort(byWidth)
    .map((r) => `${renditionUrl(item, r)} ${r.width}w`)
    .join(', ');
}

/** The renditions every browser can show (jpeg, or png for transparent images), narrowest first. */
export function fallbackRenditions(item: Pick<MediaItem, 'renditions'>): Rendition[] {
  const fallback = item.renditions.filter((r) => r.format === 'jpeg' || r.format === 'png');
  return (fallback.length ? fallback : item.renditions).slice().sort(byWidth);
}

/**
 * The best single fallback (jpeg/png) rendition: with `width`, the narrowest at least that wide (else the
 * widest there is); without, the widest. Undefined only for an item with no renditions.
 */
export function fallbackRendition(item: Pick<MediaItem, 'renditions'>, width?: number): Rendition | undefined {
  const all = fallbackRenditions(item);
  const widest = all[all.length - 1];
  if (width === undefined) return widest;
  return all.find((r) => r.width >= width) ?? widest;
}

/** The URL of `fallbackRendition(item, width)`; "" for an item with no renditions. */
export function mediaUrl(item: Pick<MediaItem, 'id' | 'renditions'>, width?: number): string {
  const r = fallbackRendition(item, width);
  return r ? renditionUrl(item, r) : '';
}

const etagMatches = (header: string | undefined, etag: string): boolean =>
  header !== undefined && header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });

/**
 * Serves rendition files: GET /media/:id/:file. Only a file listed in an existing item's renditions is
 * served, so half-written uploads (files without a row yet) and deleted items are never visible.
 */
export function mediaRoutes(ctx: Pick<AppContext, 'config'>, media: MediaStore): Hono {
  const app = new Hono();

  app.get('/media/:id/:file', async (c) => {
    const id = c.req.param('id');
    const file = c.req.param('file');
    const ext = FILE_NAME.exec(file)?.[1];
    if (!isMediaId(id) || !ext) return c.notFound();
    const item = await media.get(id);
    if (!item?.renditions.some((r) => r.file === file)) return c.notFound();

    const path = join(mediaFolder(ctx.config.dataDir, id), file);
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = await stat(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return c.notFound();
      throw e;
    }
    const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPE[ext] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
      'x-content-type-options': 'nosniff',
    };
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const body = await readFile(path);
    return c.body(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), 200, {
      ...headers,
      'content-length': String(body.byteLength),
    });
  });

  return app;
}
