import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { loadConfig } from '../src/config.js';
import type { CreateArticleInput } from '../src/ops/create-article.js';
import { createContext, type AppContext } from '../src/context.js';
import { startServer } from '../src/web/server.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The shared folder with the seed and corpora: ../shared beside the repo, or $DATELINE_SHARED. */
export const sharedDir = resolve(process.env.DATELINE_SHARED ?? join(repoRoot, '..', 'shared'));
export const seedPath = join(sharedDir, 'seed', '000_c6a78940a3395d3e.txt');
export const seedMissing = existsSync(seedPath) ? false : `the seed document is not at ${seedPath} (put ../shared beside the repo)`;

/** A fresh data folder, removed by the returned function. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer {
  ctx: AppContext;
  url: string;
  stop: () => Promise<void>;
}

/** Starts the real server on a free port over the given data folder. */
export async function startTestServer(dataDir: string, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ dataDir, port: 0, host: '127.0.0.1' }, { NODE_ENV: 'test', DATELINE_DEMO: '0', ...env });
  const ctx = await createContext(config);
  const { server, port } = await startServer(ctx);
  const url = `http://127.0.0.1:${port}`;
  return {
    ctx,
    url,
    stop: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await ctx.close();
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the dateline CLI from source in a child process. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', DATELINE_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** The seed's headline and its page, as `dateline import --publish` stores it. */
/**
 * Waits for `dateline serve` in a child process (silent logging) to print its "listening on" line;
 * resolves with its address on 127.0.0.1. Rejects after 20 s, or when the child exits first, with what
 * it wrote to stderr.
 */
export function listeningUrl(child: ChildProcess): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line in 20 s; stderr: ${stderr}`)), 20_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

export const SEED_HEADLINE = "Kerry holds 'frank' talks with Putin in bid to improve ties";
export const SEED_PATH = '/news/kerry-holds-frank-talks-with-putin-in-bid-to-improve-ties';

/** A published news article to store with createArticle; fields given override the defaults. */
export const articleInput = (input: Partial<CreateArticleInput> & { headline: string }): CreateArticleInput => ({
  dateline: null,
  bylines: [],
  body: [{ type: 'paragraph', text: `${input.headline}: the report.` }],
  keyPoints: [],
  tags: [],
  section: 'news',
  language: 'en',
  status: 'published',
  publishedAt: null,
  ...input,
});

/**
 * Parses XML strictly: any warning or error from the parser fails the test. xmldom lets a few well-formedness errors
 * pass (a bare "&", "<" in an attribute, "]]>" outside CDATA, control characters), so those are checked first.
 */
export function parseStrictXml(xml: string): Document {
  // eslint-disable-next-line no-control-regex -- looking for the characters XML 1.0 forbids.
  assert.ok(!/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml), 'only characters XML allows');
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(outsideCdata), 'every "&" is escaped');
  assert.ok(!outsideCdata.includes(']]>'), 'no "]]>" outside CDATA sections');
  assert.ok(!/="[^"]*</.test(outsideCdata), 'no "<" in an attribute value');
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml') as unknown as Document;
}
