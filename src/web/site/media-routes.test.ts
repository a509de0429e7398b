import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { loadConfig } from '../../config.js';
import { uploadMedia } from '../../ops/upload-media.js';
import { openSqlite, type OpenedDatabase } from '../../store/dialect.js';
import { MediaStore, mediaFolder, type MediaItem } from '../../store/media.js';
import { migrateToLatest } from '../../store/migrate.js';
import { mediaRoutes, mediaUrl, srcsetFor } from './media-routes.js';
import { Picture } from './picture.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('media routes', () => {
  let dir: string;
  let opened: OpenedDatabase;
  let media: MediaStore;
  let app: Hono;
  let photo: MediaItem;
  let crest: MediaItem;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dateline-media-routes-'));
    opened = openSqlite(dir);
    await migrateToLatest(opened.db as unknown as Kysely<unknown>, opened.info);
    media = new MediaStore(opened.db);
    const config = loadConfig({ dataDir: dir }, { NODE_ENV: 'test', DATELINE_DEMO: '0' });
    const ctx = { config, store: { media }, now: () => new Date('2026-11-01T10:00:00.000Z') };
    const jpeg = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    photo = await uploadMedia(ctx, { bytes: jpeg, originalName: 'harbour.jpg', alt: 'Boats & "nets" <at dawn>', caption: 'The harbour', credit: 'Ada Moss' });
    const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.3 } } }).png().toBuffer();
    crest = await uploadMedia(ctx, { bytes: png, originalName: 'crest.png', alt: 'The club crest' });
    app = mediaRoutes({ config }, media);
  });
  after(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a rendition with its type, long immutable caching and an ETag', async () => {
    const res = await app.request(`/media/${photo.id}/640w.webp`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    assert.equal(res.headers.get('cache-control'), IMMUTABLE);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('etag') ?? '', /^"[0-9a-z]+-[0-9a-z]+"$/);
    const onDisk = readFileSync(join(mediaFolder(dir, photo.id), '640w.webp'));
    assert.equal(res.headers.get('content-length'), String(onDisk.length));
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), onDisk);

    const jpg = await app.request(`/media/${photo.id}/320w.jpg`);
    assert.equal(jpg.status, 200);
    assert.equal(jpg.headers.get('content-type'), 'image/jpeg');
    const png = await app.request(`/media/${crest.id}/200w.png`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
  });

  it('answers 304 when the ETag still matches', async () => {
    const first = await app.request(`/media/${photo.id}/320w.webp`);
    const etag = first.headers.get('etag') ?? '';
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await app.request(`/media/${photo.id}/320w.webp`, { headers: { 'if-none-match': header } });
      assert.equal(res.status, 304, header);
      assert.equal(res.headers.get('etag'), etag);
      assert.equal(res.headers.get('cache-control'), IMMUTABLE);
      assert.equal((await res.arrayBuffer()).byteLength, 0);
    }
    const stale = await app.request(`/media/${photo.id}/320w.webp`, { headers: { 'if-none-match': '"other"' } });
    assert.equal(stale.status, 200);
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request(`/media/${photo.id}/640w.jpg`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  it('refuses path traversal with 404', async () => {
    assert.ok(statSync(join(dir, 'dateline.db')).isFile(), 'there is something worth stealing');
    for (const path of [
      `/media/${photo.id}/..%2F..%2Fdateline.db`,
      `/media/${photo.id}/..%2f..%2f..%2fdateline.db`,
      `/media/${photo.id}/..%5C..%5Cdateline.db`,
      `/media/${photo.id}/../../dateline.db`,
      `/media/..%2F..%2Fdateline.db/640w.webp`,
      `/media/..%2F/dateline.db`,
      `/media/%2e%2e/dateline.db`,
      `/media/${photo.id}/%2e%2e%2f640w.webp`,
      `/media/${photo.id}%2F..%2F${crest.id}/640w.webp`,
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
    }
  });

  it('answers 404 for an unknown id, a bad id or a bad file name', async () => {
    for (const path of [
      '/media/00000000-0000-4000-8000-000000000000/640w.webp',
      '/media/not-a-uuid/640w.webp',
      `/media/${photo.id.toUpperCase()}/640w.webp`,
      `/media/${photo.id}/640w.gif`,
      `/media/${photo.id}/640w.WEBP`,
      `/media/${photo.id}/640w.webp.tmp-0123456789ab`,
      `/media/${photo.id}/original.jpg`,
      `/media/${photo.id}/640.webp`,
      `/media/${photo.id}/1920w.webp`, // well formed, but the image was too small for it
      `/media/${photo.id}/640w.jpeg`, // well formed, but the rendition is 640w.jpg
      `/media/${crest.id}/200w.jpg`, // transparent images have png, not jpeg
      `/media/${photo.id}`,
      `/media/${photo.id}/640w.webp/extra`,
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
    }
  });

  it('serves nothing without a row (a half-finished upload) or without the file', async () => {
    const orphan = '11111111-2222-4333-8444-555555555555';
    mkdirSync(mediaFolder(dir, orphan), { recursive: true });
    writeFileSync(join(mediaFolder(dir, orphan), '320w.webp'), 'not yet');
    assert.equal((await app.request(`/media/${orphan}/320w.webp`)).status, 404);

    const gone = { ...photo, id: '11111111-2222-4333-8444-666666666666' };
    await media.insert(gone);
    assert.equal((await app.request(`/media/${gone.id}/320w.webp`)).status, 404);
  });

  it('builds srcsets and fallback urls', () => {
    assert.equal(srcsetFor(photo, 'webp'), `/media/${photo.id}/320w.webp 320w, /media/${photo.id}/640w.webp 640w`);
    assert.equal(srcsetFor(photo, 'jpeg'), `/media/${photo.id}/320w.jpg 320w, /media/${photo.id}/640w.jpg 640w`);
    assert.equal(srcsetFor(photo, 'png'), '');
    assert.equal(mediaUrl(photo), `/media/${photo.id}/640w.jpg`);
    assert.equal(mediaUrl(photo, 300), `/media/${photo.id}/320w.jpg`);
    assert.equal(mediaUrl(photo, 321), `/media/${photo.id}/640w.jpg`);
    assert.equal(mediaUrl(photo, 5000), `/media/${photo.id}/640w.jpg`);
    assert.equal(mediaUrl(crest), `/media/${crest.id}/200w.png`);
    assert.equal(mediaUrl({ id: 'x', renditions: [] }), '');
  });

  it('renders a <picture> with webp and fallback sources, dimensions, lazy loading and escaped alt', async () => {
    const html = String(await Picture({ item: photo, sizes: '(min-width: 60em) 40em, 100vw' }).toString());
    const id = photo.id;
    assert.equal(
      html,
      '<figure class="media"><picture>' +
        `<source type="image/webp" srcset="/media/${id}/320w.webp 320w, /media/${id}/640w.webp 640w" sizes="(min-width: 60em) 40em, 100vw"/>` +
        `<img src="/media/${id}/640w.jpg" srcset="/media/${id}/320w.jpg 320w, /media/${id}/640w.jpg 640w" sizes="(min-width: 60em) 40em, 100vw"` +
        ' width="640" height="366" alt="Boats &amp; &quot;nets&quot; &lt;at dawn&gt;" loading="lazy" decoding="async"/>' +
        '</picture><figcaption>The harbour <span class="credit">Ada Moss</span></figcaption></figure>',
    );
    const bare = String(await Picture({ item: crest, alt: '', caption: null, loading: 'eager' }).toString());
    assert.match(bare, /^<picture><source type="image\/webp" srcset="[^"]+200w\.webp 200w" sizes="100vw"\/><img src="[^"]+200w\.png"/);
    assert.match(bare, / alt="" loading="eager"/);
    assert.doesNotMatch(bare, /figure/);
    const creditOnly = String(await Picture({ item: photo, caption: '' }).toString());
    assert.match(creditOnly, /<figcaption><span class="credit">Ada Moss<\/span><\/figcaption>/);
  });
});
