import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listeningUrl, repoRoot, tempDataDir } from '../helpers.js';

/**
 * What `npm start` and the installed `dateline` command run: the esbuild bundle in dist/server
 * (scripts/build.mjs; `npm test` builds it first). It must find the stylesheets and the editor
 * outside its own folder, load the chunks it splits off (demo content, the wire parsers), and reach
 * the native addons left in node_modules.
 */
const main = join(repoRoot, 'dist/server/main.js');
const startScript = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

describe('the server bundle', { skip: existsSync(main) ? false : `${main} is missing: run \`npm run build\`` }, () => {
  const data = tempDataDir();
  let child: ChildProcess;
  let url = '';

  before(async () => {
    child = spawn(process.execPath, [main, '--data', data.dir, 'serve', '--port', '0'], {
      cwd: repoRoot,
      // Demo content on, as on a fresh `npm start`; silent, so the CLI prints its address.
      env: { ...process.env, NODE_ENV: 'production', DATELINE_LOG_LEVEL: 'silent', HOST: '127.0.0.1', DATELINE_DEMO: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await listeningUrl(child);
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    data.remove();
  });

  it('is what `npm start` runs', () => {
    assert.match(startScript, /\bdist\/server\/main\.js serve\b/);
  });

  it('serves the home page with demo content and its stylesheet', async () => {
    const home = await fetch(`${url}/`);
    assert.equal(home.status, 200);
    const page = await home.text();
    const teasers = page.match(/<article class="teaser/g) ?? [];
    assert.ok(teasers.length > 0, 'the home page lists the demo articles');
    const css = /<link rel="stylesheet" href="(\/assets\/site-[0-9a-f]+\.css)"/.exec(page)?.[1];
    assert.ok(css, 'the page links its stylesheet');
    const sheet = await fetch(url + css);
    assert.equal(sheet.status, 200);
    assert.match(await sheet.text(), /\{/);
  });

  it('serves the newsroom sign-in page with the newsroom stylesheet', async () => {
    const res = await fetch(`${url}/newsroom/login`);
    assert.equal(res.status, 200);
    const css = /href="(\/newsroom\/assets\/newsroom-[0-9a-f]+\.css)"/.exec(await res.text())?.[1];
    assert.ok(css, 'the sign-in page links the newsroom stylesheet');
    assert.equal((await fetch(url + css)).status, 200);
  });

  it('imports a wire story through the parsers it loads on use', async () => {
    const file = join(data.dir, 'story.txt');
    writeFileSync(file, 'Harbour ferry timetable changes\n\nPORTSEA, Dec 1 (Test) - The harbour ferry will run every 20 minutes from Monday, the operator said.\n');
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const cli = spawn(process.execPath, [main, '--data', join(data.dir, 'imported'), 'import', file], {
        env: { ...process.env, NODE_ENV: 'production', DATELINE_LOG_LEVEL: 'silent', DATELINE_DEMO: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
      cli.stderr.on('data', (d: Buffer) => (out += d.toString()));
      cli.on('exit', (code) => resolve({ code, out }));
    });
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /Harbour ferry timetable changes/);
  });
});
