import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
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
