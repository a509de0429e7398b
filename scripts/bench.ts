import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { capturePage, startStaticBaseline } from './bench/baseline.js';
import { pickArticlePaths, prepareDataSet } from './bench/dataset.js';
import { IMPORT_RUNS, measureImport } from './bench/import.js';
import { runLoad, type LoadResult } from './bench/load.js';
import { ONLY, PAGES, parseOptions, USAGE, type BenchOptions, type PageName } from './bench/options.js';
import { SEARCH_WORD } from './bench/prose.js';
import { installCleanup, removeOnExit, repoRoot, cliPath, treeRssMiB, RssSampler, sleep, startDateline, waitUntilIdle, type RunningServer } from './bench/processes.js';
import { ensureEditor, measurePublishToLive } from './bench/publish.js';
import { cpuCheckMs, describeMachine, renderPlain, targetConcurrency, writeDocs, type BenchReport, type LoadRow } from './bench/report.js';

/**
 * `npm run bench`: Dateline's performance figures (page throughput and latency cached and not,
 * against a static baseline; publish-to-live; memory; start time; import rate). It prints figures
 * and writes them to docs/performance.md; it is never a timed test. See docs/performance.md.
 */

const ARTICLE_SAMPLE = 200;
const PUBLISH_REPEATS = 5;
const IMPORT_STORIES = 2000;
/** Unrecorded load on each page's URLs before its runs. */
const WARM_UP_SECONDS = 1;
/**
 * Unrecorded load over every measured URL on a freshly started server, before its first page's runs.
 * V8 compiles the hot code over the first few thousand requests: an uncached article page rotated over
 * 200 URLs answered 900, 1,190, then 1,590-1,650 req/s over its first 3 s runs after a start, and the
 * first rows of the table measured that warm-up rather than the server a reader meets.
 */
const SERVER_WARM_UP_SECONDS = 8;
const DOCS = join(repoRoot, 'docs', 'performance.md');

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Whether the built server reads an environment variable at all (a switch a colleague may not have landed yet). */
function distMentions(name: string): boolean {
  const dir = join(repoRoot, 'dist');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !f.startsWith('client'));
  return files.some((f) => readFileSync(join(dir, f), 'utf8').includes(name));
}

const describeRun = (r: LoadResult) =>
  `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.statuses}${r.errors ? `, ${r.errors} errors` : ''}`;

/** Fetches every path once, in order; returns "path status" for those that did not answer 200. */
async function fetchEach(base: string, paths: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) {
    const res = await fetch(base + path, { headers: { 'accept-encoding': 'gzip, br' }, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    if (res.status !== 200) problems.push(`${path} ${res.status}`);
  }
  return problems;
}

async function loadRows(opts: BenchOptions, base: string, page: LoadRow['page'], cache: LoadRow['cache'], paths: readonly string[]): Promise<LoadRow[]> {
  await runLoad({ baseUrl: base, paths, connections: Math.min(10, Math.max(...opts.connections)), durationSeconds: WARM_UP_SECONDS, loader: opts.loader });
  const rows: LoadRow[] = [];
  for (const connections of opts.connections) {
    const result = await runLoad({ baseUrl: base, paths, connections, durationSeconds: opts.durationSeconds, loader: opts.loader });
    log(`  ${page} cache ${cache} c=${connections}: ${describeRun(result)}`);
    rows.push({ page, cache, connections, result });
  }
  return rows;
}

async function main(): Promise<void> {
  let opts: BenchOptions | undefined;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    log(`bench: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!opts) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  installCleanup();
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (\`npm run bench\` does)`);

  const only = opts.only;
  const pages: PageName[] = only === undefined ? [...PAGES] : (PAGES as readonly string[]).includes(only) ? [only as PageName] : [];
  const wants = {
    server: only !== 'import',
    baseline: only === undefined || only === 'static' || pages.length > 0,
    publish: only === undefined || only === 'publish',
    import: only === undefined || only === 'import',
  };
  const work = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  removeOnExit(work);
  const report: BenchReport = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: describeMachine(),
    options: opts,
    dataSet: undefined,
    baseline: undefined,
    rows: [],
    publish: undefined,
    servers: [],
    importResult: undefined,
    cpuCheck: { startMs: cpuCheckMs(), endMs: undefined },
    notes: [],
  };
  log(`bench: ${report.machine.cpu}, nproc ${report.machine.nproc}, Node ${report.machine.node}; work folder ${work}`);

  if (wants.server) {
    const dataDir = opts.keepDir ? resolve(opts.keepDir) : join(work, 'data');
    log(`data set in ${dataDir}${opts.keepDir && existsSync(join(dataDir, 'dateline.db')) ? ' (reusing it)' : `: ${opts.articles} articles, ${opts.comments} comments`}`);
    const dataSet = await prepareDataSet(dataDir, { articles: opts.articles, comments: opts.comments, reuse: opts.keepDir !== undefined }, log);
    report.dataSet = dataSet;
    log(`data set: ${dataSet.reused ? 'reused' : `built in ${dataSet.buildSeconds!.toFixed(1)} s`}, ${(dataSet.sizeBytes / 1048576).toFixed(1)} MiB on disk; search index: ${dataSet.searchIndex}`);
    if (dataSet.reused && (dataSet.articles < opts.articles * 0.99 || dataSet.articles > opts.articles * 1.01)) {
      report.notes.push(`--keep reused a data set of ${dataSet.articles} articles; --articles/--comments were not applied.`);
    }
    report.notes.push(`Search index at build time: ${dataSet.searchIndex}.`);
    if (wants.publish) await ensureEditor(dataDir);

    const articlePaths = pickArticlePaths(dataDir, ARTICLE_SAMPLE);
    const hot = articlePaths[0];
    if (!hot) throw new Error('the data set has no published article');
    const paths: Record<PageName, string[]> = {
      article: articlePaths,
      'article-hot': [hot],
      home: ['/'],
      section: ['/news'],
      feed: ['/feed.xml'],
      search: [`/search?q=${SEARCH_WORD}`],
    };
    const cacheSwitch = distMentions('DATELINE_PAGE_CACHE');
    if (!cacheSwitch) {
      report.notes.push('This build does not read DATELINE_PAGE_CACHE (no mention in dist/): the "on" and "off" runs measure the same server.');
    }
    const modes: ('on' | 'off')[] = only === 'publish' || only === 'static' ? ['on'] : ['on', 'off'];
    for (const cache of modes) {
      log(`starting Dateline with DATELINE_PAGE_CACHE=${cache === 'on' ? 1 : 0}${cacheSwitch ? '' : ' (ignored by this build)'}`);
      const server: RunningServer = await startDateline(dataDir, { pageCache: cache === 'on', workers: opts.workers });
      try {
        log(`  first 200 on / after ${server.firstOkMs.toFixed(0)} ms`);
        const warmPaths = [...new Set(pages.flatMap((p) => paths[p]).concat('/', hot))];
        const problems = await fetchEach(server.url, warmPaths);
        if (problems.length) log(`  not 200 on warm-up: ${problems.slice(0, 10).join(', ')}${problems.length > 10 ? ', ...' : ''}`);
        // A repeat fetch shows whether the page cache answers (the server marks hits with x-cache).
        const repeat: string[] = [];
        for (const page of pages) {
          const res = await fetch(server.url + paths[page][0]!, { headers: { 'accept-encoding': 'gzip, br' }, signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          repeat.push(`${page} ${res.headers.get('x-cache') ?? '(none)'}`);
        }
        if (repeat.length) report.notes.push(`x-cache header on a repeat fetch, cache ${cache}: ${repeat.join(', ')}.`);
        await sleep(500);
        const idleMiB = treeRssMiB(server.pid);
        log(`  RSS idle after warm-up: ${idleMiB?.toFixed(1)} MiB`);

        if (wants.baseline && !report.baseline) {
          const page = await capturePage(server.url + hot);
          if (page.status !== 200) throw new Error(`GET ${hot} answered ${page.status}; the static baseline needs the article page`);
          const baseline = await startStaticBaseline(page, join(work, 'static'));
          report.baseline = { kind: baseline.kind, bytes: page.body.length, encoding: page.contentEncoding ?? 'identity' };
          log(`static baseline: ${baseline.kind} serving the article page (${page.body.length} bytes, ${report.baseline.encoding})`);
          try {
            report.rows.push(...(await loadRows(opts, baseline.url, 'static', '-', ['/'])));
            // The same bytes at the article URLs, walked as the article rows walk them (see staticRps in report.ts).
            if (pages.includes('article')) report.rows.push(...(await loadRows(opts, baseline.url, 'static-rotating', '-', paths.article)));
          } finally {
            await baseline.stop();
          }
        }

        let peakMiB: number | undefined;
        if (pages.length) {
          const sampler = new RssSampler(server.pid);
          sampler.start();
          try {
            // Unrecorded: V8 compiles the hot code over the first few thousand requests (see SERVER_WARM_UP_SECONDS).
            await runLoad({ baseUrl: server.url, paths: warmPaths, connections: 10, durationSeconds: SERVER_WARM_UP_SECONDS, loader: opts.loader });
            for (const page of pages) report.rows.push(...(await loadRows(opts, server.url, page, cache, paths[page])));
          } finally {
            peakMiB = sampler.stop();
          }
          log(`  RSS peak under load: ${peakMiB.toFixed(1)} MiB`);
        }
        report.servers.push({ cache, firstOkMs: server.firstOkMs, idleMiB, peakMiB });

        if (cache === 'on' && wants.publish) {
          const waited = await waitUntilIdle(server.url);
          log(`publish-to-live on the cached server (idle after ${Math.round(waited)} ms)`);
          report.publish = await measurePublishToLive(server.url, PUBLISH_REPEATS, log);
          const perRun = report.publish.map((run) => Object.entries(run.ms).map(([page, ms]) => `${page} ${ms === undefined ? 'never' : ms.toFixed(1)}`).join(', '));
          report.notes.push(`Publish-to-live, each run (ms from the publish response): ${perRun.map((r, i) => `#${i + 1} ${r}`).join('; ')}.`);
        }
      } catch (e) {
        const tail = server.output.stderr.trim().split('\n').slice(-20).join('\n');
        if (tail) log(`Dateline's last output:\n${tail}`);
        throw e;
      } finally {
        if ((await server.stop()) === 'killed') report.notes.push(`Dateline (cache ${cache}) did not exit within 3 s of SIGTERM and was killed.`);
      }
    }
    const nonOk = report.rows.filter((r) => r.result.non2xx > 0);
    for (const page of new Set(nonOk.map((r) => r.page))) {
      report.notes.push(`${page}: non-2xx answers (${[...new Set(nonOk.filter((r) => r.page === page).map((r) => r.result.statuses))].join('; ')}); its figures are not a page's.`);
    }
    const targetC = targetConcurrency(opts.connections);
    const staticAtTarget = report.rows.find((r) => r.page === 'static' && r.connections === targetC)?.result;
    if (staticAtTarget && staticAtTarget.p99Ms >= 5) {
      report.notes.push(`The static baseline's own p99 at c=${targetC} is ${staticAtTarget.p99Ms.toFixed(1)} ms: on this machine the load generator and the server share ${report.machine.nproc} CPUs, so "p99 < 5 ms" is out of reach for any server here.`);
    }
    if (report.baseline) {
      report.notes.push(`Static baseline: ${report.baseline.kind} serving the article page's ${report.baseline.bytes} bytes (${report.baseline.encoding}).`);
    }
  }

  if (wants.import) {
    log(`import: ${IMPORT_STORIES} wire stories into a fresh data folder, ${IMPORT_RUNS} times`);
    report.importResult = await measureImport(join(work, 'import'), IMPORT_STORIES);
    log(`  ${report.importResult.storiesPerSecond.toFixed(0)} stories/s, the median of ${report.importResult.runs.map((s) => s.toFixed(2)).join(', ')} s (${report.importResult.outcomes})`);
  }

  report.cpuCheck.endMs = cpuCheckMs();
  const order = ['static', 'static-rotating', ...PAGES];
  report.rows.sort((a, b) => order.indexOf(a.page) - order.indexOf(b.page) || (a.cache === b.cache ? 0 : a.cache === 'on' ? -1 : 1) || a.connections - b.connections);
  process.stdout.write(`\n${renderPlain(report)}\n`);
  if (only === undefined) {
    writeDocs(DOCS, report);
    log(`\nwritten to ${DOCS}`);
  } else {
    log(`\n--only ${only}: docs/performance.md left as it was (one of ${ONLY.join(', ')})`);
  }
}

main().catch((e: unknown) => {
  log(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  // exit() runs the cleanup that stops every child process and removes the temp folders.
  process.exit(1);
});
