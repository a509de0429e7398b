import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions } from './options.js';

const withWrk = () => true;
const withoutWrk = () => false;

test('the loader defaults to wrk when it is installed, else autocannon', () => {
  assert.equal(parseOptions([], withWrk)?.loader, 'wrk');
  assert.equal(parseOptions(['--quick'], withoutWrk)?.loader, 'autocannon');
});

test('--loader forces one; wrk must be installed to be forced', () => {
  assert.equal(parseOptions(['--loader', 'autocannon'], withWrk)?.loader, 'autocannon');
  assert.equal(parseOptions(['--loader', 'wrk'], withWrk)?.loader, 'wrk');
  assert.throws(() => parseOptions(['--loader', 'wrk'], withoutWrk), /--loader wrk: wrk is not on PATH/);
  assert.throws(() => parseOptions(['--loader', 'ab'], withWrk), /--loader must be one of wrk, autocannon, got "ab"/);
});

test('the other options keep their defaults', () => {
  const o = parseOptions(['--quick', '--connections', '10, 50,10'], withoutWrk)!;
  assert.deepEqual(
    { articles: o.articles, comments: o.comments, durationSeconds: o.durationSeconds, connections: o.connections, only: o.only },
    { articles: 5000, comments: 50_000, durationSeconds: 5, connections: [10, 50], only: undefined },
  );
  assert.equal(parseOptions(['--help'], withWrk), undefined);
});
