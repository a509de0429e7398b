import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = join(repoRoot, 'dist', 'server', 'main.js');

/**
 * Every child process and temp folder the benchmark makes, so that an error, Ctrl-C or a normal
 * end leaves nothing running or lying around.
 */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function removeOnExit(dir: string): void {
  tempDirs.add(dir);
}

function killAllNow(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping the child processes\n`);
      killAllNow();
      process.exit(130);
    });
  }
}

/** Spawns a tracked child; its output is kept (the last `keepBytes`, 64 KB by default) for reading and error messages. */
export function spawnTracked(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string; keepBytes?: number } = {}) {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? repoRoot,
    env: opts.env ?? process.env,
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  const output = { stdout: '', stderr: '' };
  const limit = opts.keepBytes ?? 65536;
  const keep = (s: string) => (s.length > limit ? s.slice(-limit) : s);
  child.stdout?.on('data', (d: Buffer) => (output.stdout = keep(output.stdout + d.toString())));
  child.stderr?.on('data', (d: Buffer) => (output.stderr = keep(output.stderr + d.toString())));
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 : -1));
    });
    child.once('error', (e) => {
      output.stderr += `\n${e.message}`;
      children.delete(child);
      resolve(-1);
    });
  });
  if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  return { child, output, exited };
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. Says which it took. */
export async function stopChild(proc: { child: ChildProcess; exited: Promise<number> }, graceMs = 3000): Promise<'exited' | 'killed'> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return 'exited';
  proc.child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    proc.child.kill('SIGKILL');
  }, graceMs);
  await proc.exited;
  clearTimeout(timer);
  return killed ? 'killed' : 'exited';
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs `node dist/server/main.js ARGS` to the end (bounded by `timeoutMs`). */
export async function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const started = performance.now();
  const proc = spawnTracked(process.execPath, [cliPath, ...args], {
    env: opts.env ?? cliEnv(),
    keepBytes: 64 * 1024 * 1024,
    ...(opts.stdin !== undefined && { stdin: opts.stdin }),
  });
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, stdout: proc.output.stdout, stderr: proc.output.stderr, seconds: (performance.now() - started) / 1000 };
}

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', DATELINE_LOG_LEVEL: 'warn', DATELINE_DEMO: '0', ...extra };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MiB, from /proc (Linux only); undefined once it has gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The RSS of a process and all its descendants (a server's worker processes), in MiB. */
export function treeRssMiB(pid: number): number | undefined {
  const own = rssMiB(pid);
  if (own === undefined) return undefined;
  let total = own;
  for (const child of childPids(pid)) total += treeRssMiB(child) ?? 0;
  return total;
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Samples a process's RSS (with its descendants') every `everyMs` and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peak = 0;
  constructor(private readonly pid: number, private readonly everyMs = 100) {}
  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
  private sample(): void {
    const now = treeRssMiB(this.pid);
    if (now !== undefined && now > this.peak) this.peak = now;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server answers /healthz within `quickMs`: a load run that ends leaves the requests
 * it already sent being worked through (50 searches of up to a second each at c=50), and a measurement
 * started behind them would time them instead. Returns how long it waited, in ms.
 */
export async function waitUntilIdle(url: string, opts: { quickMs?: number; timeoutMs?: number } = {}): Promise<number> {
  const quickMs = opts.quickMs ?? 50;
  const start = performance.now();
  while (performance.now() - start < (opts.timeoutMs ?? 120_000)) {
    const asked = performance.now();
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.ok && performance.now() - asked < quickMs) return performance.now() - start;
    } catch {
      // still busy
    }
    await sleep(100);
  }
  throw new Error(`${url} was still busy ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s after the load stopped`);
}

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  /** Spawn to the first 200 on `/`, in milliseconds. */
  firstOkMs: number;
  output: { stdout: string; stderr: string };
  /** SIGTERM, then SIGKILL after 3 s; says whether it had to kill. */
  stop: () => Promise<'exited' | 'killed'>;
}

/** The node flags `npm start` gives the server (package.json "start"), so the benchmark measures the same process. */
const SERVER_NODE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.split(/\s+/);
  return words.slice(1, words.findIndex((w) => w.endsWith('main.js'))).filter((w) => w.startsWith('--'));
})();

/** Starts `dateline serve` in production mode on 127.0.0.1 and waits (at most 60 s) for a 200 on `/`. */
export async function startDateline(dataDir: string, opts: { pageCache: boolean; workers?: number }): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  const proc = spawnTracked(process.execPath, [...SERVER_NODE_FLAGS, cliPath, '--data', dataDir, 'serve', '--port', String(port)], {
    env: cliEnv({ HOST: '127.0.0.1', DATELINE_PAGE_CACHE: opts.pageCache ? '1' : '0', DATELINE_WORKERS: String(opts.workers ?? 1) }),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + 60_000;
  let firstOkMs: number | undefined;
  let lastProblem = '';
  while (performance.now() < deadline && proc.child.exitCode === null) {
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        firstOkMs = performance.now() - started;
        break;
      }
      lastProblem = `status ${res.status}`;
    } catch (e) {
      lastProblem = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    }
    await sleep(5);
  }
  if (firstOkMs === undefined) {
    await stopChild(proc);
    throw new Error(`Dateline did not answer 200 on / within 60 s (${lastProblem || 'it exited'}); its output:\n${proc.output.stderr}${proc.output.stdout}`);
  }
  return { url, port, pid: proc.child.pid!, firstOkMs, output: proc.output, stop: () => stopChild(proc) };
}
