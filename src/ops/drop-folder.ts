import { mkdir, readdir, rename, stat, writeFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AppContext } from '../context.js';
import { ingestWireFile, type IngestItemResult } from './ingest-wire.js';

const DONE = '.done';
const FAILED = '.failed';
/** A file must be this old (unchanged) before it is taken, so a half-copied file is never read. */
const SETTLE_MS = 1000;

/**
 * Watches a drop folder: every file that lands in it is ingested, then moved to `.done/`, or to
 * `.failed/` with a `.error.txt` beside it. Polling, not fs.watch: it works the same on every
 * file system, network shares included.
 */
export function watchDropFolder(
  ctx: AppContext,
  dir: string,
  opts: { everyMs?: number; publish?: boolean; onFile?: (file: string, results: IngestItemResult[]) => void } = {},
): { stop: () => void; scan: () => Promise<number> } {
  let inFlight: Promise<number> | undefined;
  // A scan asked for while one runs waits for that one instead of starting a second.
  const scan = (): Promise<number> => (inFlight ??= scanOnce().finally(() => (inFlight = undefined)));
  const scanOnce = async (): Promise<number> => {
    let taken = 0;
    try {
      await mkdir(join(dir, DONE), { recursive: true });
      await mkdir(join(dir, FAILED), { recursive: true });
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        const path = join(dir, entry.name);
        const info = await stat(path).catch(() => undefined);
        if (!info || ctx.now().getTime() - info.mtimeMs < SETTLE_MS) continue;
        let results: IngestItemResult[];
        try {
          results = await ingestWireFile(ctx, { bytes: await readFile(path), fileName: entry.name, source: `drop:${basename(dir)}`, publish: opts.publish === true });
        } catch (err) {
          results = [{ outcome: 'failed', reason: err instanceof Error ? err.message : String(err) }];
        }
        const failed = results.filter((r) => r.outcome === 'failed');
        const target = await freeName(join(dir, failed.length ? FAILED : DONE), entry.name);
        await rename(path, target);
        if (failed.length) await writeFile(`${target}.error.txt`, failed.map((r) => r.reason ?? 'failed').join('\n') + '\n');
        ctx.logger.info({ file: entry.name, outcomes: results.map((r) => r.outcome) }, 'drop folder file taken');
        opts.onFile?.(entry.name, results);
        taken++;
      }
    } catch (err) {
      ctx.logger.error({ err, dir }, 'drop folder scan failed');
    }
    return taken;
  };
  const timer = setInterval(() => void scan(), opts.everyMs ?? 2000);
  timer.unref();
  void scan();
  return { stop: () => clearInterval(timer), scan };
}

async function freeName(folder: string, name: string): Promise<string> {
  const plain = join(folder, name);
  if (!(await stat(plain).catch(() => undefined))) return plain;
  return join(folder, `${Date.now()}-${name}`);
}
