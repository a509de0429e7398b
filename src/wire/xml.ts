import type { Document as XmlDocument, Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import iconv from 'iconv-lite';
import { xmlParser } from './libs.js';
import { blockSchema, type Block, type Byline, type Dateline, type Mark } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { DomNode } from './html-blocks.js';
import type { WireDraft, WireReport } from './types.js';

/**
 * Shared ground for the XML agency formats (NewsML-G2, NITF, NewsML 1.2): a safe parse that honours the
 * declared encoding and refuses entity declarations, small DOM helpers that match elements by local name
 * whatever their namespace prefix, and the field conventions the three parsers share (bylines, datelines,
 * dates, tags, the lead paragraph's agency furniture).
 */

export type { XmlDocument, XmlElement, XmlNode };

/** Files above this size are refused before any decoding. */
export const MAX_XML_BYTES = 20 * 1024 * 1024;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

// ---------------------------------------------------------------------------------------------
// Errors

export interface Position {
  line?: number;
  column?: number;
}

/** Throws the one error wire parsers throw: `invalid_wire_copy`, naming the file and, when known, the line and column. */
export function fail(file: string, message: string, at: Position = {}): never {
  const where = at.line ? `${file}:${at.line}${at.column ? `:${at.column}` : ''}` : file;
  throw new AppError('invalid_wire_copy', `${where}: ${message}`, { issues: [{ where, message }] });
}

/** Runs a parser body so that nothing but an AppError escapes: a bug becomes a refusal of this file, not a crash. */
export function guard<T>(file: string, format: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_wire_copy', `${file}: the ${format} parser could not read this file (${detail})`, {
      cause: error,
      issues: [{ where: file, message: detail }],
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface DecodedXml {
  text: string;
  /** The encoding the bytes were read as, e.g. "utf-8", "windows-1252". */
  encoding: string;
  warnings: string[];
}

const LATIN1_NAMES = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii']);
const UTF8_NAMES = new Set(['utf-8', 'utf8']);
const UTF16_NAMES = new Set(['utf-16', 'utf16', 'utf-16le', 'utf-16be', 'ucs-2']);

/** The encoding named in the XML declaration, lower-cased; read from the opening bytes as ASCII. */
function declaredEncoding(head: string): string | undefined {
  const decl = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head);
  return decl?.[1]?.toLowerCase();
}

/** Line and column (1-based) of a byte offset, counting line feeds in the bytes before it. */
function bytePosition(bytes: Uint8Array, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length + (need > 0 ? 0 : 1)) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

const hasHighBytes = (bytes: Uint8Array): boolean => bytes.some((b) => b >= 0x80);

/**
 * The offset of the first byte that is not UTF-8 by the WHATWG decoder's rules (overlong forms and surrogates
 * included), or -1. The scan above names the byte; the decoder has the last word.
 */
function invalidUtf8At(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return -1;
  } catch {
    const at = firstInvalidUtf8(bytes);
    return at === -1 ? 0 : at;
  }
}

/**
 * Decodes an XML file's bytes by its byte-order mark or XML declaration: UTF-8 (the default), UTF-16 with a
 * BOM, ISO-8859-1 / Windows-1252 (read as Windows-1252, as browsers do) or any other encoding iconv-lite knows.
 * A file declared ISO-8859-1 whose bytes are valid UTF-8 with non-ASCII characters is read as UTF-8, with a warning.
 */
export function decodeXml(bytes: Buffer, file: string): DecodedXml {
  const warnings: string[] = [];
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    const bad = invalidUtf8At(body);
    if (bad !== -1) fail(file, `the file starts with a UTF-8 byte-order mark, but byte 0x${hex(body[bad])} is not valid UTF-8`, bytePosition(body, bad));
    return { text: body.toString('utf8'), encoding: 'utf-8', warnings };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: iconv.decode(bytes.subarray(2), encoding), encoding, warnings };
  }
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) {
    return { text: iconv.decode(bytes, 'utf-16le'), encoding: 'utf-16le', warnings };
  }
  if (bytes.length >= 4 && bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) {
    return { text: iconv.decode(bytes, 'utf-16be'), encoding: 'utf-16be', warnings };
  }

  const declared = declaredEncoding(bytes.subarray(0, 200).toString('latin1'));
  if (declared === undefined || UTF8_NAMES.has(declared)) {
    const bad = invalidUtf8At(bytes);
    if (bad !== -1) {
      const said = declared ? 'declares UTF-8' : 'has no encoding declaration, so it must be UTF-8';
      fail(file, `the file ${said}, but byte 0x${hex(bytes[bad])} is not valid UTF-8 (is it ISO-8859-1 / Windows-1252 without saying so?)`, bytePosition(bytes, bad));
    }
    return { text: bytes.toString('utf8'), encoding: 'utf-8', warnings };
  }
  if (LATIN1_NAMES.has(declared)) {
    if (hasHighBytes(bytes) && invalidUtf8At(bytes) === -1) {
      warnings.push(`the file declares encoding "${declared}", but its bytes are UTF-8; it was read as UTF-8`);
      return { text: bytes.toString('utf8'), encoding: 'utf-8', warnings };
    }
    return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252', warnings };
  }
  if (UTF16_NAMES.has(declared)) {
    // The declaration was readable as ASCII, so the bytes are not UTF-16 whatever they say.
    const bad = invalidUtf8At(bytes);
    if (bad !== -1) fail(file, `the file declares "${declared}" but has no byte-order mark, and its bytes are neither UTF-16 nor UTF-8`, bytePosition(bytes, bad));
    warnings.push(`the file declares encoding "${declared}", but its bytes are 8-bit; it was read as UTF-8`);
    return { text: bytes.toString('utf8'), encoding: 'utf-8', warnings };
  }
  if (!iconv.encodingExists(declared)) fail(file, `the XML declaration names the encoding "${declared}", which is not supported`);
  return { text: iconv.decode(bytes, declared), encoding: declared, warnings };
}

const hex = (b: number | undefined): string => (b ?? 0).toString(16).toUpperCase().padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ParsedXml {
  doc: XmlDocument;
  root: XmlElement;
  encoding: string;
  warnings: string[];
}

interface ParserProblem {
  level: string;
  message: string;
  at: Position;
}

/** Line and column of a text offset (1-based), for problems found before the parser runs. */
function textPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Parses an XML file safely: refuses files over 20 MB before decoding, decodes by the declared encoding,
 * refuses a DOCTYPE that declares entities (billion laughs, external entities), never loads a DTD, and
 * turns any parser error or warning into an `invalid_wire_copy` AppError with the line and column.
 */
export function parseXml(input: Buffer, file: string): ParsedXml {
  if (!(input instanceof Uint8Array)) fail(file, 'expected the file as bytes');
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
  if (bytes.length > MAX_XML_BYTES) {
    fail(file, `the file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_XML_BYTES / 1048576} MB limit for wire copy`);
  }
  if (bytes.length === 0) fail(file, 'the file is empty');
  const decoded = decodeXml(bytes, file);
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') fail(file, 'the file holds only white space, no XML');
  const nul = text.indexOf('\u0000');
  if (nul !== -1) fail(file, 'binary data, not XML: a NUL character', textPosition(text, nul));

  const doctype = /<!DOCTYPE\b/i.exec(text);
  if (doctype) {
    const entity = text.indexOf('<!ENTITY', doctype.index);
    if (entity !== -1) {
      fail(file, 'the DOCTYPE declares entities (<!ENTITY ...>); such files are refused, as entities can expand without limit or read other files', textPosition(text, entity));
    }
    if (/<!DOCTYPE[^>[]*\b(?:SYSTEM|PUBLIC)\b/i.test(text.slice(doctype.index, doctype.index + 500))) {
      decoded.warnings.push('the DOCTYPE names an external DTD; it was not loaded');
    }
  }

  let problem: ParserProblem | undefined;
  const parser = xmlParser({
    onError: (level, message, context: unknown) => {
      const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      problem ??= { level, message, at: { line: locator?.lineNumber, column: locator?.columnNumber } };
      // Any problem stops the parse: a half-read wire item must not pass as a whole one.
      throw new Error(message);
    },
  });
  let doc: XmlDocument;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const found = problem ?? { level: 'fatalError', message: error instanceof Error ? error.message : String(error), at: {} };
    const at: Position = found.at.line ? found.at : { line: locator?.lineNumber || undefined, column: locator?.columnNumber || undefined };
    fail(file, `not well-formed XML: ${describeProblem(found.message)}`, at);
  }
  const root = doc.documentElement;
  if (!root) fail(file, 'not XML: no root element');
  return { doc, root, encoding: decoded.encoding, warnings: decoded.warnings };
}

/** xmldom's messages, said plainly. */
function describeProblem(message: string): string {
  const entity = /entity not found:\s*(&[^;\s]*;?)/.exec(message);
  if (entity) return `the entity ${entity[1]} is not declared (XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references)`;
  if (/unclosed xml tag/i.test(message)) return `${message} (the file looks truncated)`;
  if (/missing root element/i.test(message)) return 'no root element (the file is not XML)';
  return message.replace(/\s+/g, ' ').slice(0, 300);
}

// ---------------------------------------------------------------------------------------------
// Sniffing

export interface RootSniff {
  /** The root element's local name as written, e.g. "newsItem", "nitf", "NewsML". */
  localName: string;
  /** The namespace of the root element, when its start tag declares it. */
  namespace?: string;
  /** The root start tag's attributes, as text. */
  attributes: string;
  /** The first 8 KB as text, for sniffers that look past the root tag. */
  sample: string;
}

/** The root element of an XML file, read cheaply from its first 8 KB without parsing; null when it does not open like XML. */
export function sniffRoot(input: Buffer): RootSniff | null {
  if (!(input instanceof Uint8Array) || input.length === 0) return null;
  const sample = Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, 8192));
  let text: string;
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0x3c && sample[1] === 0x00)) text = iconv.decode(sample, 'utf-16le');
  else if ((sample[0] === 0xfe && sample[1] === 0xff) || (sample[0] === 0x00 && sample[1] === 0x3c)) text = iconv.decode(sample, 'utf-16be');
  else text = sample.toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  text = text.replace(/^\uFEFF/, '');
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
    if (text.startsWith('<?', at)) at = skipPast(text, '?>', at);
    else if (text.startsWith('<!--', at)) at = skipPast(text, '-->', at);
    else if (text.startsWith('<!DOCTYPE', at) || text.startsWith('<!doctype', at)) at = skipDoctype(text, at);
    else break;
    if (at < 0) return null;
  }
  const tag = /^<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?(\s[^>]*)?\/?>/.exec(text.slice(at, at + 4000));
  if (!tag?.[1]) return null;
  const prefix = tag[2] ? tag[1] : undefined;
  const localName = tag[2] ?? tag[1];
  const attributes = tag[3] ?? '';
  const nsAttr = prefix ? new RegExp(`xmlns:${prefix}\\s*=\\s*["']([^"']*)["']`) : /xmlns\s*=\s*["']([^"']*)["']/;
  const namespace = nsAttr.exec(attributes)?.[1];
  return namespace === undefined ? { localName, attributes, sample: text } : { localName, namespace, attributes, sample: text };
}

function skipPast(text: string, end: string, from: number): number {
  const i = text.indexOf(end, from);
  return i < 0 ? -1 : i + end.length;
}

function skipDoctype(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: elements by local name, whatever the prefix; case-insensitive, as agencies vary ("Header", "header").

/** The local name of a node, lower-cased: "ns0:newsItem" → "newsitem". */
export function localName(node: XmlNode): string {
  const raw = (node as { localName?: string | null }).localName ?? node.nodeName;
  const colon = raw.indexOf(':');
  return (colon >= 0 ? raw.slice(colon + 1) : raw).toLowerCase();
}

export const isElement = (node: XmlNode | null | undefined): node is XmlElement => node?.nodeType === ELEMENT_NODE;

/** The child elements of a node, optionally only those with the given local name(s). */
export function childElements(node: XmlNode | null | undefined, ...names: string[]): XmlElement[] {
  if (!node) return [];
  const wanted = names.map((n) => n.toLowerCase());
  const out: XmlElement[] = [];
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i];
    if (isElement(kid) && (wanted.length === 0 || wanted.includes(localName(kid)))) out.push(kid);
  }
  return out;
}

/** Follows a path of child local names: child(item, 'contentMeta', 'headline'). */
export function child(node: XmlNode | null | undefined, ...path: string[]): XmlElement | undefined {
  let current: XmlNode | undefined = node ?? undefined;
  for (const name of path) {
    current = childElements(current, name)[0];
    if (!current) return undefined;
  }
  return current as XmlElement | undefined;
}

/** Every descendant element with the local name, in document order. */
export function descendants(node: XmlNode | null | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const wanted = name.toLowerCase();
  const visit = (n: XmlNode): void => {
    for (const el of childElements(n)) {
      if (localName(el) === wanted) out.push(el);
      visit(el);
    }
  };
  if (node) visit(node);
  return out;
}

/** The first descendant element with the local name, in document order. */
export function descendant(node: XmlNode | null | undefined, name: string): XmlElement | undefined {
  return descendants(node, name)[0];
}

/** Collapses runs of white space (including non-breaking ones) to one space. */
export const collapse = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ');

/** The element's text, white space collapsed and trimmed; '' for a missing element. */
export function text(node: XmlNode | null | undefined): string {
  return node ? collapse(node.textContent ?? '').trim() : '';
}

/** The text of the element without the descendants named (e.g. a byline without its <byttl>). */
export function textWithout(node: XmlNode | null | undefined, ...skip: string[]): string {
  if (!node) return '';
  const skipped = new Set(skip.map((s) => s.toLowerCase()));
  let out = '';
  const visit = (n: XmlNode): void => {
    const kids = n.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i] as XmlNode;
      if (kid.nodeType === TEXT_NODE || kid.nodeType === CDATA_NODE) out += kid.nodeValue ?? '';
      else if (isElement(kid) && !skipped.has(localName(kid))) {
        out += ' ';
        visit(kid);
        out += ' ';
      }
    }
  };
  visit(node);
  return collapse(out).trim();
}

/** An attribute by name ("qcode"), or by local name when prefixed ("lang" finds xml:lang); trimmed, undefined when empty. */
export function attr(node: XmlNode | null | undefined, name: string): string | undefined {
  if (!isElement(node)) return undefined;
  const direct = node.getAttribute(name);
  if (direct !== null && direct.trim() !== '') return direct.trim();
  const wanted = name.toLowerCase();
  const attrs = node.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i);
    if (!a) continue;
    const local = (a.localName ?? a.name).toLowerCase().replace(/^.*:/, '');
    if (local === wanted && a.value.trim() !== '') return a.value.trim();
  }
  return undefined;
}

/** The value after a QCode's scheme: "ninat:text" → "text". */
export const qcodeValue = (qcode: string | undefined): string | undefined => (qcode === undefined ? undefined : qcode.slice(qcode.indexOf(':') + 1));

/** An xmldom node as the node type html-blocks reads. */
export const asDomNode = (node: XmlNode): DomNode => node as unknown as DomNode;

/** Removes an element from its parent. */
export function removeElement(el: XmlElement): void {
  el.parentNode?.removeChild(el);
}

/**
 * Turns NITF <media> elements into <figure><img><figcaption> so the shared converter makes image blocks of them;
 * media without a usable picture reference are removed. Returns what was dropped.
 */
export function rewriteNitfMedia(doc: XmlDocument, root: XmlNode): string[] {
  const dropped: string[] = [];
  for (const media of descendants(root, 'media')) {
    const ref = childElements(media, 'media-reference').find((r) => attr(r, 'source') ?? attr(r, 'data-location'));
    const kind = (attr(media, 'media-type') ?? '').toLowerCase();
    const caption = text(child(media, 'media-caption'));
    const src = ref ? (attr(ref, 'source') ?? attr(ref, 'data-location')) : undefined;
    if (!ref || !src || !/^(?:https?:\/\/|\/)/i.test(src) || (kind !== '' && kind !== 'image' && kind !== 'photo')) {
      const why = src && !/^(?:https?:\/\/|\/)/i.test(src) ? `, source "${src.slice(0, 60)}" is not an http(s) or site path` : '';
      dropped.push(`media (${kind || 'unknown type'}${why})${caption ? `: ${caption.slice(0, 80)}` : ''}`);
      removeElement(media);
      continue;
    }
    const figure = doc.createElement('figure');
    const img = doc.createElement('img');
    img.setAttribute('src', src);
    const alt = attr(ref, 'alternate-text') ?? '';
    if (alt) img.setAttribute('alt', alt);
    for (const dim of ['width', 'height']) {
      const v = attr(ref, dim);
      if (v) img.setAttribute(dim, v);
    }
    figure.appendChild(img);
    if (caption) {
      const fc = doc.createElement('figcaption');
      fc.appendChild(doc.createTextNode(caption));
      const producer = text(child(media, 'media-producer'));
      if (producer) {
        const small = doc.createElement('small');
        small.appendChild(doc.createTextNode(producer));
        fc.appendChild(doc.createTextNode(' '));
        fc.appendChild(small);
      }
      figure.appendChild(fc);
    }
    media.parentNode?.replaceChild(figure, media);
  }
  return dropped;
}

/**
 * Agency copy kept as preformatted text: a <pre>, or a <p> holding a whole story with a line break and an indent
 * before each paragraph (Reuters). Each becomes one <p> per paragraph, as plainTextBlocks reads them.
 */
export function splitPreformatted(doc: XmlDocument, root: XmlNode): number {
  let count = 0;
  for (const el of [...descendants(root, 'pre'), ...descendants(root, 'p')]) {
    if (childElements(el).length > 0 || !el.parentNode) continue;
    const raw = el.textContent ?? '';
    const isPre = localName(el) === 'pre';
    const lines = raw.split('\n').filter((l) => l.trim() !== '');
    if (!isPre && !indentStartsParagraphs(lines) && !(lines.length >= 4 && looksTabular(lines))) continue;
    const { blocks } = plainTextBlocks(raw);
    if (blocks.length < 2 && !isPre) continue;
    for (const block of blocks) {
      if (block.type !== 'paragraph') continue;
      const p = doc.createElement('p');
      p.appendChild(doc.createTextNode(block.text));
      el.parentNode.insertBefore(p, el);
    }
    el.parentNode.removeChild(el);
    count++;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * An agency timestamp as a UTC ISO instant: ISO 8601 ("2018-02-26T21:20:34Z", "2016-01-12 12:35:40"),
 * the compact form NITF and NewsML 1 use ("20140829T134951+0000", "20140829T135002Z"), or a date alone
 * ("20240710" → 12:00 UTC that day). A time without a zone is read as UTC and says so in `warnings`.
 */
export function toInstant(value: string | undefined, label: string, warnings: string[]): string | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
  const extended = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
  const m = compact ?? extended;
  if (!m) {
    warnings.push(`${label} "${raw.slice(0, 60)}" is not a date this parser reads; it was ignored`);
    return undefined;
  }
  const [, y, mo, d, h, mi, s, zone] = m;
  const dateOnly = h === undefined;
  let offset = 'Z';
  if (zone && zone.toUpperCase() !== 'Z') offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  else if (!zone && !dateOnly) warnings.push(`${label} "${raw}" has no time zone; it was read as UTC`);
  const iso = dateOnly ? `${y}-${mo}-${d}T12:00:00Z` : `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offset}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1900 || Number(mo) > 12 || Number(d) > 31 || Number(h ?? 0) > 23) {
    warnings.push(`${label} "${raw}" is not a real date; it was ignored`);
    return undefined;
  }
  return date.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Languages and places

/** A BCP 47 tag as the article model wants it ("EN" → "en", "fi-fi" → "fi-FI"); undefined for "x-default" or junk. */
export function normaliseLanguage(tag: string | undefined): string | undefined {
  const t = tag?.trim().replace(/_/g, '-');
  if (!t) return undefined;
  const [primary, ...rest] = t.split('-');
  if (!primary || !/^[A-Za-z]{2,3}$/.test(primary)) return undefined;
  const parts = [primary.toLowerCase(), ...rest.map((p) => (/^[A-Za-z]{2}$/.test(p) ? p.toUpperCase() : p))];
  const out = parts.join('-');
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(out) ? out : undefined;
}

const ALPHA3 =
  'AFGAF ALAAX ALBAL DZADZ ASMAS ANDAD AGOAO AIAAI ATAAQ ATGAG ARGAR ARMAM ABWAW AUSAU AUTAT AZEAZ BHSBS BHRBH BGDBD BRBBB BLRBY BELBE BLZBZ ' +
  'BENBJ BMUBM BTNBT BOLBO BESBQ BIHBA BWABW BVTBV BRABR IOTIO BRNBN BGRBG BFABF BDIBI CPVCV KHMKH CMRCM CANCA CYMKY CAFCF TCDTD CHLCL CHNCN ' +
  'CXRCX CCKCC COLCO COMKM COGCG CODCD COKCK CRICR CIVCI HRVHR CUBCU CUWCW CYPCY CZECZ DNKDK DJIDJ DMADM DOMDO ECUEC EGYEG SLVSV GNQGQ ERIER ' +
  'ESTEE SWZSZ ETHET FLKFK FROFO FJIFJ FINFI FRAFR GUFGF PYFPF ATFTF GABGA GMBGM GEOGE DEUDE GHAGH GIBGI GRCGR GRLGL GRDGD GLPGP GUMGU GTMGT ' +
  'GGYGG GINGN GNBGW GUYGY HTIHT HMDHM VATVA HNDHN HKGHK HUNHU ISLIS INDIN IDNID IRNIR IRQIQ IRLIE IMNIM ISRIL ITAIT JAMJM JPNJP JEYJE JORJO ' +
  'KAZKZ KENKE KIRKI PRKKP KORKR KWTKW KGZKG LAOLA LVALV LBNLB LSOLS LBRLR LBYLY LIELI LTULT LUXLU MACMO MDGMG MWIMW MYSMY MDVMV MLIML MLTMT ' +
  'MHLMH MTQMQ MRTMR MUSMU MYTYT MEXMX FSMFM MDAMD MCOMC MNGMN MNEME MSRMS MARMA MOZMZ MMRMM NAMNA NRUNR NPLNP NLDNL NCLNC NZLNZ NICNI NERNE ' +
  'NGANG NIUNU NFKNF MKDMK MNPMP NORNO OMNOM PAKPK PLWPW PSEPS PANPA PNGPG PRYPY PERPE PHLPH PCNPN POLPL PRTPT PRIPR QATQA REURE ROURO RUSRU ' +
  'RWARW BLMBL SHNSH KNAKN LCALC MAFMF SPMPM VCTVC WSMWS SMRSM STPST SAUSA SENSN SRBRS SYCSC SLESL SGPSG SXMSX SVKSK SVNSI SLBSB SOMSO ZAFZA ' +
  'SGSGS SSDSS ESPES LKALK SDNSD SURSR SJMSJ SWESE CHECH SYRSY TWNTW TJKTJ TZATZ THATH TLSTL TGOTG TKLTK TONTO TTOTT TUNTN TURTR TKMTM TCATC ' +
  'TUVTV UGAUG UKRUA AREAE GBRGB USAUS UMIUM URYUY UZBUZ VUTVU VENVE VGBVG VIRVI WLFWF ESHEH YEMYE ZMBZM ZWEZW XKXXK';
const ALPHA3_TO_2 = new Map(ALPHA3.split(' ').map((p) => [p.slice(0, 3), p.slice(3)]));
let regionNames: Intl.DisplayNames | undefined;

/** "SWE" or "SE" → "Sweden"; a name is returned as given; undefined for a code nobody knows. */
export function countryName(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (!/^[A-Z]{2,3}$/.test(v)) return v.slice(0, 100);
  const alpha2 = v.length === 3 ? ALPHA3_TO_2.get(v) : v;
  if (!alpha2) return v;
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(alpha2);
    return name && name !== alpha2 && name !== 'Unknown Region' ? name : v;
  } catch {
    return v;
  }
}

const PLACE_SMALL_WORDS = new Set(['and', 'of', 'the', 'de', 'la', 'le', 'les', 'du', 'des', 'da', 'do', 'dos', 'das', 'del', 'di', 'el', 'al', 'en', 'on', 'upon', 'sur', 'am', 'y', 'van', 'von', 'der', 'den', 'au', 'aux']);

/** "FORT WASHINGTON" → "Fort Washington"; text with lower-case letters is returned as given. */
export function titleCaseIfUpper(s: string): string {
  if (/\p{Ll}/u.test(s) || !/\p{Lu}/u.test(s)) return s;
  return s
    .toLowerCase()
    .split(' ')
    .map((w, i) => (i > 0 && PLACE_SMALL_WORDS.has(w) ? w : w.replace(/(^|[-'’.])(\p{L})/gu, (_m, b: string, l: string) => b + l.toUpperCase())))
    .join(' ');
}

const AGENCY_WORDS = ['AFP', 'AP', 'Reuters', 'dpa', 'AAP', 'UPI', 'PA', 'ANSA', 'EFE', 'Kyodo', 'Xinhua', 'Bloomberg', 'Anadolu', 'ANA', 'STT', 'NTB', 'TT', 'Ritzau', 'CP', 'AA', 'APA', 'Belga', 'PAP', 'CTK', 'MTI', 'Lusa', 'BTA', 'ANP'];
const AGENCIES = new Set(
  [...AGENCY_WORDS, 'Associated Press', 'The Associated Press', 'Agence France-Presse', 'Press Association', 'PA Media', 'Deutsche Presse-Agentur', 'Australian Associated Press', 'Canadian Press', 'The Canadian Press', 'Agencia EFE'].map((a) => a.toLowerCase()),
);
export const isKnownAgency = (s: string): boolean => AGENCIES.has(s.trim().toLowerCase());

/**
 * A dateline as printed, without the agency and date furniture around the place:
 * "STOCKHOLM, Aug 29, 2014 (AFP) -" → "STOCKHOLM"; "London (dpa) - " → "London"; "SYDNEY March 22 AAP -" → "SYDNEY";
 * "FORT WASHINGTON, Pa." stays. Returns '' when only a date is left ("4/4/2018").
 */
export function cleanDatelineText(raw: string): string {
  let t = collapse(raw).trim();
  t = t.replace(/\s*(?:[-–—_:]+|\.-)\s*$/, '').trim();
  t = t.replace(/\s*\([^()]{1,40}\)\s*$/, '').trim();
  t = t.replace(/\s*(?:[-–—_:]+|\.-)\s*$/, '').trim();
  // "ANSA TEST - ROMA, 01 LUG": the place follows the last dash.
  const dash = t.split(/\s+[-–—]\s+/);
  if (dash.length > 1) t = (dash.at(-1) as string).trim();
  const lastWord = /\s+(\S+)$/.exec(t);
  if (lastWord?.[1] && isKnownAgency(lastWord[1])) t = t.slice(0, lastWord.index).trim();
  // A trailing "March 22" / "22 March" / "Aug 29, 2014" without a comma before it.
  t = t.replace(/\s+(?:\p{L}{3,9}\.?\s+\d{1,2}|\d{1,2}\.?\s+\p{L}{3,9}\.?)(?:,?\s+\d{4})?$/u, (m) => (/\d/.test(m) ? '' : m)).trim();
  const segments = t.split(',').map((s) => s.trim());
  const keep: string[] = [];
  for (const s of segments) {
    if (s === '' || /\d/.test(s)) break;
    keep.push(s);
  }
  return keep.join(', ').slice(0, 200);
}

/** A dateline from what an item gives: the printed text (cleaned) and structured city/country; null when nothing is left. */
export function makeDateline(parts: { text?: string; city?: string; country?: string }): Dateline | null {
  const printed = parts.text ? cleanDatelineText(parts.text) : '';
  const firstSegment = printed.split(',')[0]?.trim() ?? '';
  const city = parts.city?.trim() || (firstSegment ? titleCaseIfUpper(firstSegment) : undefined);
  const country = countryName(parts.country);
  const shown = printed || city || '';
  if (!shown) return null;
  const dateline: Dateline = { text: shown.slice(0, 200) };
  if (city) dateline.city = city.slice(0, 100);
  if (country) dateline.country = country.slice(0, 100);
  return dateline;
}

// ---------------------------------------------------------------------------------------------
// Bylines

/** Words that make a byline part a job title or an outlet rather than a name ("Press" is a surname too, so it is not here). */
const ROLE_WORDS = /\b(?:writer|correspondent|reporter|editor|staff|bureau|agency|chief|producer|columnist|contributor|network|online|association|newswire|desk|photographer|analyst)s?\b/i;
const GENERIC_BYLINE = /^(?:(?:by\s+)?(?:a\s+|our\s+)?(?:staff|staff\s+(?:reporter|writer|correspondent)s?|correspondent|reporter|agencies|wires?|newsdesk|news\s+desk|editorial\s+staff))$/i;
const DESK_INITIALS = /^\/?[a-z]{1,4}(?:\s?\/\s?[a-z]{1,4})+\/?$/i;

export interface BylineParse {
  bylines: Byline[];
  /** Text that was agency furniture, not a name (desk initials, "Staff Reporter"). */
  dropped: string[];
  /** An agency named after the names ("By Jane Doe, Press Association"). */
  credit?: string;
}

const looksLikeRole = (s: string): boolean => s.length <= 100 && (isKnownAgency(s) || ROLE_WORDS.test(s) || /\.\w{2,}$/.test(s));

/** Words that can be a name: 1–6 tokens with letters, no sentence punctuation. */
function nameLike(s: string): boolean {
  if (s.length < 2 || s.length > 100 || !/\p{L}/u.test(s) || /[\d!?;:"“”()[\]{}<>@]/.test(s)) return false;
  const tokens = s.split(/\s+/);
  return tokens.length <= 6 && /^\p{Lu}/u.test(s);
}

/** "ANTTI AUTIO" → "Antti Autio"; a name in mixed case stays as given. */
const casedName = (s: string): string => titleCaseIfUpper(s);

/**
 * Bylines from a byline field: "By Jane Doe and John Roe", "ANTTI AUTIO, HETA HASSINEN", "By Sam Lister, Press Association
 * Political Correspondent", "Geir Molnes / Faktisk.no", "Jo Biddle in Sochi". Desk initials ("gr/bp") and "Staff Reporter"
 * are furniture, reported in `dropped`. `role` (a NITF <byttl>) is given to every name.
 */
export function parseBylineText(raw: string, opts: { role?: string; names?: string[] } = {}): BylineParse {
  const result: BylineParse = { bylines: [], dropped: [] };
  let t = collapse(raw).trim().replace(/^by\b[:\s]*/i, '').replace(/[\s,;.–—-]+$/, '').trim();
  const given = collapse(raw).trim();
  if (!t && !opts.names?.length) return result;
  if (t && (DESK_INITIALS.test(t) || GENERIC_BYLINE.test(t))) {
    result.dropped.push(`byline: ${given}`);
    return result;
  }
  let role = opts.role ? collapse(opts.role).trim().replace(/^[,\s]+|[,\s]+$/g, '') || undefined : undefined;
  const slash = t.split(/\s+\/\s+/);
  if (slash.length > 1 && slash.slice(1).every(looksLikeRole)) {
    t = slash[0] as string;
    role ??= slash.slice(1).join(' / ');
  }
  const names: { name: string; location?: string }[] = [];
  const sources = opts.names?.length ? opts.names.map((n) => collapse(n).trim()).filter(Boolean) : [t];
  for (const source of sources) {
    for (const part of source.split(/\s*,\s*(?:and\s+)?|\s*;\s*|\s+(?:and|&|with|und|et|y|og|ja|och)\s+/i)) {
      const p = part.trim();
      if (!p) continue;
      if (names.length && looksLikeRole(p)) {
        if (isKnownAgency(p)) result.credit ??= p;
        else role ??= p;
        continue;
      }
      if (isKnownAgency(p) || p.split(/\s*[-/]\s*/).every(isKnownAgency)) {
        // "AFP", or a pool of agencies: "NTB-AFP-DPA".
        result.credit ??= p;
        continue;
      }
      if (GENERIC_BYLINE.test(p)) {
        result.dropped.push(`byline: ${p}`);
        continue;
      }
      const at = / in (\p{Lu}[\p{L} .'’-]{1,60})$/u.exec(p);
      const name = at ? p.slice(0, at.index).trim() : p;
      if (!nameLike(name) && !nameLike(casedName(name))) {
        result.dropped.push(`byline: ${p}`);
        continue;
      }
      names.push(at?.[1] ? { name: casedName(name), location: at[1].trim() } : { name: casedName(name) });
    }
  }
  for (const n of names.slice(0, 20)) {
    const byline: Byline = { name: n.name.slice(0, 200) };
    if (n.location) byline.location = n.location.slice(0, 200);
    if (role) byline.role = role.slice(0, 100);
    result.bylines.push(byline);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Tags and sections

/** Lower-case, trimmed, de-duplicated tags of 2–60 characters, at most 50; "POL:POLITICS" → "politics". */
export function tagList(values: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!v) continue;
    const t = collapse(v).trim().replace(/^[A-Z0-9]{2,5}:(?=\S)/, '').toLowerCase();
    if (t.length < 2 || t.length > 60 || !/\p{L}/u.test(t) || out.includes(t)) continue;
    out.push(t);
    if (out.length === 50) break;
  }
  return out;
}

const SECTION_NAMES: Record<string, string> = {
  sport: 'sport', sports: 'sport', politics: 'politics', political: 'politics', arts: 'arts', culture: 'arts',
  'arts, culture and entertainment': 'arts', 'arts, culture, entertainment and media': 'arts', entertainment: 'entertainment',
  showbiz: 'entertainment', society: 'society', 'social issues': 'society', features: 'features', feature: 'features',
};
/** IPTC subject / media topic top-level codes that map to a section. */
const SECTION_CODES: Record<string, string | null> = {
  '01': 'arts', '02': null, '03': null, '04': null, '05': null, '06': null, '07': null, '08': null, '09': null, '10': null,
  '11': 'politics', '12': null, '13': null, '14': 'society', '15': 'sport', '16': null, '17': null,
};

/**
 * A section when the item clearly says which: subject names ("Sport") and IPTC top-level codes ("15000000").
 * Returns undefined when nothing maps, when two sections are named, or when a top-level code names a subject
 * with no section (economy beside politics).
 */
export function sectionFrom(candidates: readonly { name?: string; code?: string }[]): string | undefined {
  const found = new Set<string>();
  let unmappedTopLevel = false;
  for (const c of candidates) {
    const byName = c.name ? SECTION_NAMES[collapse(c.name).trim().toLowerCase()] : undefined;
    if (byName) found.add(byName);
    const code = c.code ? /(?:^|:)(\d{2})000000$/.exec(c.code.trim()) : null;
    if (code?.[1] && code[1] in SECTION_CODES) {
      const s = SECTION_CODES[code[1]];
      if (s) found.add(s);
      else unmappedTopLevel = true;
    }
  }
  return found.size === 1 && !unmappedTopLevel ? [...found][0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** text/plain bodies: paragraphs by blank lines, by indented first lines (wrapped agency copy), or else one per line. */
export function plainTextBlocks(raw: string): { blocks: Block[]; warnings: string[] } {
  const warnings: string[] = [];
  let t = raw.replace(/\r\n?/g, '\n');
  if (/<\/?p\s*>/i.test(t)) {
    t = t.replace(/<\/?p\s*>/gi, '\n');
    warnings.push('the text/plain body held <p> tags; they were read as paragraph breaks');
  }
  const lines = t.split('\n');
  const paragraphs: string[] = [];
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  const chunks = t.trim().split(/\n[ \t]*\n/);
  if (looksTabular(nonEmpty)) {
    for (const line of nonEmpty) paragraphs.push(collapse(line).trim());
  } else if (indentStartsParagraphs(nonEmpty)) {
    // Wrapped agency copy: an indent (or a blank line) starts each paragraph.
    let current = '';
    for (const line of lines) {
      const piece = collapse(line).trim();
      if (piece === '' || /^[ \t]/.test(line)) {
        if (current) paragraphs.push(current);
        current = piece;
      } else current = current ? `${current} ${piece}` : piece;
    }
    if (current) paragraphs.push(current);
  } else if (chunks.length > 1 && chunks.some((c) => c.trim().includes('\n'))) {
    for (const c of chunks) if (c.trim()) paragraphs.push(collapse(c).trim());
  } else {
    for (const line of nonEmpty) paragraphs.push(collapse(line).trim());
  }
  return { blocks: paragraphs.filter(Boolean).map((p) => ({ type: 'paragraph', text: p })), warnings };
}

/**
 * Wrapped agency copy marks each paragraph with an indented first line and runs on unindented: at least two
 * indented lines and two unindented ones after the first line. (Pretty-printed XML indents every line after the first.)
 */
function indentStartsParagraphs(lines: string[]): boolean {
  const rest = lines.slice(1);
  const indented = rest.filter((l) => /^[ \t]/.test(l)).length + (/^[ \t]/.test(lines[0] ?? '') ? 1 : 0);
  return indented >= 2 && rest.filter((l) => !/^[ \t]/.test(l)).length >= 2;
}

/** Lines aligned in columns (runs of spaces inside them): results tables, listings. */
const looksTabular = (lines: string[]): boolean => lines.filter((l) => /\S {2,}\S/.test(l)).length >= 3;

/** Removes the first `length` characters of a paragraph, shifting its marks. */
function dropPrefix(block: Extract<Block, { type: 'paragraph' }>, length: number): Extract<Block, { type: 'paragraph' }> {
  const rest = block.text.slice(length);
  const lead = rest.length - rest.trimStart().length;
  const cut = length + lead;
  const textOut = block.text.slice(cut);
  const marks = (block.marks ?? [])
    .map((m): Mark => ({ ...m, start: Math.max(0, m.start - cut), end: Math.min(textOut.length, m.end - cut) }))
    .filter((m) => m.end > m.start);
  return marks.length ? { type: 'paragraph', text: textOut, marks } : { type: 'paragraph', text: textOut };
}

interface LeadDateline {
  /** The characters of the paragraph the dateline takes, dash included. */
  length: number;
  place: string;
  agency?: string;
}

/** Words that open a lead in capitals without being a place. */
const NOT_PLACES = new Set(['BREAKING', 'BREAKING NEWS', 'UPDATE', 'UPDATED', 'URGENT', 'FLASH', 'EXCLUSIVE', 'CORRECTED', 'CORRECTION', 'ANALYSIS', 'NOTE', 'EDITORS', 'ADVISORY', 'WARNING', 'REFILE', 'RPT']);

const PLACE_HEAD = /^\p{Lu}[\p{L}\p{M} .'’-]{0,39}$/u;

/** "FORT WASHINGTON, Pa. (AP) _ ", "Tegucigalpa, Jan 2 (EFE).- ", "(ANSA) - Rome, October 11 - ": a lead's dateline. */
export function findLeadDateline(lead: string): LeadDateline | null {
  const window = lead.slice(0, 160);
  const after = /^(?<place>[^()]{2,80}?)\s*\((?<agency>[A-Za-z][\w .&'-]{0,29})\)\s*(?:[-–—_:]+|\.-)\s+(?=\S)/u.exec(window);
  const before = /^\((?<agency>[A-Za-z][\w .&'-]{0,29})\)\s*[-–—]\s*(?<place>[^-–—()]{2,60}?)\s+[-–—]\s+(?=\S)/u.exec(window);
  // "København /ritzau/: ", and a bare upper-case place: "OTTAWA - ", "LAGOS, NIGERIA - ".
  const slashed = /^(?<place>[^/()]{2,60}?)\s*\/(?<agency>[\p{L}-]{2,20})\/\s*:?\s+(?=\S)/u.exec(window);
  const bare = /^(?<place>\p{Lu}[\p{Lu}\p{M} .'’-]{1,40}(?:,\s*[^,()\-–—]{2,30})?)\s+[-–—]\s+(?=\S)/u.exec(window);
  const m = after ?? before ?? slashed ?? bare;
  const place = m?.groups?.place?.trim();
  if (!m || !place) return null;
  const head = place.split(',')[0]?.trim() ?? '';
  if (!PLACE_HEAD.test(head) || head.split(/\s+/).length > 4 || NOT_PLACES.has(head.toUpperCase())) return null;
  if (m === bare && (/\p{Ll}/u.test(head) || (head.match(/\p{Lu}/gu)?.length ?? 0) < 2)) return null;
  return { length: m[0].length, place, ...(m.groups?.agency ? { agency: m.groups.agency.trim() } : {}) };
}

const sameText = (a: string, b: string): boolean => normaliseForCompare(a) === normaliseForCompare(b);
/** Lower case, letters and digits only: for comparing a headline with a repeated <h1>, or an abstract with the lead. */
export const normaliseForCompare = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export interface TidyContext {
  headline: string;
  dateline: Dateline | null;
  bylines: Byline[];
  credit?: string;
  report: WireReport;
}

/**
 * The agency furniture in a body's first and last paragraphs: a repeated headline, a "By NAME" first paragraph
 * (taken as the byline when the item names none), a lead dateline ("NEW YORK (AP) — ") moved out of the lead
 * (and taken as the dateline when the item has none, since the site prints the dateline before the lead),
 * separator rules, and sign-offs at the end (desk initials "hh/ph", a bare agency name, a copyright line).
 */
export function tidyBody(blocks: Block[], ctx: TidyContext): Block[] {
  const out = [...blocks];
  const first = out[0];
  if (first && (first.type === 'crosshead' || first.type === 'paragraph') && sameText(first.text, ctx.headline)) {
    out.shift();
    ctx.report.dropped.push(`the headline repeated at the top of the body: ${first.text.slice(0, 80)}`);
  }
  // "By NAME" as a paragraph of its own near the top (Reuters puts it under the summary bullets).
  const byAt = out.slice(0, 6).findIndex((b) => b.type === 'paragraph' && /^by\s+\S/i.test(b.text) && b.text.length <= 80);
  const by = out[byAt];
  if (by?.type === 'paragraph') {
    const parsed = parseBylineText(by.text);
    if (parsed.bylines.length && parsed.dropped.length === 0) {
      out.splice(byAt, 1);
      if (ctx.bylines.length === 0) {
        ctx.bylines.push(...parsed.bylines);
        ctx.report.recognised.push(`bylines from a body paragraph: ${parsed.bylines.map((b) => b.name).join(', ')}`);
      } else {
        ctx.report.dropped.push(`byline paragraph: ${by.text}`);
      }
    }
  }
  const lead = out.find((b) => b.type === 'paragraph');
  if (lead?.type === 'paragraph') {
    const found = findLeadDateline(lead.text);
    if (found) {
      const head = normaliseForCompare(found.place.split(',')[0] ?? '');
      const known = ctx.dateline ? [ctx.dateline.city, ctx.dateline.text.split(',')[0]].filter((x): x is string => !!x).map(normaliseForCompare) : [];
      if (!ctx.dateline || known.includes(head)) {
        const printed = lead.text.slice(0, found.length).trim();
        out[out.indexOf(lead)] = dropPrefix(lead, found.length);
        ctx.report.recognised.push(`lead dateline "${printed}" taken out of the first paragraph`);
        if (!ctx.dateline) {
          ctx.dateline = makeDateline({ text: found.place });
          if (ctx.dateline) ctx.report.recognised.push(`dateline (from the lead): ${ctx.dateline.text}`);
        }
        if (found.agency && !ctx.credit) ctx.credit = found.agency;
      }
    }
  }
  const kept = out.filter((b) => {
    if (b.type === 'paragraph' && /^[_=*~-]{3,}$/.test(b.text.replace(/\s/g, ''))) {
      ctx.report.dropped.push(`separator rule: ${b.text}`);
      return false;
    }
    return true;
  });
  for (let last = kept.at(-1); last?.type === 'paragraph' && isSignOff(last.text); last = kept.at(-1)) {
    kept.pop();
    ctx.report.dropped.push(`sign-off: ${last.text.slice(0, 120)}`);
  }
  return kept;
}

function isSignOff(t: string): boolean {
  const s = t.trim();
  if (s.length > 300) return false;
  return (
    DESK_INITIALS.test(s) ||
    isKnownAgency(s.replace(/^\((.*)\)$/, '$1')) ||
    /^\((?:[\w.-]+)\)$/.test(s) || // "(BusinessDesk)"
    /^\/[\p{L}-]{2,20}\/$/u.test(s) || // "/ritzau/"
    /^(?:ends?|more|-?30-|#{3})$/i.test(s) ||
    /^(?:©|\(c\)\s|copyright\s)/i.test(s) ||
    (isKnownAgency(s.split(/\s+/)[0] ?? '') && /^\S+(?:\s+[A-Za-z]{1,4}){1,3}$/.test(s)) || // "AAP RTV ar", "AFP sn"
    /^\((?:additional |further )?(?:reporting|writing|editing|compiled|translated|research)\b[^()]{0,300}\)$/i.test(s)
  );
}

// ---------------------------------------------------------------------------------------------
// Finishing

const MAX_HEADLINE = 300;
const MAX_STANDFIRST = 1000;
const MAX_BLOCKS = 2000;

/** Cuts text at a word boundary so it fits `max` characters, ending with "…". */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Makes a draft fit the article model: a headline of at most 300 characters, a standfirst of at most 1000,
 * every block valid (an invalid one is dropped with a warning), at most 2000 blocks (more is an error).
 */
/** What the XML parsers read for a draft; empty optional fields are left out of the result. */
export interface DraftFields {
  headline: string;
  dateline: WireDraft['dateline'];
  bylines: WireDraft['bylines'];
  body: WireDraft['body'];
  tags: string[];
  publishedAt: string | null | undefined;
  language: string | undefined;
  standfirst?: string | undefined;
  section?: string | undefined;
  credit?: string | undefined;
  source?: string | undefined;
  wireId?: string | undefined;
  wireVersion?: number | undefined;
  embargoUntil?: string | undefined;
}

export function finishDraft(fields: DraftFields, report: WireReport, file: string): WireDraft {
  const draft: WireDraft = {
    headline: fields.headline,
    dateline: fields.dateline,
    bylines: fields.bylines,
    body: fields.body,
    keyPoints: [],
    tags: fields.tags,
    publishedAt: fields.publishedAt ?? null,
    language: fields.language ?? 'en',
    ...(fields.standfirst ? { standfirst: fields.standfirst } : {}),
    ...(fields.section ? { section: fields.section } : {}),
    ...(fields.credit ? { credit: fields.credit } : {}),
    ...(fields.source ? { source: fields.source } : {}),
    ...(fields.wireId ? { wireId: fields.wireId.slice(0, 300) } : {}),
    ...(fields.wireVersion !== undefined ? { wireVersion: fields.wireVersion } : {}),
    ...(fields.embargoUntil ? { embargoUntil: fields.embargoUntil } : {}),
  };
  if (draft.headline.length > MAX_HEADLINE) {
    report.warnings.push(`the headline has ${draft.headline.length} characters; it was cut to ${MAX_HEADLINE}`);
    draft.headline = clip(draft.headline, MAX_HEADLINE);
  }
  if (draft.standfirst !== undefined) {
    if (draft.standfirst.length > MAX_STANDFIRST) {
      report.warnings.push(`the summary has ${draft.standfirst.length} characters; it was cut to ${MAX_STANDFIRST}`);
      draft.standfirst = clip(draft.standfirst, MAX_STANDFIRST);
    }
    if (draft.standfirst === '') delete draft.standfirst;
  }
  if (draft.body.length > MAX_BLOCKS) fail(file, `the body has ${draft.body.length} blocks, more than the ${MAX_BLOCKS} an article may hold`);
  draft.body = draft.body.filter((block, i) => {
    const check = blockSchema.safeParse(block);
    if (!check.success) report.warnings.push(`body block ${i + 1} (${block.type}) was dropped: ${check.error.issues[0]?.message ?? 'invalid'}`);
    return check.success;
  });
  if (draft.body.length === 0) report.warnings.push('the item has no body text');
  if (draft.credit !== undefined) draft.credit = draft.credit.slice(0, 200);
  if (draft.source !== undefined) draft.source = draft.source.slice(-200);
  const paragraphs = draft.body.filter((b) => b.type === 'paragraph').length;
  report.recognised.push(`body: ${paragraphs} paragraph${paragraphs === 1 ? '' : 's'}, ${draft.body.length - paragraphs} other block${draft.body.length - paragraphs === 1 ? '' : 's'}`);
  return draft;
}

/** A fresh report for a format. */
export const newReport = (format: string, warnings: string[] = []): WireReport => ({ format, recognised: [], dropped: [], warnings: [...warnings] });

/** The file name as messages show it. */
export const fileLabel = (fileName: string | undefined): string => fileName?.trim() || 'input';

/** A positive integer version ("11", " 2 "), or undefined. */
export function toVersion(value: string | undefined): number | undefined {
  if (!value || !/^\s*\d{1,15}\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
