import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from './test-database.js';

describe('reads through the statement cache (rows made from arrays)', () => {
  let opened: TestDatabase;

  before(async () => {
    opened = await openTestDatabase('statements');
  });
  after(() => opened.remove());

  it('gives rows as objects keyed by column, the last of two equal names winning, as the driver did', async () => {
    const { rows } = await sql<{ a: number; b: string; c: null }>`SELECT 1 AS a, 'x' AS b, NULL AS c`.execute(opened.db);
    assert.deepEqual(rows, [{ a: 1, b: 'x', c: null }]);
    const twice = await sql<{ v: number }>`SELECT 1 AS v, 2 AS v`.execute(opened.db);
    assert.deepEqual(twice.rows, [{ v: 2 }]);
    const quoted = await sql<Record<string, number>>`SELECT 3 AS "it's ""odd"""`.execute(opened.db);
    assert.deepEqual(quoted.rows, [{ [`it's "odd"`]: 3 }]);
  });

  it('follows a table whose columns change after its statement was cached', async () => {
    await sql`CREATE TABLE scratch (k TEXT PRIMARY KEY)`.execute(opened.db);
    await sql`INSERT INTO scratch (k) VALUES ('one')`.execute(opened.db);
    const read = () => sql<Record<string, unknown>>`SELECT * FROM scratch`.execute(opened.db);
    assert.deepEqual((await read()).rows, [{ k: 'one' }]);
    await sql`ALTER TABLE scratch ADD COLUMN extra TEXT DEFAULT 'two'`.execute(opened.db);
    assert.deepEqual((await read()).rows, [{ k: 'one', extra: 'two' }]);
  });
});
