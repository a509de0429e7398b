import assert from 'node:assert/strict';
import { AppError } from '../src/domain/errors.js';
import type { WireParseResult } from '../src/wire/types.js';

/** Asserts that `parse` throws an invalid_wire_copy AppError whose message starts with the file name and matches `pattern`. */
export function assertRefused(parse: () => unknown, fileName: string, pattern: RegExp): void {
  assert.throws(parse, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_wire_copy');
    assert.ok(error.message.startsWith(fileName), `the message names the file: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

/** 'ok', 'AppError' or the name of any other exception, so a test can assert that nothing else escapes. */
export function outcome(parse: () => unknown): string {
  try {
    parse();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? 'AppError' : `other: ${String(error)}`;
  }
}

/** The same bytes every run: a small linear congruential generator. */
export function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    bytes[i] = x >>> 16;
  }
  return bytes;
}

/** A parsed draft completed with the fields the store adds, to check it against the article schema. */
export const stored = (result: WireParseResult) => ({
  ...result.article,
  slug: 'story',
  section: result.article.section ?? 'news',
  status: 'draft',
  createdAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-01-01T00:00:00.000Z',
});
