import { basename } from 'node:path';
import { AppError } from '../domain/errors.js';
import { parsePlainText } from './plain-text.js';
import type { WireParseResult } from './types.js';

/** Parses one wire item, recognising its format from the content. */
export function parseWireItem(bytes: Buffer, fileName?: string): WireParseResult {
  const name = fileName ? basename(fileName) : undefined;
  try {
    return parsePlainText(bytes, name === undefined ? {} : { fileName: name });
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A parser bug must not crash an import run; it becomes a clear per-file error.
    throw new AppError('invalid_wire_copy', `${name ?? 'input'}: could not be parsed (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}
