// Builds the newsroom's browser bundle (the rich-text body editor) with esbuild: no tsc involved.
//   node scripts/build-client.mjs            → dist/client/editor.js (+ .map, linked)
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/web/newsroom/client/editor.ts');
const outfile = join(root, 'dist/client/editor.js');

/**
 * zod (the shared article schemas) re-exports every locale it ships through its `z` namespace, which
 * no bundler can shake out: ~250 KiB of translated error messages the newsroom never shows. Keep only
 * English (what zod configures by default); `z.locales.en` still works, other locales are absent.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const started = Date.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  metafile: true,
  plugins: [zodEnglishOnly],
});

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const size = statSync(outfile).size;
const gzipped = gzipSync(await readFile(outfile)).length;
console.log(`${relative(root, outfile)}  ${kib(size)} (${kib(gzipped)} gzipped)  in ${Date.now() - started} ms`);

// The heaviest inputs, to keep an eye on what the editor pulls in.
const byPackage = new Map();
for (const [path, info] of Object.entries(result.metafile.outputs[relative(root, outfile)]?.inputs ?? {})) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  const key = m ? m[1] : 'dateline (src)';
  byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
}
const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6);
if (top.length) console.log(top.map(([name, bytes]) => `  ${name.padEnd(28)} ${kib(bytes)}`).join('\n'));
