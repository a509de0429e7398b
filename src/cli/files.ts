import { readFile } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * Expands the CLI's FILE|DIR|GLOB arguments into files: folders recursively and in name order,
 * hidden files skipped; a quoted glob ("inbox/**\/*.xml") expanded here, as the shell did not.
 */
export async function expandInputs(inputs: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info && isDynamicPattern(input)) {
      const matches = (await glob(input, { onlyFiles: true, dot: false })).sort();
      if (matches.length) files.push(...matches);
      else missing.push(input);
      continue;
    }
    if (!info) missing.push(input);
    else if (info.isDirectory()) await walk(input);
    else files.push(input);
  }
  return { files, missing };
}

/**
 * The files in order, each with its contents being read: reads run up to `depth` files ahead of the
 * one taken, so the disk works while earlier files are parsed and written.
 */
export function* readAhead(files: readonly string[], depth: number): Generator<{ fileName: string; bytes: Promise<Buffer> }> {
  const reading: { fileName: string; bytes: Promise<Buffer> }[] = [];
  for (const fileName of files) {
    // The callback API: about 40% less time per small file than fs/promises' readFile.
    const bytes = new Promise<Buffer>((resolve, reject) => readFile(fileName, (error, data) => (error ? reject(error) : resolve(data))));
    // A read that fails is reported by whoever awaits it; this keeps one never awaited (the import stopped) from crashing the process.
    bytes.catch(() => undefined);
    reading.push({ fileName, bytes });
    if (reading.length > depth) yield reading.shift()!;
  }
  yield* reading;
}
