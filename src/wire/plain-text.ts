import type { Block, Byline, Dateline } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { WireDraft, WireParseResult, WireReport } from './types.js';

/**
 * Plain-text wire copy: a headline line, a lead that may open with a dateline and bylines
 * ("GENEVA, SWITZERLAND, Tomas Reinholt in Geneva with Amina Wekesa in Nairobi- ..." or "LONDON, March 3 (Reuters) - ..."),
 * one paragraph per line, optional crossheads, then a separator rule, the date, a closing byline line and page clutter.
 */

export const MAX_WIRE_BYTES = 5 * 1024 * 1024;

const FORMAT = 'plain-text';
const MAX_HEADLINE = 300;
const MAX_PARAGRAPH = 20_000;
const MAX_BLOCKS = 2_000;
const MAX_CROSSHEAD = 300;
/** Only this much of the lead is searched for a dateline, so a huge one-line file costs nothing extra. */
const DATELINE_WINDOW = 300;
/** After a rule, at most this many lines are looked at to tell page furniture from more story. */
const MAX_FURNITURE_LINES = 100;
/** Above this share of control characters the "text" is binary data. */
const MAX_CONTROL_SHARE = 0.05;

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Parses one plain-text wire story into an article draft and a report of what was recognised, dropped and doubtful.
 * Throws an `invalid_wire_copy` AppError naming the file (and line) when the input cannot be a story.
 */
export function parsePlainText(input: Buffer | string, opts: { fileName?: string } = {}): WireParseResult {
  const file = opts.fileName?.trim() || 'wire copy';
  try {
    return parseDecoded(decodeInput(input, file), file, opts.fileName);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A bug in the parser must still reach the importer as a refusal of this file, not as a crash.
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_wire_copy', `${file}: the plain-text parser could not read this file (${detail})`, {
      cause: error,
      issues: [{ where: file, message: detail }],
    });
  }
}

/** A cheap sniff on the first few KB: decodes as text and does not open like XML, HTML or JSON. */
export function looksLikePlainText(input: Buffer): boolean {
  if (!(input instanceof Uint8Array) || input.length === 0) return false;
  const sample = Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, 8192));
  if (sample.includes(0) || BINARY_MAGIC.some((magic) => sample.subarray(0, magic.length).equals(magic))) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    text = decodeWindows1252(sample);
  }
  if (controlShare(text) > MAX_CONTROL_SHARE) return false;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start === '') return false;
  if (start.startsWith('<') && !startsWithAngledName(start)) return false;
  if (start.startsWith('{')) return false;
  if (/^\[\s*(?:[[{"\d\]-]|true\b|false\b|null\b)/.test(start)) return false;
  return true;
}

/** Element names that make "<name>" at the start of a file markup rather than a name in angle brackets. */
const MARKUP_ELEMENTS = new Set(
  ['html', 'head', 'body', 'title', 'meta', 'link', 'script', 'style', 'p', 'div', 'span', 'a', 'b', 'i', 'u', 'em', 'strong',
    'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'pre', 'blockquote', 'img',
    'article', 'section', 'header', 'footer', 'main', 'nav', 'figure', 'font', 'center', 'tt', 'code', 'small', 'big', 'sup', 'sub',
    'xml', 'rss', 'feed', 'nitf', 'newsitem', 'newsmessage', 'newsml'],
);

/**
 * "<CINRAM LTD> 4TH QTR NET": agencies mark unlisted company names with angle brackets, so a headline may open with
 * "<". It is markup when the file has a closing or self-closing tag, a declaration, or the bracket opens a known
 * element or one with attributes.
 */
function startsWithAngledName(start: string): boolean {
  const m = /^<([^<>\n]{1,80})>/.exec(start);
  const name = m?.[1]?.trim();
  if (!name || !/^\p{L}/u.test(name) || name.includes('=')) return false;
  if (MARKUP_ELEMENTS.has(name.toLowerCase()) || /^[\w.-]+:[\w.-]+$/.test(name)) return false;
  if (start.includes('</') || start.includes('/>') || /<[?!]/.test(start)) return false;
  // Ordinary text follows on the same line, as in a headline; or the name has words, which a bare tag never has.
  const rest = start.slice(m?.[0].length ?? 0).split('\n', 1)[0] ?? '';
  return /\s/.test(name) || (/\p{L}|\p{N}/u.test(rest) && !/^\s*</.test(rest));
}

// ---------------------------------------------------------------------------------------------
// Errors

function fail(file: string, message: string, line?: number): never {
  const where = line === undefined ? file : `${file}:${line}`;
  throw new AppError('invalid_wire_copy', `${where}: ${message}`, { issues: [{ where, message }] });
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface Decoded {
  text: string;
  warnings: string[];
}

const BINARY_MAGIC = [
  Buffer.from('%PDF-'),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // zip, docx
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // png
  Buffer.from([0xff, 0xd8, 0xff]), // jpeg
  Buffer.from('GIF8'),
];

function decodeInput(input: Buffer | string, file: string): Decoded {
  if (typeof input === 'string') return decodeString(input, file);
  if (!(input instanceof Uint8Array)) fail(file, 'expected the file as bytes or text');
  return decodeBytes(Buffer.from(input.buffer, input.byteOffset, input.length), file);
}

function decodeString(input: string, file: string): Decoded {
  // A UTF-16 length over the limit means at least as many UTF-8 bytes, so the cheap test goes first.
  if (input.length > MAX_WIRE_BYTES || Buffer.byteLength(input, 'utf8') > MAX_WIRE_BYTES) {
    fail(file, tooLargeMessage(Buffer.byteLength(input, 'utf8')));
  }
  rejectBinary(input, file);
  return { text: input.replace(/^\uFEFF/, ''), warnings: [] };
}

function decodeBytes(bytes: Buffer, file: string): Decoded {
  if (bytes.length > MAX_WIRE_BYTES) fail(file, tooLargeMessage(bytes.length));
  const nul = bytes.indexOf(0);
  if (nul !== -1) fail(file, `binary data, not text: a NUL byte at offset ${nul}`);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const warnings: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    text = decodeWindows1252(body);
    warnings.push('the file is not valid UTF-8; it was decoded as Windows-1252 (Latin-1)');
  }
  rejectBinary(text, file);
  return { text, warnings };
}

function tooLargeMessage(bytes: number): string {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `the file is ${mb(bytes)}, over the ${mb(MAX_WIRE_BYTES)} limit for wire copy`;
}

function rejectBinary(text: string, file: string): void {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) fail(file, `binary data, not text: a NUL character at offset ${nul}`);
  const share = controlShare(text);
  if (share > MAX_CONTROL_SHARE) {
    fail(file, `binary data, not text: ${(share * 100).toFixed(0)}% of the characters are control characters`);
  }
}

/** Share of characters that never occur in text (C0/C1 controls other than tab, line breaks and form feed). */
function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls / text.length;
}

/**
 * Node's 'windows-1252' decoder maps 0x80–0x9F to C1 controls (ISO-8859-1), so the bytes Windows-1252
 * uses for curly quotes, dashes and the euro sign are put right here.
 */
const WINDOWS_1252_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
  0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0)] ?? c);
}

// ---------------------------------------------------------------------------------------------
// Lines

interface Line {
  /** 1-based, for messages. */
  no: number;
  /** Trimmed, never empty. */
  text: string;
  /** Columns of white space before the text (a tab runs to the next multiple of 8). */
  indent: number;
  /** Columns up to the end of the text, indent included. */
  width: number;
  /** A blank line (or the start of the file) comes right before this one. */
  blankBefore: boolean;
  /** Cache for standsAlone(). */
  alone?: boolean;
}

const TAB_WIDTH = 8;

/** Columns a run of white space takes, tabs expanded. */
function columns(space: string, from = 0): number {
  let col = from;
  for (const c of space) col = c === '\t' ? (Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH : col + 1;
  return col - from;
}

/** The non-blank lines, trimmed; String#trim also takes U+00A0, so a line of non-breaking spaces is blank too. */
function toLines(text: string, warnings: string[]): Line[] {
  let controls = 0;
  const cleaned = text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    // eslint-disable-next-line no-control-regex -- matching stray control characters is the point here
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, () => {
      controls++;
      return '';
    });
  if (controls) warnings.push(`removed ${controls} stray control character${controls === 1 ? '' : 's'}`);
  const lines: Line[] = [];
  let blankBefore = true;
  cleaned.split('\n').forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') {
      blankBefore = true;
      return;
    }
    const lead = raw.slice(0, raw.length - raw.trimStart().length);
    const indent = columns(lead);
    // Tabs inside the text are rare; counting them as one column each keeps this cheap on megabyte lines.
    lines.push({ no: i + 1, text: t, indent, width: indent + t.length, blankBefore });
    blankBefore = false;
  });
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Line kinds

/** A rule of 3+ "-", "_", "=" or "*" (spaces between allowed). A loop, as a back-referencing regex overflows on megabyte lines. */
function isSeparator(t: string): boolean {
  const rule = t[0];
  if (rule !== '-' && rule !== '_' && rule !== '=' && rule !== '*') return false;
  let marks = 0;
  for (const c of t) {
    if (c === rule) marks++;
    else if (c !== ' ' && c !== '\t') return false;
  }
  return marks >= 3;
}

/** "© AFP 2015", "(c) 2016 AP", "Copyright 2018 Riverside Gazette", but not "Copyright lawyers said ...". */
const COPYRIGHT_LINE = /^(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*|\(c\)\s*)?\d{4}\b|copyright\b.*all rights reserved\.?$)/i;

const CLUTTER: readonly RegExp[] = [
  /^(?:new |add a |leave a |post a )?comments?:?$/i,
  /^\d+ comments?$/i,
  /^(?:twitter|facebook|linkedin|whatsapp|instagram|youtube|reddit|pinterest|telegram|email|e-mail|print)$/i,
  /^at a glance$/i,
  /^share(?: this(?: article| story| page)?| on [\w .-]{1,30}| via [\w .-]{1,30})?:?$/i,
  /^(?:related(?: stories| articles| links| content| topics| coverage)?|read more|see also|more stories|most read|most popular)(?::.*)?$/i,
  /^[Mm]ore (?:from|on|about) \p{Lu}[^.!?]{0,60}$/u,
  /^(?:advertisement|advertising|sponsored(?: content)?):?$/i,
  COPYRIGHT_LINE,
  /^all rights reserved\.?$/i,
  /^(?:terms of (?:use|service)|privacy policy|cookie policy|contact us|about us)$/i,
];

function isClutter(t: string): boolean {
  if (t.length > 1000) return false;
  return isMenuLine(t) || (t.length <= 200 && CLUTTER.some((re) => re.test(t)));
}

/** "News | Politics | Features | ...": three or more short items between pipes. */
function isMenuLine(t: string): boolean {
  if (!t.includes('|')) return false;
  const items = t.split('|').map((s) => s.trim());
  return items.length >= 3 && items.every((s) => s.length > 0 && s.length <= 40);
}

/** Known agencies by their lower-case name, to the spelling kept as the credit; "Reuter" is how Reuters signed off in the 1980s. */
const AGENCIES = new Map<string, string>([
  ...['AFP', 'AP', 'Reuters', 'dpa', 'AAP', 'UPI', 'PA', 'ANSA', 'EFE', 'Kyodo', 'Xinhua', 'Bloomberg', 'Anadolu',
    'Associated Press', 'Agence France-Presse', 'Press Association', 'PA Media', 'Deutsche Presse-Agentur'].map((a): [string, string] => [a.toLowerCase(), a]),
  ['reuter', 'Reuters'],
]);
const isKnownAgency = (s: string): boolean => AGENCIES.has(s.trim().toLowerCase());
/** "REUTER" → "Reuters", "Dpa" → "dpa"; an unknown name as printed. */
const agencyName = (s: string): string => AGENCIES.get(s.trim().toLowerCase()) ?? s.trim();

/** Agency furniture at the end of a body: desk initials, reporting credits, a bare agency name, a copyright. */
const SIGN_OFFS: readonly RegExp[] = [
  /^[a-z]{1,4}(?:\s?\/\s?[a-z]{1,4})+$/, // AFP desk initials: jb/as/jm
  /^\((?:additional |further )?(?:reporting|writing|editing|compiled|translated|research)\b[^()]{0,300}\)$/i,
  COPYRIGHT_LINE,
];

function isSignOff(t: string): boolean {
  return isKnownAgency(t) || SIGN_OFFS.some((re) => re.test(t));
}

/** "AFP", "© AFP 2015", "Copyright 2016 The Associated Press": the agency, if a known one is named. */
function agencyInFurniture(t: string): string | undefined {
  if (t.length > 200) return undefined;
  if (isKnownAgency(t)) return agencyName(t);
  if (!COPYRIGHT_LINE.test(t)) return undefined;
  const name = t
    .replace(/all rights reserved\.?$/i, '')
    .replace(/©|\(c\)|\bcopyright\b|\b\d{4}\b|^\s*the\b/gi, ' ')
    .replace(/^[\s.,]*(?:the\s+)?|[\s.,]+$/gi, '');
  return isKnownAgency(name) ? agencyName(name) : undefined;
}

/** "-'A river for everyone'-", "-’Words’-", "- Some words -": the text, or null. */
function crossheadText(t: string): string | null {
  if (t.length > MAX_CROSSHEAD + 10) return null;
  const m = /^[-–—]\s*(.*?)\s*[-–—]$/.exec(t);
  if (!m?.[1]) return null;
  let text = m[1];
  if (/^['"‘’“”]/.test(text) && /['"‘’“”]$/.test(text) && text.length >= 2) text = text.slice(1, -1).trim();
  if (!/\p{L}/u.test(text) || /^[-–—]|[-–—]$/.test(text) || text.length > MAX_CROSSHEAD) return null;
  return text;
}

// ---------------------------------------------------------------------------------------------
// Hard-wrapped copy

/**
 * Wire copy wrapped at a fixed width (classic agency copy at ~65–70 columns) prints one paragraph over several lines:
 * either each paragraph starts with an indent and its other lines are flush left, or paragraphs are separated by
 * blank lines. Copy with long unwrapped lines keeps one paragraph per line.
 */
interface Layout {
  wrapped: boolean;
  /** Paragraphs start with an indent deeper than `base`; lines at `base` continue the paragraph above. */
  indented: boolean;
  base: number;
  /** The width the copy is wrapped at, as far as the lines show it. */
  width: number;
}

const ONE_PARAGRAPH_PER_LINE: Layout = { wrapped: false, indented: false, base: 0, width: 0 };
/** Wrapped copy has most of its lines at most this wide. */
const WRAP_MAX_WIDTH = 80;
const WRAP_SHORT_SHARE = 0.8;
/** The layout is read from this many lines after the headline. */
const LAYOUT_SAMPLE_LINES = 1_000;
/** Copy wrapped narrower than this is a list or verse, not a column of text. */
const MIN_WRAP_WIDTH = 40;
/** A line that ends a sentence (or a quote, or a list lead-in) may end a paragraph; one that does not is wrapped. */
const SENTENCE_END = /[.!?:;…"'”’)\]]$/;

/** A row of a preformatted table: columns aligned with a run of 3+ spaces, a tab, or two runs of 2 spaces not after a full stop. */
function isTableRow(t: string): boolean {
  if (t.length > 1000 || (!t.includes('  ') && !t.includes('\t'))) return false;
  return /\S(?: {3,}|\t)\S/.test(t) || (t.match(/[^.!?:;\s] {2}\S/g)?.length ?? 0) >= 2;
}

/** Lines that stand alone even in wrapped copy: rules, table rows, date lines, crossheads, clutter, sign-offs. */
function standsAlone(line: Line): boolean {
  const t = line.text;
  line.alone ??= isSeparator(t) || isTableRow(t) || parseDateLine(t) !== null || crossheadText(t) !== null || isClutter(t) || isSignOff(t);
  return line.alone;
}

/** Would the first word of `next` have fitted at the end of `prev` within `width`? If not, the break was a wrap. */
function fillsLine(prev: Line, next: Line, width: number): boolean {
  const firstWord = /^[^\s-]*-?/.exec(next.text)?.[0] ?? next.text;
  return prev.width + 1 + firstWord.length > width;
}

function detectLayout(lines: Line[]): Layout {
  const prose = lines.filter((l) => !standsAlone(l));
  if (prose.length < 2) return ONE_PARAGRAPH_PER_LINE;
  const short = lines.filter((l) => l.width <= WRAP_MAX_WIDTH).length;
  if (short < WRAP_SHORT_SHARE * lines.length) return ONE_PARAGRAPH_PER_LINE;
  const base = prose.reduce((min, l) => Math.min(min, l.indent), Infinity);
  const widths = prose.map((l) => l.width).sort((a, b) => a - b);
  const width = widths[Math.ceil(0.9 * (widths.length - 1))] ?? 0;
  // Pairs of neighbouring prose lines with no blank line between them.
  const pairs: [Line, Line][] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1] as Line;
    const next = lines[i] as Line;
    if (!next.blankBefore && !standsAlone(prev) && !standsAlone(next)) pairs.push([prev, next]);
  }
  const midSentence = (prev: Line) => !SENTENCE_END.test(prev.text);

  // Indented paragraphs: some prose lines are indented, and the flush lines after them mostly carry on a sentence.
  if (prose.some((l) => l.indent > base)) {
    const continued = pairs.filter(([, next]) => next.indent <= base);
    const evidence = continued.filter(([prev]) => midSentence(prev)).length;
    if (continued.length > 0 && evidence >= Math.max(1, continued.length / 2)) return { wrapped: true, indented: true, base, width };
  }
  // Blank-line paragraphs: lines filled to the width that break mid-sentence, the next line going on in lower case
  // (a list of short items, each a line of about the same width, starts every line with a capital or a figure).
  const evidence = pairs.filter(([prev, next]) => midSentence(prev) && /^\p{Ll}/u.test(next.text) && fillsLine(prev, next, width)).length;
  if (width >= MIN_WRAP_WIDTH && evidence >= Math.max(2, pairs.length / 3)) return { wrapped: true, indented: false, base, width };
  return ONE_PARAGRAPH_PER_LINE;
}

// ---------------------------------------------------------------------------------------------
// Names and places

const NAME_PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'der', 'den', 'van', 'von', 'du', 'le', 'la', 'dos', 'das', 'do', 'ter', 'ten', 'bin', 'ibn', 'al', 'el', 'y']);

function isCapitalisedToken(token: string): boolean {
  return (
    token.length <= 40 &&
    (/^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(token) || /^(?:al|el|ad|an|ar|as|at|az|bin|ibn|abu|ben)-\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(token) || /^[dl]['’]\p{Lu}[\p{L}\p{M}]*$/u.test(token))
  );
}

/** Two to five words, capitalised, with the usual particles between: "Lena Brunner", "Rui da Costa Lima". */
function isPersonName(name: string): boolean {
  if (name.length > 100) return false;
  const tokens = name.split(/\s+/);
  if (tokens.length < 2 || tokens.length > 5) return false;
  return tokens.every((token, i) => isCapitalisedToken(token) || (i > 0 && i < tokens.length - 1 && NAME_PARTICLES.has(token)));
}

/** A place written in title case: "Geneva", "New York", "Rio de Janeiro", "Ill.". */
function isProperPhrase(phrase: string, maxWords: number): boolean {
  if (phrase.length === 0 || phrase.length > 60) return false;
  const tokens = phrase.split(/\s+/);
  if (tokens.length > maxWords) return false;
  return tokens.every((token, i) => isCapitalisedToken(token) || (i > 0 && PLACE_SMALL_WORDS.has(token)));
}

/**
 * "Tomas Reinholt in Geneva with Amina Wekesa in Nairobi", "A in X, B in Y and C in Z", "Jane Doe and John Roe":
 * bylines, or null when any part is not a name.
 */
function parseNameList(list: string, allowLocations: boolean): Byline[] | null {
  if (list.length === 0 || list.length > 400) return null;
  const parts = list.split(/\s*,\s*(?:and\s+|with\s+)?|\s+(?:with|and|&)\s+/);
  if (parts.length > 20) return null;
  const bylines: Byline[] = [];
  for (const part of parts) {
    const byline = parseNamePart(part.trim(), allowLocations);
    if (!byline) return null;
    bylines.push(byline);
  }
  return bylines;
}

function parseNamePart(part: string, allowLocations: boolean): Byline | null {
  const at = part.indexOf(' in ');
  const name = at === -1 ? part : part.slice(0, at).trim();
  const location = at === -1 ? undefined : part.slice(at + 4).trim();
  if (!isPersonName(name)) return null;
  if (location === undefined) return { name };
  if (!allowLocations || !isProperPhrase(location, 5)) return null;
  return { name, location };
}

const PLACE_SMALL_WORDS = new Set(['and', 'of', 'the', 'de', 'la', 'le', 'les', 'du', 'des', 'da', 'do', 'dos', 'das', 'del', 'di', 'el', 'al', 'es', 'en', 'on', 'upon', 'sur', 'am', 'y', 'van', 'von', 'der', 'den', 'au', 'aux']);

/** "GENEVA" → "Geneva", "ST. LOUIS" → "St. Louis", "BOSNIA AND HERZEGOVINA" → "Bosnia and Herzegovina". */
function titleCase(upper: string): string {
  return upper
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && PLACE_SMALL_WORDS.has(word) ? word : word.replace(/(^|[-'’.])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase())))
    .join(' ');
}

const hasLowerCase = (s: string): boolean => /\p{Ll}/u.test(s);
const hasUpperCase = (s: string): boolean => /\p{Lu}/u.test(s);

/** A dateline segment: upper-case letters, spaces, periods, hyphens and apostrophes, e.g. "GENEVA", "ST. LOUIS". */
function isUpperPlace(segment: string): boolean {
  return segment.length <= 60 && /^\p{Lu}[\p{Lu}\p{M} .'’-]*$/u.test(segment) && (segment.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

/** Words that open a lead in capitals without being a place. */
const NOT_PLACES = new Set(['BREAKING', 'BREAKING NEWS', 'UPDATE', 'UPDATED', 'URGENT', 'FLASH', 'EXCLUSIVE', 'CORRECTED', 'CORRECTION', 'ANALYSIS', 'NOTE', 'EDITORS', 'ADVISORY']);

const US_STATES = new Set(
  [
    'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia',
    'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland',
    'Massachusetts', 'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire',
    'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania',
    'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia', 'Washington',
    'West Virginia', 'Wisconsin', 'Wyoming', 'District of Columbia',
    // AP style abbreviations
    'Ala.', 'Ariz.', 'Ark.', 'Calif.', 'Colo.', 'Conn.', 'Del.', 'Fla.', 'Ga.', 'Ill.', 'Ind.', 'Kan.', 'Ky.', 'La.', 'Md.',
    'Mass.', 'Mich.', 'Minn.', 'Miss.', 'Mo.', 'Mont.', 'Neb.', 'Nev.', 'N.H.', 'N.J.', 'N.M.', 'N.Y.', 'N.C.', 'N.D.',
    'Okla.', 'Ore.', 'Pa.', 'R.I.', 'S.C.', 'S.D.', 'Tenn.', 'Vt.', 'Va.', 'Wash.', 'W.Va.', 'Wis.', 'Wyo.', 'D.C.',
  ].map((s) => s.toLowerCase()),
);
/** States, provinces and territories that follow a city in a dateline without being its country. */
const REGIONS = new Set(
  [
    ...US_STATES,
    // US postal codes, as in "NEWARK, NJ"
    'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA',
    'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN',
    'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'DC',
    // AP abbreviations as often printed without their full stops or with others
    'Calif', 'Colo', 'Conn', 'Fla', 'Mass', 'Mich', 'Minn', 'Okla', 'Tenn', 'Tex', 'Wash', 'Wis', 'Penn',
    // Canada
    'Ontario', 'Ont.', 'Quebec', 'Que.', 'British Columbia', 'B.C.', 'Alberta', 'Alta.', 'Manitoba', 'Man.', 'Saskatchewan',
    'Sask.', 'Nova Scotia', 'N.S.', 'New Brunswick', 'N.B.', 'Newfoundland', 'Nfld.', 'Prince Edward Island', 'P.E.I.',
    'Yukon', 'Northwest Territories', 'Nunavut',
    // Australia
    'New South Wales', 'N.S.W.', 'Victoria', 'Queensland', 'Western Australia', 'South Australia', 'Tasmania',
    'Northern Territory', 'Australian Capital Territory',
  ].map((s) => regionKey(s)),
);

/** "N. Y." and "N.Y" alike: lower case without full stops or spaces. */
function regionKey(s: string): string {
  return s.toLowerCase().replace(/[.\s]/g, '');
}

/** A US state, Canadian province or Australian state, in any of the ways datelines print it. */
const isRegion = (s: string): boolean => REGIONS.has(regionKey(s));

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const LABEL = String.raw`(?:(?:published|posted|dated?)\s*:?\s*)?`;
const WEEKDAY = String.raw`(?:(?<weekday>[a-z]{3,9})\.?,?\s+)?`;
const DATE_FORMS: readonly RegExp[] = [
  // Wednesday, May 13th 2015 · May 13, 2015 · Wed. May 13 2015
  new RegExp(String.raw`^${LABEL}${WEEKDAY}(?<month>[a-z]{3,9})\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>\d{4})(?<time>.*)$`, 'i'),
  // 13 May 2015 · Wednesday 13 May 2015 · 13th of May, 2015
  new RegExp(String.raw`^${LABEL}${WEEKDAY}(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>[a-z]{3,9})\.?,?\s+(?<year>\d{4})(?<time>.*)$`, 'i'),
  // 2015-05-13 · 2015-05-13T14:05:00Z
  new RegExp(String.raw`^${LABEL}(?<year>\d{4})-(?<monthNumber>\d{2})-(?<day>\d{2})(?<time>.*)$`, 'i'),
];
const TIME_FORM =
  /^(?:\s*(?:,|at|-|–|—|t)\s*|\s+)(?<hour>\d{1,2})(?:[:.](?<minute>\d{2})(?::(?<second>\d{2})(?:\.\d{1,3})?)?)?\s*(?<ampm>[ap]\.?m\.?)?\s*(?:\((?<pzone>[a-z]{1,5})\)|(?<zone>[a-z]{1,5})|(?<offset>[+-]\d{2}:?\d{2}))?$/i;

interface DateLine {
  /** UTC instant, or null when the line is a date but not a real one (31 February). */
  iso: string | null;
  label: string;
  warnings: string[];
}

/** A line that is only a date (and maybe a time): the instant it names. */
function parseDateLine(t: string): DateLine | null {
  if (t.length > 80 || !/\d{4}/.test(t)) return null;
  for (const form of DATE_FORMS) {
    const g = form.exec(t)?.groups;
    if (!g) continue;
    const month = g.monthNumber ? Number(g.monthNumber) : MONTHS[(g.month ?? '').toLowerCase()];
    if (month === undefined) continue;
    const weekday = g.weekday === undefined ? undefined : WEEKDAYS[g.weekday.toLowerCase()];
    if (g.weekday !== undefined && weekday === undefined) continue;
    const time = g.time ? TIME_FORM.exec(g.time)?.groups : {};
    if (!time) continue;
    return buildDate(t, Number(g.year), month, Number(g.day), weekday, time);
  }
  return null;
}

function buildDate(t: string, year: number, month: number, day: number, weekday: number | undefined, time: Record<string, string | undefined>): DateLine {
  const warnings: string[] = [];
  const dayStart = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || dayStart.getUTCDate() !== day || dayStart.getUTCMonth() !== month - 1) {
    return { iso: null, label: t, warnings: [`the date line "${t}" is not a real date; publishedAt is left empty`] };
  }
  if (weekday !== undefined && weekday !== dayStart.getUTCDay()) {
    warnings.push(`the date line "${t}" says ${WEEKDAY_NAMES[weekday]}, but ${dayStart.toISOString().slice(0, 10)} is a ${WEEKDAY_NAMES[dayStart.getUTCDay()]}`);
  }
  if (time.hour === undefined) {
    return { iso: new Date(dayStart.getTime() + 12 * 3600_000).toISOString(), label: dayStart.toISOString().slice(0, 10), warnings };
  }
  const minutes = clockMinutes(time);
  if (minutes === null) return { iso: null, label: t, warnings: [...warnings, `the time in the date line "${t}" is not a real time; publishedAt is left empty`] };
  const zone = (time.zone ?? time.pzone)?.toUpperCase();
  let offsetMinutes = 0;
  if (time.offset) {
    const sign = time.offset.startsWith('-') ? -1 : 1;
    const digits = time.offset.replace(/[^0-9]/g, '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  } else if (zone !== 'GMT' && zone !== 'UTC' && zone !== 'Z') {
    warnings.push(zone ? `the time zone "${zone}" in the date line is not understood; the time was read as UTC` : `the date line "${t}" gives a time without a time zone; it was read as UTC`);
  }
  const instant = new Date(dayStart.getTime() + (minutes - offsetMinutes) * 60_000 + Number(time.second ?? 0) * 1000);
  return { iso: instant.toISOString(), label: `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`, warnings };
}

/** Minutes after midnight for "14:05" or "2:05 pm"; null for "25:00" or "13 pm". */
function clockMinutes(time: Record<string, string | undefined>): number | null {
  let hour = Number(time.hour);
  const minute = Number(time.minute ?? 0);
  const ampm = time.ampm?.toLowerCase().replace(/\./g, '');
  if (time.minute === undefined && !ampm) return null;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || Number(time.second ?? 0) > 59) return null;
  return hour * 60 + minute;
}

/** "March 3" or "3 March" in a Reuters dateline. */
function isMonthDay(s: string): boolean {
  const m = /^([a-z]{3,9})\.?\s+(\d{1,2})$/i.exec(s) ?? /^(\d{1,2})\s+([a-z]{3,9})\.?$/i.exec(s);
  if (!m) return false;
  const month = /\d/.test(m[1] ?? '') ? m[2] : m[1];
  return month !== undefined && MONTHS[month.toLowerCase()] !== undefined;
}

// ---------------------------------------------------------------------------------------------
// The lead's dateline and bylines

interface LeadOpening {
  dateline: Dateline;
  bylines: Byline[];
  credit?: string;
  /** "March 3" in "LONDON, March 3 (Reuters) -". */
  datelineDate?: string;
  /** The lead's own text after the dash; '' when the dateline stands on a line of its own. */
  rest: string;
}

/** The dash that ends a dateline: "-" followed by a space (the seed has none before it), "--", or an en/em dash. */
const DATELINE_DASH = /\s*(?:[–—]|--)\s*|\s*-\s+/;

function parseLeadOpening(lead: string): LeadOpening | null {
  // A trailing space lets a dateline alone on its line ("WASHINGTON (AP) —") end in a dash like any other.
  const window = lead.length <= DATELINE_WINDOW ? `${lead} ` : lead.slice(0, DATELINE_WINDOW);
  const dash = DATELINE_DASH.exec(window);
  if (!dash || dash.index === 0) return null;
  const opening = parseDatelinePrefix(window.slice(0, dash.index));
  if (!opening) return null;
  const rest = lead.slice(dash.index + dash[0].length).trim();
  // "ROCKVILLE, Md., - March 6 - ...": the day after a second dash.
  const day = opening.datelineDate ? null : /^(\p{L}{3,9}\.?\s+\d{1,2})\s*(?:[–—]|--?)\s+/u.exec(rest);
  if (day?.[1] && isMonthDay(day[1])) return { ...opening, datelineDate: day[1], rest: rest.slice(day[0].length) };
  return { ...opening, rest };
}

interface Segment {
  text: string;
  /** Offset just past the segment in the prefix, to cut the dateline text as printed. */
  end: number;
}

function splitSegments(prefix: string): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  for (const piece of prefix.split(',')) {
    segments.push({ text: piece.trim(), end: start + piece.trimEnd().length });
    start += piece.length + 1;
  }
  return segments;
}

function parseDatelinePrefix(prefix: string): Omit<LeadOpening, 'rest'> | null {
  let head = prefix.trim();
  let credit: string | undefined;
  const agency = /\s*\(([^()]{1,30})\)$/.exec(head);
  if (agency?.[1]) {
    credit = agency[1].trim();
    if (!/^[A-Za-z][A-Za-z.&' -]{0,24}$/.test(credit)) return null;
    head = head.slice(0, agency.index);
  }
  // "FORT WORTH, Texas, -"
  head = head.replace(/\s*,$/, '');
  const dated = parseDatedPlace(head);
  if (dated) return credit ? { ...dated, credit } : dated;
  const segments = splitSegments(head);
  const placeCount = segments.findIndex((s) => !isUpperPlace(s.text));
  const places = placeCount === -1 ? segments : segments.slice(0, placeCount);
  const others = placeCount === -1 ? [] : segments.slice(placeCount);
  if (places.length === 0 || NOT_PLACES.has(places[0]?.text ?? '')) return null;

  let region: Segment | undefined;
  let datelineDate: string | undefined;
  let bylines: Byline[] = [];
  if (credit) {
    // Agency style: "LONDON, March 3 (Reuters)", "BERLIN, Germany (dpa)", "SPRINGFIELD, Ill. (AP)".
    for (const segment of others) {
      if (!datelineDate && isMonthDay(segment.text)) datelineDate = segment.text;
      else if (!region && !datelineDate && isProperPhrase(segment.text, 4)) region = segment;
      else return null;
    }
  } else if (others.length) {
    // AFP style: "LAGOS, NIGERIA, Chinedu Okonkwo in Lagos".
    const lastPlace = places[places.length - 1];
    const names = parseNameList(head.slice((lastPlace?.end ?? 0) + 1).trim(), true);
    const only = others.length === 1 ? others[0] : undefined;
    if (names) bylines = names;
    // Or a state or province: "CALGARY, Alberta -", "NEW HAVEN, Conn -".
    else if (only && isRegion(only.text)) region = only;
    else return null;
  }
  const dateline = buildDateline(head, places, region);
  if (!dateline) return null;
  return { dateline, bylines, ...(credit ? { credit } : {}), ...(datelineDate ? { datelineDate } : {}) };
}

/**
 * A place and a day without a year, the classic Reuters dateline: "SALVADOR, Feb 26", "PORTLAND, Ore., Feb 26",
 * "New York, March 3", "RICHMOND, Va. Feb 26", "AMSTERDAM, 2 March", "WASHINGTON, March 12, Reuter".
 */
const DATED_PLACE =
  /^(?<place>\S.{0,120}?)(?:\s*,\s*|\s+)(?<date>(?<month>\p{L}{3,9})\.?\s+(?<day>\d{1,2})|(?<day2>\d{1,2})\s+(?<month2>\p{L}{3,9})\.?)(?:\s*,\s*(?<agency>\p{L}[\p{L} .-]{0,30}?))?\s*,?$/u;

/** Words that open a sentence, not a place: "On March 3 - ...", "Since Feb 26 - ...". */
const NOT_PLACE_WORDS = new Set(['on', 'in', 'at', 'by', 'since', 'until', 'till', 'from', 'for', 'as', 'of', 'to', 'last', 'this', 'next', 'early', 'late', 'and', 'but', 'or', 'a', 'an', 'it', 'he', 'she', 'we', 'they', 'yesterday', 'today', 'tomorrow', 'before', 'after', 'during', 'through', 'between', 'about', 'around', 'effective', 'ended', 'ending', 'week', 'month', 'year', 'quarter']);

/** One comma-separated part of a place: letters, spaces, full stops, hyphens, apostrophes, slashes ("DALLAS/FORT WORTH"). */
function isPlacePart(part: string): boolean {
  return part.length <= 60 && /^\p{L}[\p{L}\p{M} .'’/-]*$/u.test(part) && part.split(/\s+/).length <= 5;
}

/** The city at the head of a dated dateline, in capitals ("ST. LOUIS"), title case ("Rio de Janeiro") or, rarely, lower case. */
function isCityPart(part: string): boolean {
  if (!isPlacePart(part) || NOT_PLACES.has(part.toUpperCase())) return false;
  const words = part.split(/\s+/);
  const first = (words[0] ?? '').toLowerCase().replace(/\.$/, '');
  if (NOT_PLACE_WORDS.has(first) || MONTHS[first] !== undefined || WEEKDAYS[first] !== undefined) return false;
  if (!hasUpperCase(part)) return true;
  // "Rio de Janeiro"; not "Net income" or "Sales rose".
  return words.every((w, i) => /^\p{Lu}/u.test(w) || (i > 0 && PLACE_SMALL_WORDS.has(w)));
}

function parseDatedPlace(head: string): Omit<LeadOpening, 'rest'> | null {
  const g = DATED_PLACE.exec(head)?.groups;
  if (!g?.place || !g.date) return null;
  const month = (g.month ?? g.month2 ?? '').toLowerCase();
  const day = Number(g.day ?? g.day2);
  if (MONTHS[month] === undefined || day < 1 || day > 31) return null;
  if (g.agency !== undefined && !isKnownAgency(g.agency)) return null;
  // The place opens the head, so offsets in it are offsets in the head.
  const parts = splitSegments(g.place);
  const [city, ...regions] = parts;
  if (!city || !isCityPart(city.text) || regions.length > 3 || !regions.every((r) => isPlacePart(r.text))) return null;
  const last = regions.at(-1) ?? city;
  const dateline: Dateline = { text: head.slice(0, last.end).trim(), city: printedOrTitleCase(city.text) };
  const country = regions.at(-1)?.text;
  if (country && !isRegion(country)) dateline.country = printedOrTitleCase(country);
  return { dateline, bylines: [], datelineDate: g.date, ...(g.agency ? { credit: agencyName(g.agency) } : {}) };
}

/** "New York" as printed; "NEW YORK" and "new york" as "New York". */
function printedOrTitleCase(s: string): string {
  return hasLowerCase(s) && hasUpperCase(s) ? s : titleCase(s);
}

function buildDateline(head: string, places: Segment[], region: Segment | undefined): Dateline | null {
  const last = region ?? places[places.length - 1];
  const first = places[0];
  if (!first || !last) return null;
  const text = head.slice(0, last.end).trim();
  if (text.length > 200) return null;
  const dateline: Dateline = { text, city: titleCase(first.text) };
  const countryText = region ? region.text : places.length > 1 ? last.text : undefined;
  if (countryText && !isRegion(countryText)) {
    dateline.country = hasLowerCase(countryText) ? countryText : titleCase(countryText);
  }
  return dateline;
}

// ---------------------------------------------------------------------------------------------
// "By" lines

interface ByLine {
  bylines: Byline[];
  credit?: string;
}

/** "By Jane Doe", "By Jane Doe and John Roe", "By JANE DOE, Associated Press", "By Jane Doe, AP Science Writer". */
function parseByLine(t: string): ByLine | null {
  if (t.length > 200) return null;
  const m = /^by\s+(.+)$/i.exec(t);
  if (!m?.[1]) return null;
  const names = m[1];
  const comma = names.lastIndexOf(',');
  // "By Jane Doe, Reuters." ends in a full stop.
  const tail = comma === -1 ? '' : names.slice(comma + 1).trim().replace(/\.$/, '');
  // "AP Staff Writer" would pass as a third name, so an agency or a job title after the last comma is tried first.
  if (isKnownAgency(tail) || isRole(tail)) {
    // A name in lower case is only read with the agency or role after it ("By jane doe, Reuters"): "By the way" is no byline.
    const head = parseNameList(casedNames(names.slice(0, comma).trim(), true), false);
    if (head) return isKnownAgency(tail) ? { bylines: head, credit: agencyName(tail) } : { bylines: head.map((b) => ({ ...b, role: tail })) };
  }
  const whole = parseNameList(casedNames(names, false), false);
  return whole ? { bylines: whole } : null;
}

/** Names printed in capitals ("By JANE DOE"), or in lower case when `lowerToo`, are stored as "Jane Doe". */
function casedNames(names: string, lowerToo: boolean): string {
  if (hasLowerCase(names) && (hasUpperCase(names) || !lowerToo)) return names;
  return titleCase(names).replace(/ (And|With) /g, (w) => w.toLowerCase());
}

/** "AP Staff Writer", "Science Correspondent", "Associated Press": what follows a name in a "By" line. */
function isRole(s: string): boolean {
  return (
    s.length > 0 &&
    s.length <= 100 &&
    /^\p{Lu}/u.test(s) &&
    s.split(/\s+/).length <= 6 &&
    !/[!?;:]/.test(s) &&
    /\b(?:writer|correspondent|reporter|editor|staff|press|news|bureau|agency|service|chief|producer|columnist|contributor)s?\b/i.test(s)
  );
}

// ---------------------------------------------------------------------------------------------
// The parse

class PlainTextParser {
  private readonly report: WireReport;
  private readonly blocks: Block[] = [];
  private bylines: Byline[] = [];
  private closingBylines: Byline[] | null = null;
  private dateline: Dateline | null = null;
  private credit: string | undefined;
  private date: { iso: string | null; line: number; text: string } | null = null;
  private lead: 'waiting' | 'after-dateline-line' | 'done' = 'waiting';
  private paragraphs = 0;
  private layout: Layout = ONE_PARAGRAPH_PER_LINE;
  /** The last line index a look past a rule found to be more story (see furnitureFollows). */
  private storyGoesOnTo = -1;

  constructor(
    private readonly lines: Line[],
    private readonly file: string,
    warnings: string[],
  ) {
    this.report = { format: FORMAT, recognised: [], dropped: [], warnings };
  }

  parse(source: string | undefined): WireParseResult {
    const headlineAt = this.findHeadline();
    const headline = this.lines[headlineAt] as Line;
    this.layout = detectLayout(this.lines.slice(headlineAt + 1, headlineAt + 1 + LAYOUT_SAMPLE_LINES));
    if (this.layout.wrapped) {
      this.report.recognised.push(`hard-wrapped lines joined into paragraphs (${this.layout.indented ? 'paragraphs start with an indent' : 'paragraphs end at a blank line'})`);
    }
    const separatorAt = this.readBody(headlineAt + 1);
    this.dropSignOffs();
    if (separatorAt !== -1) this.readTrailer(separatorAt + 1);
    this.checkBody(headline);
    this.reconcileBylines();
    if (!this.date) this.report.warnings.push('no date line found; publishedAt is empty');
    this.report.recognised.push(`body: ${plural(this.paragraphs, 'paragraph')}, ${plural(this.blocks.length - this.paragraphs, 'crosshead')}`);

    const article: WireDraft = {
      headline: headline.text,
      dateline: this.dateline,
      bylines: this.bylines,
      body: this.blocks,
      keyPoints: [],
      tags: [],
      publishedAt: this.date?.iso ?? null,
      language: 'en',
      ...(this.credit ? { credit: this.credit } : {}),
      // The article model keeps 200 characters of source; the end of a long path is the part that names the file.
      ...(source ? { source: source.slice(-200) } : {}),
    };
    return { article, report: this.report };
  }

  /** The first non-empty line, after any page clutter or date line printed above it. */
  private findHeadline(): number {
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i] as Line;
      if (isSeparator(line.text)) fail(this.file, 'no headline: the first line with text is a separator rule', line.no);
      if (isClutter(line.text)) {
        this.drop(line.text);
        continue;
      }
      if (this.takeDate(line)) continue;
      if (line.text.length > MAX_HEADLINE) {
        fail(this.file, `no headline: the first line is ${line.text.length} characters long, which reads as a paragraph (a headline has at most ${MAX_HEADLINE})`, line.no);
      }
      this.report.recognised.push('headline');
      return i;
    }
    return fail(this.file, this.lines.length ? 'no headline: the file holds only page clutter and dates' : 'no headline: the file is empty');
  }

  /** Reads from `start` to the separator rule; returns the separator's index, or -1 when there is none. */
  private readBody(start: number): number {
    let afterDate = false;
    for (let i = start; i < this.lines.length; i++) {
      const first = this.lines[i] as Line;
      if (isSeparator(first.text)) {
        if (this.paragraphs === 0) {
          this.report.recognised.push(`rule under the headline (line ${first.no})`);
        } else if (this.furnitureFollows(i + 1)) {
          this.report.recognised.push(`separator (line ${first.no})`);
          return i;
        } else {
          // "- - - -" between the items of a digest, "-----" before a notebook: the story goes on.
          this.report.recognised.push(`rule inside the body (line ${first.no})`);
        }
        continue;
      }
      const end = this.paragraphEnd(i);
      const line = end === i ? first : { ...first, text: this.lines.slice(i, end + 1).map((l) => l.text).join(' ') };
      i = end;
      const t = line.text;
      const wasAfterDate = afterDate;
      afterDate = false;
      if (isClutter(t)) {
        this.drop(t);
      } else if (this.takeDate(line)) {
        afterDate = true;
      } else if (wasAfterDate && this.takeClosingBylines(t)) {
        // "Helen Garrow with Tomasz Wielgus" under a date line, in files without a separator.
      } else if (this.lead !== 'done' && this.takeByLine(t)) {
        // A "By NAME" line above the lead.
      } else {
        this.addBlock(line);
      }
    }
    return -1;
  }

  /** In wrapped copy, the index of the last line of the paragraph that starts at `start`; else `start`. */
  private paragraphEnd(start: number): number {
    const { wrapped, indented, base, width } = this.layout;
    const first = this.lines[start] as Line;
    if (!wrapped || standsAlone(first) || (this.lead !== 'done' && parseByLine(first.text))) return start;
    let end = start;
    for (let next = this.lines[end + 1]; next && !next.blankBefore && !standsAlone(next); next = this.lines[end + 1]) {
      const prev = this.lines[end] as Line;
      if (indented ? next.indent > base : !fillsLine(prev, next, width)) break;
      end++;
    }
    return end;
  }

  /**
   * Whether the lines from `start` on are the page furniture after a story (a date line, the closing byline line,
   * clutter, sign-offs) or nothing of substance, so that a rule before them ends the story.
   */
  private furnitureFollows(start: number): boolean {
    // A rule before a line already found to carry on the story does too; this keeps a file of many rules linear.
    if (start <= this.storyGoesOnTo) return false;
    let shortLines = 0;
    // A page's furniture is a few dozen lines at most.
    const end = Math.min(this.lines.length, start + MAX_FURNITURE_LINES);
    for (let i = start; i < end; i++) {
      const t = (this.lines[i] as Line).text;
      if (parseDateLine(t)) return true;
      if (isSeparator(t) || isClutter(t) || isSignOff(t) || parseNameList(t, false)) continue;
      if (t.length >= 60 || t.split(/\s+/).length >= 8 || ++shortLines > 3) {
        this.storyGoesOnTo = i;
        return false;
      }
    }
    if (end === this.lines.length) return true;
    this.storyGoesOnTo = end - 1;
    return false;
  }

  /** After the separator: the date, the closing byline line next to it, and clutter to drop. */
  private readTrailer(start: number): void {
    const rest = this.lines.slice(start).filter((l) => !isSeparator(l.text));
    const dateAt = rest.findIndex((l) => !isClutter(l.text) && parseDateLine(l.text) !== null);
    const bylineCandidates = dateAt === -1 ? [0] : [dateAt + 1, dateAt - 1];
    let bylineAt = -1;
    for (const at of bylineCandidates) {
      const line = rest[at];
      if (bylineAt === -1 && line && !isClutter(line.text) && this.takeClosingBylines(line.text)) bylineAt = at;
    }
    rest.forEach((line, at) => {
      if (at === bylineAt) return;
      if (at === dateAt && this.takeDate(line)) return;
      this.drop(line.text);
    });
  }

  private addBlock(line: Line): void {
    const heading = crossheadText(line.text);
    if (heading !== null && this.lead === 'done') {
      this.pushBlock({ type: 'crosshead', text: heading }, line);
      this.report.recognised.push(`crosshead: ${heading}`);
      return;
    }
    let text = line.text;
    if (this.lead === 'waiting') {
      const opening = parseLeadOpening(text);
      if (opening) {
        this.takeOpening(opening);
        if (opening.rest === '') {
          this.lead = 'after-dateline-line';
          return;
        }
        text = opening.rest;
      }
    }
    this.lead = 'done';
    if (text.length > MAX_PARAGRAPH) fail(this.file, `a paragraph of ${text.length} characters is longer than the ${MAX_PARAGRAPH} allowed`, line.no);
    this.pushBlock({ type: 'paragraph', text }, line);
    this.paragraphs++;
  }

  private pushBlock(block: Block, line: Line): void {
    if (this.blocks.length >= MAX_BLOCKS) fail(this.file, `the body has more than ${MAX_BLOCKS} paragraphs`, line.no);
    this.blocks.push(block);
  }

  private takeOpening(opening: LeadOpening): void {
    this.dateline = opening.dateline;
    this.report.recognised.push(`dateline: ${opening.dateline.text}`);
    if (opening.datelineDate) this.report.recognised.push(`dateline date: ${opening.datelineDate}`);
    if (opening.credit) this.setCredit(opening.credit, `credit: ${opening.credit}`);
    if (opening.bylines.length) this.addBylines(opening.bylines);
  }

  private takeByLine(t: string): boolean {
    const by = parseByLine(t);
    if (!by) return false;
    this.addBylines(by.bylines);
    if (by.credit) this.setCredit(by.credit, `credit: ${by.credit} (from the "By" line)`);
    return true;
  }

  private addBylines(bylines: Byline[]): void {
    for (const b of bylines) {
      this.bylines.push(b);
      this.report.recognised.push(`byline: ${b.name}${b.location ? ` (${b.location})` : ''}${b.role ? `, ${b.role}` : ''}`);
    }
  }

  private takeClosingBylines(t: string): boolean {
    if (this.closingBylines) return false;
    const names = parseNameList(t, false);
    if (!names) return false;
    this.closingBylines = names;
    return true;
  }

  /** Records a date line; the first one wins, a later different one is warned about. Returns false if `line` is no date. */
  private takeDate(line: Line): boolean {
    const parsed = parseDateLine(line.text);
    if (!parsed) return false;
    if (this.date) {
      if (parsed.iso?.slice(0, 10) !== this.date.iso?.slice(0, 10)) {
        this.report.warnings.push(`line ${line.no} gives another date ("${line.text}") than line ${this.date.line} ("${this.date.text}"); the first was used`);
      }
      return true;
    }
    this.date = { iso: parsed.iso, line: line.no, text: line.text };
    this.report.warnings.push(...parsed.warnings);
    if (parsed.iso) this.report.recognised.push(`date: ${parsed.label}`);
    return true;
  }

  private setCredit(credit: string, note: string): void {
    if (this.credit) return;
    this.credit = credit;
    this.report.recognised.push(note);
  }

  private drop(t: string): void {
    this.report.dropped.push(t);
    const agency = agencyInFurniture(t);
    if (agency) this.setCredit(agency, `credit: ${agency} (from "${t}")`);
  }

  /** Agency sign-offs ("jb/as/jm", "(Reporting by ...)", "AFP", "© AFP 2015") at the end of the body. */
  private dropSignOffs(): void {
    const removed: string[] = [];
    for (let last = this.blocks.at(-1); last?.type === 'paragraph' && this.paragraphs > 0 && isSignOff(last.text); last = this.blocks.at(-1)) {
      this.blocks.pop();
      this.paragraphs--;
      removed.unshift(last.text);
    }
    for (const t of removed) {
      this.report.recognised.push(`sign-off: ${t}`);
      this.drop(t);
    }
  }

  private checkBody(headline: Line): void {
    if (this.paragraphs === 0) fail(this.file, 'no body: nothing after the headline reads as a story paragraph', headline.no);
  }

  private reconcileBylines(): void {
    const closing = this.closingBylines;
    if (!closing) return;
    if (this.bylines.length === 0) {
      this.addBylines(closing);
      this.report.recognised.push('bylines taken from the closing byline line');
      return;
    }
    const key = (bylines: Byline[]) => bylines.map((b) => b.name.toLowerCase().replace(/\s+/g, ' ')).sort().join('|');
    if (key(closing) === key(this.bylines)) {
      this.report.recognised.push('closing byline line confirms the bylines');
    } else {
      const names = (bylines: Byline[]) => bylines.map((b) => b.name).join(', ');
      this.report.warnings.push(`the closing byline line names ${names(closing)}, but the lead names ${names(this.bylines)}; the lead's bylines were kept`);
    }
  }
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function parseDecoded(decoded: Decoded, file: string, source: string | undefined): WireParseResult {
  const warnings = [...decoded.warnings];
  const lines = toLines(decoded.text, warnings);
  return new PlainTextParser(lines, file, warnings).parse(source);
}
