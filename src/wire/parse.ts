import { basename } from 'node:path';
import { AppError } from '../domain/errors.js';
import { isAnpa, parseAnpa } from './anpa.js';
import { isGhostExport, parseGhostExport } from './ghost.js';
import { isHtmlPage, parseHtmlPage } from './html-page.js';
import { isIptc7901, parseIptc7901 } from './iptc7901.js';
import { isNewsml1, parseNewsml1 } from './newsml1.js';
import { isNewsmlG2, parseNewsmlG2All } from './newsml-g2.js';
import { isNinjs, parseNinjs } from './ninjs.js';
import { isNitf, parseNitf } from './nitf.js';
import { looksLikePlainText, parsePlainText } from './plain-text.js';
import type { ParsedFile, WireParseResult } from './types.js';
import { isWxr, parseWxr } from './wxr.js';

/** The largest file any format takes (migration exports are big); each parser has its own, lower limit. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

interface WireFormat {
  name: string;
  sniff: (bytes: Buffer) => boolean;
  parse: (bytes: Buffer, opts: { fileName?: string }) => WireParseResult[];
}

const one =
  (parse: (bytes: Buffer, opts: { fileName?: string }) => WireParseResult) =>
  (bytes: Buffer, opts: { fileName?: string }) => [parse(bytes, opts)];

/**
 * Formats in the order they are tried: each sniffer reads the content (root element, JSON keys,
 * control characters), never the file name. Plain text comes last, as it would claim the wire
 * formats that are also text (ANPA, IPTC 7901).
 */
export const WIRE_FORMATS: readonly WireFormat[] = [
  { name: 'ninjs', sniff: isNinjs, parse: one(parseNinjs) },
  { name: 'ghost', sniff: isGhostExport, parse: parseGhostExport },
  { name: 'wxr', sniff: isWxr, parse: parseWxr },
  { name: 'newsml-g2', sniff: isNewsmlG2, parse: parseNewsmlG2All },
  { name: 'nitf', sniff: isNitf, parse: one(parseNitf) },
  { name: 'newsml-1.2', sniff: isNewsml1, parse: one(parseNewsml1) },
  { name: 'html', sniff: isHtmlPage, parse: one(parseHtmlPage) },
  { name: 'anpa-1312', sniff: isAnpa, parse: one(parseAnpa) },
  { name: 'iptc-7901', sniff: isIptc7901, parse: one(parseIptc7901) },
  { name: 'plain-text', sniff: looksLikePlainText, parse: one(parsePlainText) },
];

function describeUnknown(bytes: Buffer): string {
  const start = bytes.subarray(0, 64).toString('latin1').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'it is JSON, but not a ninjs item or a Ghost export';
  if (start.startsWith('<')) return 'it is XML or HTML, but not NewsML-G2, NITF, NewsML 1.2, a WordPress export or a web page';
  return 'it is binary data, not text';
}

/** Parses every item in one file (a NewsML-G2 message or a migration export can hold many). */
export function parseWireItems(bytes: Buffer, fileName?: string): WireParseResult[] {
  return parseAs(() => sniffFormat(bytes), bytes, fileName);
}

/**
 * Parses a wire file for import, sniffing its format once: its format and items, or, for wire copy
 * Dateline cannot read, why (the file is kept all the same, with one failed item saying so). A parser
 * crash that is not about the wire copy is thrown.
 */
export function parseWireFile(bytes: Buffer, fileName: string): ParsedFile {
  const format = sniffFormat(bytes);
  const name = format?.name ?? null;
  try {
    return { format: name, items: parseAs(() => format, bytes, fileName) };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { format: name, items: [], error: e.message };
  }
}

/** The format whose sniffer claims the file first, or undefined when none does. */
const sniffFormat = (bytes: Buffer): WireFormat | undefined => WIRE_FORMATS.find((f) => f.sniff(bytes));

/** Parses a file as the format `sniffed` names (undefined: none fits), asked once the file's size is known to be fine. */
function parseAs(sniffed: () => WireFormat | undefined, bytes: Buffer, fileName?: string): WireParseResult[] {
  const name = fileName ? basename(fileName) : 'input';
  const opts = fileName ? { fileName: name } : {};
  if (bytes.length === 0) throw new AppError('invalid_wire_copy', `${name}: the file is empty.`);
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new AppError('invalid_wire_copy', `${name}: the file is ${(bytes.length / 1048576).toFixed(0)} MB; the largest accepted is ${MAX_INPUT_BYTES / 1048576} MB.`);
  }
  const format = sniffed();
  if (!format) throw new AppError('invalid_wire_copy', `${name}: not a format Dateline reads: ${describeUnknown(bytes)}.`);
  try {
    return format.parse(bytes, opts);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A parser bug must not crash an import run; it becomes a clear per-file error.
    throw new AppError('invalid_wire_copy', `${name}: could not be parsed as ${format.name} (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

/** Parses a file holding one item; a file with several gives its first. */
export function parseWireItem(bytes: Buffer, fileName?: string): WireParseResult {
  const items = parseWireItems(bytes, fileName);
  if (!items[0]) throw new AppError('invalid_wire_copy', `${fileName ?? 'input'}: no article in the file.`);
  return items[0];
}
