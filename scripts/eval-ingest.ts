/**
 * npm run eval:ingest [-- --set NAME] [--limit N] [--misses N] [--dump FILE]
 *
 * Measures how well the importers read the third-party corpora in ../shared/corpora (DATELINE_SHARED
 * overrides the shared folder): every file goes through parseWireItems, as the product imports it, and
 * is scored against the corpus's own ground truth. Low scores still exit 0; only a crash exits 1.
 * The matching rules are written down in docs/ingest-accuracy.md.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { newsmlG2Set } from './eval/newsml-g2.js';
import { ninjsSet } from './eval/ninjs.js';
import { readabilitySet } from './eval/readability.js';
import { reutersSet } from './eval/reuters.js';
import { FIELDS, evaluateSet, type RowStats, type Score, type SetResult } from './eval/runner.js';
import { seedSet } from './eval/seed.js';
import { superdeskSet } from './eval/superdesk.js';
import { formatTable } from './eval/table.js';
import type { EvalSet, LoadOptions } from './eval/types.js';

const SETS: readonly EvalSet[] = [readabilitySet, reutersSet, superdeskSet, ninjsSet, newsmlG2Set, seedSet];
const FAILURES_SHOWN = 10;

const USAGE = `usage: npm run eval:ingest -- [--set NAME]... [--limit N] [--misses N] [--dump FILE]
  --set NAME    run only this set (repeatable; one of ${SETS.map((s) => s.name).join(', ')})
  --limit N     score at most N items per set
  --misses N    list the first N misses of each field per set (expected vs got)
  --dump FILE   write every scored item as one JSON line (fields, expected, got) to FILE`;

const percent = (s: Score): string => (s.total === 0 ? '—' : `${((100 * s.hits) / s.total).toFixed(1)}% (${s.hits}/${s.total})`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function rowCells(r: RowStats): string[] {
  return [
    r.label,
    String(r.items),
    r.items === 0 ? '—' : `${r.parsed} (${((100 * r.parsed) / r.items).toFixed(0)}%)`,
    ...FIELDS.map((f) => percent(r.fields[f])),
    r.bodyCount === 0 ? '—' : `${(r.bodySum / r.bodyCount).toFixed(3)} (n=${r.bodyCount})`,
    seconds(r.ms),
  ];
}

function printSet(name: string, result: SetResult, notes: readonly string[], missesShown: number): void {
  console.log(`\n== ${name} (${seconds(result.ms)} in all)`);
  const header = ['rows', 'items', 'parsed', 'headline', 'bylines', 'dateline', 'date', 'mean body F1', 'parse time'];
  console.log(formatTable(header, result.rows.filter((r) => r.items > 0).map(rowCells)));
  for (const n of notes) console.log(`note: ${n}`);
  for (const [check, score] of result.checks) console.log(`check: ${check}: ${percent(score)}`);

  const failed = new Map<string, string>();
  for (const r of result.results) if (r.error) failed.set(r.id, r.error);
  console.log(`failures: ${failed.size}${failed.size ? ` (first ${Math.min(FAILURES_SHOWN, failed.size)} below)` : ''}`);
  for (const [id, error] of [...failed].slice(0, FAILURES_SHOWN)) console.log(`  ${id}: ${error}`);

  if (missesShown <= 0) return;
  for (const field of FIELDS) {
    const misses = result.results.filter((r) => !r.error && r.fields[field] && !r.fields[field].ok);
    if (misses.length === 0) continue;
    console.log(`misses: ${field} (${misses.length}; first ${Math.min(missesShown, misses.length)})`);
    for (const m of misses.slice(0, missesShown)) {
      const f = m.fields[field];
      if (f) console.log(`  ${m.id}\n    expected: ${f.expected}\n    got:      ${f.got}`);
    }
  }
  const lowBody = result.results.filter((r) => !r.error && r.body !== undefined && r.body < 0.8).sort((a, b) => (a.body ?? 0) - (b.body ?? 0));
  if (lowBody.length) {
    console.log(`misses: body F1 < 0.8 (${lowBody.length}; lowest ${Math.min(missesShown, lowBody.length)})`);
    for (const m of lowBody.slice(0, missesShown)) console.log(`  ${m.id}: ${(m.body ?? 0).toFixed(3)}`);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', multiple: true },
      limit: { type: 'string' },
      misses: { type: 'string' },
      dump: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const wanted = (values.set ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !SETS.some((s) => s.name === w));
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const misses = values.misses === undefined ? 0 : Number(values.misses);
  if (unknown.length || (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) || !(Number.isInteger(misses) && misses >= 0)) {
    console.error(unknown.length ? `unknown set: ${unknown.join(', ')}\n${USAGE}` : USAGE);
    process.exitCode = 2;
    return;
  }

  const root = fileURLToPath(new URL('..', import.meta.url));
  const shared = resolve(process.env.DATELINE_SHARED ?? resolve(root, '..', 'shared'));
  const opts: LoadOptions = { shared, corpora: resolve(shared, 'corpora'), ...(limit === undefined ? {} : { limit }) };
  console.log(`Ingest accuracy: corpora in ${opts.corpora}, run ${new Date().toISOString()}${limit === undefined ? '' : `, at most ${limit} items per set`}`);

  const dump: string[] = [];
  const started = performance.now();
  for (const set of SETS) {
    if (wanted.length && !wanted.includes(set.name)) continue;
    const path = set.path(opts);
    if (!existsSync(path)) {
      console.log(`\n== ${set.name}: skipped, ${path} is absent`);
      continue;
    }
    const loaded = set.load(opts);
    const result = evaluateSet(loaded);
    printSet(set.name, result, loaded.notes, misses);
    if (values.dump) for (const r of result.results) dump.push(JSON.stringify({ set: set.name, ...r }));
  }
  if (values.dump) writeFileSync(values.dump, dump.join('\n') + '\n');
  console.log(`\ntotal ${seconds(performance.now() - started)}`);
}

// Piped into `head`, the run stops quietly instead of dying on a closed pipe.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

try {
  main();
} catch (e) {
  console.error('eval-ingest crashed:', e);
  process.exitCode = 1;
}
