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
