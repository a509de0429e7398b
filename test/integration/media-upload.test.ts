import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { signedIn, type Client } from '../newsroom-helpers.js';

describe('media uploads in the newsroom', () => {
  const data = tempDataDir();
  let server: TestServer;
  let writer: Client;
  let contributor: Client;
  let jpeg: Buffer;

  before(async () => {
    server = await startTestServer(data.dir);
    writer = await signedIn(server, 'writer');
    contributor = await signedIn(server, 'contributor');
    jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 30, g: 90, b: 160 } } }).jpeg().toBuffer();
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  const upload = (c: Client, fields: Record<string, string>, bytes = jpeg) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'harbour.jpg');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return fetch(`${server.url}/newsroom/api/media`, { method: 'POST', headers: { cookie: c.cookie, origin: server.url, 'x-csrf-token': c.csrf }, body: form });
  };

  it('stores an upload with responsive renditions served with a long cache life', async () => {
    const res = await upload(writer, { alt: 'The harbour at dusk', caption: 'Boats at rest', credit: 'Photo: Wren Writer' });
    assert.equal(res.status, 201);
    const { item } = (await res.json()) as { item: { id: string; url: string; alt: string } };
    assert.equal(item.alt, 'The harbour at dusk');
    const image = await fetch(server.url + item.url);
    assert.equal(image.status, 200);
    assert.match(image.headers.get('cache-control') ?? '', /immutable/);
    const webp = await fetch(`${server.url}/media/${item.id}/640w.webp`);
    assert.equal(webp.headers.get('content-type'), 'image/webp');
    assert.equal((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).width, 640);
  });

  it('refuses an upload without alt text, with a message', async () => {
    const res = await upload(writer, { alt: '' });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /Alt text is required/);
  });

  it('refuses a file that is not an image', async () => {
    const res = await upload(writer, { alt: 'Not an image' }, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    assert.equal(res.status, 400);
  });

  it('refuses a contributor', async () => {
    assert.equal((await upload(contributor, { alt: 'Anything' })).status, 403);
  });

  it('lists the library for the editor picker', async () => {
    const res = await writer.get('/newsroom/api/media');
    const { items } = (await res.json()) as { items: { alt: string }[] };
    assert.deepEqual(items.map((i) => i.alt), ['The harbour at dusk']);
  });
});
