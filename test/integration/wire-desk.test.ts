import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { repoRoot, runCli, startTestServer, tempDataDir, type TestServer } from '../helpers.js';
import { signedIn } from '../newsroom-helpers.js';

describe('the wire desk', () => {
  const data = tempDataDir();
  let server: TestServer;

  before(async () => {
    const file = join(data.dir, 'ferry.txt');
    writeFileSync(file, 'Ferry crews accept pay offer\n\nPORT ELLIS, MARLAND (MPA) - Ferry crews accepted a pay offer on Wednesday.\n');
    const imported = await runCli(['--data', join(data.dir, 'db'), 'import', file]);
    assert.equal(imported.code, 0, imported.stderr);
    server = await startTestServer(join(data.dir, 'db'));
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  it('lists imported copy in the inbox, and an editor opens, edits and publishes it', async () => {
    const editor = await signedIn(server, 'editor', 'Desk Editor');
    const { document } = parseHTML(await (await editor.get('/newsroom/wire')).text());
    const link = document.querySelector('.nr-table a');
    assert.equal(link?.textContent, 'Ferry crews accept pay offer');
    const id = link!.getAttribute('href')!.split('/').pop()!;
    const save = await editor.put(`/newsroom/api/articles/${id}`, {
      expectedRevision: 1,
      headline: 'Ferry crews accept improved pay offer',
      standfirst: '',
      section: 'news',
      tags: ['transport'],
      dateline: { text: 'PORT ELLIS, MARLAND' },
      bylines: [],
      body: [{ type: 'paragraph', text: 'Ferry crews accepted an improved pay offer on Wednesday.' }],
      keyPoints: [],
      seo: { title: '', description: '', image: '' },
    });
    assert.equal(save.status, 200);
    assert.equal((await editor.post(`/newsroom/articles/${id}/workflow`, { intent: 'publish' })).status, 303);
    const article = await server.ctx.store.articles.getById(id);
    const page = await fetch(`${server.url}/news/${article!.slug}`);
    assert.equal(page.status, 200);
    const inbox = parseHTML(await (await editor.get('/newsroom/wire')).text()).document;
    assert.equal(inbox.querySelector('.nr-table a'), null);
  });
});

describe('dateline users add', () => {
  it('adds the first admin with the password from stdin, who can then sign in', async () => {
    const data = tempDataDir();
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), '--data', data.dir, 'users', 'add', '--role', 'admin', '--name', 'Ada Admin', 'ada@example.org'], {
      input: 'a long admin password\n',
      env: { ...process.env, DATELINE_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'added\tadmin\tada@example.org\tAda Admin');
    const server = await startTestServer(data.dir);
    const res = await fetch(`${server.url}/newsroom/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'ada@example.org', password: 'a long admin password' }),
    });
    assert.equal(res.status, 303);
    await server.stop();
    data.remove();
  });

  it('refuses a short password and an unknown role with clear messages', async () => {
    const data = tempDataDir();
    const short = await runCli(['--data', data.dir, 'users', 'add', '--role', 'admin', 'ada@example.org']);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /password must be at least 10 characters/);
    const role = await runCli(['--data', data.dir, 'users', 'add', '--role', 'boss', 'ada@example.org']);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--role: "boss" is not a role/);
    data.remove();
  });
});
