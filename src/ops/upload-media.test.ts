import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import sharp, { type Color } from 'sharp';
import { AppError } from '../domain/errors.js';
import { openSqlite, type OpenedDatabase } from '../store/dialect.js';
import { MediaStore, mediaFolder, type MediaItem } from '../store/media.js';
import { migrateToLatest } from '../store/migrate.js';
import { deleteMedia, uploadMedia, type UploadMediaContext } from './upload-media.js';

const NOW = new Date('2026-11-01T10:00:00.000Z');
const ALT_REQUIRED = 'Alt text is required: describe the image for readers who cannot see it.';

/** A 2000×1200 jpeg, left half red and right half blue, whose EXIF says "rotate 90° clockwise to show". */
async function rotatedJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 2000, height: 1200, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 1000, height: 1200, channels: 3, background: '#0000ff' } }, left: 1000, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Copyright: 'Secret Agency', Artist: 'A. Photographer' } })
    .withIccProfile('p3')
    .toBuffer();
}

const solid = (width: number, height: number, channels: 3 | 4, background: Color) =>
  sharp({ create: { width, height, channels, background } });

/** The colour at (x, y) of an encoded image. */
async function pixel(file: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [...data.subarray(i, i + info.channels)];
}

const near = (actual: number[], expected: number[], tolerance = 40) =>
  assert.ok(
    expected.every((v, i) => Math.abs((actual[i] ?? -999) - v) <= tolerance),
    `expected about ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );

describe('uploadMedia', () => {
  let dir: string;
  let opened: OpenedDatabase;
  let media: MediaStore;
  let ctx: UploadMediaContext;
  let jpeg: Buffer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dateline-upload-'));
    opened = openSqlite(dir);
    await migrateToLatest(opened.db as unknown as Kysely<unknown>, opened.info);
    media = new MediaStore(opened.db);
    ctx = { config: { dataDir: dir }, store: { media }, now: () => NOW };
    jpeg = await rotatedJpeg();
  });
  after(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await opened.db.deleteFrom('media').execute();
    rmSync(join(dir, 'media'), { recursive: true, force: true });
  });

  const mediaDirEntries = (): string[] => (existsSync(join(dir, 'media')) ? readdirSync(join(dir, 'media')) : []);

  /** Asserts the upload is refused as invalid input whose message matches, and that nothing was kept. */
  async function refused(input: Parameters<typeof uploadMedia>[1], message: RegExp | string, c: UploadMediaContext = ctx): Promise<AppError> {
    let caught: unknown;
    await uploadMedia(c, input).catch((e: unknown) => (caught = e));
    assert.ok(caught instanceof AppError, `expected an AppError, got ${String(caught)}`);
    assert.equal(caught.code, 'invalid_input');
    if (typeof message === 'string') assert.equal(caught.message, message);
    else assert.match(caught.message, message);
    assert.deepEqual(mediaDirEntries(), [], 'nothing is left on disk');
    assert.equal(await media.count(), 0, 'no row is inserted');
    return caught;
  }

  it('makes rotated, stripped webp and jpeg renditions up to the original width, then stores the row', async () => {
    const input = await sharp(jpeg).metadata();
    assert.equal(input.orientation, 6);
    assert.ok(input.exif && input.icc, 'the fixture carries EXIF and an ICC profile');

    const item = await uploadMedia(ctx, {
      bytes: jpeg,
      originalName: 'C:\\Users\\ada\\Desktop\\harbour.jpeg',
      alt: '  Boats in the harbour at dawn ',
      caption: ' The harbour ',
      credit: '',
      uploadedBy: 'user-1',
    });

    assert.equal(item.mime, 'image/jpeg');
    assert.equal(item.originalName, 'harbour.jpeg');
    assert.equal(item.alt, 'Boats in the harbour at dawn');
    assert.equal(item.caption, 'The harbour');
    assert.equal(item.credit, null);
    assert.equal(item.uploadedBy, 'user-1');
    assert.equal(item.createdAt, NOW.toISOString());
    assert.equal(item.bytes, jpeg.length);
    assert.deepEqual([item.width, item.height], [1200, 2000], 'width and height are swapped by the EXIF rotation');
    assert.match(item.id, /^[0-9a-f-]{36}$/);

    const expected = [320, 640, 960].flatMap((w) => [`${w}w.jpg`, `${w}w.webp`]);
    assert.deepEqual(item.renditions.map((r) => r.file).sort(), expected.sort());
    const folder = mediaFolder(dir, item.id);
    assert.deepEqual(readdirSync(folder).sort(), expected.sort(), 'exactly the renditions, no temporary files');

    for (const r of item.renditions) {
      const file = join(folder, r.file);
      const m = await sharp(file).metadata();
      assert.equal(m.format, r.format, r.file);
      assert.equal(m.width, r.width, r.file);
      assert.equal(m.height, r.height, r.file);
      assert.ok(Math.abs(r.height - (r.width * 2000) / 1200) <= 1, `${r.file} keeps the aspect ratio`);
      assert.equal(m.orientation, undefined, `${r.file} has no orientation tag`);
      assert.equal(m.exif, undefined, `${r.file} has no EXIF`);
      assert.equal(m.icc, undefined, `${r.file} has no ICC profile`);
      assert.equal(m.xmp, undefined, `${r.file} has no XMP`);
      assert.equal(m.space, 'srgb');
      // The stored left (red) half is the top once rotated clockwise; the right (blue) half the bottom.
      near(await pixel(file, Math.floor(r.width / 2), 5), [255, 0, 0]);
      near(await pixel(file, Math.floor(r.width / 2), r.height - 5), [0, 0, 255]);
    }

    assert.deepEqual(await media.get(item.id), item);
  });

  it('makes every standard width for a large image', async () => {
    const big = await solid(2400, 1000, 3, '#336699').jpeg().toBuffer();
    const item = await uploadMedia(ctx, { bytes: big, originalName: 'wide.jpg', alt: 'A wide view' });
    assert.deepEqual(
      item.renditions.filter((r) => r.format === 'webp').map((r) => r.width),
      [320, 640, 960, 1280, 1920],
    );
    assert.deepEqual(item.renditions.find((r) => r.file === '1920w.jpg'), { width: 1920, height: 800, format: 'jpeg', file: '1920w.jpg' });
  });

  it('keeps transparency: a png with alpha gets png, not jpeg, at its own width when under 320', async () => {
    const png = await solid(200, 100, 4, { r: 0, g: 128, b: 0, alpha: 0.5 }).png().toBuffer();
    // The name says jpeg; the bytes say png, and the bytes win.
    const item = await uploadMedia(ctx, { bytes: png, originalName: 'logo.jpg', alt: 'The club crest' });
    assert.equal(item.mime, 'image/png');
    assert.deepEqual([item.width, item.height], [200, 100]);
    assert.deepEqual(
      item.renditions.sort((a, b) => a.file.localeCompare(b.file)),
      [
        { width: 200, height: 100, format: 'png', file: '200w.png' },
        { width: 200, height: 100, format: 'webp', file: '200w.webp' },
      ],
    );
    const folder = mediaFolder(dir, item.id);
    for (const f of ['200w.png', '200w.webp']) {
      const m = await sharp(join(folder, f)).metadata();
      assert.equal(m.hasAlpha, true, `${f} keeps its alpha channel`);
    }
    const [, , , alpha] = await pixel(join(folder, '200w.png'), 10, 10);
    assert.ok(alpha !== undefined && Math.abs(alpha - 128) <= 2, `half-transparent, got alpha ${alpha}`);
  });

  it('uses jpeg for an image whose alpha channel is fully opaque', async () => {
    const png = await solid(400, 300, 4, { r: 10, g: 20, b: 30, alpha: 1 }).png().toBuffer();
    const item = await uploadMedia(ctx, { bytes: png, originalName: 'screenshot.png', alt: 'A screenshot' });
    assert.deepEqual(item.renditions.map((r) => r.file).sort(), ['320w.jpg', '320w.webp']);
  });

  it('takes the first frame of a 1×1 gif', async () => {
    const gif = await solid(1, 1, 3, '#00ff00').gif().toBuffer();
    const item = await uploadMedia(ctx, { bytes: gif, originalName: 'dot.gif', alt: 'A green dot' });
    assert.equal(item.mime, 'image/gif');
    assert.deepEqual([item.width, item.height], [1, 1]);
    assert.deepEqual(item.renditions.map((r) => `${r.file} ${r.width}x${r.height}`).sort(), ['1w.jpg 1x1', '1w.webp 1x1']);
    near(await pixel(join(mediaFolder(dir, item.id), '1w.jpg'), 0, 0), [0, 255, 0]);
  });

  it('takes only the first frame of an animated gif', async () => {
    const frame = (colour: string) => solid(40, 30, 3, colour).png().toBuffer();
    const gif = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).gif().toBuffer();
    assert.equal((await sharp(gif).metadata()).pages, 2);
    const item = await uploadMedia(ctx, { bytes: gif, originalName: 'anim.gif', alt: 'A flashing light' });
    assert.deepEqual([item.width, item.height], [40, 30]);
    near(await pixel(join(mediaFolder(dir, item.id), '40w.jpg'), 20, 15), [255, 0, 0]);
  });

  it('accepts avif, webp and tiff, recognised by their bytes', async () => {
    for (const [fmt, mime] of [
      ['avif', 'image/avif'],
      ['webp', 'image/webp'],
      ['tiff', 'image/tiff'],
    ] as const) {
      const bytes = await solid(500, 250, 3, '#884422').toFormat(fmt).toBuffer();
      const item = await uploadMedia(ctx, { bytes, originalName: 'upload.bin', alt: `A ${fmt}` });
      assert.equal(item.mime, mime);
      assert.deepEqual(item.renditions.map((r) => r.file).sort(), ['320w.jpg', '320w.webp']);
    }
  });

  it('requires alt text, and limits caption and credit', async () => {
    const png = await solid(10, 10, 3, '#000000').png().toBuffer();
    await refused({ bytes: png, originalName: 'a.png', alt: '' }, ALT_REQUIRED);
    await refused({ bytes: png, originalName: 'a.png', alt: '   ' }, ALT_REQUIRED);
    await refused({ bytes: png, originalName: 'a.png' } as unknown as Parameters<typeof uploadMedia>[1], ALT_REQUIRED);
    await refused({ bytes: png, originalName: 'a.png', alt: 'x'.repeat(501) }, /Alt text can be at most 500/);
    await refused({ bytes: png, originalName: 'a.png', alt: 'ok', caption: 'x'.repeat(1001) }, /caption can be at most 1,000/);
    await refused({ bytes: png, originalName: 'a.png', alt: 'ok', credit: 'x'.repeat(301) }, /credit can be at most 300/);
    const e = await refused({ bytes: Buffer.alloc(0), originalName: 'a.png', alt: '', credit: 'x'.repeat(301) }, /Alt text is required/);
    assert.deepEqual(e.issues.map((i) => i.where).sort(), ['alt', 'bytes', 'credit'], 'every problem is reported at once');
  });

  it('refuses an empty file and one over 20 MB, naming the file', async () => {
    await refused({ bytes: Buffer.alloc(0), originalName: 'empty.jpg', alt: 'x' }, 'Cannot upload "empty.jpg": the file is empty.');
    await refused({ bytes: Buffer.alloc(21 * 1024 * 1024, 0xff), originalName: 'huge.jpg', alt: 'x' }, /"huge\.jpg".*21\.0 MB; the limit is 20 MB/);
  });

  it('refuses bytes that are not an image, whatever the name says', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    await refused({ bytes: random, originalName: 'photo.jpg', alt: 'x' }, /"photo\.jpg" is not an image that can be read; upload a JPEG, PNG, WebP, GIF, AVIF or TIFF image/);
    await refused({ bytes: Buffer.from('%PDF-1.7\n...'), originalName: 'doc.png', alt: 'x' }, /"doc\.png" is not an image/);
  });

  it('refuses SVG, which can carry scripts', async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    await refused({ bytes: Buffer.from(svg), originalName: 'logo.png', alt: 'x' }, /"logo\.png" is an SVG image.*scripts/);
    await refused({ bytes: Buffer.from(`\uFEFF  <svg width="1" height="1"/>`), originalName: 'x.svg', alt: 'x' }, /SVG/);
  });

  it('refuses an image over 40 megapixels before decoding it', async () => {
    const bomb = await solid(8000, 5001, 3, '#ffffff').png({ compressionLevel: 9 }).toBuffer();
    assert.ok(bomb.length < 2 * 1024 * 1024, 'small file, many pixels');
    await refused({ bytes: bomb, originalName: 'bomb.png', alt: 'x' }, /"bomb\.png" is 8000×5001 pixels \(40\.0 megapixels\); the limit is 40 megapixels/);
  });

  it('refuses a damaged image, leaving nothing behind', async () => {
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    assert.equal((await sharp(truncated).metadata()).format, 'jpeg', 'the header still reads');
    await refused({ bytes: truncated, originalName: 'cut.jpg', alt: 'x' }, '"cut.jpg" could not be processed; the image may be damaged or incomplete.');
  });

  it('removes the written files when the row cannot be inserted', async () => {
    const failing = { insert: async (_: MediaItem) => Promise.reject(new Error('database is locked')) } as unknown as MediaStore;
    const png = await solid(700, 400, 3, '#123456').png().toBuffer();
    await assert.rejects(uploadMedia({ ...ctx, store: { media: failing } }, { bytes: png, originalName: 'a.png', alt: 'x' }), /database is locked/);
    assert.deepEqual(mediaDirEntries(), []);
  });

  it('deleteMedia removes the row and the files', async () => {
    const png = await solid(330, 200, 3, '#654321').png().toBuffer();
    const item = await uploadMedia(ctx, { bytes: png, originalName: 'a.png', alt: 'x' });
    assert.ok(existsSync(mediaFolder(dir, item.id)));
    assert.equal(await deleteMedia(ctx, item.id), true);
    assert.equal(existsSync(mediaFolder(dir, item.id)), false);
    assert.equal(await media.get(item.id), undefined);
    assert.equal(await deleteMedia(ctx, item.id), false);
    assert.equal(await deleteMedia(ctx, '../..'), false);
    assert.ok(existsSync(dir));
  });
});
