import { parseArgs } from 'node:util';
import { findWrk } from './wrk.js';

/** The page runs; each is measured cached and uncached at every concurrency. */
export const PAGES = ['article', 'article-hot', 'home', 'section', 'feed', 'search'] as const;
export type PageName = (typeof PAGES)[number];
/** What --only may name: one page, or one of the other measurements. */
export const ONLY = [...PAGES, 'static', 'publish', 'import'] as const;
export type OnlyName = (typeof ONLY)[number];
/** The load generators runLoad can drive. */
export const LOADERS = ['wrk', 'autocannon'] as const;
export type Loader = (typeof LOADERS)[number];

export interface BenchOptions {
  articles: number;
  comments: number;
  durationSeconds: number;
  connections: number[];
  keepDir: string | undefined;
  only: OnlyName | undefined;
  quick: boolean;
  /** The load generator: --loader, else wrk when it is on PATH, else autocannon. */
  loader: Loader;
  /** Dateline server processes (`serve --workers`). */
  workers: number;
}

export const USAGE = `npm run bench -- [options]
  --articles N        articles in the data set (default 100000; --quick 5000)
  --comments N        comments in the data set (default 1000000; --quick 50000)
  --quick             small data set and 5 s runs
  --duration S        seconds per load run (default 10; --quick 5)
  --connections LIST  concurrencies, comma-separated (default 10,50)
  --keep DIR          build the data set in DIR and keep it; reuse it when DIR already has one
  --only NAME         run one row: ${ONLY.join(', ')}
  --loader NAME       load generator: wrk or autocannon (default wrk when it is on PATH, else autocannon)
  --workers N         Dateline server processes, as \`dateline serve --workers N\` (default 1)
  --help`;

function whole(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

/**
 * Parses the command line; throws with a message naming the bad flag. Returns undefined for --help.
 * `wrkInstalled` decides the default loader (and whether --loader wrk can run).
 */
export function parseOptions(argv: string[], wrkInstalled: () => boolean = () => findWrk() !== undefined): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      articles: { type: 'string' },
      comments: { type: 'string' },
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string' },
      keep: { type: 'string' },
      only: { type: 'string' },
      loader: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  const only = values.only;
  if (only !== undefined && !(ONLY as readonly string[]).includes(only)) throw new Error(`--only must be one of ${ONLY.join(', ')}, got "${only}"`);
  const loader = values.loader;
  if (loader !== undefined && !(LOADERS as readonly string[]).includes(loader)) throw new Error(`--loader must be one of ${LOADERS.join(', ')}, got "${loader}"`);
  if (loader === 'wrk' && !wrkInstalled()) throw new Error('--loader wrk: wrk is not on PATH (install it, or use --loader autocannon)');
  const connections = (values.connections ?? '10,50').split(',').map((c) => whole('--connections', c.trim(), 1, 1000));
  return {
    articles: values.articles === undefined ? (quick ? 5000 : 100_000) : whole('--articles', values.articles, 1, 10_000_000),
    comments: values.comments === undefined ? (quick ? 50_000 : 1_000_000) : whole('--comments', values.comments, 0, 100_000_000),
    durationSeconds: values.duration === undefined ? (quick ? 5 : 10) : whole('--duration', values.duration, 1, 600),
    connections: [...new Set(connections)],
    keepDir: values.keep,
    only: only as OnlyName | undefined,
    quick,
    loader: (loader as Loader | undefined) ?? (wrkInstalled() ? 'wrk' : 'autocannon'),
    workers: values.workers === undefined ? 1 : whole('--workers', values.workers, 1, 64),
  };
}
