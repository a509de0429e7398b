import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, wireStory } from './prose.js';
import { runCli } from './processes.js';

export interface ImportResult {
  stories: number;
  seconds: number;
  storiesPerSecond: number;
  /** Lines the CLI printed per outcome ("draft", "failed", ...). */
  outcomes: string;
  exitCode: number;
}

/**
 * Writes `count` plain-text wire stories into `dir/wire` and times `dateline import` of the folder
 * into a fresh data folder; the CLI's start (and the new database's migrations) are included.
 */
export async function measureImport(dir: string, count: number): Promise<ImportResult> {
  const wireDir = join(dir, 'wire');
  const dataDir = join(dir, 'data');
  mkdirSync(wireDir, { recursive: true });
  const r = new Random(42);
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < count; i++) {
    const when = new Date(start + r.next() * 3 * 365 * 86_400_000);
    writeFileSync(join(wireDir, `story-${String(i).padStart(5, '0')}.txt`), wireStory(r, when));
  }
  const run = await runCli(['--data', dataDir, 'import', wireDir], { timeoutMs: 600_000 });
  const outcomes = new Map<string, number>();
  for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
    const status = /^(\w+)\t/.exec(line)?.[1];
    if (status) outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
  }
  return {
    stories: count,
    seconds: run.seconds,
    storiesPerSecond: count / run.seconds,
    outcomes: [...outcomes].map(([k, n]) => `${n} ${k}`).join(', ') || 'no per-story lines',
    exitCode: run.code,
  };
}
