import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, type Issue } from '../domain/errors.js';
import { isMediaId, mediaFolder, type MediaItem, type MediaStore, type Rendition } from '../store/media.js';

/** Largest upload accepted, in bytes. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Largest image accepted, in pixels (width × height): a guard against decompression bombs. */
export const MAX_PIXELS = 40_000_000;
/** Rendition widths; only those not wider than the original are made. */
export const RENDITION_WIDTHS = [320, 640, 960, 1280, 1920] as const;

const ACCEPTED_LIST = 'JPEG, PNG, WebP, GIF, AVIF or TIFF';

/** What the op needs from the app context; a full AppContext (once its store has `media`) fits. */
export interface UploadMediaContext {
  config: Pick<AppContext['config'], 'dataDir'>;
  store: { media: MediaStore };
  now: () => Date;
}

export interface UploadMediaInput {
  bytes: Buffer;
  originalName: string;
  alt: string;
  caption?: string | null;
  credit?: string | null;
  uploadedBy?: string | null;
}

const ALT_REQUIRED = 'Alt text is required: describe the image for readers who cannot see it.';

/** Trimmed optional text: blank becomes null. */
const optionalText = (max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || null : v ?? null),
    z.string().max(max, message).nullable(),
  );

/** The editable text of a media item; shared with any op that edits it later. */
export const mediaTextSchema = z.object({
  alt: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: ALT_REQUIRED }).min(1, ALT_REQUIRED).max(500, 'Alt text can be at most 500 characters.'),
  ),
  caption: optionalText(1000, 'A caption can be at most 1,000 characters.'),
  credit: optionalText(300, 'A credit can be at most 300 characters.'),
});

const megabytes = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;

const uploadSchema = mediaTextSchema.extend({
  bytes: z.instanceof(Uint8Array, { error: 'no file was received.' }).superRefine((b, ctx) => {
    if (b.length === 0) ctx.addIssue({ code: 'custom', message: 'the file is empty.' });
    else if (b.length > MAX_UPLOAD_BYTES) {
      ctx.addIssue({ code: 'custom', message: `the file is ${megabytes(b.length)}; the limit is ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.` });
    }
  }),
  uploadedBy: z.string().nullable().optional().transform((v) => v ?? null),
});

/** The file's own name, without any folder part or control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || 'image';
}

interface Recognised {
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'tiff';
  mime: string;
}

const MIME: Record<Recognised['format'], string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

/** SVG is text; spot it before any decoder sees it, so an SVG never reaches librsvg. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<') && /<svg[\s>]/.test(head);
}

function refuseFormat(name: string, format: string, compression?: string): never {
  const q = JSON.stringify(name);
  if (format === 'svg') {
    throw new AppError(
      'invalid_input',
      `${q} is an SVG image, which is not accepted because SVG files can carry scripts. Export it as PNG and upload that.`,
      { issues: [{ where: 'bytes', message: 'SVG is not accepted.' }] },
    );
  }
  const kind = format === 'heif' && compression === 'hevc' ? 'a HEIC image' : `a ${format.toUpperCase()} file`;
  throw new AppError('invalid_input', `${q} is ${kind}, which is not accepted; upload a ${ACCEPTED_LIST} image.`, {
    issues: [{ where: 'bytes', message: `${format} is not accepted.` }],
  });
}

/** Recognises the image from its bytes alone; refuses what is not an accepted, reasonably sized image. */
async function recognise(bytes: Buffer, name: string): Promise<{ type: Recognised; meta: Metadata }> {
  const q = JSON.stringify(name);
  if (looksLikeSvg(bytes)) refuseFormat(name, 'svg');
  let meta: Metadata;
  try {
    // Header only; the pixel limit is checked below so the message can give the size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new AppError('invalid_input', `${q} is not an image that can be read; upload a ${ACCEPTED_LIST} image.`, {
      cause: e,
      issues: [{ where: 'bytes', message: 'Not a readable image.' }],
    });
  }
  let format: Recognised['format'];
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      format = meta.format;
      break;
    case 'heif':
      if (meta.compression !== 'av1') refuseFormat(name, 'heif', meta.compression);
      format = 'avif';
      break;
    default:
      refuseFormat(name, String(meta.format), meta.compression);
  }
  const pixels = meta.width * meta.height;
  if (!(pixels > 0)) {
    throw new AppError('invalid_input', `${q} has no pixels; upload a ${ACCEPTED_LIST} image.`);
  }
  if (pixels > MAX_PIXELS) {
    throw new AppError(
      'invalid_input',
      `${q} is ${meta.width}×${meta.height} pixels (${(pixels / 1e6).toFixed(1)} megapixels); the limit is ${MAX_PIXELS / 1e6} megapixels. Make it smaller and upload it again.`,
      { issues: [{ where: 'bytes', message: 'Too many pixels.' }] },
    );
  }
  return { type: { format, mime: MIME[format] }, meta };
}

/** Writes a file under a temporary name, then renames it into place, so no reader sees half a file. */
async function writeAtomic(path: string, data: Buffer): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Stores an uploaded image in the media library: validates the text, recognises the image from its bytes,
 * writes webp and jpeg (png when the image has transparency) renditions at standard widths, auto-rotated
 * by EXIF with all metadata stripped and colours in sRGB, then inserts the row. On any failure nothing is
 * left behind: no folder, no row.
 */
export async function uploadMedia(ctx: UploadMediaContext, input: UploadMediaInput): Promise<MediaItem> {
  const parsed = uploadSchema.safeParse(input);
  const name = cleanFileName(typeof input?.originalName === 'string' ? input.originalName : '');
  if (!parsed.success) {
    const issues: Issue[] = parsed.error.issues.map((i) => {
      const where = String(i.path[0] ?? 'upload');
      return { where, message: where === 'bytes' ? `Cannot upload ${JSON.stringify(name)}: ${i.message}` : i.message };
    });
    throw new AppError('invalid_input', issues.map((i) => i.message).join(' '), { issues });
  }
  const data = parsed.data;
  const bytes = Buffer.isBuffer(data.bytes) ? data.bytes : Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  const { type, meta } = await recognise(bytes, name);

  const open = () => sharp(bytes, { limitInputPixels: MAX_PIXELS, autoOrient: true });
  const damaged = (e: unknown) =>
    new AppError('invalid_input', `${JSON.stringify(name)} could not be processed; the image may be damaged or incomplete.`, {
      cause: e,
      issues: [{ where: 'bytes', message: 'Damaged image.' }],
    });
  const width = meta.autoOrient.width;
  const height = meta.autoOrient.height;
  const widths: number[] = RENDITION_WIDTHS.filter((w) => w <= width);
  if (widths.length === 0) widths.push(width);

  const id = randomUUID();
  const folder = mediaFolder(ctx.config.dataDir, id);
  try {
    // Transparency needs png; an alpha channel that is fully opaque (usual in GIF, common in PNG) does not.
    const transparent = meta.hasAlpha && !(await open().stats().catch((e: unknown) => Promise.reject(damaged(e)))).isOpaque;
    const fallback: 'jpeg' | 'png' = transparent ? 'png' : 'jpeg';
    await mkdir(folder, { recursive: true });
    const renditions: Rendition[] = [];
    // One width at a time keeps memory to about one decoded image.
    for (const w of widths) {
      const base = open().resize({ width: w, withoutEnlargement: true });
      const outputs = [
        { format: 'webp' as const, file: `${w}w.webp`, pipeline: base.clone().webp({ quality: 78 }) },
        fallback === 'png'
          ? { format: 'png' as const, file: `${w}w.png`, pipeline: base.clone().png({ compressionLevel: 9, adaptiveFiltering: true }) }
          : { format: 'jpeg' as const, file: `${w}w.jpg`, pipeline: base.clone().jpeg({ quality: 80, mozjpeg: true }) },
      ];
      const results = await Promise.allSettled(
        outputs.map(async (o): Promise<Rendition> => {
          const out = await o.pipeline.toBuffer({ resolveWithObject: true }).catch((e: unknown) => Promise.reject(damaged(e)));
          await writeAtomic(join(folder, o.file), out.data);
          return { width: out.info.width, height: out.info.height, format: o.format, file: o.file };
        }),
      );
      for (const r of results) {
        if (r.status === 'rejected') throw r.reason;
        renditions.push(r.value);
      }
    }
    const item: MediaItem = {
      id,
      originalName: name,
      mime: type.mime,
      width,
      height,
      bytes: bytes.length,
      alt: data.alt,
      caption: data.caption,
      credit: data.credit,
      renditions,
      uploadedBy: data.uploadedBy,
      createdAt: ctx.now().toISOString(),
    };
    // Only now, with every file in place, does the item exist.
    await ctx.store.media.insert(item);
    return item;
  } catch (e) {
    await rm(folder, { recursive: true, force: true });
    throw e;
  }
}

/** Removes a media item: the row first (so it stops being served), then its files. Returns whether it existed. */
export async function deleteMedia(ctx: UploadMediaContext, id: string): Promise<boolean> {
  if (!isMediaId(id)) return false;
  const existed = await ctx.store.media.delete(id);
  if (existed) await rm(mediaFolder(ctx.config.dataDir, id), { recursive: true, force: true });
  return existed;
}
