import autocannon from 'autocannon';
import type { Loader } from './options.js';
import { runWrk } from './wrk.js';

/**
 * What one load run measured. With autocannon the latencies are our own, from every response at
 * full (sub-ms) resolution; with wrk they are wrk's (microseconds, corrected for coordinated
 * omission, see docs/performance.md).
 */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  /** Socket errors (connect, read, write) and timeouts. */
  errors: number;
  /** "200×12345, 404×3" */
  statuses: string;
}

/** The headers a browser sends that matter to a server's response. */
export const BROWSER_HEADERS = { 'accept-encoding': 'gzip, br', accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'user-agent': 'dateline-bench' };

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface LoadOptions {
  baseUrl: string;
  paths: readonly string[];
  connections: number;
  durationSeconds: number;
  /** wrk (scripts/bench/wrk.ts) or autocannon; options.ts picks wrk when it is on PATH. */
  loader: Loader;
}

/**
 * Drives `baseUrl` with the chosen load generator for `durationSeconds` at `connections`, with
 * BROWSER_HEADERS. Several paths are rotated so no one URL stays hot: with autocannon each
 * connection walks the list from its own offset; with wrk each thread does (see wrk.ts).
 */
export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (opts.loader === 'wrk') return runWrk({ ...opts, headers: BROWSER_HEADERS });
  return runAutocannon(opts);
}

function runAutocannon(opts: LoadOptions): Promise<LoadResult> {
  const { paths, connections } = opts;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let nextClient = 0;
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections,
        duration: opts.durationSeconds,
        timeout: 10,
        headers: BROWSER_HEADERS,
        requests,
        setupClient: (client) => {
          if (requests.length < 2) return;
          const offset = Math.floor((nextClient++ * requests.length) / connections) % requests.length;
          client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
        },
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const sorted = latencies.subarray(0, count).sort();
        const statuses = Object.entries(result.statusCodeStats ?? {})
          .map(([code, s]) => `${code}×${s.count ?? 0}`)
          .join(', ');
        resolve({
          requestsPerSecond: result.duration > 0 ? result.requests.total / result.duration : 0,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          total: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          statuses: statuses || 'none',
        });
      },
    );
    instance.on('response', (_client: autocannon.Client, _status: number, _bytes: number, responseTime: number) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTime;
    });
  });
}
