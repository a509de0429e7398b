import SqliteDatabase from 'better-sqlite3';
import { dbFile } from './dataset.js';
import { runCli, sleep } from './processes.js';

/**
 * Publish-to-live: an editor publishes over HTTP, as the newsroom does, and we poll the public
 * pages until each shows the new headline.
 */

const EMAIL = 'bench@example.org';
const PASSWORD = 'bench-password-not-secret';
const POLL_EVERY_MS = 5;
const GIVE_UP_MS = 10_000;

/** The pages polled after each publish; the article path is filled in per run. */
export const LIVE_PAGES = ['article', 'home', 'section feed'] as const;
export type LivePage = (typeof LIVE_PAGES)[number];

export interface PublishRun {
  headline: string;
  /** ms from the publish response to the page showing the headline; undefined when it never did within 10 s. */
  ms: Record<LivePage, number | undefined>;
  /** The last status each page answered with. */
  status: Record<LivePage, number>;
}

/** Adds the bench editor with the real CLI, unless the data set already has them. */
export async function ensureEditor(dataDir: string): Promise<void> {
  const db = new SqliteDatabase(dbFile(dataDir), { readonly: true });
  const exists = db.prepare('SELECT 1 FROM users WHERE email = ?').get(EMAIL) !== undefined;
  db.close();
  if (exists) return;
  const run = await runCli(['--data', dataDir, 'users', 'add', '--role', 'editor', '--name', 'Bench', EMAIL], { stdin: `${PASSWORD}\n`, timeoutMs: 60_000 });
  if (run.code !== 0) throw new Error(`dateline users add failed (exit ${run.code}): ${run.stderr}`);
}

interface Session {
  cookie: string;
  csrf: string;
}

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return res;
}

async function signIn(base: string): Promise<Session> {
  const res = await fetch(`${base}/newsroom/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, next: '/newsroom' }),
    signal: AbortSignal.timeout(10_000),
  });
  await expectStatus(res, 303, 'POST /newsroom/sign-in');
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('dl_session='));
  if (!cookie) throw new Error('POST /newsroom/sign-in set no dl_session cookie');
  const dashboard = await (await fetch(`${base}/newsroom`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(dashboard)?.[1];
  if (!csrf) throw new Error('the newsroom dashboard has no <meta name="csrf-token">');
  return { cookie, csrf };
}

function post(base: string, session: Session, path: string, form: Record<string, string>): Promise<Response> {
  return fetch(base + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, ...form }),
    signal: AbortSignal.timeout(10_000),
  });
}

/** Creates a draft, saves it with `headline`, returns its id and public path. */
async function prepareDraft(base: string, session: Session, headline: string): Promise<{ id: string; path: string }> {
  const created = await expectStatus(await post(base, session, '/newsroom/articles', {}), 303, 'POST /newsroom/articles');
  const location = created.headers.get('location') ?? '';
  const id = /\/newsroom\/articles\/([^/?#]+)/.exec(location)?.[1];
  if (!id) throw new Error(`POST /newsroom/articles redirected to "${location}", not to an article`);
  await expectStatus(await fetch(base + location, { headers: { cookie: session.cookie }, signal: AbortSignal.timeout(10_000) }), 200, `GET ${location}`);
  const edit = {
    expectedRevision: 1,
    headline,
    standfirst: 'A benchmark article published to time how fast it reaches readers.',
    section: 'news',
    tags: ['bench'],
    dateline: { text: 'GENEVA, SWITZERLAND', city: 'Geneva', country: 'Switzerland' },
    bylines: [{ name: 'Bench', location: 'Geneva' }],
    body: [
      { type: 'paragraph', text: 'The council approved a new ferry service on Tuesday, officials said.' },
      { type: 'paragraph', text: 'Residents welcomed the decision after years of delay.' },
    ],
    keyPoints: [],
    seo: { title: '', description: '', image: '' },
  };
  const saved = await fetch(`${base}/newsroom/api/articles/${id}`, {
    method: 'PUT',
    headers: { cookie: session.cookie, origin: base, 'content-type': 'application/json', 'x-csrf-token': session.csrf },
    body: JSON.stringify(edit),
    signal: AbortSignal.timeout(10_000),
  });
  await expectStatus(saved, 200, `PUT /newsroom/api/articles/${id}`);
  const { article } = (await saved.json()) as { article: { slug: string } };
  return { id, path: `/news/${article.slug}` };
}

/** Polls `url` every 5 ms until its body contains `needle`; bounded by 10 s. */
async function pollUntil(url: string, needle: string, since: number): Promise<{ ms: number | undefined; status: number }> {
  let status = 0;
  while (performance.now() - since < GIVE_UP_MS) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(GIVE_UP_MS) });
      status = res.status;
      const text = await res.text();
      if (res.ok && text.includes(needle)) return { ms: performance.now() - since, status };
    } catch {
      status = -1;
    }
    await sleep(POLL_EVERY_MS);
  }
  return { ms: undefined, status };
}

/** Runs the publish-and-poll cycle `repeats` times on a running server. */
export async function measurePublishToLive(base: string, repeats: number, log: (line: string) => void): Promise<PublishRun[]> {
  const session = await signIn(base);
  const runId = Math.random().toString(36).slice(2, 8);
  const runs: PublishRun[] = [];
  for (let i = 1; i <= repeats; i++) {
    const headline = `Bench harbour vote ${runId} number ${i}`;
    const draft = await prepareDraft(base, session, headline);
    const urls: Record<LivePage, string> = { article: base + draft.path, home: `${base}/`, 'section feed': `${base}/news/feed.xml` };
    // Warm whatever caches there are, so the publish has something to invalidate.
    for (const path of ['/', '/news', '/news/feed.xml']) {
      for (let k = 0; k < 2; k++) await (await fetch(base + path, { signal: AbortSignal.timeout(10_000) })).arrayBuffer();
    }
    const published = await post(base, session, `/newsroom/articles/${draft.id}/workflow`, { intent: 'publish' });
    const since = performance.now();
    await expectStatus(published, 303, `POST /newsroom/articles/${draft.id}/workflow (publish)`);
    const polled = await Promise.all(LIVE_PAGES.map((page) => pollUntil(urls[page], headline, since)));
    const run: PublishRun = {
      headline,
      ms: Object.fromEntries(LIVE_PAGES.map((p, k) => [p, polled[k]!.ms])) as PublishRun['ms'],
      status: Object.fromEntries(LIVE_PAGES.map((p, k) => [p, polled[k]!.status])) as PublishRun['status'],
    };
    log(`  publish ${i}: ${LIVE_PAGES.map((p) => `${p} ${run.ms[p] === undefined ? `never (status ${run.status[p]})` : `${run.ms[p]!.toFixed(1)} ms`}`).join(', ')}`);
    runs.push(run);
  }
  return runs;
}
