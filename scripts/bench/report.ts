import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DataSetInfo } from './dataset.js';
import type { ImportResult } from './import.js';
import type { LoadResult } from './load.js';
import type { BenchOptions, PageName } from './options.js';
import { LIVE_PAGES, type PublishRun } from './publish.js';
import { wrkVersion } from './wrk.js';

export interface Machine {
  nproc: string;
  memory: string;
  cpu: string;
  node: string;
  /** Versions of the load generators: wrk's when it is on PATH, autocannon's from node_modules. */
  wrk: string | undefined;
  autocannon: string;
}

export interface LoadRow {
  /** 'static-rotating' is the static baseline walked over the article URLs, as the article rows are. */
  page: PageName | 'static' | 'static-rotating';
  /** 'on' | 'off', or '-' for the static baseline. */
  cache: 'on' | 'off' | '-';
  connections: number;
  result: LoadResult;
}

export interface ServerFigures {
  cache: 'on' | 'off';
  firstOkMs: number;
  idleMiB: number | undefined;
  peakMiB: number | undefined;
}

export interface BenchReport {
  date: string;
  machine: Machine;
  options: BenchOptions;
  dataSet: DataSetInfo | undefined;
  baseline: { kind: string; bytes: number; encoding: string } | undefined;
  rows: LoadRow[];
  publish: PublishRun[] | undefined;
  servers: ServerFigures[];
  importResult: ImportResult | undefined;
  /** `cpuCheckMs` when the run started and when it ended: how fast the machine was, for comparing runs. */
  cpuCheck: { startMs: number; endMs: number | undefined };
  notes: string[];
}

/**
 * How fast the machine is just now: the best of three runs of a fixed loop (3·10⁸ additions), in ms. Shared
 * machines swing by a third and more within minutes; this puts a figure on it at the start and the end of a run.
 */
export function cpuCheckMs(): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 3e8; i++) sum += i & 1023;
    if (!(sum > 0)) throw new Error('cpu check: the loop summed wrong');
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

export function describeMachine(): Machine {
  const mem = /^Mem:\s+(\S+)\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)/m.exec(run('free', ['-h']));
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    // not Linux
  }
  return {
    nproc: run('nproc', []),
    memory: mem ? `${mem[1]} total, ${mem[2]} available` : 'unknown',
    cpu,
    node: process.version,
    wrk: wrkVersion(),
    autocannon: autocannonVersion(),
  };
}

function autocannonVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../node_modules/autocannon/package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** "wrk debian/4.1.0-3+b2, 2 threads" or "autocannon 9.0.0": the load generator a report's runs used. */
export function describeLoader(report: Pick<BenchReport, 'machine' | 'options'>): string {
  if (report.options.loader === 'autocannon') return `autocannon ${report.machine.autocannon}`;
  const odd = report.options.connections.some((c) => c % 2 === 1);
  return `wrk ${report.machine.wrk ?? 'unknown'}, ${odd ? '2 threads (1 at an odd number of connections)' : '2 threads'}`;
}

// ---------------------------------------------------------------------------------------------
// Targets

const TARGET_SHARE_OF_STATIC = 0.6;
const TARGET_CACHED_P99_MS = 5;
const TARGET_UNCACHED_RPS: Partial<Record<PageName, number>> = { article: 2000, home: 1000 };
const TARGET_LIVE_MS = 1000;
const TARGET_IDLE_MIB = 120;
const TARGET_PEAK_MIB = 250;
const TARGET_FIRST_OK_MS = 1000;
const TARGET_IMPORT_RATE = 1000;

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The concurrency the targets are judged at: 50 when it was run, else the highest. */
export function targetConcurrency(connections: readonly number[]): number {
  return connections.includes(50) ? 50 : Math.max(...connections);
}

/**
 * The baseline a row is divided by: the static server under the same load pattern. Rotating over the
 * article URLs costs the load generator more per request than one URL, so rotated rows are compared
 * with the static server rotated the same way.
 */
function staticRps(report: BenchReport, connections: number, page: LoadRow['page'] = 'static'): number | undefined {
  const baseline = page === 'article' && report.rows.some((r) => r.page === 'static-rotating') ? 'static-rotating' : 'static';
  return report.rows.find((r) => r.page === baseline && r.connections === connections)?.result.requestsPerSecond;
}
const isStatic = (page: LoadRow['page']) => page === 'static' || page === 'static-rotating';

function loadTarget(report: BenchReport, row: LoadRow): string {
  if (row.connections !== targetConcurrency(report.options.connections) || isStatic(row.page)) return '';
  const r = row.result;
  if (row.cache === 'on' && (row.page === 'article' || row.page === 'home')) {
    const base = staticRps(report, row.connections, row.page);
    const share = base ? r.requestsPerSecond / base : undefined;
    const ok = share !== undefined && share >= TARGET_SHARE_OF_STATIC && r.p99Ms < TARGET_CACHED_P99_MS && r.non2xx === 0;
    return `≥60% static, p99<5ms ${mark(ok)}`;
  }
  const min = row.cache === 'off' ? TARGET_UNCACHED_RPS[row.page] : undefined;
  if (min !== undefined) return `≥${min.toLocaleString('en-GB')} req/s ${mark(r.requestsPerSecond >= min && r.non2xx === 0)}`;
  return '';
}

// ---------------------------------------------------------------------------------------------
// Figures

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-GB');
const fmtMs = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const fmtMiB = (n: number | undefined) => (n === undefined ? '-' : `${n.toFixed(0)} MiB`);

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const LOAD_HEADERS = ['page', 'cache', 'conc', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', '÷ static', 'target'];

function loadCells(report: BenchReport): string[][] {
  return report.rows.map((row) => {
    const base = staticRps(report, row.connections, row.page);
    const r = row.result;
    const flagged = r.non2xx > 0 || r.errors > 0;
    return [
      row.page,
      row.cache,
      String(row.connections),
      fmtInt(r.requestsPerSecond) + (flagged ? ' !' : ''),
      fmtMs(r.p50Ms),
      fmtMs(r.p99Ms),
      r.non2xx ? `${fmtInt(r.non2xx)} (${r.statuses})` : r.errors ? `0, ${r.errors} errors` : '0',
      isStatic(row.page) ? '1.00' : base ? (r.requestsPerSecond / base).toFixed(2) : '-',
      loadTarget(report, row),
    ];
  });
}

/** Publish-to-live per page over the runs: [median, max], undefined entries meaning "never". */
function liveSummary(runs: PublishRun[]) {
  const perPage = LIVE_PAGES.map((page) => {
    const times = runs.map((r) => r.ms[page]);
    const seen = times.filter((t): t is number => t !== undefined);
    const answered = runs.some((r) => r.status[page] >= 200 && r.status[page] < 300);
    return { page, times, seen, answered, missing: times.length - seen.length, lastStatus: runs.at(-1)?.status[page] ?? 0 };
  });
  // A page that never answered 2xx (the feed before it lands) is reported, not counted as slow.
  const counted = perPage.filter((p) => p.answered);
  const overall = runs.map((_, i) => Math.max(...counted.map((p) => p.times[i] ?? Number.POSITIVE_INFINITY)));
  return { perPage, overall };
}

function summaryCells(report: BenchReport): string[][] {
  const rows: string[][] = [];
  if (report.publish?.length) {
    const { perPage, overall } = liveSummary(report.publish);
    const max = Math.max(...overall);
    const detail = perPage
      .map((p) => (p.answered ? `${p.page} ${fmtMs(median(p.seen))}/${p.missing ? `>10000 (${p.missing}× never)` : fmtMs(Math.max(...p.seen))}` : `${p.page} n/a (status ${p.lastStatus})`))
      .join('; ');
    rows.push([
      `publish-to-live, ${report.publish.length} runs (median/max ms)`,
      `${fmtMs(median(overall.filter(Number.isFinite)))} / ${Number.isFinite(max) ? fmtMs(max) : '>10000'} ms (${detail})`,
      `< 1 s ${mark(max < TARGET_LIVE_MS)}`,
    ]);
  }
  for (const s of report.servers) {
    rows.push([`RSS idle after warm-up, cache ${s.cache}`, fmtMiB(s.idleMiB), `< ${TARGET_IDLE_MIB} MiB ${mark((s.idleMiB ?? Infinity) < TARGET_IDLE_MIB)}`]);
  }
  for (const s of report.servers.filter((x) => x.peakMiB !== undefined)) {
    rows.push([`RSS peak under load, cache ${s.cache}`, fmtMiB(s.peakMiB), `< ${TARGET_PEAK_MIB} MiB ${mark(s.peakMiB! < TARGET_PEAK_MIB)}`]);
  }
  for (const s of report.servers) {
    rows.push([`first 200 on / after spawn, cache ${s.cache}`, `${fmtMs(s.firstOkMs)} ms`, `< 1 s ${mark(s.firstOkMs < TARGET_FIRST_OK_MS)}`]);
  }
  const imp = report.importResult;
  if (imp) {
    rows.push([
      `import, ${imp.stories} plain-text wire stories`,
      `${fmtInt(imp.storiesPerSecond)} stories/s (median of ${imp.runs.length}: ${imp.runs.map((s) => s.toFixed(2)).join(', ')} s incl. CLI start; ${imp.outcomes}${imp.exitCode ? `; exit ${imp.exitCode}` : ''})`,
      `≥ ${fmtInt(TARGET_IMPORT_RATE)}/s ${mark(imp.storiesPerSecond >= TARGET_IMPORT_RATE && imp.exitCode === 0)}`,
    ]);
  }
  return rows;
}

const SUMMARY_HEADERS = ['measurement', 'figure', 'target'];
const RIGHT_ALIGNED = new Set(['conc', 'req/s', 'p50 ms', 'p99 ms', '÷ static']);

function plainTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - [...c].length);
        return RIGHT_ALIGNED.has(headers[i]!) ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(headers: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  const align = headers.map((h) => (RIGHT_ALIGNED.has(h) ? '---:' : '---'));
  return [`| ${headers.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function runLine(report: BenchReport): string {
  const o = report.options;
  const m = report.machine;
  const d = report.dataSet;
  const data = d
    ? `${fmtInt(d.articles)} articles (${fmtInt(d.published)} published), ${fmtInt(d.comments)} comments, ${(d.sizeBytes / 1048576).toFixed(0)} MiB on disk${d.reused ? ', reused' : ''}${d.buildSeconds !== undefined ? `, built in ${d.buildSeconds.toFixed(1)} s` : ''}`
    : 'no data set';
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const check = `CPU check (a loop of 3·10⁸ additions, best of 3): ${seconds(report.cpuCheck.startMs)} at the start${
    report.cpuCheck.endMs === undefined ? '' : `, ${seconds(report.cpuCheck.endMs)} at the end`
  } (lower is faster).`;
  return [
    `${report.date}; ${m.cpu}, nproc ${m.nproc}, memory ${m.memory}; Node ${m.node}. ${check}`,
    `${o.quick ? '--quick: ' : ''}${o.durationSeconds} s per run at ${o.connections.join(', ')} connections, load from ${describeLoader(report)}; Dateline in ${o.workers === 1 ? 'one process' : `${o.workers} processes (\`serve --workers ${o.workers}\`)`}; ${data}.`,
  ].join('\n');
}

export function renderPlain(report: BenchReport): string {
  const parts = [runLine(report), ''];
  if (report.rows.length) parts.push(plainTable(LOAD_HEADERS, loadCells(report)), '');
  parts.push(plainTable(SUMMARY_HEADERS, summaryCells(report)));
  if (report.notes.length) parts.push('', ...report.notes.map((n) => `* ${n}`));
  return parts.join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const parts = [runLine(report).replace('\n', '  \n'), ''];
  if (report.rows.length) parts.push(markdownTable(LOAD_HEADERS, loadCells(report)), '');
  parts.push(markdownTable(SUMMARY_HEADERS, summaryCells(report)));
  if (report.notes.length) parts.push('', ...report.notes.map((n) => `- ${n}`));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// docs/performance.md

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const METHOD = `# Performance

\`npm run bench\` builds the site, generates a data set, starts Dateline in production mode as a
child process and measures it over 127.0.0.1. It prints figures; nothing here is a pass/fail test.
Flags: \`--quick\`, \`--articles N\`, \`--comments N\`, \`--duration S\`, \`--connections 10,50\`,
\`--keep DIR\` (build once, reuse later), \`--only NAME\` (one row; does not rewrite this file).

## Method
- **Data set.** The schema comes from the real CLI (\`dateline articles list\` creates and migrates the
  database); rows are bulk-inserted with better-sqlite3 in transactions of 1,000 articles: deterministic
  word-salad prose (8–25 paragraphs, a crosshead about every sixth), 1–2 bylines with locations,
  datelines, 2–4 tags from a pool of 300, seven sections, 95% published over three years, one revision
  each, and comments spread log-normally over the published articles. Inserts go through whatever
  triggers the schema has (the full-text index, when present), so the build time includes them.
- **Server.** \`node dist/server/main.js serve\` with \`NODE_ENV=production\`, \`DATELINE_LOG_LEVEL=warn\`,
  \`DATELINE_DEMO=0\`, once with \`DATELINE_PAGE_CACHE=1\` and once with \`0\`. First 200 is the time
  from spawn to the first 200 on \`/\` (polled every 5 ms).
- **Load.** wrk when it is on PATH, else autocannon; \`--loader wrk|autocannon\` forces one, and the
  header line of the run names the one used (with its version). Both keep their connections alive,
  send \`accept-encoding: gzip, br\`, a browser's \`accept\` and \`user-agent: dateline-bench\`, and count
  a response slower than 10 s as a timeout. *article* rotates over 200 random published articles;
  *article-hot* is one of them; then \`/\`, \`/news\`, \`/feed.xml\` and \`/search?q=council\`. Every URL is
  fetched once; each freshly started server then gets 8 s of unrecorded load over all those URLs (V8
  compiles the hot code over its first few thousand requests), and each page a 1 s unrecorded warm-up
  before its runs. req/s is completed
  responses over the run's duration; "errors" are socket errors and timeouts; a run with non-2xx
  answers or errors is marked \`!\`.
  - *autocannon* (programmatic, in the bench's own Node process): each connection walks the path
    list from its own offset. p50/p99 are computed from every response's latency at
    sub-millisecond resolution.
  - *wrk* (a Lua script generated by \`scripts/bench/wrk.ts\`): 2 threads, or 1 when there are fewer
    than 2 connections or an odd number of them (wrk gives each thread connections ÷ threads,
    rounded down). Lua state is per thread, not per connection, so each thread walks the path list
    from its own offset and its connections share that cursor: consecutive requests still go to
    consecutive URLs. Statuses are counted per response by a Lua \`response()\` hook (it costs wrk
    about 1–2 µs of CPU a response, within the noise of the static baseline's req/s). p50/p99 are
    wrk's own, in microseconds, read in the script's \`done()\`; wrk 4 *corrects them for coordinated
    omission*: after the run, every response slower than twice the mean time between one
    connection's requests adds synthetic samples below it, as if the requests it held up had been
    sent on time. A stall therefore weighs far more in wrk's p99 (and a little in its p50) than in
    autocannon's, which records only the responses that happened.
  - The two are not interchangeable: wrk, in C, spends about half the CPU a request that autocannon
    does (22–30 µs against 52–62 µs, measured on the static baseline at c=50), so on a 2-core
    machine it leaves the server more of it (when wrk support was added, on this machine
    shared with other benchmarks, the static baseline answered 19,000–33,000 req/s under wrk against
    10,000–19,000 under autocannon), and its percentiles are corrected as above. Compare runs made
    with the same loader only.
- **Static baseline.** The hot article's bytes, fetched once from Dateline with the same headers,
  served by nginx (one process) when installed, else by a minimal node:http server; "÷ static" is
  Dateline's req/s over the baseline's at the same concurrency. *static-rotating* is the same server
  walked over the 200 article URLs as the *article* rows are; those rows are divided by it.
- **Publish-to-live.** An editor signs in over HTTP, creates a draft, saves a unique headline through
  the editor's JSON API, warms \`/\`, \`/news\` and \`/news/feed.xml\`, then publishes; from the moment
  the publish response returns, the article, home and section feed are polled every 5 ms until each
  shows the headline. Five runs on the cached server.
- **Memory.** VmRSS from /proc: idle after start and warm-up, and the peak sampled every 100 ms
  during the load runs.
- **Import.** 2,000 generated plain-text wire stories, imported by \`dateline import FOLDER\` into a
  fresh data folder, three times; the CLI's start is included, and the figure is the median run.
- The load generator runs on the same machine as the server and competes with it for CPU.

## Latest run
`;

/** Writes the run between the markers in docs/performance.md, creating the file (with the method) if needed. */
export function writeDocs(path: string, report: BenchReport): void {
  const block = `${START}\n${renderMarkdown(report)}\n${END}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `${METHOD}\n${START}\n${END}\n`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}

