import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Dateline's package.json, where `public/` and `dist/client/` are. Found by
 * walking up from this module, so it holds from the sources (tests, tsx), and from the server
 * bundle in dist/server/, whose modules sit at another depth.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`Dateline's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
})();

/** A file of the package by its path from the package's folder ("public/site.css"). */
export const packageFile = (path: string): string => join(packageRoot, path);
