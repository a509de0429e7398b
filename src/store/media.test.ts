import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isMediaId, MediaStore, mediaFolder, type MediaItem } from './media.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

const item = (n: number, over: Partial<MediaItem> = {}): MediaItem => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  originalName: `photo-${n}.jpg`,
  mime: 'image/jpeg',
  width: 1200,
  height: 800,
  bytes: 123_456,
  alt: `Alt ${n}`,
  caption: null,
  credit: null,
  renditions: [
    { width: 320, height: 213, format: 'webp', file: '320w.webp' },
    { width: 320, height: 213, format: 'jpeg', file: '320w.jpg' },
  ],
  uploadedBy: null,
  createdAt: `2026-11-01T10:00:0${n}.000Z`,
  ...over,
});

describe('MediaStore', () => {
  let opened: TestDatabase;
  let media: MediaStore;

  before(async () => {
    opened = await openTestDatabase('media-store');
    media = new MediaStore(opened.db);
  });
  after(() => opened.remove());
  beforeEach(async () => {
    await opened.db.deleteFrom('media').execute();
  });

  it('round-trips an item, renditions included', async () => {
    const a = item(1, { caption: 'The harbour at dawn', credit: 'Ada Moss', uploadedBy: 'user-1' });
    await media.insert(a);
    assert.deepEqual(await media.get(a.id), a);
    assert.equal(await media.get('00000000-0000-4000-8000-999999999999'), undefined);
  });

  it('refuses a duplicate id', async () => {
    await media.insert(item(1));
    await assert.rejects(media.insert(item(1)));
  });

  it('lists newest first, with limit and offset', async () => {
    for (const n of [2, 1, 3]) await media.insert(item(n));
    assert.deepEqual((await media.list({ limit: 10 })).map((m) => m.alt), ['Alt 3', 'Alt 2', 'Alt 1']);
    assert.deepEqual((await media.list({ limit: 1, offset: 1 })).map((m) => m.alt), ['Alt 2']);
    assert.equal(await media.count(), 3);
  });

  it('searches alt, caption, credit and file name, case-insensitively', async () => {
    await media.insert(item(1, { alt: 'Fishing boats in the harbour' }));
    await media.insert(item(2, { caption: 'The HARBOUR wall' }));
    await media.insert(item(3, { credit: 'Harbour Photos Ltd' }));
    await media.insert(item(4, { originalName: 'harbour-2026.png' }));
    await media.insert(item(5, { alt: 'A mountain' }));
    assert.deepEqual((await media.list({ limit: 10, q: 'harbour' })).map((m) => m.id.slice(-1)), ['4', '3', '2', '1']);
    assert.equal(await media.count({ q: 'harbour' }), 4);
    assert.equal((await media.list({ limit: 10, q: '  ' })).length, 5);
  });

  it('treats LIKE wildcards and quotes in the search as plain text', async () => {
    await media.insert(item(1, { alt: '100% pure' }));
    await media.insert(item(2, { alt: '1000 pure' }));
    await media.insert(item(3, { alt: 'snake_case' }));
    await media.insert(item(4, { alt: 'snakeXcase' }));
    await media.insert(item(5, { alt: "O'Brien \\ backslash" }));
    assert.deepEqual((await media.list({ limit: 10, q: '100%' })).map((m) => m.alt), ['100% pure']);
    assert.deepEqual((await media.list({ limit: 10, q: 'e_c' })).map((m) => m.alt), ['snake_case']);
    assert.deepEqual((await media.list({ limit: 10, q: "o'brien \\" })).map((m) => m.alt), ["O'Brien \\ backslash"]);
    assert.equal((await media.list({ limit: 10, q: '%' })).length, 1);
    assert.equal((await media.list({ limit: 10, q: "'; drop table media; --" })).length, 0);
    assert.equal(await media.count(), 5);
  });

  it('updates the text fields and reports a missing item', async () => {
    const a = item(1, { caption: 'old', credit: 'old' });
    await media.insert(a);
    const updated = await media.updateText(a.id, { alt: 'New alt', caption: null, credit: 'Reuters' });
    assert.deepEqual(updated, { ...a, alt: 'New alt', caption: null, credit: 'Reuters' });
    assert.deepEqual(await media.get(a.id), updated);
    assert.equal(await media.updateText(item(9).id, { alt: 'x', caption: null, credit: null }), undefined);
  });

  it('deletes and says whether there was anything to delete', async () => {
    const a = item(1);
    await media.insert(a);
    assert.equal(await media.delete(a.id), true);
    assert.equal(await media.get(a.id), undefined);
    assert.equal(await media.delete(a.id), false);
  });

  it('recognises media ids and places their folders under dataDir/media', () => {
    assert.equal(isMediaId('3f2b8a9c-1d2e-4f5a-9b8c-7d6e5f4a3b2c'), true);
    for (const bad of ['', '..', '../../etc', '3F2B8A9C-1D2E-4F5A-9B8C-7D6E5F4A3B2C', '3f2b8a9c-1d2e-4f5a-9b8c-7d6e5f4a3b2c/..']) {
      assert.equal(isMediaId(bad), false, bad);
    }
    assert.equal(mediaFolder('/data', 'abc'), join('/data', 'media', 'abc'));
  });
});
