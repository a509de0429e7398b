// Builds what `npm start` and the `dateline` command run, with esbuild (no tsc involved; `npm run
// typecheck` checks the types):
//   dist/server/main.js   the CLI and server, one bundle with its dependencies (+ chunks loaded on use)
//   dist/client/editor.js the newsroom's browser bundle (the rich-text body editor)
//   node scripts/build.mjs [server|client]   builds both, or one
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/web/newsroom/client/editor.ts');
const outfile = join(root, 'dist/client/editor.js');
const serverDir = join(root, 'dist/server');
const only = process.argv[2];
if (only && only !== 'server' && only !== 'client') {
  console.error(`build: unknown part "${only}" (server or client)`);
  process.exit(2);
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

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

/**
 * The server as one ES module bundle plus chunks for what loads on use (the wire parsers, media
 * uploads, the scheduler...). Starting from it takes about 0.3 s less than from tsc's hundreds of
 * files (docs/adr/004-server-bundle.md). Native addons, and pg's optional native binding, stay in
 * node_modules. CommonJS dependencies get a `require` of their own through the banner.
 */
async function buildServer() {
  /**
 * hono/jsx keeps its render context (useContext) in an AsyncLocalStorage when the runtime has one.
 * On Node 20 one AsyncLocalStorage in use installs promise hooks for the whole process: every
 * promise and every request then pays for them (a cached page 25% slower, a rendered one 15%;
 * docs/adr/005-no-async-local-storage.md). Dateline uses no JSX context, so the server bundle gives
 * hono/jsx none and it takes its synchronous fallback, which renders the same HTML. The build
 * stops if hono's code no longer has the shape this relies on.
 */
const honoJsxWithoutAsyncLocalStorage = {
  name: 'hono-jsx-without-async-local-storage',
  setup(b) {
    b.onLoad({ filter: /[\\/]hono[\\/]dist[\\/]jsx[\\/]context\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const probe = 'const loadAsyncLocalStorage = () => {';
      if (source.split(probe).length !== 2 || !source.includes('if (storage) return storage.run(store, callback);')) {
        throw new Error(`${args.path} no longer has the AsyncLocalStorage probe scripts/build.mjs replaces; review it (see docs/adr/005-no-async-local-storage.md)`);
      }
      return { contents: source.replace(probe, `${probe}\n\treturn void 0; // Dateline: no AsyncLocalStorage (scripts/build.mjs)`), loader: 'js' };
    });
  },
};

const started = Date.now();
  rmSync(serverDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: join(root, 'src/cli/main.ts') },
    outdir: serverDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    legalComments: 'linked',
    external: ['better-sqlite3', 'sharp', 'pg-native'],
    banner: { js: "import { createRequire as __datelineRequire } from 'node:module'; const require = __datelineRequire(import.meta.url);" },
    logLevel: 'warning',
    metafile: true,
    plugins: [zodEnglishOnly, honoJsxWithoutAsyncLocalStorage],
  });
  const bytes = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js')).reduce((n, [, o]) => n + o.bytes, 0);
  const main = result.metafile.outputs['dist/server/main.js']?.bytes ?? 0;
  console.log(`${relative(root, serverDir)}/main.js  ${kib(main)}, ${kib(bytes)} with its chunks  in ${Date.now() - started} ms`);
}

async function buildClient() {
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
}

if (only !== 'client') await buildServer();
if (only !== 'server') await buildClient();
