import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Expands the CLI's FILE|DIR arguments into files, folders recursively and in name order, hidden files skipped. */
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
    if (!info) missing.push(input);
    else if (info.isDirectory()) await walk(input);
    else files.push(input);
  }
  return { files, missing };
}
