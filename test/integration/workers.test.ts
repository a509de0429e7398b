import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createArticle } from '../../src/ops/create-article.js';
import { formStamp } from '../../src/ops/post-comment.js';
import { siteSecret } from '../../src/ops/site-settings.js';
import type { StoredArticle } from '../../src/store/articles.js';
import { articleInput, listeningUrl, repoRoot, tempDataDir } from '../helpers.js';
import { saveThroughEditor, signedIn, type Client } from '../newsroom-helpers.js';

/**
 * `dateline serve --workers 2`: two processes share the port, the database and the work of
 * answering; each keeps its own page cache, and a change made through one is on every page of
 * both by the time the request that made it returns.
 */
describe('serve --workers 2', () => {
  const data = tempDataDir();
  let child: ChildProcess;
  let url = '';
  let local: AppContext;
  let editor: Client;
  let story: StoredArticle;
  let other: StoredArticle;

  before(async () => {
    // The database is prepared in this process, then served by the CLI's workers.
    local = await createContext(loadConfig({ dataDir: data.dir }, { NODE_ENV: 'test', DATELINE_DEMO: '0', DATELINE_LOG_LEVEL: 'silent' }));
    story = await createArticle(local, articleInput({ headline: 'Tide tables printed again', section: 'news' }));
    other = await createArticle(local, articleInput({ headline: 'Rowing club elects captain', section: 'sport' }));
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), '--data', data.dir, 'serve', '--workers', '2', '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', DATELINE_LOG_LEVEL: 'silent', DATELINE_DEMO: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await listeningUrl(child);
    // Both workers listen once the first says so only when the second is up too; wait for the second.
    for (let i = 0; i < 100 && (await answeringProcesses(url)).size < 2; i++) await new Promise((r) => setTimeout(r, 100));
    editor = await signedIn({ ctx: local, url, stop: async () => {} }, 'editor', 'Workers Editor');
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await local?.close();
    data.remove();
  });

  /** Fetches a path often enough to reach every worker; returns each answer's body and x-cache header. */
  const many = async (path: string, times = 12) => {
    const answers: { body: string; cache: string | null }[] = [];
    for (let i = 0; i < times; i++) {
      // A new connection each time, so the primary hands requests to both workers in turn; as a robot, so
      // these looks are not counted as reads (which would move Most read on every page).
      const res = await fetch(url + path, { headers: { connection: 'close', 'user-agent': 'dateline-test-bot' } });
      answers.push({ body: await res.text(), cache: res.headers.get('x-cache') });
    }
    return answers;
  };

  it('answers from two processes', async () => {
    assert.equal((await answeringProcesses(url)).size, 2);
  });

  it('shows an edit on every page of every worker as soon as the save returns, and keeps pages that do not show it', async () => {
    const path = `/news/${story.slug}`;
    const otherPath = `/sport/${other.slug}`;
    for (const p of [path, '/', '/news', otherPath]) await many(p);
    assert.ok((await many(path)).every((a) => a.cache === 'hit'), 'both workers hold the article page');

    const full = (await local.store.articles.getById(story.id))!;
    const save = await saveThroughEditor(editor, full, { headline: 'Tide tables printed again, with corrections' });
    assert.equal(save.status, 200);
    for (const p of [path, '/', '/news']) {
      for (const a of await many(p)) assert.match(a.body, /Tide tables printed again, with corrections/, p);
    }
    assert.ok((await many(otherPath)).every((a) => a.cache === 'hit'), 'a page that does not show the article stays cached in both workers');
  });

  it('counts rate limits across the processes: a sixth comment from one address in a minute is refused, whichever answers', async () => {
    const stamp = formStamp(await siteSecret(local), new Date(Date.now() - 5000));
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      // A new connection each time: the primary hands them to the two workers in turn, and each allowed five alone.
      const res = await fetch(`${url}/news/${story.slug}/comments`, {
        method: 'POST',
        redirect: 'manual',
        headers: { connection: 'close', origin: url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: `Reader ${i}`, email: `reader${i}@example.org`, body: `Comment ${i}.`, t: stamp }),
      });
      statuses.push(res.status);
      if (res.status === 429) assert.match(await res.text(), /You are commenting too fast/);
      else await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429]);
  });

  it('throttles failed sign-ins across the processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${url}/newsroom/sign-in`, {
        method: 'POST',
        headers: { connection: 'close', origin: url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'nobody@example.org', password: 'not the password' }),
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });

  it('stops every process on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 0);
  });
});

/** The process ids that answered a run of fresh connections (reported by /healthz). */
async function answeringProcesses(url: string): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`${url}/healthz`, { headers: { connection: 'close' } });
    const body = (await res.json()) as { pid?: number };
    if (body.pid) pids.add(body.pid);
  }
  return pids;
}
