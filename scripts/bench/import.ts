import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, wireStory } from './prose.js';
import { runCli } from './processes.js';

export interface ImportResult {
  stories: number;
  /** The median run's time, and every run's, in the order they ran. */
  seconds: number;
  runs: number[];
  storiesPerSecond: number;
  /** Lines the CLI printed per outcome ("draft", "failed", ...), in the median run. */
  outcomes: string;
  /** The first non-zero exit code of any run, or 0. */
  exitCode: number;
}

/** Imports a run takes: this machine's speed moves within seconds, and one import is over in two or three. */
export const IMPORT_RUNS = 3;

/**
 * Writes `count` plain-text wire stories into `dir/wire` and times `dateline import` of the folder
 * into a fresh data folder, `runs` times; the CLI's start (and the new database's migrations) are
 * included. The figure is the median run.
 */
export async function measureImport(dir: string, count: number, runs = IMPORT_RUNS): Promise<ImportResult> {
  const wireDir = join(dir, 'wire');
  mkdirSync(wireDir, { recursive: true });
  const r = new Random(42);
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < count; i++) {
    const when = new Date(start + r.next() * 3 * 365 * 86_400_000);
    writeFileSync(join(wireDir, `story-${String(i).padStart(5, '0')}.txt`), wireStory(r, when));
  }
  const done: { seconds: number; outcomes: string; code: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await runCli(['--data', join(dir, `data-${i + 1}`), 'import', wireDir], { timeoutMs: 600_000 });
    const outcomes = new Map<string, number>();
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
      const status = /^(\w+)\t/.exec(line)?.[1];
      if (status) outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
    }
    done.push({ seconds: run.seconds, outcomes: [...outcomes].map(([k, n]) => `${n} ${k}`).join(', ') || 'no per-story lines', code: run.code });
  }
  const median = [...done].sort((a, b) => a.seconds - b.seconds)[Math.floor(done.length / 2)]!;
  return {
    stories: count,
    seconds: median.seconds,
    runs: done.map((d) => d.seconds),
    storiesPerSecond: count / median.seconds,
    outcomes: median.outcomes,
    exitCode: done.find((d) => d.code !== 0)?.code ?? 0,
  };
}
