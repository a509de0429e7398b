import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createArticle } from '../../src/ops/create-article.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { PASSWORD, signedIn, type Client } from '../newsroom-helpers.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('newsroom sign-in and setup', () => {
  const data = tempDataDir();
  let server: TestServer;
  before(async () => {
    server = await startTestServer(data.dir);
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  it('sends a fresh install to the one-time setup page, which creates the first admin and closes', async () => {
    const signIn = await fetch(`${server.url}/newsroom/sign-in`, { redirect: 'manual' });
    assert.equal(signIn.headers.get('location'), '/newsroom/setup');
    const setup = await fetch(`${server.url}/newsroom/setup`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, origin: server.url },
      body: new URLSearchParams({ name: 'Ada Admin', email: 'ada@example.org', password: PASSWORD }),
    });
    assert.equal(setup.status, 303);
    assert.match(setup.headers.get('set-cookie') ?? '', /dl_session=.+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
    const again = await fetch(`${server.url}/newsroom/setup`, {
      method: 'POST',
      headers: { ...form, origin: server.url },
      body: new URLSearchParams({ name: 'Eve', email: 'eve@example.org', password: PASSWORD }),
    });
    assert.equal(again.status, 403);
    assert.match(await again.text(), /Setup is done/);
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    const res = await fetch(`${server.url}/newsroom/articles`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/newsroom/sign-in?next=%2Fnewsroom%2Farticles');
  });

  it('refuses a wrong password with a message, then throttles after five failures', async () => {
    const attempt = () =>
      fetch(`${server.url}/newsroom/sign-in`, {
        method: 'POST',
        headers: { ...form, origin: server.url },
        body: new URLSearchParams({ email: 'ada@example.org', password: 'wrong password!' }),
      });
    const first = await attempt();
    assert.equal(first.status, 401);
    assert.match(await first.text(), /The e-mail or password is wrong/);
    for (let i = 0; i < 4; i++) await attempt();
    const throttled = await attempt();
    assert.equal(throttled.status, 429);
    assert.match(await throttled.text(), /Too many failed sign-ins/);
  });

  it('refuses a state change without the CSRF token', async () => {
    const writer = await signedIn(server, 'writer', 'Will Writer');
    const res = await writer.post('/newsroom/articles', {}, { csrf: false });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /did not come from this newsroom/);
    const ok = await writer.post('/newsroom/articles');
    assert.equal(ok.status, 303);
  });

  it('signs out everywhere', async () => {
    const editor = await signedIn(server, 'editor', 'Edna Editor');
    assert.equal((await editor.get('/newsroom')).status, 200);
    assert.equal((await editor.post('/newsroom/sign-out-everywhere')).status, 303);
    assert.equal((await editor.get('/newsroom')).status, 303);
  });
});

describe('newsroom permissions by role', () => {
  const data = tempDataDir();
  let server: TestServer;
  const clients: Record<string, Client> = {};
  let othersDraft = '';
  before(async () => {
    server = await startTestServer(data.dir);
    for (const role of ['admin', 'editor', 'writer', 'contributor'] as const) clients[role] = await signedIn(server, role);
    const draft = await createArticle(
      server.ctx,
      { headline: 'Harbour toll rises', dateline: null, bylines: [], body: [{ type: 'paragraph', text: 'The toll rose.' }], keyPoints: [], tags: [], section: 'news', publishedAt: null, language: 'en', status: 'draft' },
      { actor: clients.admin!.userId },
    );
    othersDraft = draft.id;
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  const newDraft = async (c: Client) => {
    const res = await c.post('/newsroom/articles');
    assert.equal(res.status, 303);
    return (res.headers.get('location') ?? '').split('/').pop()!;
  };
  const workflow = (c: Client, id: string, intent: string, extra: Record<string, string> = {}) => c.post(`/newsroom/articles/${id}/workflow`, { intent, ...extra });
  const name = async (c: Client, id: string, headline: string) => {
    const page = await (await c.get(`/newsroom/articles/${id}`)).text();
    const revision = /id="f-revision" name="expectedRevision" value="(\d+)"/.exec(page)?.[1];
    return c.put(`/newsroom/api/articles/${id}`, {
      expectedRevision: Number(revision),
      headline,
      standfirst: '',
      section: 'news',
      tags: [],
      dateline: null,
      bylines: [],
      body: [{ type: 'paragraph', text: 'Copy.' }],
      keyPoints: [],
      seo: { title: '', description: '', image: '' },
    });
  };

  for (const role of ['admin', 'editor', 'writer', 'contributor']) {
    it(`lets a ${role} create a draft, edit it and submit it`, async () => {
      const c = clients[role]!;
      const id = await newDraft(c);
      assert.equal((await name(c, id, `A ${role}'s story`)).status, 200);
      assert.equal((await workflow(c, id, 'submit')).status, 303);
    });
  }

  for (const [role, allowed] of [['admin', true], ['editor', true], ['writer', false], ['contributor', false]] as const) {
    it(`${allowed ? 'lets' : 'refuses'} a ${role} ${allowed ? '' : 'to '}edit someone else's draft`, async () => {
      assert.equal((await clients[role]!.get(`/newsroom/articles/${othersDraft}`)).status, allowed ? 200 : 403);
    });

    it(`${allowed ? 'lets' : 'refuses'} a ${role} ${allowed ? '' : 'to '}publish, schedule, unpublish and correct`, async () => {
      const c = clients[role]!;
      const id = await newDraft(c);
      assert.equal((await name(c, id, `Workflow by ${role}`)).status, 200);
      const publish = await workflow(c, id, 'publish');
      assert.equal(publish.status, allowed ? 303 : 403);
      if (!allowed) assert.match(await publish.text(), new RegExp(`Your role \\(${role}\\) may not publish articles`));
      const target = allowed ? id : othersDraft;
      assert.equal((await workflow(c, target, 'unpublish')).status, allowed ? 303 : 403);
      assert.equal((await workflow(c, target, 'schedule', { at: '2099-01-01T09:00' })).status, allowed ? 303 : 403);
      assert.equal((await c.post(`/newsroom/articles/${target}/corrections`, { kind: 'correction', text: 'Fixed a name.' })).status, allowed ? 409 : 403);
    });

    it(`${allowed ? 'opens' : 'closes'} the wire desk to a ${role}`, async () => {
      assert.equal((await clients[role]!.get('/newsroom/wire')).status, allowed ? 200 : 403);
    });
  }

  for (const [role, allowed] of [['admin', true], ['editor', false], ['writer', false], ['contributor', false]] as const) {
    it(`${allowed ? 'lets' : 'refuses'} a ${role} ${allowed ? '' : 'to '}manage people`, async () => {
      const c = clients[role]!;
      assert.equal((await c.get('/newsroom/people')).status, allowed ? 200 : 403);
      const add = await c.post('/newsroom/people', { name: `Added by ${role}`, email: `added.${role}@example.org`, role: 'writer', password: PASSWORD });
      assert.equal(add.status, allowed ? 303 : 403);
    });
  }

  it('refuses a writer to edit their own article once it is published', async () => {
    const writer = clients.writer!;
    const id = await newDraft(writer);
    assert.equal((await name(writer, id, 'Published then locked')).status, 200);
    assert.equal((await workflow(clients.editor!, id, 'publish')).status, 303);
    assert.equal((await name(writer, id, 'Changed after publication')).status, 403);
  });

  it('refuses a stale save instead of overwriting a newer one', async () => {
    const editor = clients.editor!;
    const id = await newDraft(editor);
    const first = await name(editor, id, 'First version');
    assert.equal(first.status, 200);
    const stale = await editor.put(`/newsroom/api/articles/${id}`, {
      expectedRevision: 1,
      headline: 'Stale version',
      standfirst: '',
      section: 'news',
      tags: [],
      dateline: null,
      bylines: [],
      body: [],
      keyPoints: [],
      seo: { title: '', description: '', image: '' },
    });
    assert.equal(stale.status, 409);
    const body = (await stale.json()) as { error: { message: string }; current: { revision: number } };
    assert.match(body.error.message, /Someone else saved this article/);
    assert.equal(body.current.revision, 2);
    assert.equal((await server.ctx.store.articles.getById(id))?.headline, 'First version');
  });

  it('answers a bad save with the field that is wrong', async () => {
    const editor = clients.editor!;
    const id = await newDraft(editor);
    const res = await editor.put(`/newsroom/api/articles/${id}`, { expectedRevision: 1, headline: 'x', section: 'news', body: [{ type: 'image', src: '/a.jpg', alt: '' }] });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { issues: { where: string }[] } };
    assert.ok(body.error.issues.some((i) => i.where === 'body.0.alt'));
  });
});
