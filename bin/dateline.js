#!/usr/bin/env node
// The installed command runs the CLI's bundle; `npm install` builds it (the "prepare" script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('dateline: the compiled code is missing; run `npm run build` first.');
  process.exit(1);
}
await import(main);
