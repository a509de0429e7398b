import { parseHTML, xmlParser } from './libs.js';
import { z } from 'zod';
import { articleSchema, toIssues, type Block, type Byline, type Dateline, type Mark } from '../domain/article.js';
import { AppError, type Issue } from '../domain/errors.js';
import { DEFAULT_SECTIONS } from '../domain/sections.js';
import { domToBlocks, type DomNode } from './html-blocks.js';
import type { WireDraft, WireParseResult, WireReport } from './types.js';

/**
 * IPTC ninjs ("news in JSON") import, for all three generations of field spellings:
 *
 * - 1.x: `headline`, `headline_*`, `body_text` / `body_html` / `body_xhtml` / `body_*`, `description_*`, `byline`,
 *   `subject` / `place` / `person`, lower-case dates (`versioncreated`, `embargoed`); Superdesk's ninjs
 *   (`guid`, `authors`, `keywords`, `source`, `firstpublished`) is read as 1.x with extensions.
 * - 2.x: `headlines` / `bodies` / `descriptions` arrays of `{ role, contenttype, value }`, `by`, `subjects`, `places`,
 *   `people`, still lower-case dates.
 * - 3.x: the same arrays with `contentType`, camel-case dates and names (`versionCreated`, `embargoedUntil`, `pubStatus`).
 *
 * The reader accepts any spelling from any generation. The input is also checked against a structural model of
 * the official schema of its generation (written here with zod; the official JSON Schemas are test material and are
 * not shipped): deviations are warnings in the report, or an error with `strict: true`. Hard structural faults
 * (not UTF-8, not JSON, a root that is not one object, no headline, no text) are always errors.
 */

export const MAX_NINJS_BYTES = 20 * 1024 * 1024;

export type NinjsGeneration = 1 | 2 | 3;

export interface NinjsParseOptions {
  fileName?: string;
  /** Refuse the item when it deviates from the ninjs schema of its generation (default: report the deviations as warnings). */
  strict?: boolean;
}

/** One deviation from the ninjs schema: where (a JSON path like `headlines[0].value`), which rule, and what is wrong. */
export interface NinjsSchemaIssue {
  path: string;
  rule: string;
  message: string;
}

const FORMAT = 'ninjs';
const MAX_HEADLINE = 300;
const MAX_STANDFIRST = 1000;
const MAX_BLOCKS = 2000;
const MAX_PARAGRAPH = 20_000;
const MAX_TAGS = 50;
const MAX_TAG = 60;
const MAX_KEY_POINTS = 10;
const MAX_KEY_POINT = 500;
const MAX_SCHEMA_WARNINGS = 25;
/** Inputs up to this size are parsed whole by the sniffer; larger ones are sniffed on their first bytes only. */
const SNIFF_PARSE_LIMIT = 2 * 1024 * 1024;
const SNIFF_WINDOW = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Parses one ninjs item (1.x, 2.x or 3.x) into an article draft and a report.
 * Throws an `invalid_wire_copy` AppError naming the file and what is wrong (with line and column for bad JSON,
 * the JSON path and rule for schema violations in strict mode).
 */
export function parseNinjs(input: Buffer | string, opts: NinjsParseOptions = {}): WireParseResult {
  const file = opts.fileName?.trim() || 'input';
  try {
    const text = decode(input, file);
    const root = parseJson(text, file);
    return new NinjsReader(root, file, opts).read();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_wire_copy', `${file}: the ninjs parser could not read this file (${detail})`, {
      cause: error,
      issues: [{ where: file, message: detail }],
    });
  }
}

/** A cheap sniff from the content: one JSON object whose root carries ninjs properties (uri or guid plus headline, body, dates...). */
export function isNinjs(input: Buffer): boolean {
  if (!(input instanceof Uint8Array) || input.length === 0) return false;
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
  const head = bytes.subarray(0, SNIFF_WINDOW).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return false;
  if (bytes.length <= SNIFF_PARSE_LIMIT) {
    try {
      const root: unknown = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      return isObject(root) && looksLikeNinjsRoot(root);
    } catch {
      // Broken JSON can still be ninjs: sniff its text, so the parser can say what is broken.
    }
  }
  if (/^\{\s*"(?:api_version|data|items?|total)"\s*:/.test(head)) return false;
  const hasId = /"(?:uri|guid)"\s*:\s*"/.test(head) || /"\$?standard"\s*:\s*\{[^}]*"ninjs"/.test(head);
  const markers = head.match(/"(?:headlines?|headline_\w+|bodies|body_\w+|descriptions|description_\w+|versioncreated|versionCreated|firstcreated|firstCreated|byline|by|located|pubstatus|pubStatus)"\s*:/g) ?? [];
  return hasId && new Set(markers.map((m) => m.replace(/\s*:$/, ''))).size >= 2;
}

/** Checks a parsed ninjs object against the structural model of its generation's official schema. */
export function validateNinjsShape(root: Record<string, unknown>, generation: NinjsGeneration = detectGeneration(root).generation): NinjsSchemaIssue[] {
  return shapeIssues(root, generation, [], 0);
}

/** Associations are ninjs objects too (2.x and 3.x also require their name and uri), so they are checked the same way. */
function shapeIssues(item: Obj, generation: NinjsGeneration, at: PropertyKey[], depth: number): NinjsSchemaIssue[] {
  const issues: NinjsSchemaIssue[] = [];
  const model = MODELS[generation];
  const extra = depth > 0 && generation > 1 ? (generation === 3 ? ['name', 'rel'] : ['name']) : [];
  for (const key of Object.keys(item)) {
    if (Object.hasOwn(model.shape, key) || extra.includes(key)) continue;
    const pattern = generation === 1 ? V1_PATTERN_KEYS.find((p) => p.test(key)) : undefined;
    if (!pattern) {
      issues.push({ path: jsonPath([...at, key]), rule: 'additionalProperties', message: `is not a ninjs ${generation}.x property` });
    } else if (typeof item[key] !== 'string') {
      issues.push({ path: jsonPath([...at, key]), rule: 'type', message: `expected string, received ${typeName(item[key])}` });
    }
  }
  if (depth > 0 && generation > 1 && typeof item.name !== 'string') {
    issues.push({ path: jsonPath([...at, 'name']), rule: 'required', message: 'is required for an association' });
  }
  const result = model.safeParse(item);
  if (!result.success) issues.push(...fromZod(result.error).map(({ pathParts, ...i }) => ({ ...i, path: jsonPath([...at, ...pathParts]) })));
  const associations = item.associations;
  if (depth < 5) {
    const nested: [PropertyKey, unknown][] = Array.isArray(associations) ? associations.map((a, i) => [i, a]) : isObject(associations) ? Object.entries(associations) : [];
    for (const [key, a] of nested) if (isObject(a)) issues.push(...shapeIssues(a, generation, [...at, 'associations', key], depth + 1));
  }
  return issues;
}

/** Which ninjs generation an object is written in: from its declaration (`standard`, `$standard`, `$schema`) or else from its keys. */
export function detectGeneration(root: Record<string, unknown>): { generation: NinjsGeneration; how: string } {
  const declared = declaredVersion(root);
  if (declared) return declared;
  const keys = Object.keys(root);
  const partKeys = ['headlines', 'bodies', 'descriptions'].flatMap((k) => {
    const v = root[k];
    return Array.isArray(v) ? v.filter(isObject).flatMap((o) => Object.keys(o)) : [];
  });
  const camel = keys.filter((k) => V3_ONLY_KEYS.has(k));
  if (camel.length || partKeys.some((k) => k === 'contentType' || k === 'charCount' || k === 'wordCount')) {
    return { generation: 3, how: `from its keys (${[...camel, ...(partKeys.includes('contentType') ? ['contentType'] : [])].slice(0, 3).join(', ')})` };
  }
  const plural = keys.filter((k) => V2_KEYS.has(k));
  const v1 = keys.filter((k) => V1_ONLY_KEYS.has(k) || V1_PATTERN_KEYS.some((p) => p.test(k)));
  if (plural.length > v1.length) return { generation: 2, how: `from its keys (${plural.slice(0, 3).join(', ')})` };
  return { generation: 1, how: v1.length ? `from its keys (${v1.slice(0, 3).join(', ')})` : 'by default' };
}

// ---------------------------------------------------------------------------------------------
// Errors

function fail(file: string, message: string, issues?: Issue[]): never {
  throw new AppError('invalid_wire_copy', `${file}: ${message}`, { issues: issues ?? [{ where: file, message }] });
}

// ---------------------------------------------------------------------------------------------
// Bytes → text → JSON

function decode(input: Buffer | string, file: string): string {
  if (typeof input === 'string') {
    if (input.length > MAX_NINJS_BYTES || Buffer.byteLength(input, 'utf8') > MAX_NINJS_BYTES) fail(file, tooLarge(Buffer.byteLength(input, 'utf8')));
    return input.replace(/^\uFEFF/, '');
  }
  if (!(input instanceof Uint8Array)) fail(file, 'expected the file as bytes');
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
  if (bytes.length > MAX_NINJS_BYTES) fail(file, tooLarge(bytes.length));
  if (bytes.length === 0) fail(file, 'the file is empty; a ninjs item is one JSON object');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(file, 'the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); ninjs is JSON and must be UTF-8');
  }
  if (bytes.length >= 4 && (bytes[0] === 0 || bytes[1] === 0)) {
    fail(file, 'the file has NUL bytes at its start: it is UTF-16/UTF-32 or binary, not UTF-8 JSON');
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad !== -1) {
    const { line, column } = byteLineColumn(body, bad);
    const byte = body[bad] ?? 0;
    const guess = byte >= 0x80 ? ' It looks Latin-1 (ISO-8859-1) or Windows-1252 encoded; re-save it as UTF-8.' : '';
    fail(file, `not UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column} (offset ${bad}) is not valid UTF-8, and JSON must be UTF-8.${guess}`, [
      { where: `${file}:${line}:${column}`, message: 'invalid UTF-8' },
    ]);
  }
  return body.toString('utf8');
}

function tooLarge(bytes: number): string {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `the file is ${mb(bytes)}, over the ${mb(MAX_NINJS_BYTES)} limit for one ninjs item`;
}

/** The offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf) => {
    const v = b[i];
    return v !== undefined && v >= lo && v <= hi;
  };
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
    } else if (c >= 0xc2 && c <= 0xdf) {
      if (!cont(i + 1)) return i;
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return i;
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return -1;
}

function byteLineColumn(b: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function textLineColumn(s: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < s.length; i++) {
    if (s.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

function parseJson(text: string, file: string): unknown {
  if (text.trim() === '') fail(file, 'the file holds only white space; a ninjs item is one JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const found = locateJsonError(text);
    if (!found) fail(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    const { line, column } = textLineColumn(text, found.pos);
    fail(file, `not valid JSON at line ${line}, column ${column}: ${found.problem}`, [{ where: `${file}:${line}:${column}`, message: found.problem }]);
  }
}

/**
 * Finds where and why JSON text is broken (V8's messages do not always give a position).
 * Iterative, so deep nesting cannot overflow the stack. Returns null when the text is valid.
 */
function locateJsonError(s: string): { pos: number; problem: string } | null {
  type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'after';
  const stack: string[] = [];
  let state: State = 'value';
  let i = 0;
  const describe = (c: string) => (c === '"' ? 'a quote' : /\s/.test(c) ? 'white space' : `'${c}'`);
  const scanString = (): { pos: number; problem: string } | null => {
    const start = i;
    i++;
    for (;;) {
      if (i >= s.length) return { pos: start, problem: 'a string is never closed: the file ends inside it (truncated?)' };
      const code = s.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return null;
      }
      if (code < 0x20) return { pos: i, problem: 'a raw control character (a line break or tab) inside a string; it must be escaped, e.g. as \\n' };
      if (code === 0x5c) {
        const next = s[i + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return { pos: i, problem: 'a \\u escape needs four hex digits' };
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') return { pos: i, problem: `an invalid escape \\${next} in a string` };
        i += 2;
        continue;
      }
      i++;
    }
  };
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  for (;;) {
    while (i < s.length && ' \t\n\r'.includes(s[i] as string)) i++;
    if (i >= s.length) {
      if (state === 'after' && stack.length === 0) return null;
      return { pos: s.length, problem: `the file ends early${stack.length ? ` with ${stack.length} unclosed ${stack.length === 1 ? 'bracket' : 'brackets'}` : ''} (truncated?)` };
    }
    const c = s[i] as string;
    if (state === 'firstValue' && c === ']') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'firstKey' && c === '}') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'value' || state === 'firstValue') {
      if (c === '{') {
        stack.push('{');
        i++;
        state = 'firstKey';
      } else if (c === '[') {
        stack.push('[');
        i++;
        state = 'firstValue';
      } else if (c === '"') {
        const bad = scanString();
        if (bad) return bad;
        state = 'after';
      } else {
        literal.lastIndex = i;
        const m = literal.exec(s);
        if (!m) {
          const trailing = c === '}' || c === ']';
          return { pos: i, problem: trailing ? `unexpected ${describe(c)} where a value should be (a trailing comma?)` : `unexpected ${describe(c)} where a value should be` };
        }
        i += m[0].length;
        state = 'after';
      }
      continue;
    }
    if (state === 'key' || state === 'firstKey') {
      if (c !== '"') return { pos: i, problem: `expected a property name in double quotes, found ${describe(c)}${c === '}' ? ' (a trailing comma?)' : ''}` };
      const bad = scanString();
      if (bad) return bad;
      state = 'colon';
      continue;
    }
    if (state === 'colon') {
      if (c !== ':') return { pos: i, problem: `expected ':' after a property name, found ${describe(c)}` };
      i++;
      state = 'value';
      continue;
    }
    // after a value
    const top = stack.at(-1);
    if (top === undefined) return { pos: i, problem: 'unexpected text after the end of the JSON object (several items in one file?)' };
    if (c === ',') {
      i++;
      state = top === '{' ? 'key' : 'value';
    } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
      stack.pop();
      i++;
    } else {
      return { pos: i, problem: `expected ',' or '${top === '{' ? '}' : ']'}' after a ${top === '{' ? 'property value' : 'list item'}, found ${describe(c)}` };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObject) : []);
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const norm = (s: string): string => collapse(s).toLowerCase();

/** The first present value among several spellings of one property. */
function pick(o: Obj, ...keys: string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) if (o[key] !== undefined && o[key] !== null) return { key, value: o[key] };
  return undefined;
}

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const k = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(k) ? (out ? `.${k}` : k) : `[${JSON.stringify(k)}]`;
    }
  }
  return out || '(root)';
}

const NINJS_ROOT_MARKERS = new Set([
  'headline', 'headlines', 'bodies', 'descriptions', 'versioncreated', 'versionCreated', 'firstcreated', 'firstCreated',
  'byline', 'by', 'located', 'pubstatus', 'pubStatus', 'renditions', 'associations', 'slugline', 'embargoed', 'embargoedUntil',
]);

function looksLikeNinjsRoot(o: Obj): boolean {
  const standard = pick(o, 'standard', '$standard')?.value;
  if (isObject(standard) && typeof standard.name === 'string' && /ninjs/i.test(standard.name)) return true;
  if (typeof o.uri !== 'string' && typeof o.guid !== 'string') return false;
  return Object.keys(o).some((k) => NINJS_ROOT_MARKERS.has(k) || /^(?:headline|body|description)_/.test(k));
}

// ---------------------------------------------------------------------------------------------
// The structural model of the official schemas (1.6, 2.2 and 3.1 are the latest of each generation)

const V1_PATTERN_KEYS = [/^description_[a-zA-Z0-9_]+$/, /^body_[a-zA-Z0-9_]+$/, /^headline_[a-zA-Z0-9_]+$/];
const V1_ONLY_KEYS = new Set(['headline', 'byline', 'subject', 'place', 'person', 'organisation', 'event', 'object', 'infosource', 'trustindicator', 'genre', '$standard', 'mimetype', 'charcount', 'wordcount']);
const V2_KEYS = new Set(['headlines', 'bodies', 'descriptions', 'people', 'places', 'subjects', 'organisations', 'events', 'objects', 'infosources', 'by', 'trustindicators', 'genres', 'standard']);
const V3_ONLY_KEYS = new Set([
  'firstCreated', 'versionCreated', 'contentCreated', 'embargoedUntil', 'pubStatus', 'copyrightHolder', 'copyrightNotice', 'usageTerms',
  'edNote', 'infoSources', 'altIds', 'trustIndicators', 'representationType', 'rightsInfo', 'digitalSourceType', 'eventDetails', 'plannedCoverage',
]);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

const text = z.string();
const number = z.number();
const dateTime = z.string().refine((s) => RFC3339.test(s), { message: 'must be an RFC 3339 date-time like 2024-05-01T12:00:00Z', params: { rule: 'format: date-time' } });
const uri = z.string().refine((s) => URI.test(s), { message: 'must be an absolute URI like urn:… or https://…', params: { rule: 'format: uri' } });
const pubStatus = z.enum(['usable', 'withheld', 'canceled']);
const TYPES_1_2 = ['text', 'audio', 'video', 'picture', 'graphic', 'composite', 'component'] as const;
const TYPES_3 = [...TYPES_1_2, 'event', 'planning'] as const;
const anyObject = z.looseObject({});
const GEOJSON_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection', 'Feature', 'FeatureCollection'] as const;
const geoJson = z.looseObject({ type: z.enum(GEOJSON_TYPES) });
const entity = z.looseObject({
  name: text.optional(),
  rel: text.optional(),
  uri: text.optional(),
  literal: text.optional(),
  scheme: text.optional(),
  code: text.optional(),
  geojson: geoJson.optional(),
  geoJSON: geoJson.optional(),
});
/** Rights are given either as a link or encoded, never both (the schemas' oneOf). */
const rights = (linked: string, encoded: string) =>
  z
    .looseObject({ [linked]: text.optional(), [encoded]: text.optional() })
    .refine((r) => (r[linked] === undefined) !== (r[encoded] === undefined), {
      message: `must give exactly one of ${linked} and ${encoded}`,
      params: { rule: 'oneOf' },
    });
const standard = z.looseObject({ name: text.optional(), version: text.optional(), schema: text.optional() });
const altId = z.looseObject({ role: text.optional(), value: text.optional() });

const v1 = z.looseObject({
  uri,
  type: z.enum(TYPES_1_2).optional(),
  mimetype: text.optional(),
  representationtype: z.enum(['complete', 'incomplete']).optional(),
  profile: text.optional(),
  version: text.optional(),
  firstcreated: dateTime.optional(),
  versioncreated: dateTime.optional(),
  contentcreated: dateTime.optional(),
  embargoed: dateTime.optional(),
  pubstatus: pubStatus.optional(),
  urgency: number.optional(),
  copyrightholder: text.optional(),
  copyrightnotice: text.optional(),
  usageterms: text.optional(),
  ednote: text.optional(),
  language: text.optional(),
  person: z.array(entity).optional(),
  organisation: z.array(entity).optional(),
  place: z.array(entity).optional(),
  subject: z.array(entity).optional(),
  event: z.array(entity).optional(),
  object: z.array(entity).optional(),
  infosource: z.array(entity).optional(),
  title: text.optional(),
  byline: text.optional(),
  headline: text.optional(),
  slugline: text.optional(),
  located: text.optional(),
  charcount: number.optional(),
  wordcount: number.optional(),
  renditions: z.record(z.string(), anyObject).optional(),
  associations: z.record(z.string(), anyObject).optional(),
  altids: anyObject.optional(),
  trustindicator: z.array(anyObject).optional(),
  $standard: standard.optional(),
  genre: z.array(entity).optional(),
  expires: dateTime.optional(),
  rightsinfo: rights('linkedrights', 'encodedrights').optional(),
  digitalsourcetype: anyObject.optional(),
});

const part2 = z.strictObject({ role: text.optional(), contenttype: text.optional(), value: text });
const body2 = z.strictObject({ role: text.optional(), contenttype: text.optional(), charcount: z.number().int().optional(), wordcount: z.number().int().optional(), value: text });
const v2 = z.looseObject({
  uri,
  type: z.enum(TYPES_1_2).optional(),
  representationtype: z.enum(['full', 'partial']).optional(),
  profile: text.optional(),
  version: text.optional(),
  firstcreated: dateTime.optional(),
  versioncreated: dateTime.optional(),
  contentcreated: dateTime.optional(),
  embargoed: dateTime.optional(),
  pubstatus: pubStatus.optional(),
  urgency: number.optional(),
  copyrightholder: text.optional(),
  copyrightnotice: text.optional(),
  usageterms: text.optional(),
  ednote: text.optional(),
  language: text.optional(),
  descriptions: z.array(part2).optional(),
  bodies: z.array(body2).optional(),
  headlines: z.array(part2).optional(),
  people: z.array(entity).optional(),
  organisations: z.array(entity).optional(),
  places: z.array(entity).optional(),
  subjects: z.array(entity).optional(),
  events: z.array(entity).optional(),
  objects: z.array(entity).optional(),
  infosources: z.array(entity).optional(),
  title: text.optional(),
  by: text.optional(),
  slugline: text.optional(),
  located: text.optional(),
  renditions: z.array(z.looseObject({ name: text })).optional(),
  associations: z.array(anyObject).optional(),
  altids: z.array(altId).optional(),
  trustindicators: z.array(anyObject).optional(),
  standard: standard.optional(),
  genres: z.array(entity).optional(),
  expires: dateTime.optional(),
  rightsinfo: rights('linkedrights', 'encodedrights').optional(),
  digitalsourcetype: anyObject.optional(),
});

const part3 = z.strictObject({ role: text.optional(), contentType: text.optional(), value: text });
const body3 = z.strictObject({ role: text.optional(), contentType: text.optional(), charCount: z.number().int().optional(), wordCount: z.number().int().optional(), value: text });
const v3 = z.looseObject({
  uri,
  type: z.enum(TYPES_3).optional(),
  representationType: z.enum(['full', 'partial']).optional(),
  profile: text.optional(),
  version: text.optional(),
  firstCreated: dateTime.optional(),
  versionCreated: dateTime.optional(),
  contentCreated: dateTime.optional(),
  embargoedUntil: dateTime.optional(),
  pubStatus: pubStatus.optional(),
  urgency: z.number().int().min(1).max(9).optional(),
  copyrightHolder: text.optional(),
  copyrightNotice: text.optional(),
  usageTerms: text.optional(),
  edNote: text.optional(),
  language: text.optional(),
  descriptions: z.array(part3).optional(),
  bodies: z.array(body3).optional(),
  headlines: z.array(part3).optional(),
  people: z.array(entity).optional(),
  organisations: z.array(entity).optional(),
  places: z.array(entity).optional(),
  subjects: z.array(entity).optional(),
  events: z.array(entity).optional(),
  eventDetails: anyObject.optional(),
  plannedCoverage: z.array(anyObject).optional(),
  objects: z.array(entity).optional(),
  infoSources: z.array(entity).optional(),
  title: text.optional(),
  by: text.optional(),
  slugline: text.optional(),
  located: text.optional(),
  renditions: z.array(z.looseObject({ name: text })).optional(),
  associations: z.array(anyObject).optional(),
  altIds: z.array(altId).optional(),
  trustIndicators: z.array(anyObject).optional(),
  standard: standard.optional(),
  genres: z.array(entity).optional(),
  expires: dateTime.optional(),
  rightsInfo: rights('linkedRights', 'encodedRights').optional(),
  digitalSourceType: anyObject.optional(),
});

const MODELS = { 1: v1, 2: v2, 3: v3 } as const;

type RawIssue = Omit<NinjsSchemaIssue, 'path'> & { pathParts: PropertyKey[] };

function fromZod(error: z.ZodError): RawIssue[] {
  return error.issues.flatMap((i): RawIssue[] => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ pathParts: [...i.path, k], rule: 'additionalProperties', message: 'is not allowed here' }));
    }
    const path = i.path;
    if (i.code === 'invalid_type') {
      const missing = /received undefined/.test(i.message);
      const received = /received (\w+)/.exec(i.message)?.[1];
      return [{ pathParts: path, rule: missing ? 'required' : 'type', message: missing ? 'is required' : `expected ${i.expected}${received ? `, received ${received}` : ''}` }];
    }
    if (i.code === 'invalid_value') return [{ pathParts: path, rule: 'enum', message: `must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    if (i.code === 'too_big') return [{ pathParts: path, rule: 'maximum', message: `must be at most ${String(i.maximum)}` }];
    if (i.code === 'too_small') return [{ pathParts: path, rule: 'minimum', message: `must be at least ${String(i.minimum)}` }];
    if (i.code === 'custom') return [{ pathParts: path, rule: String((i.params as { rule?: string } | undefined)?.rule ?? 'custom'), message: i.message }];
    return [{ pathParts: path, rule: i.code, message: i.message }];
  });
}

const formatIssue = (i: NinjsSchemaIssue): string => `${i.path}: ${i.message} (rule: ${i.rule})`;

/** Report lines: unknown top-level properties are listed on one line, every other deviation on its own. */
function issueLines(issues: NinjsSchemaIssue[]): string[] {
  const unknown = issues.filter((i) => i.rule === 'additionalProperties' && !/[.[]/.test(i.path));
  const lines = issues.filter((i) => !unknown.includes(i)).map(formatIssue);
  if (unknown.length) lines.unshift(`${unknown.map((i) => i.path).join(', ')}: not ${unknown.length === 1 ? 'a ninjs property' : 'ninjs properties'} (rule: additionalProperties)`);
  return lines;
}

function declaredVersion(root: Obj): { generation: NinjsGeneration; how: string } | undefined {
  const std = pick(root, 'standard', '$standard');
  const candidates: [string, unknown][] = [];
  if (std && isObject(std.value)) {
    candidates.push([`${std.key}.version`, std.value.version], [`${std.key}.schema`, std.value.schema]);
  } else if (std) {
    candidates.push([std.key, std.value]);
  }
  candidates.push(['$schema', root.$schema], ['ninjs_version', root.ninjs_version], ['ninjsVersion', root.ninjsVersion]);
  for (const [where, value] of candidates) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const m = /(?:^|[^\d.])([123])\.\d+/.exec(String(value)) ?? /^([123])$/.exec(String(value));
    if (m?.[1]) return { generation: Number(m[1]) as NinjsGeneration, how: `declared by ${where} "${String(value)}"` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Text parts: headlines, bodies, descriptions in every spelling

interface TextPart {
  path: string;
  role: string;
  contentType: string;
  value: string;
}

/** `bodies[]` / `body_*` / `body` (and the same for headlines and descriptions), in document order. */
function textParts(o: Obj, plural: string, singular: string): TextPart[] {
  const parts: TextPart[] = [];
  const list = o[plural];
  if (Array.isArray(list)) {
    list.forEach((item, i) => {
      if (isObject(item) && typeof item.value === 'string') {
        const ct = pick(item, 'contentType', 'contenttype', 'mimetype', 'mimeType')?.value;
        parts.push({ path: `${plural}[${i}]`, role: typeof item.role === 'string' ? item.role : '', contentType: typeof ct === 'string' ? ct : '', value: item.value });
      } else if (typeof item === 'string') {
        parts.push({ path: `${plural}[${i}]`, role: '', contentType: '', value: item });
      }
    });
  } else if (typeof list === 'string') {
    parts.push({ path: plural, role: '', contentType: '', value: list });
  }
  for (const [key, value] of Object.entries(o)) {
    if (typeof value !== 'string') continue;
    if (key === singular) parts.push({ path: key, role: 'main', contentType: '', value });
    else if (key.startsWith(`${singular}_`)) {
      const role = key.slice(singular.length + 1);
      const contentType = /html|xhtml|rich/i.test(role) ? 'text/html' : /^(text|plain)$/i.test(role) ? 'text/plain' : '';
      parts.push({ path: key, role, contentType, value });
    }
  }
  return parts;
}

type Kind = 'html' | 'nitf' | 'plain' | 'other';

const HTML_TAG = /<\/?(?:p|br|div|section|article|h[1-6]|ul|ol|li|blockquote|figure|img|a|em|strong|b|i|u|span|table|html|body)\b[^>]*>/i;

function kindOf(p: TextPart): Kind {
  const ct = p.contentType.toLowerCase();
  const v = p.value.trimStart();
  if (/nitf/.test(ct) || /^(?:<\?xml[^>]*>\s*)?<nitf[\s>]/i.test(v)) return 'nitf';
  if (/html/.test(ct)) return 'html';
  if (ct === 'text/plain') return 'plain';
  if (/xml/.test(ct)) return 'other';
  return HTML_TAG.test(v) ? 'html' : 'plain';
}

const roleRank = (role: string): number => (/^main$/i.test(role) ? 0 : /rich|html/i.test(role) ? 1 : /^(text|plain|body)$/i.test(role) || role === '' ? 2 : 3);
const kindRank: Record<Kind, number> = { html: 0, nitf: 1, plain: 2, other: 9 };

/** Plain text of a headline or description part (HTML parts lose their tags). */
function partText(p: TextPart): string {
  const kind = kindOf(p);
  if (kind === 'html' || kind === 'nitf') {
    const { document } = parseHTML(`<!DOCTYPE html><html><body>${p.value}</body></html>`);
    const { blocks } = domToBlocks(document.body as unknown as DomNode);
    const words = blocks.map(blockPlainText).filter(Boolean).join(' ');
    return collapse(words || (document.body?.textContent ?? ''));
  }
  return collapse(p.value);
}

function blockPlainText(b: Block): string {
  switch (b.type) {
    case 'paragraph':
    case 'crosshead':
    case 'blockquote':
      return b.text;
    case 'list':
      return b.items.map((i) => i.text).join(' ');
    case 'image':
      return b.caption ?? '';
    case 'embed':
      return b.title ?? '';
  }
}

// ---------------------------------------------------------------------------------------------
// Bodies → blocks

const EMBED_TOKEN = (n: number) => `\uE000embed${n}\uE000`;
const FURNITURE_CLASSES = new Set(['dat', 'dateline', 'byline']);

interface BodyResult {
  blocks: Block[];
  warnings: string[];
  dropped: string[];
}

/** HTML (a fragment or a whole document) → blocks, dropping agency furniture and keeping embeds. */
function htmlBody(html: string, headline: string): BodyResult {
  const whole = /<html[\s>]/i.test(html);
  const { document } = parseHTML(whole ? html : `<!DOCTYPE html><html><body>${html}</body></html>`);
  const root = (document.body ?? document.documentElement) as unknown as Element;
  const dropped: string[] = [];
  const warnings: string[] = [];

  // A first heading that repeats the headline, and dateline/byline furniture, are not body text.
  const firstHeading = root.querySelector('h1, h2');
  if (firstHeading && norm(firstHeading.textContent ?? '') === norm(headline)) {
    dropped.push(`heading repeating the headline: ${collapse(firstHeading.textContent ?? '')}`);
    firstHeading.remove();
  }
  for (const el of Array.from(root.querySelectorAll('[class]'))) {
    const classes = (el.getAttribute('class') ?? '').toLowerCase().split(/\s+/);
    if (!classes.some((c) => FURNITURE_CLASSES.has(c)) || el.closest('figure')) continue;
    const t = collapse(el.textContent ?? '');
    if (t) dropped.push(`${classes.find((c) => FURNITURE_CLASSES.has(c))}: ${t}`);
    el.remove();
  }

  // Embeds (our export's <p class="embed"><a>, iframes) survive as embed blocks through a placeholder paragraph.
  const embeds: Block[] = [];
  const placeholder = (block: Block, el: Element) => {
    const p = document.createElement('p');
    p.textContent = EMBED_TOKEN(embeds.length);
    embeds.push(block);
    el.replaceWith(p);
  };
  for (const el of Array.from(root.querySelectorAll('.embed, iframe'))) {
    if (!el.isConnected) continue;
    const isFrame = el.tagName.toLowerCase() === 'iframe';
    const a = isFrame ? null : el.tagName.toLowerCase() === 'a' ? el : el.querySelector('a[href]');
    const url = (isFrame ? el.getAttribute('src') : (el.getAttribute('data-url') ?? a?.getAttribute('href'))) ?? '';
    if (!/^https?:\/\/[^\s]+$/i.test(url.trim())) {
      if (isFrame) warnings.push(`an iframe was dropped: its source "${url.slice(0, 80)}" is not an http(s) URL`);
      continue;
    }
    const label = collapse((isFrame ? el.getAttribute('title') : a?.textContent) ?? '');
    const provider = el.getAttribute('data-provider') ?? a?.getAttribute('data-provider') ?? undefined;
    placeholder(
      {
        type: 'embed',
        url: url.trim(),
        ...(provider && { provider: provider.slice(0, 100) }),
        ...(label && label !== url.trim() && { title: label.slice(0, 300) }),
      },
      el,
    );
  }

  const { blocks, warnings: w } = domToBlocks(root as unknown as DomNode);
  warnings.push(...w);
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.type === 'paragraph' && /\uE000embed\d+\uE000/.test(b.text)) {
      const m = /^\uE000embed(\d+)\uE000$/.exec(b.text);
      const embed = m ? embeds[Number(m[1])] : undefined;
      if (embed) {
        out.push(embed);
        continue;
      }
      const rest = b.text.replace(/\s*\uE000embed\d+\uE000\s*/g, ' ').trim();
      warnings.push('an embed inside running text was dropped');
      if (rest) out.push({ type: 'paragraph', text: rest });
      continue;
    }
    out.push(b);
  }
  return { blocks: out, warnings, dropped };
}

function nitfBody(xml: string): BodyResult {
  const errors: string[] = [];
  const doc = xmlParser({ onError: (level: string, msg: string) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xml, 'text/xml');
  const content = doc.getElementsByTagName('body.content')[0] ?? doc.getElementsByTagName('body')[0];
  if (!content) return { blocks: [], warnings: ['the NITF body has no body.content'], dropped: [] };
  const { blocks, warnings } = domToBlocks(content as unknown as DomNode);
  if (errors.length) warnings.push(`the NITF body is not well-formed XML (${collapse(errors[0] ?? '').slice(0, 120)})`);
  return { blocks, warnings, dropped: [] };
}

function plainBody(value: string): BodyResult {
  const t = value.replace(/\r\n?/g, '\n');
  let chunks = t.split(/\n[ \t]*\n/);
  if (chunks.length === 1) chunks = t.split('\n');
  const blocks: Block[] = chunks.map(collapse).filter(Boolean).map((text) => ({ type: 'paragraph', text }));
  return { blocks, warnings: [], dropped: [] };
}

// ---------------------------------------------------------------------------------------------
// Bylines

const AGENCIES = [
  'AP', 'AFP', 'Reuters', 'dpa', 'NTB', 'TT', 'ANSA', 'EFE', 'PA', 'AAP', 'UPI', 'Bloomberg', 'Xinhua', 'Kyodo', 'STT', 'Ritzau', 'APA', 'SDA',
  'Keystone-SDA', 'Belga', 'ANP', 'CTK', 'PAP', 'Yonhap', 'Lusa', 'Europa Press', 'Associated Press', 'The Associated Press', 'Agence France-Presse',
  'Press Association', 'PA Media', 'Australian Associated Press', 'Scanpix', 'NTB scanpix', 'Getty Images', 'dpa-AFX', 'KNA', 'epd', 'AA', 'IANS', 'PTI',
];
const AGENCY_SET = new Set(AGENCIES.map((a) => a.toLowerCase()));
const isAgency = (s: string): boolean => AGENCY_SET.has(s.trim().toLowerCase());

interface ByResult {
  bylines: Byline[];
  credit?: string;
  warnings: string[];
}

/** "By A and B", "Von Christian Hollmann, dpa", "Jane Doe, Michigan State University", "A, B with C", "Lars Larsson/TT". */
export function parseByString(raw: string): ByResult {
  const warnings: string[] = [];
  let s = collapse(raw);
  s = s.replace(/^by\s+/i, '');
  const foreign = /^(?:von|par|por|av|af|door)\s+(.+)$/i.exec(s);
  if (foreign?.[1] && /\S+\s+\S+/.test(foreign[1])) s = foreign[1];
  let credit: string | undefined;
  const takeAgency = (name: string): string => {
    const slash = /^(.+?)\s*\/\s*([^/]+)$/.exec(name);
    if (slash?.[1] && slash[2] && isAgency(slash[2])) {
      credit ??= slash[2].trim();
      return slash[1].trim();
    }
    return name;
  };
  const parts = s.split(/\s+(?:and|und|with|&|og|och|et|y)\s+/i).map((p) => p.trim()).filter(Boolean);
  const bylines: Byline[] = [];
  if (parts.length === 1 && parts[0]) {
    const only = parts[0];
    const comma = only.indexOf(',');
    const head = comma === -1 ? only : only.slice(0, comma).trim();
    const tail = comma === -1 ? '' : only.slice(comma + 1).trim();
    if (tail && isAgency(tail)) credit = tail;
    const name = takeAgency(head);
    if (name) bylines.push(tail && !isAgency(tail) && tail.length <= 100 ? { name, role: tail } : { name });
  } else {
    for (const part of parts) {
      for (const piece of part.split(',').map((x) => x.trim()).filter(Boolean)) {
        if (isAgency(piece)) credit ??= piece;
        else bylines.push({ name: takeAgency(piece) });
      }
    }
  }
  const kept = bylines.filter((b) => {
    if (b.name.length <= 200) return true;
    warnings.push(`a byline of ${b.name.length} characters was dropped (at most 200)`);
    return false;
  });
  return { bylines: kept, ...(credit && { credit }), warnings };
}

// ---------------------------------------------------------------------------------------------
// Datelines, dates, language, sections

const titleCase = (s: string): string => s.toLowerCase().replace(/(^|[\s\-'’(])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase());
const caseName = (s: string): string => (/\p{Ll}/u.test(s) ? s : titleCase(s));
/** AP-style state abbreviations ("Ill.", "N.Y.") are not countries. */
const isStateAbbreviation = (s: string): boolean => /^(?:[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.)$/.test(s);

function datelineFromText(raw: string): Dateline | null {
  const t = collapse(raw).replace(/\s*[-–—:]+$/, '');
  if (!t || t.length > 200) return null;
  const parts = t.split(',').map((p) => p.trim()).filter(Boolean);
  const city = parts[0];
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  return {
    text: t,
    ...(city && { city: caseName(city).slice(0, 100) }),
    ...(last && !isStateAbbreviation(last) && { country: caseName(last).slice(0, 100) }),
  };
}

const MONTH_DAY = /,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}$/;

/** Superdesk's `dateline` ({ text: "SYDNEY, Aug 24 AAP -", located: { city, country } }) or a plain string. */
function datelineFromSuperdesk(v: unknown): Dateline | null {
  const located = isObject(v) && isObject(v.located) ? v.located : undefined;
  const raw = typeof v === 'string' ? v : isObject(v) && typeof v.text === 'string' ? v.text : undefined;
  let t = raw ? collapse(raw).replace(/\s*[-–—]+$/, '').replace(/\s*\(?\b[A-Za-z]{2,8}\)?$/, (m) => (isAgency(m.replace(/[()]/g, '')) ? '' : m)).replace(MONTH_DAY, '') : '';
  const city = located && typeof located.city === 'string' ? located.city : undefined;
  const country = located && typeof located.country === 'string' ? located.country : undefined;
  if (!t && city) t = country ? `${city}, ${country}` : city;
  const d = t ? datelineFromText(t) : null;
  if (!d) return null;
  return { ...d, ...(city && { city: city.slice(0, 100) }), ...(country && { country: country.slice(0, 100) }) };
}

const PLACE_PARTICLES = new Set(['am', 'an', 'de', 'del', 'la', 'le', 'les', 'sur', 'upon', 'on', 'di', 'da', 'do', 'dos', 'im', 'in', 'ob', 'der']);

interface LeadDateline {
  dateline: Dateline;
  agency?: string;
  cut: number;
  printed: string;
}

/** "GROSSETO, Italy (AP) -- The trial…", "Berlin (dpa) - Die…", "SPRINGFIELD, Ill., May 3 (AP) — …" at the start of the lead. */
function leadDateline(lead: string): LeadDateline | null {
  const m = /^([^()\n]{2,60}?)\s*\(([^()]{2,40})\)\s*(?:--|[-–—_:])\s+(?=\S)/u.exec(lead.slice(0, 200));
  if (!m?.[1] || !m[2]) return null;
  const place = m[1].replace(MONTH_DAY, '').trim();
  const agency = m[2].trim();
  const firstWord = place.split(/[\s,]/)[0] ?? '';
  const capsPlace = /^\p{Lu}[\p{Lu}'’.-]+$/u.test(firstWord);
  if (!/^\p{Lu}/u.test(place) || /[!?;:"“”]/.test(place) || place.split(',').length > 3) return null;
  // "Berlin (dpa) -" needs a known agency and a place name in capitals ("The company (AP) - said" is no dateline).
  const properName = place.split(/[\s,]+/).filter(Boolean).every((w) => /^\p{Lu}/u.test(w) || PLACE_PARTICLES.has(w));
  if (!capsPlace && !(isAgency(agency) && properName && place.split(/\s+/).length <= 4)) return null;
  const dateline = datelineFromText(place);
  if (!dateline) return null;
  return { dateline, cut: m[0].length, printed: m[0].trim(), ...(isAgency(agency) && { agency }) };
}

/** ISO 8601 / RFC 3339 date-times as agencies write them ("+0000" offsets, no zone, date only) → a UTC instant. */
function parseInstant(raw: unknown, field: string, warnings: string[]): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') {
    warnings.push(`${field} is a ${typeName(raw)}, not a date-time string; ignored`);
    return undefined;
  }
  const s = raw.trim();
  let iso: string | undefined;
  let m: RegExpExecArray | null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    iso = `${s}T12:00:00Z`;
    warnings.push(`${field} "${s}" has no time; 12:00 UTC was used`);
  } else if ((m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s))) {
    const zone = m[3] ? m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
    if (!m[3]) warnings.push(`${field} "${s}" has no time zone; read as UTC`);
    iso = `${m[1]}T${m[2]}${zone.toUpperCase()}`;
  } else if ((m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z|[+-]\d{4})?$/i.exec(s))) {
    const zone = m[7] ? m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
    iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone.toUpperCase()}`;
  }
  const d = iso ? new Date(iso) : undefined;
  if (!d || Number.isNaN(d.getTime())) {
    warnings.push(`${field} "${s.slice(0, 60)}" is not a date-time; ignored`);
    return undefined;
  }
  return d.toISOString();
}

const LANGUAGE = articleSchema.shape.language;

/** Top-level IPTC media topics (and the old subject codes with the same numbers) that clearly name a section. */
const MEDIATOPIC_SECTIONS = new Map([
  ['15000000', 'sport'],
  ['11000000', 'politics'],
  ['01000000', 'arts'],
  ['14000000', 'society'],
]);
const SECTION_NAMES = new Map<string, string>([...DEFAULT_SECTIONS.flatMap((s): [string, string][] => [[s.slug, s.slug], [s.name.toLowerCase(), s.slug]]), ['sports', 'sport']]);

function sectionOf(subject: Obj): string | undefined {
  const name = typeof subject.name === 'string' ? norm(subject.name) : '';
  const byName = SECTION_NAMES.get(name);
  if (byName) return byName;
  for (const key of ['uri', 'code', 'qcode', 'literal']) {
    const v = subject[key];
    const code = typeof v === 'string' ? /(?:^|[/:])(\d{8})$/.exec(v.trim())?.[1] : undefined;
    const byCode = code === undefined ? undefined : MEDIATOPIC_SECTIONS.get(code);
    if (byCode) return byCode;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The reader

const MEDIA_TYPES = new Set(['picture', 'video', 'audio', 'graphic']);
const NOT_TEXT_TYPES = new Set(['event', 'planning']);
const KNOWN_TYPES = new Set<string>(TYPES_3);
const draftSchema = articleSchema.pick({ headline: true, standfirst: true, dateline: true, bylines: true, body: true, keyPoints: true, tags: true, credit: true, source: true, language: true });

class NinjsReader {
  private readonly report: WireReport = { format: FORMAT, recognised: [], dropped: [], warnings: [] };
  private readonly root: Obj;
  private credit: string | undefined;

  constructor(
    root: unknown,
    private readonly file: string,
    private readonly opts: NinjsParseOptions,
  ) {
    this.root = this.checkRoot(root);
  }

  read(): WireParseResult {
    const root = this.root;
    const { generation, how } = detectGeneration(root);
    this.note(`ninjs ${generation}.x (${how})`);
    this.validate(generation);

    const type = this.itemType();
    const isMedia = MEDIA_TYPES.has(type);
    const headline = this.headline(isMedia ? type : undefined);
    const { standfirst, keyPoints, descriptionText } = this.descriptions();
    let body = this.body(headline);
    let usedDescription = false;
    if (!body.some(isTextBlock)) {
      if (!descriptionText) {
        fail(this.file, isMedia ? `not a text item: a ${type} item with no text (an article needs a headline and a body or description)` : 'no body: none of bodies[], body_html, body_text or body_* has text, and there is no description to use instead');
      }
      body = [...body.filter((b) => !isTextBlock(b)), ...plainBody(descriptionText).blocks];
      usedDescription = true;
      this.report.warnings.push(`no body text: the description was used as the body${isMedia ? ` of this ${type} item` : ''}`);
    }
    if (isMedia) {
      this.report.warnings.push(`${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} item was imported as an article because it has a headline and text`);
      if (type === 'picture' || type === 'graphic') {
        const image = this.pictureBlock(descriptionText ?? headline);
        if (image) body.unshift(image);
      }
    }

    const { bylines, byCredit } = this.bylines();
    const dateline = this.dateline(body);
    if (byCredit) this.setCredit(byCredit, 'the byline');
    this.creditFromProvider();
    this.dropFurniture(isMedia);
    if (body.length > MAX_BLOCKS) fail(this.file, `the body has ${body.length} blocks, more than the ${MAX_BLOCKS} an article may hold`);
    body.forEach((b, i) => {
      if ((b.type === 'paragraph' || b.type === 'blockquote') && b.text.length > MAX_PARAGRAPH) {
        fail(this.file, `body block ${i + 1} has ${b.text.length} characters, more than the ${MAX_PARAGRAPH} a paragraph may hold`);
      }
    });

    const { section, tags } = this.subjects();
    const article: WireDraft = {
      headline,
      ...(standfirst && !usedDescription && { standfirst }),
      dateline,
      bylines,
      body,
      keyPoints,
      tags,
      ...(section && { section }),
      publishedAt: this.publishedAt(),
      ...(this.credit && { credit: this.credit }),
      ...(this.opts.fileName && { source: this.opts.fileName.slice(-200) }),
      language: this.language(),
      ...this.identity(),
    };
    const embargo = parseInstant(pick(root, 'embargoedUntil', 'embargoed', 'embargoed_until')?.value, 'embargoed', this.report.warnings);
    if (embargo) {
      article.embargoUntil = embargo;
      this.note(`embargoed until ${embargo}`);
    }
    this.check(article);
    return { article, report: this.report };
  }

  private note(line: string): void {
    this.report.recognised.push(line);
  }

  private checkRoot(root: unknown): Obj {
    if (Array.isArray(root)) {
      fail(this.file, `the root is a JSON array of ${root.length} ${root.length === 1 ? 'entry' : 'entries'}, not one ninjs object; a collection or feed must be split into one item per file`);
    }
    if (!isObject(root)) fail(this.file, `the root is a JSON ${typeName(root)}, not a ninjs object`);
    if (!looksLikeNinjsRoot(root) && !textParts(root, 'headlines', 'headline').length && !textParts(root, 'bodies', 'body').length) {
      const wrapper = ['data', 'item', 'items'].find((k) => k in root);
      fail(this.file, wrapper ? `not a ninjs item: the root wraps its content in "${wrapper}" (a feed or API response); pass one ninjs item` : 'not a ninjs item: the root object has none of the ninjs properties (uri, headlines, bodies, versioncreated…)');
    }
    return root;
  }

  private validate(generation: NinjsGeneration): void {
    const issues = validateNinjsShape(this.root, generation);
    if (!issues.length) {
      this.note(`matches the ninjs ${generation}.x schema`);
      return;
    }
    if (this.opts.strict) {
      const lines = issues.map(formatIssue);
      const summary = lines.slice(0, 5).join('; ') + (lines.length > 5 ? `; and ${lines.length - 5} more` : '');
      fail(this.file, `does not match the ninjs ${generation}.x schema: ${summary}`, issues.map((i) => ({ where: i.path, message: `${i.message} (rule: ${i.rule})` })));
    }
    const lines = issueLines(issues);
    for (const line of lines.slice(0, MAX_SCHEMA_WARNINGS)) this.report.warnings.push(`ninjs ${generation}.x schema: ${line}`);
    if (lines.length > MAX_SCHEMA_WARNINGS) this.report.warnings.push(`ninjs ${generation}.x schema: and ${lines.length - MAX_SCHEMA_WARNINGS} more deviations`);
  }

  private itemType(): string {
    const raw = this.root.type;
    if (raw === undefined) {
      const planning = ['eventDetails', 'plannedCoverage', 'event_details', 'planned_coverage'].find((k) => k in this.root);
      if (planning) fail(this.file, `not a text item: it has no type but carries ${planning}, so it is an event or planning item with no story to import`);
      this.note('type: not given, read as text');
      return 'text';
    }
    const type = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (NOT_TEXT_TYPES.has(type)) fail(this.file, `not a text item: ${type === 'event' ? 'an' : 'a'} ${type} item (ninjs type "${type}") has no story to import`);
    if (!KNOWN_TYPES.has(type)) this.report.warnings.push(`unknown item type ${JSON.stringify(raw)}; read as text`);
    else this.note(`type: ${type}`);
    return KNOWN_TYPES.has(type) ? type : 'text';
  }

  private headline(mediaType: string | undefined): string {
    const parts = textParts(this.root, 'headlines', 'headline')
      .map((p, order) => ({ p, order, text: partText(p) }))
      .filter((x) => x.text !== '');
    parts.sort((a, b) => roleRank(a.p.role) - roleRank(b.p.role) || a.order - b.order);
    let chosen = parts[0];
    if (!chosen) {
      const title = str(this.root.title);
      if (!title && mediaType) fail(this.file, `not a text item: a ${mediaType} item with no headline (an article needs a headline and text)`);
      if (!title) fail(this.file, 'no headline: none of headlines[], headline or headline_* has text (and there is no title)');
      this.report.warnings.push('no headline: the title was used as the headline');
      chosen = { p: { path: 'title', role: '', contentType: '', value: title }, order: 0, text: collapse(title) };
    }
    if (chosen.text.length > MAX_HEADLINE) {
      fail(this.file, `the headline at ${chosen.p.path} has ${chosen.text.length} characters, more than the ${MAX_HEADLINE} allowed`);
    }
    this.note(`headline: ${chosen.p.path}${chosen.p.role ? ` (role ${chosen.p.role})` : ''}`);
    for (const other of parts.slice(1)) this.report.dropped.push(`other headline ${other.p.path}: ${other.text.slice(0, 120)}`);
    return chosen.text;
  }

  private descriptions(): { standfirst?: string; keyPoints: string[]; descriptionText?: string } {
    const parts = textParts(this.root, 'descriptions', 'description');
    const keyPointParts = parts.filter((p) => /^key.?points?$/i.test(p.role));
    const keyPoints: string[] = [];
    for (const p of keyPointParts) {
      const items = kindOf(p) === 'html' ? htmlBody(p.value, '').blocks.flatMap((b) => (b.type === 'list' ? b.items.map((i) => i.text) : [blockPlainText(b)])) : p.value.split('\n');
      keyPoints.push(...items.map(collapse).filter(Boolean));
    }
    if (keyPoints.length > MAX_KEY_POINTS) this.report.warnings.push(`${keyPoints.length} key points; only the first ${MAX_KEY_POINTS} were kept`);
    const kept = keyPoints.slice(0, MAX_KEY_POINTS).map((k) => (k.length > MAX_KEY_POINT ? `${k.slice(0, MAX_KEY_POINT - 1)}…` : k));
    if (kept.length) this.note(`key points: ${kept.length}`);

    const candidates = parts
      .filter((p) => !keyPointParts.includes(p))
      .map((p, order) => ({ p, order, text: partText(p) }))
      .filter((x) => x.text !== '');
    const rank = (role: string) => (/^(summary|abstract|lead|standfirst|teaser|intro|main)$/i.test(role) ? 0 : /^(text|plain|)$/i.test(role) ? 1 : /caption/i.test(role) ? 3 : 2);
    candidates.sort((a, b) => rank(a.p.role) - rank(b.p.role) || a.order - b.order);
    const chosen = candidates[0];
    if (!chosen) return { keyPoints: kept };
    let standfirst = chosen.text;
    if (standfirst.length > MAX_STANDFIRST) {
      const cut = standfirst.slice(0, MAX_STANDFIRST - 1);
      standfirst = `${cut.slice(0, cut.lastIndexOf(' ') > 600 ? cut.lastIndexOf(' ') : cut.length)}…`;
      this.report.warnings.push(`the description at ${chosen.p.path} has ${chosen.text.length} characters; the standfirst was cut to ${MAX_STANDFIRST}`);
    }
    this.note(`standfirst: ${chosen.p.path}${chosen.p.role ? ` (role ${chosen.p.role})` : ''}`);
    return { standfirst, keyPoints: kept, descriptionText: chosen.text };
  }

  private body(headline: string): Block[] {
    const parts = textParts(this.root, 'bodies', 'body').map((p, order) => ({ p, order, kind: kindOf(p) }));
    parts.sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || roleRank(a.p.role) - roleRank(b.p.role) || a.order - b.order);
    let chosen: { path: string; result: BodyResult } | undefined;
    for (const { p, kind } of parts) {
      const describe = `${p.path} (${p.contentType || kind}${p.role ? `, role ${p.role}` : ''})`;
      if (chosen || kind === 'other') {
        this.report.dropped.push(`${chosen ? 'alternative body' : 'body in an unsupported format'} ${describe}`);
        continue;
      }
      const result = kind === 'html' ? htmlBody(p.value, headline) : kind === 'nitf' ? nitfBody(p.value) : plainBody(p.value);
      if (!result.blocks.some(isTextBlock)) {
        this.report.warnings.push(`the body ${describe} has no text`);
        continue;
      }
      chosen = { path: describe, result };
      this.note(`body: ${describe}, ${result.blocks.length} block${result.blocks.length === 1 ? '' : 's'}`);
    }
    if (!chosen) return [];
    const { blocks, warnings, dropped } = chosen.result;
    this.report.warnings.push(...warnings);
    this.report.dropped.push(...dropped);
    const first = blocks[0];
    if (first && (first.type === 'crosshead' || first.type === 'paragraph') && norm(first.text) === norm(headline)) {
      blocks.shift();
      this.report.dropped.push(`first body line repeating the headline: ${first.text.slice(0, 120)}`);
    }
    return blocks;
  }

  private pictureBlock(alt: string): Block | undefined {
    const renditions = this.root.renditions;
    const list: Obj[] = Array.isArray(renditions) ? renditions.filter(isObject) : isObject(renditions) ? Object.entries(renditions).flatMap(([name, r]) => (isObject(r) ? [{ name, ...r }] : [])) : [];
    const usable = list.filter((r) => typeof r.href === 'string' && /^https?:\/\//i.test(r.href));
    const rank = (r: Obj) => {
      const name = String(r.name ?? '').toLowerCase();
      return /original|highres|hires|baseimage|viewimage/.test(name) ? 0 : /thumb/.test(name) ? 2 : 1;
    };
    const best = usable.sort((a, b) => rank(a) - rank(b))[0];
    if (!best || typeof best.href !== 'string') return undefined;
    const width = Number(best.width);
    const height = Number(best.height);
    this.note(`image: rendition ${String(best.name ?? '')}`);
    const credit = str(pick(this.root, 'by', 'byline')?.value);
    return {
      type: 'image',
      src: best.href.slice(0, 2000),
      alt: collapse(alt).slice(0, 500) || 'Image',
      ...(credit && { credit: collapse(credit).slice(0, 300) }),
      ...(Number.isInteger(width) && width > 0 && { width }),
      ...(Number.isInteger(height) && height > 0 && { height }),
    };
  }

  private bylines(): { bylines: Byline[]; byCredit?: string } {
    const root = this.root;
    const by = str(pick(root, 'by', 'byline')?.value);
    const parsed = by ? parseByString(by) : undefined;
    this.report.warnings.push(...(parsed?.warnings ?? []));
    const authors = [...objects(root.people), ...objects(root.person)].filter((p) => typeof p.rel === 'string' && /^(author|creator|writer|byline|reporter)$/i.test(p.rel) && str(p.name));
    let bylines: Byline[];
    if (authors.length) {
      bylines = authors.map((p) => ({ name: collapse(String(p.name)).slice(0, 200) }));
      this.note(`bylines: people with rel author (${bylines.map((b) => b.name).join(', ')})`);
    } else if (parsed?.bylines.length) {
      bylines = parsed.bylines;
      this.note(`bylines: "${collapse(by ?? '')}" → ${bylines.map((b) => b.name + (b.role ? ` (${b.role})` : '')).join('; ')}`);
    } else {
      const superdesk = [...objects(root.authors), ...objects(root.bylines)].filter((a) => str(a.name));
      const strings = Array.isArray(root.bylines) ? root.bylines.filter((b): b is string => typeof b === 'string' && b.trim() !== '') : [];
      bylines = [
        ...superdesk.map((a) => ({ name: collapse(String(a.name)).slice(0, 200), ...(str(a.role) && { role: String(a.role).slice(0, 100) }) })),
        ...strings.flatMap((b) => parseByString(b).bylines),
      ];
      if (bylines.length) this.note(`bylines: ${superdesk.length ? 'authors' : 'bylines'} (${bylines.map((b) => b.name).join(', ')})`);
    }
    if (!bylines.length) this.note('bylines: none given');
    return { bylines: bylines.slice(0, 20), ...(parsed?.credit && { byCredit: parsed.credit }) };
  }

  /** `located` (all generations), places with rel "located", Superdesk's `dateline`, or a dateline opening the lead. */
  private dateline(body: Block[]): Dateline | null {
    const root = this.root;
    let dateline: Dateline | null = null;
    const located = str(root.located);
    if (located) {
      dateline = datelineFromText(located);
      if (dateline) this.note(`dateline: located "${dateline.text}"`);
    }
    const places = [...objects(root.places), ...objects(root.place)].filter((p) => typeof p.rel === 'string' && /^located$/i.test(p.rel) && str(p.name)).map((p) => collapse(String(p.name)));
    if (places.length) {
      const [first, second] = places;
      const parts = dateline?.text.split(',').map((p) => norm(p)) ?? [];
      const isCountry = places.length === 1 && parts.length > 1 && norm(first ?? '') === parts[parts.length - 1];
      const base: Dateline = dateline ?? { text: places.join(', ').slice(0, 200) };
      dateline = {
        text: base.text,
        ...(isCountry ? { ...(base.city && { city: base.city }), country: first } : { ...(first && { city: first.slice(0, 100) }), ...((second ?? base.country) && { country: (second ?? base.country ?? '').slice(0, 100) }) }),
      };
      this.note(`dateline: places with rel located (${places.join(', ')})`);
    }
    if (!dateline && root.dateline !== undefined) {
      dateline = datelineFromSuperdesk(root.dateline);
      if (dateline) this.note(`dateline: dateline "${dateline.text}"`);
    }
    const firstIndex = body.findIndex((b) => b.type === 'paragraph');
    const first = body[firstIndex];
    if (first?.type === 'paragraph') {
      const lead = leadDateline(first.text);
      const sameCity = lead && (!dateline || norm(dateline.city ?? dateline.text) === norm(lead.dateline.city ?? ''));
      if (lead && sameCity) {
        body[firstIndex] = cutLead(first, lead.cut);
        this.note(`lead dateline: "${lead.printed}"${dateline ? '' : ' (used as the dateline)'}`);
        dateline ??= lead.dateline;
        if (lead.agency) this.setCredit(lead.agency, 'the lead dateline');
      }
    }
    return dateline;
  }

  private setCredit(credit: string, from: string): void {
    if (this.credit) return;
    this.credit = collapse(credit).slice(0, 200);
    this.note(`credit: ${this.credit} (from ${from})`);
  }

  private creditFromProvider(): void {
    const source = str(this.root.source);
    if (source) this.setCredit(source, 'source');
    const holder = str(pick(this.root, 'copyrightHolder', 'copyrightholder')?.value);
    if (holder) this.setCredit(holder, 'the copyright holder');
    const info = [...objects(this.root.infoSources), ...objects(this.root.infosources), ...objects(this.root.infosource)].find((i) => str(i.name));
    if (info) this.setCredit(String(info.name), 'infosources');
  }

  private dropFurniture(isMedia: boolean): void {
    const root = this.root;
    const ednote = str(pick(root, 'edNote', 'ednote')?.value);
    if (ednote) this.report.dropped.push(`ednote: ${collapse(ednote)}`);
    const slugline = str(root.slugline);
    if (slugline) this.note(`slugline: ${collapse(slugline)}`);
    const pub = str(pick(root, 'pubStatus', 'pubstatus')?.value);
    if (pub && pub !== 'usable') this.report.warnings.push(`pubstatus is "${pub}": the provider marks this item as not for publication`);
    const associations = root.associations;
    const assoc = Array.isArray(associations) ? associations.map((a, i) => [String(isObject(a) && a.name ? a.name : i), a] as const) : isObject(associations) ? Object.entries(associations) : [];
    for (const [name, a] of assoc) {
      this.report.dropped.push(`association ${name}${isObject(a) && typeof a.type === 'string' ? ` (${a.type})` : ''}: not imported`);
    }
    if (!isMedia && root.renditions !== undefined) this.report.dropped.push('renditions: not imported for a text item');
  }

  private subjects(): { section?: string; tags: string[] } {
    const root = this.root;
    const subjects = [...objects(root.subjects), ...objects(root.subject)];
    let section: string | undefined;
    const tags: string[] = [];
    const addTag = (raw: string) => {
      const tag = collapse(raw).replace(/^#/, '').toLowerCase();
      if (!tag || tags.includes(tag)) return;
      if (tag.length > MAX_TAG) {
        this.report.warnings.push(`tag "${tag.slice(0, 40)}…" is longer than ${MAX_TAG} characters; dropped`);
        return;
      }
      tags.push(tag);
    };
    for (const s of subjects) {
      const mapped = sectionOf(s);
      if (mapped && !section) {
        section = mapped;
        this.note(`section: ${mapped} (from subject ${String(s.name ?? s.uri ?? s.code ?? '')})`);
      }
      if (typeof s.rel === 'string' && /^section$/i.test(s.rel)) continue;
      if (typeof s.name === 'string') addTag(s.name);
    }
    const keywords = Array.isArray(root.keywords) ? root.keywords.filter((k): k is string => typeof k === 'string') : [];
    keywords.forEach(addTag);
    if (tags.length > MAX_TAGS) this.report.warnings.push(`${tags.length} tags; only the first ${MAX_TAGS} were kept`);
    const kept = tags.slice(0, MAX_TAGS);
    if (kept.length) this.note(`tags: ${kept.length} from ${subjects.length ? 'subjects' : 'keywords'}`);
    return { ...(section && { section }), tags: kept };
  }

  private publishedAt(): string | null {
    const warnings = this.report.warnings;
    for (const key of ['firstpublished', 'versionCreated', 'versioncreated', 'firstCreated', 'firstcreated', 'contentCreated', 'contentcreated']) {
      const iso = parseInstant(this.root[key], key, warnings);
      if (iso) {
        this.note(`published: ${iso} (from ${key})`);
        return iso;
      }
    }
    warnings.push('no date: none of versioncreated, firstcreated or contentcreated; publishedAt is empty');
    return null;
  }

  private language(): string {
    const raw = str(this.root.language);
    if (!raw) {
      this.note('language: not given, en assumed');
      return 'en';
    }
    const tag = raw.trim().replace(/_/g, '-').replace(/^[A-Za-z]+/, (p) => p.toLowerCase());
    if (!LANGUAGE.safeParse(tag).success) {
      this.report.warnings.push(`language "${raw}" is not a BCP 47 tag; en assumed`);
      return 'en';
    }
    this.note(`language: ${tag}`);
    return tag;
  }

  private identity(): Pick<WireDraft, 'wireId' | 'wireVersion'> {
    const root = this.root;
    const altIds = pick(root, 'altIds', 'altids')?.value;
    const itemId = isObject(altIds) ? str(altIds.itemid) : undefined;
    const id = str(root.uri) ?? str(root.guid) ?? itemId;
    const out: Pick<WireDraft, 'wireId' | 'wireVersion'> = {};
    if (id) {
      out.wireId = id.trim();
      this.note(`wire id: ${out.wireId} (from ${str(root.uri) ? 'uri' : str(root.guid) ? 'guid' : 'altids.itemid'})`);
      if (!str(root.uri)) this.report.warnings.push(`no uri (the one property ninjs requires); the ${str(root.guid) ? 'guid' : 'itemid'} was used as the wire id`);
    } else {
      this.report.warnings.push('no uri or guid: the item cannot be matched on re-import');
    }
    const version = root.version;
    const v = typeof version === 'number' ? version : typeof version === 'string' && /^\s*\d+\s*$/.test(version) ? Number(version) : undefined;
    if (v !== undefined && Number.isSafeInteger(v) && v >= 0) {
      out.wireVersion = v;
      this.note(`version: ${v}`);
    } else if (version !== undefined) {
      this.report.warnings.push(`version ${JSON.stringify(version)} is not a whole number; not kept`);
    }
    return out;
  }

  /** The draft must satisfy the article model's field rules; anything that still breaks them is refused with its field path. */
  private check(article: WireDraft): void {
    const result = draftSchema.safeParse(article);
    if (result.success) return;
    const issues = toIssues(result.error);
    fail(this.file, `the item does not make a valid article: ${issues.slice(0, 5).map((i) => `${i.where}: ${i.message}`).join('; ')}`, issues);
  }
}

const isTextBlock = (b: Block): boolean => (b.type === 'paragraph' || b.type === 'blockquote' || b.type === 'crosshead' ? b.text.trim() !== '' : b.type === 'list');

function cutLead(p: Extract<Block, { type: 'paragraph' }>, cut: number): Block {
  const text = p.text.slice(cut);
  const marks: Mark[] = (p.marks ?? []).map((m) => ({ ...m, start: Math.max(0, m.start - cut), end: m.end - cut })).filter((m) => m.end > m.start);
  return marks.length ? { type: 'paragraph', text, marks } : { type: 'paragraph', text };
}
