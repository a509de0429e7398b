import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { BROWSER_HEADERS } from './load.js';
import { findWrk, luaString, parseWrkOutput, runWrk, toLoadResult, wrkScript, wrkThreads, type WrkSummary } from './wrk.js';

test('two threads, unless that would drop a connection', () => {
  assert.deepEqual([1, 2, 3, 10, 11, 50].map(wrkThreads), [1, 2, 1, 2, 1, 2]);
});

test('Lua string literals escape quotes, backslashes and non-ASCII bytes', () => {
  assert.equal(luaString('/search?q=council'), '"/search?q=council"');
  assert.equal(luaString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(luaString('é1\n'), '"\\195\\1691\\010"');
});

test('the script rotates per thread for several paths and uses the fast path for one', () => {
  const many = wrkScript({ paths: ['/a', '/b'], headers: BROWSER_HEADERS, threads: 2, countStatuses: true });
  assert.match(many, /function request\(\)/);
  assert.match(many, /math\.floor\(#threads \* #paths \/ 2\)/);
  assert.match(many, /function response\(status, headers, body\)/);
  assert.match(many, /\["accept-encoding"\] = "gzip, br"/);
  const one = wrkScript({ paths: ['/'], headers: BROWSER_HEADERS, threads: 1, countStatuses: false });
  assert.doesNotMatch(one, /function request\(\)|function response\(/);
  assert.match(one, /"statuses":null%s/);
});

const summary = (over: Partial<WrkSummary>): WrkSummary => ({
  requests: 3000,
  durationUs: 3_000_000,
  p50Us: 250,
  p99Us: 4100,
  connect: 0,
  read: 1,
  write: 0,
  status: 0,
  timeout: 2,
  statuses: null,
  ...over,
});

test('the done() line becomes a LoadResult', () => {
  const s = parseWrkOutput('Running 3s test @ http://127.0.0.1:1\nDATELINE_WRK {"requests":3000,"durationUs":3000000,"p50Us":250,"p99Us":4100,"connect":0,"read":1,"write":0,"status":5,"timeout":2,"statuses":{"200":2990,"301":5,"404":5}}\n');
  assert.deepEqual(toLoadResult(s), { requestsPerSecond: 1000, p50Ms: 0.25, p99Ms: 4.1, total: 3000, non2xx: 10, errors: 3, statuses: '200×2990, 301×5, 404×5' });
  assert.throws(() => parseWrkOutput('Running 3s test\n'), /no summary line/);
});

test('without the response hook non-2xx is wrk\'s count of statuses >= 400', () => {
  const r = toLoadResult(summary({ status: 7 }));
  assert.equal(r.non2xx, 7);
  assert.equal(r.statuses, '2xx/3xx×2993, 4xx/5xx×7');
  assert.ok(Number.isNaN(toLoadResult(summary({ requests: 0 })).p50Ms));
  assert.equal(toLoadResult(summary({ requests: 0 })).statuses, 'none');
});

test('wrk sends the browser headers and rotates every path', { skip: findWrk() ? false : 'wrk is not installed' }, async () => {
  const seen = new Map<string, number>();
  const agents = new Set<string | undefined>();
  const server = createServer((req, res) => {
    seen.set(req.url ?? '', (seen.get(req.url ?? '') ?? 0) + 1);
    agents.add(`${req.headers['user-agent']}|${req.headers['accept-encoding']}`);
    res.statusCode = req.url === '/gone' ? 410 : 200;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const paths = ['/a', '/b', '/c', '/gone'];
    const r = await runWrk({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, headers: BROWSER_HEADERS, connections: 4, durationSeconds: 1 });
    assert.ok(r.total > 100, `only ${r.total} requests`);
    assert.deepEqual([...seen.keys()].sort(), paths);
    assert.deepEqual([...agents], [`${BROWSER_HEADERS['user-agent']}|${BROWSER_HEADERS['accept-encoding']}`]);
    // The server may have taken a request or two whose answers wrk did not wait for at the end.
    assert.ok(Math.abs(r.non2xx - (seen.get('/gone') ?? 0)) <= 4, `non2xx ${r.non2xx}, /gone served ${seen.get('/gone')}`);
    assert.match(r.statuses, /^200×\d+, 410×\d+$/);
    assert.equal(r.errors, 0);
  } finally {
    server.close();
  }
});
