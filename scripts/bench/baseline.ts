import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_HEADERS } from './load.js';
import { freePort, sleep, spawnTracked, stopChild } from './processes.js';

/** A page's bytes exactly as the server sent them (still compressed when it compressed). */
export interface CapturedPage {
  status: number;
  body: Buffer;
  contentType: string;
  contentEncoding: string | undefined;
}

/** Fetches a URL once with the browser's headers and keeps the raw bytes (fetch() would decompress them). */
export function capturePage(url: string): Promise<CapturedPage> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: BROWSER_HEADERS, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          contentType: String(res.headers['content-type'] ?? 'text/html; charset=utf-8'),
          contentEncoding: res.headers['content-encoding'],
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.on('error', reject);
  });
}

export interface StaticBaseline {
  kind: 'nginx' | 'node:http';
  url: string;
  stop: () => Promise<unknown>;
}

function whichNginx(): string | undefined {
  try {
    return execFileSync('which', ['nginx'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the captured page from nginx when it is installed (one process, no access log), else from
 * a minimal node:http server returning the same buffer. Either way on 127.0.0.1, from `dir`.
 */
export async function startStaticBaseline(page: CapturedPage, dir: string): Promise<StaticBaseline> {
  mkdirSync(join(dir, 'www'), { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const bodyFile = join(dir, 'www', 'page.html');
  writeFileSync(bodyFile, page.body);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nginx = whichNginx();
  let proc: ReturnType<typeof spawnTracked>;
  if (nginx) {
    const conf = join(dir, 'nginx.conf');
    const tmp = join(dir, 'tmp');
    writeFileSync(
      conf,
      `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    location / {
      root ${join(dir, 'www')};
      types { }
      default_type "${page.contentType}";
      ${page.contentEncoding ? `add_header Content-Encoding ${page.contentEncoding};` : ''}
      try_files /page.html =404;
    }
  }
}
`,
    );
    proc = spawnTracked(nginx, ['-p', dir, '-c', conf]);
  } else {
    const script = fileURLToPath(new URL('./static-server.ts', import.meta.url));
    proc = spawnTracked(process.execPath, ['--import', 'tsx', script, String(port), bodyFile, page.contentType, page.contentEncoding ?? '']);
  }
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline && proc.child.exitCode === null) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return { kind: nginx ? 'nginx' : 'node:http', url, stop: () => stopChild(proc) };
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  await stopChild(proc);
  throw new Error(`the static baseline (${nginx ?? 'node:http'}) did not start:\n${proc.output.stderr}`);
}
