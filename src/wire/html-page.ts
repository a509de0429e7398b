import iconv from 'iconv-lite';
import { parseHTML, readabilityClass } from './libs.js';
import { blockText, type Block, type Byline, type Dateline, type Mark } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { domToBlocks, type DomNode } from './html-blocks.js';
import type { WireDraft, WireParseResult, WireReport } from './types.js';

export { wordF1 } from './word-f1.js';

/**
 * A saved news web page: Readability (over linkedom's DOM) finds the article body, html-blocks turns it into
 * blocks, and the page's metadata fills the rest — JSON-LD first, then Open Graph / article:* tags, then other
 * meta tags and <time>, then what Readability itself guessed.
 */

export const MAX_HTML_BYTES = 20 * 1024 * 1024;

export interface HtmlPageOptions {
  fileName?: string;
  /** The page's address, to resolve relative links and images. */
  url?: string;
}

const FORMAT = 'html';
/** Below this many characters of body text the page holds no article. */
const MIN_BODY_CHARS = 100;
/** Readability keeps loosening its rules until the extract has this much text (its default is 500). */
const CHAR_THRESHOLD = 500;
/** An extract whose text is mostly link text is a menu or an index page, not an article. */
const MAX_LINK_SHARE = 0.6;
const MAX_HEADLINE = 300;
const MAX_STANDFIRST = 1000;
const MAX_BLOCKS = 2000;
const MAX_TEXT = 20_000;
const MAX_MARKS = 500;
const MAX_TAGS = 50;
const MAX_BYLINES = 20;
const SNIFF_BYTES = 4096;

// ---------------------------------------------------------------------------------------------
// Public API

/** A cheap sniff: after a BOM, white space, comments and an XML declaration, the text opens an HTML document. */
export function isHtmlPage(input: Buffer): boolean {
  if (!(input instanceof Uint8Array) || input.length === 0) return false;
  const sample = Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, SNIFF_BYTES));
  return opensAsHtml(sniffText(sample));
}

/**
 * Parses a saved news page into an article draft and a report of what was recognised, dropped and doubtful.
 * Throws an `invalid_wire_copy` AppError naming the file when it is not HTML or holds no article.
 */
export function parseHtmlPage(input: Buffer, opts: HtmlPageOptions = {}): WireParseResult {
  const file = opts.fileName?.trim() || 'input';
  try {
    return new HtmlPageParser(file, opts).parse(input);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_wire_copy', `${file}: the HTML page could not be read (${detail})`, {
      cause: error,
      issues: [{ where: file, message: detail }],
    });
  }
}

function fail(file: string, message: string): never {
  throw new AppError('invalid_wire_copy', `${file}: ${message}`, { issues: [{ where: file, message }] });
}

// ---------------------------------------------------------------------------------------------
// Sniffing and decoding

function sniffText(sample: Buffer): string {
  if (sample[0] === 0xff && sample[1] === 0xfe) return iconv.decode(sample.subarray(2), 'utf-16le');
  if (sample[0] === 0xfe && sample[1] === 0xff) return iconv.decode(sample.subarray(2), 'utf-16be');
  // Markup is ASCII in every charset a page may declare, so Latin-1 reads the opening well enough.
  return sample.toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
}

function opensAsHtml(text: string): boolean {
  let s = text.replace(/^\uFEFF/, '');
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end === -1) return false;
      s = s.slice(end + 3);
    } else if (s.startsWith('<?')) {
      const end = s.indexOf('?>');
      if (end === -1) return false;
      s = s.slice(end + 2);
    } else {
      break;
    }
  }
  return /^<(?:!doctype\s+html|html|head|body)(?=[\s>/])/i.test(s);
}

interface Decoded {
  text: string;
  charset: string;
  warnings: string[];
}

/** WHATWG labels a page may use for Windows-1252 (browsers decode Latin-1 and ASCII labels as Windows-1252). */
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'x-cp1252', 'cp819', 'ibm819', 'windows-1252']);
const LABEL_ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  gb2312: 'gbk',
  gb_2312: 'gbk',
  'x-gbk': 'gbk',
  chinese: 'gbk',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  ms_kanji: 'shift_jis',
  'windows-31j': 'cp932',
};

function normaliseLabel(raw: string): string {
  const label = raw.trim().toLowerCase();
  if (WINDOWS_1252_LABELS.has(label)) return 'windows-1252';
  // A page that was parsed as ASCII cannot really be UTF-16; browsers read such a label as UTF-8.
  if (label.startsWith('utf-16') || label === 'unicode') return 'utf-8';
  return LABEL_ALIASES[label] ?? label;
}

/** The charset a <meta charset>, a <meta http-equiv="Content-Type"> or an XML declaration names near the start. */
function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES * 2).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const m = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (m?.[1]) return m[1];
  }
  return xml?.[1];
}

function strictUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

// eslint-disable-next-line no-control-regex -- any byte above ASCII
const NON_ASCII = /[^\u0000-\u007f]/;

function decode(bytes: Buffer): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), charset: 'utf-8', warnings: [] };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), charset: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), charset: 'utf-16be', warnings: [] };

  const warnings: string[] = [];
  const declared = declaredCharset(bytes);
  const utf8 = strictUtf8(bytes);
  if (declared) {
    const label = normaliseLabel(declared);
    if (label === 'utf-8') {
      if (utf8 !== null) return { text: utf8, charset: 'utf-8', warnings };
      const lossy = new TextDecoder('utf-8').decode(bytes);
      if (NON_ASCII.test(lossy.replace(/\uFFFD/g, ''))) {
        warnings.push('the page declares UTF-8 but holds bytes that are not UTF-8; they were replaced with �');
        return { text: lossy, charset: 'utf-8', warnings };
      }
      warnings.push('the page declares UTF-8 but is not UTF-8; it was decoded as Windows-1252 (Latin-1)');
      return { text: iconv.decode(bytes, 'windows-1252'), charset: 'windows-1252', warnings };
    }
    if (!iconv.encodingExists(label)) {
      warnings.push(`the page declares the unknown charset "${declared}"; it was decoded by guess`);
    } else if (utf8 !== null && NON_ASCII.test(utf8)) {
      // Text in a legacy charset is almost never valid UTF-8 by chance: the file was re-saved as UTF-8.
      warnings.push(`the page declares the charset "${declared}" but is valid UTF-8; it was decoded as UTF-8`);
      return { text: utf8, charset: 'utf-8', warnings };
    } else {
      return { text: iconv.decode(bytes, label), charset: label, warnings };
    }
  }
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', warnings };
  warnings.push('the page names no charset and is not valid UTF-8; it was decoded as Windows-1252 (Latin-1)');
  return { text: iconv.decode(bytes, 'windows-1252'), charset: 'windows-1252', warnings };
}

// ---------------------------------------------------------------------------------------------
// Small text helpers

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const norm = (s: string): string => collapse(s).toLowerCase();
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function cutAtWord(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const isUrlLike = (s: string): boolean => /^(?:https?:)?\/\/|^www\.|\.(?:com|org|net)\/|@/i.test(s.trim());

// ---------------------------------------------------------------------------------------------
// Dates

/** An instant from an ISO-like or RFC-like date; a date without a zone is read as UTC (and said so). */
function parseDate(raw: string): { iso: string; warning?: string } | null {
  const s = collapse(raw);
  if (!s || s.length > 60 || !/\d{4}/.test(s)) return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (dateOnly) {
    const d = new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 12));
    return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(dateOnly[3]) ? null : { iso: d.toISOString() };
  }
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i.exec(s);
  if (iso) {
    const [, day, hm, sec, frac, zone] = iso;
    let offset = 'Z';
    if (zone && !/^(?:z|utc|gmt)$/i.test(zone)) {
      const digits = zone.replace(/[^0-9]/g, '').padEnd(4, '0');
      offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4)}`;
    }
    const text = `${day}T${hm}:${sec ?? '00'}${frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : ''}${offset}`;
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) return null;
    return zone ? { iso: d.toISOString() } : { iso: d.toISOString(), warning: `the date "${s}" has no time zone; it was read as UTC` };
  }
  const numeric = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (numeric) {
    // 05/29/2007 is month first; 29/05/2007 and 29.05.2007 day first; 05/06/2007 is read the American way, with a warning.
    const [a, b, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    const dayFirst = a > 12 || (s.includes('.') && b <= 12);
    const [month, day] = dayFirst ? [b, a] : [a, b];
    const hasTime = numeric[4] !== undefined;
    const d = new Date(Date.UTC(year, month - 1, day, hasTime ? Number(numeric[4]) : 12, Number(numeric[5] ?? 0), Number(numeric[6] ?? 0)));
    if (month > 12 || Number.isNaN(d.getTime()) || d.getUTCDate() !== day) return null;
    const notes = [
      ...(a <= 12 && b <= 12 && a !== b && !s.includes('.') ? [`the date "${s}" could be day or month first; it was read as month/day`] : []),
      ...(hasTime ? [`the date "${s}" has no time zone; it was read as UTC`] : []),
    ];
    return notes.length ? { iso: d.toISOString(), warning: notes.join('; ') } : { iso: d.toISOString() };
  }
  // Other forms ("June 9, 2022", "Thu, 09 Jun 2022 18:20:00 GMT") only with a month name, as the JavaScript
  // date parser reads almost anything with four digits as a year.
  if (!/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])/i.test(s)) return null;
  const hasTime = /\d:\d\d/.test(s);
  const hasZone = /\b(?:UTC|GMT|Z)\b|[+-]\d{2}:?\d{2}\b|\b[ECMP][SD]T\b/.test(s);
  const ms = Date.parse(hasZone ? s : `${s} UTC`);
  if (Number.isNaN(ms)) return null;
  const d = new Date(hasTime ? ms : ms + 12 * 3600_000);
  const year = d.getUTCFullYear();
  if (year < 1900 || year > 2100) return null;
  if (!hasTime) return { iso: d.toISOString() };
  return hasZone ? { iso: d.toISOString() } : { iso: d.toISOString(), warning: `the date "${s}" has no time zone; it was read as UTC` };
}

// ---------------------------------------------------------------------------------------------
// Bylines

const ROLE_WORDS =
  /\b(?:writer|correspondent|reporter|editor|staff|bureau|chief|producer|columnist|contributor|contributing|critic|analyst|journalist|photographer|news|press|agency|service|desk|team|author|host|presenter|newsroom)s?\b/i;
const DEGREES = new Set(['ma', 'md', 'phd', 'ph.d.', 'ph.d', 'mph', 'rn', 'ms', 'msc', 'bsc', 'ba', 'do', 'jd', 'mba', 'dr']);
const AGENCIES = new Set(['afp', 'ap', 'reuters', 'dpa', 'aap', 'upi', 'pa', 'ansa', 'efe', 'kyodo', 'xinhua', 'bloomberg', 'anadolu', 'associated press', 'agence france-presse', 'press association', 'pa media']);
/** "By", "Written by", French "Par", Spanish "Por", and German "Von" when a full name follows ("Von Miller" is a name). */
const BYLINE_PREFIX = /^(?:(?:written\s+|reported\s+|words\s+)?(?:by|par|por)\s*:?\s+|von\s+(?=\S+\s+\S))(?=\S)/i;

const isRoleText = (s: string): boolean => s.length <= 100 && s.split(/\s+/).length <= 6 && ROLE_WORDS.test(s);

function titleCaseName(name: string): string {
  if (/\p{Ll}/u.test(name) || !/\p{Lu}/u.test(name)) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

function isNameLike(name: string): boolean {
  if (name.length < 2 || name.length > 100 || /\d|@|https?:|www\./i.test(name)) return false;
  if ((name.match(/\p{L}/gu)?.length ?? 0) < 2 || /^\p{Ll}/u.test(name) || /^(?:by|par|von|por)$/i.test(name)) return false;
  if (name.split(/\s+/).length > 7) return false;
  return !DEGREES.has(name.toLowerCase());
}

/** "A, B and C", "A and B", "A with B", "A & B" (but "Mac & i" stays whole: "&" joins names of two words or more). */
function splitNames(text: string): string[] {
  return text
    .split(/\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|with|et|und)\s+|\s+&\s+(?=\S+\s+\S)(?<=\S\s\S+\s+&\s+)/i)
    .map((p) => p.trim())
    .filter(Boolean);
}

interface ParsedByline {
  bylines: Byline[];
  credit?: string;
}

/**
 * "By Jane Doe and John Roe", "A, B and C", "By JANE DOE | Staff Writer", "Jane Doe, AP Science Writer",
 * "Par Sébastien Farcis": the names, with job titles moved into `role` and a known agency into `credit`.
 */
function parseBylineText(raw: string, opts: { onePerson?: boolean } = {}): ParsedByline {
  let text = raw
    .replace(/\((?:with|avec|mit|con)\s+([^()]*)\)/gi, ', $1')
    .replace(/\(\s*(?:https?:\/\/|www\.|mailto:)[^()]*\)/gi, '')
    .trim()
    .replace(BYLINE_PREFIX, '');
  // "Kooman, F.; Jong, Michiel de": surname-first names between semicolons.
  if (text.includes(';') && !opts.onePerson) {
    text = text
      .split(/\s*;\s*/)
      .map((part) => {
        const m = /^([^,\s]+),\s*([^,]+)$/.exec(part);
        const given = m?.[2]?.trim();
        return m?.[1] && given && given.split(/\s+/).length <= 3 && !isRoleText(given) && !AGENCIES.has(given.toLowerCase()) ? `${given} ${m[1]}` : part;
      })
      .join(', ');
  }
  const lines = text
    .split(/\s*(?:\n|\||•|·)\s*/)
    .map(collapse)
    .filter(Boolean);
  const bylines: Byline[] = [];
  let credit: string | undefined;
  let role: string | undefined;
  for (const [i, lineRaw] of lines.entries()) {
    const line = lineRaw.replace(BYLINE_PREFIX, '');
    if (i > 0 && bylines.length > 0) {
      // A later line or "|" part: a job title or the agency, not more names.
      if (AGENCIES.has(line.toLowerCase())) credit ??= line;
      else if (isRoleText(line)) role ??= line;
      continue;
    }
    text = line;
    const parts = opts.onePerson ? [text] : splitNames(text);
    for (const part of parts) {
      const name = part.replace(BYLINE_PREFIX, '').trim();
      if (AGENCIES.has(name.toLowerCase())) {
        credit ??= name;
      } else if (isRoleText(name) && bylines.length > 0) {
        // "Jane Doe, Staff Writer": the title belongs to the names before it.
        for (const b of bylines) b.role ??= name;
      } else if (isNameLike(name) && !/^(?:staff|contributors?|editors?)$/i.test(name)) {
        bylines.push({ name: titleCaseName(name) });
      }
    }
  }
  if (role) for (const b of bylines) b.role ??= role;
  return { bylines, ...(credit ? { credit } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Sections

const SECTION_MAP: Record<string, string> = {};
const addSections = (slug: string, names: string[]) => names.forEach((n) => (SECTION_MAP[n] = slug));
addSections('news', ['news', 'world', 'world news', 'us', 'u.s.', 'us news', 'uk', 'uk news', 'national', 'nation', 'local', 'metro', 'international', 'europe', 'asia', 'africa', 'americas', 'middle east', 'australia', 'breaking news', 'latest news', 'top stories', 'home news', 'global', 'regional', 'city']);
addSections('politics', ['politics', 'political', 'election', 'elections', 'government', 'us politics', 'uk politics', 'world politics', 'congress', 'policy']);
addSections('features', ['features', 'feature', 'lifestyle', 'life', 'life & style', 'life and style', 'living', 'style', 'travel', 'food', 'food & drink', 'fashion', 'magazine', 'long read', 'long reads', 'the long read', 'weekend', 'family', 'home & garden']);
addSections('arts', ['arts', 'art', 'culture', 'books', 'art & design', 'art and design', 'arts & culture', 'arts and culture', 'theatre', 'theater', 'classical', 'stage', 'literature', 'architecture', 'photography', 'music']);
addSections('entertainment', ['entertainment', 'film', 'films', 'movies', 'movie', 'tv', 'television', 'tv & radio', 'tv and radio', 'celebrity', 'celebrities', 'showbiz', 'gaming', 'games', 'media']);
addSections('society', ['society', 'education', 'religion', 'social affairs', 'communities', 'community', 'health & society']);
addSections('sport', ['sport', 'sports', 'football', 'soccer', 'cricket', 'rugby', 'rugby union', 'rugby league', 'tennis', 'golf', 'athletics', 'cycling', 'formula one', 'f1', 'motorsport', 'boxing', 'basketball', 'baseball', 'nba', 'nfl', 'nhl', 'mlb', 'olympics']);

/** A site section for a page's section name, when it clearly maps: "Sports" → sport, "World" → news, "Culture" → arts. */
function mapSection(raw: string): string | undefined {
  const key = norm(raw);
  if (SECTION_MAP[key]) return SECTION_MAP[key];
  // "News > World", "Sport / Football": the first part that maps.
  for (const part of key.split(/\s*[>/|:,»]\s*/)) {
    if (SECTION_MAP[part]) return SECTION_MAP[part];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Datelines in the lead

/** Capitals that open a lead without being a place. */
const NOT_PLACES = new Set(['BREAKING', 'BREAKING NEWS', 'UPDATE', 'UPDATED', 'URGENT', 'FLASH', 'EXCLUSIVE', 'CORRECTED', 'CORRECTION', 'ANALYSIS', 'NOTE', 'EDITORS', 'ADVISORY', 'OPINION', 'REVIEW', 'WATCH', 'LIVE', 'VIDEO', 'PHOTOS', 'EDITOR’S NOTE', "EDITOR'S NOTE", 'UPDATE:']);
const US_STATE_ABBREVIATIONS = /^(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Vt|Va|Wash|W\.Va|Wis|Wyo|D\.C)\.$/;
const MONTH_DAY = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}$|^\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?$/;
/** "WASHINGTON (AP) —", "BERLIN, Germany (dpa) -", "LONDON, March 3 (Reuters) -", "SOCHI, RUSSIA —". */
const LEAD_DATELINE =
  /^(?<place>\p{Lu}[\p{Lu}\p{M}.'’ -]{0,58}?)(?<rest>(?:,\s*(?:\p{Lu}[\p{L}\p{M}.'’ -]{0,30}?|\d{1,2} \p{Lu}\p{Ll}+\.?))*?)(?:\s*\((?<agency>[A-Za-z][A-Za-z.&' -]{0,29})\))?(?<dash>\s*[—–]\s*|\s+--?\s+|\s*--\s*|:\s+)/u;

const placeCase = (upper: string): string =>
  /\p{Ll}/u.test(upper)
    ? upper
    : upper
        .toLowerCase()
        .split(' ')
        .map((w, i) => (i > 0 && /^(?:and|of|the|de|la|le|du|da|del|di|el|al|upon|on|sur|am)$/.test(w) ? w : w.replace(/(^|[-'’.])(\p{L})/gu, (_m, b: string, l: string) => b + l.toUpperCase())))
        .join(' ');

interface LeadDateline {
  dateline: Dateline;
  agency?: string;
  /** Characters to cut from the start of the lead. */
  length: number;
}

function leadDateline(lead: string): LeadDateline | null {
  const m = LEAD_DATELINE.exec(lead.slice(0, 200));
  const g = m?.groups;
  if (!m || !g?.place || g.dash === undefined) return null;
  const place = g.place.trim();
  // A colon ends a dateline only after a place and an agency: "GAZA CITY (AFP):".
  if (g.dash.trim() === ':' && !g.agency) return null;
  if ((place.match(/\p{Lu}/gu)?.length ?? 0) < 2 || /\p{Ll}/u.test(place) || NOT_PLACES.has(place)) return null;
  if (m[0].length >= lead.length - 10) return null;
  const segments = (g.rest ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const regions = segments.filter((s) => !MONTH_DAY.test(s));
  if (regions.length > 1) return null;
  const region = regions[0];
  const printed = [place, ...(region ? [region] : [])].join(', ');
  const dateline: Dateline = { text: printed, city: placeCase(place) };
  if (region && !US_STATE_ABBREVIATIONS.test(region)) dateline.country = placeCase(region);
  return { dateline, ...(g.agency ? { agency: g.agency.trim() } : {}), length: m[0].length };
}

/** Cuts `n` characters from the start of a paragraph, moving its marks along. */
function cutLead(p: { text: string; marks?: Mark[] }, n: number): { text: string; marks?: Mark[] } {
  const rest = p.text.slice(n);
  const lead = n + (rest.length - rest.trimStart().length);
  const text = rest.trim();
  const marks = (p.marks ?? [])
    .map((m) => ({ ...m, start: Math.max(0, m.start - lead), end: Math.min(text.length, m.end - lead) }))
    .filter((m) => m.end > m.start);
  return marks.length ? { text, marks } : { text };
}

// ---------------------------------------------------------------------------------------------
// Metadata from the page

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: Json | undefined): Json[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

const ARTICLE_TYPES = new Set(['article', 'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle', 'reviewnewsarticle', 'backgroundnewsarticle', 'askpublicnewsarticle', 'blogposting', 'liveblogposting', 'socialmediaposting', 'report', 'techarticle', 'scholarlyarticle']);

function typesOf(node: JsonObject): string[] {
  return asArray(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/:#]/, '').toLowerCase());
}

/** A JSON-LD value as text: a string, a number, or an object's name / @value. */
function jsonText(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return collapse(v) || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return jsonText(v[0]);
  if (isObject(v)) return jsonText(v['name'] ?? v['@value'] ?? v['text']);
  return undefined;
}

interface MetaTags {
  get(key: string): string | undefined;
  all(key: string): string[];
}

function collectMeta(doc: Document): MetaTags {
  const map = new Map<string, string[]>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const content = el.getAttribute('content');
    if (content === null || !collapse(content)) continue;
    const keys = [el.getAttribute('property'), el.getAttribute('name'), el.getAttribute('itemprop'), el.getAttribute('http-equiv')]
      .filter((k): k is string => !!k)
      .flatMap((k) => k.trim().toLowerCase().split(/\s+/));
    for (const key of keys) {
      const list = map.get(key) ?? [];
      list.push(content.trim());
      map.set(key, list);
    }
  }
  return {
    get: (key) => map.get(key)?.[0],
    all: (key) => map.get(key) ?? [],
  };
}

interface JsonLd {
  article?: JsonObject;
  byId: Map<string, JsonObject>;
  warnings: string[];
}

function collectJsonLd(doc: Document): JsonLd {
  const byId = new Map<string, JsonObject>();
  const warnings: string[] = [];
  const nodes: JsonObject[] = [];
  const visit = (v: Json | undefined, depth: number) => {
    if (depth > 6) return;
    for (const item of asArray(v)) {
      if (!isObject(item)) continue;
      nodes.push(item);
      const id = item['@id'];
      if (typeof id === 'string' && Object.keys(item).length > 1) byId.set(id, item);
      visit(item['@graph'], depth + 1);
      visit(item['mainEntity'], depth + 1);
      visit(item['mainEntityOfPage'], depth + 1);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script'))) {
    const type = (script.getAttribute('type') ?? '').toLowerCase();
    if (!type.includes('ld+json')) continue;
    const source = (script.textContent ?? '')
      .replace(/^\s*(?:<!--|\/\*\s*<!\[CDATA\[\s*\*\/|<!\[CDATA\[)/, '')
      .replace(/(?:-->|\/\*\s*\]\]>\s*\*\/|\]\]>)\s*$/, '')
      .trim();
    if (!source) continue;
    try {
      visit(JSON.parse(source) as Json, 0);
    } catch {
      warnings.push('a JSON-LD block is not valid JSON and was ignored');
    }
  }
  const articles = nodes.filter((n) => typesOf(n).some((t) => ARTICLE_TYPES.has(t) || t.endsWith('newsarticle')));
  const article = articles.find((a) => jsonText(a['headline'])) ?? articles[0];
  return { ...(article ? { article } : {}), byId, warnings };
}

/** The people (or, failing them, organisations) a JSON-LD author/creator value names. */
function jsonLdAuthors(value: Json | undefined, byId: Map<string, JsonObject>): { people: string[]; organisations: string[] } {
  const people: string[] = [];
  const organisations: string[] = [];
  for (const item of asArray(value)) {
    if (typeof item === 'string') {
      if (!isUrlLike(item)) people.push(item);
      continue;
    }
    if (!isObject(item)) continue;
    const node = typeof item['@id'] === 'string' && !item['name'] ? (byId.get(item['@id']) ?? item) : item;
    const isOrg = typesOf(node).some((t) => t === 'organization' || t === 'newsmediaorganization' || t === 'corporation');
    let names = asArray(node['name']).map(jsonText).filter((n): n is string => !!n);
    if (!names.length) {
      const given = jsonText(node['givenName']);
      const family = jsonText(node['familyName']);
      if (given || family) names = [[given, family].filter(Boolean).join(' ')];
    }
    (isOrg ? organisations : people).push(...names.filter((n) => !isUrlLike(n)));
  }
  return { people, organisations };
}

function jsonLdImage(value: Json | undefined): { url: string; alt?: string } | undefined {
  for (const item of asArray(value)) {
    if (typeof item === 'string' && item.trim()) return { url: item.trim() };
    if (isObject(item)) {
      const url = jsonText(item['url']) ?? jsonText(item['contentUrl']);
      const alt = jsonText(item['caption']) ?? jsonText(item['description']) ?? jsonText(item['name']);
      if (url) return { url, ...(alt ? { alt } : {}) };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Page clutter

interface ClutterKind {
  label: string;
  text: RegExp;
  attr?: RegExp;
  tags?: string[];
}

const CLUTTER: readonly ClutterKind[] = [
  { label: 'navigation menu', text: /^(?:skip to (?:main )?content|main menu|menu|navigation)$/i, tags: ['nav'], attr: /^(?:nav|navbar|navigation|main-nav|site-nav|menu|main-menu|breadcrumbs?)$/i },
  {
    label: 'share buttons',
    text: /^(?:share(?: this(?: article| story| page| post)?| on \w+| via \w+| the story)?|tweet(?: this)?|email this(?: article| story)?|share on (?:facebook|twitter|x|linkedin|whatsapp))\s*:?$/i,
    attr: /^(?:share|shares|sharing|share-?(?:bar|buttons?|tools|links|box)|social-?(?:share|links|buttons|media))$/i,
  },
  {
    label: 'related links',
    text: /^(?:related(?: stories| articles| content| links| coverage| topics| news)?|read more|more (?:stories|news|on this story)|you (?:may|might) also like|recommended(?: for you| stories)?|most (?:read|popular|viewed|shared)|see also|trending(?: now)?|further reading)\s*:?$/i,
    attr: /^(?:related|related-?(?:articles|stories|links|content|posts)|recommended|recommendations|most-?read|most-?popular|trending|read-?more|outbrain|taboola)$/i,
  },
  {
    label: 'newsletter sign-up',
    text: /^(?:(?:sign up|subscribe)(?: (?:to|for) (?:our|the) [\w' -]{0,30})?(?: newsletters?)?|newsletter(?: sign-?up)?|get (?:our|the) [\w' -]{0,30}newsletter)\s*[:!.]?$/i,
    attr: /^(?:newsletter|newsletter-?(?:signup|sign-up|promo|box|form)|subscribe|subscription|signup)$/i,
  },
  {
    label: 'advertisement',
    text: /^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below advertisement|article continues below)$/i,
    attr: /^(?:ad|ads|advert|adverts|advertisement|adslot|ad-(?:slot|container|wrapper|unit|banner)|dfp-?ad|gpt-ad|google-ad|sponsored)$/i,
  },
  {
    label: 'comments',
    text: /^(?:\d+\s+)?(?:comments?|leave a (?:comment|reply)|post a comment|add a comment|join the (?:discussion|conversation)|show comments)\s*(?:\(\d+\))?:?$/i,
    attr: /^(?:comments?|comment-?(?:section|list|form)|disqus_thread|respond|discussion)$/i,
  },
];

const LABEL_TAGS = 'h1,h2,h3,h4,h5,h6,button,a,span,div,p,li,strong,b,label,aside,section,header,footer,figcaption,nav,legend';

const INLINE_TAGS = new Set(['a', 'span', 'strong', 'b', 'em', 'i', 'small', 'svg', 'img', 'br', 'abbr', 'time', 'label', 'button', 'sup', 'sub', 'u', 'font', 'path', 'use', 'picture', 'source']);

/** Text of an element that holds only inline content (a label, a button, a heading); '' for containers. */
function labelText(el: Element): string {
  if (!Array.from(el.children).every((c) => INLINE_TAGS.has(c.tagName.toLowerCase()))) return '';
  const raw = el.textContent ?? '';
  return raw.length <= 200 ? collapse(raw) : '';
}

/** The kind of clutter a short block of text announces ("Advertisement", "Share this article"), if any. */
function clutterLabel(text: string): string | undefined {
  if (!text || text.length > 60) return undefined;
  return CLUTTER.find((kind) => kind.text.test(text))?.label;
}

/** The kinds of clutter found under `root`, each with an example of its text when there is one. */
function findClutter(root: Element): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const el of Array.from(root.querySelectorAll(LABEL_TAGS))) {
    const tag = el.tagName.toLowerCase();
    const text = labelText(el);
    for (const kind of CLUTTER) {
      if (found.get(kind.label) !== undefined) continue;
      if (text && text.length <= 60 && kind.text.test(text)) {
        found.set(kind.label, text);
        continue;
      }
      if (found.has(kind.label)) continue;
      const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''} ${el.getAttribute('role') ?? ''}`.split(/\s+/).filter(Boolean);
      if (kind.tags?.includes(tag) || (kind.attr && tokens.some((t) => kind.attr?.test(t)))) found.set(kind.label, undefined);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The parse

interface Picked<T> {
  value: T;
  from: string;
}

function pick<T>(...candidates: Array<[T | undefined | null | '', string]>): Picked<T> | undefined {
  for (const [value, from] of candidates) {
    if (value !== undefined && value !== null && value !== '') return { value, from };
  }
  return undefined;
}

interface ReadabilityArticle {
  title?: string | null | undefined;
  content?: Element | null | undefined;
  excerpt?: string | null | undefined;
  byline?: string | null | undefined;
  siteName?: string | null | undefined;
  lang?: string | null | undefined;
  publishedTime?: string | null | undefined;
}

type Paragraph = Extract<Block, { type: 'paragraph' }>;

class HtmlPageParser {
  private readonly report: WireReport = { format: FORMAT, recognised: [], dropped: [], warnings: [] };

  constructor(
    private readonly file: string,
    private readonly opts: HtmlPageOptions,
  ) {}

  parse(input: Buffer): WireParseResult {
    if (!(input instanceof Uint8Array)) fail(this.file, 'expected the page as bytes');
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
    if (bytes.length > MAX_HTML_BYTES) {
      fail(this.file, `the page is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_HTML_BYTES / 1048576} MB limit for HTML pages`);
    }
    if (bytes.length === 0) fail(this.file, 'the file is empty');
    const decoded = decode(bytes);
    this.report.warnings.push(...decoded.warnings);
    if (!opensAsHtml(decoded.text.slice(0, SNIFF_BYTES))) fail(this.file, 'not an HTML page (no <!DOCTYPE html>, <html>, <head> or <body> at the start)');
    if (decoded.charset !== 'utf-8') this.report.recognised.push(`charset: ${decoded.charset}`);

    const { document: linked } = parseHTML(decoded.text);
    const doc = linked as unknown as Document;
    if (!doc.documentElement) fail(this.file, 'not an HTML page (no document element)');
    this.setBase(doc);

    // Metadata and clutter are read before Readability, which rewrites the document as it goes.
    const meta = collectMeta(doc);
    const ld = collectJsonLd(doc);
    this.report.warnings.push(...ld.warnings);
    const clutter = doc.body ? findClutter(doc.body) : new Map<string, string | undefined>();
    const htmlLang = doc.documentElement.getAttribute('lang') ?? doc.documentElement.getAttribute('xml:lang');
    const timeDate = this.timeInArticle(doc);
    const canonical = doc.querySelector('link[rel~="canonical"]')?.getAttribute('href');
    const firstH1 = doc.querySelector('h1')?.textContent;
    const titleTag = doc.querySelector('title')?.textContent;

    const extracted = this.runReadability(doc);
    const content = extracted?.content;
    if (!extracted || !content) fail(this.file, 'no article text found');
    unwrapLayoutTables(content);
    const { blocks: rawBlocks, warnings: blockWarnings } = domToBlocks(content as unknown as DomNode);
    this.report.warnings.push(...blockWarnings);
    this.checkArticleText(content, rawBlocks);

    const a = ld.article;
    const siteName = pick<string>(
      [a && isObject(a['publisher']) ? jsonText(a['publisher']['name']) : undefined, 'JSON-LD publisher'],
      [meta.get('og:site_name'), 'og:site_name'],
      [meta.get('application-name'), 'application-name'],
      [extracted.siteName ? collapse(extracted.siteName) : undefined, 'Readability'],
    );

    const blocks = this.dropClutterBlocks(this.sanitize(rawBlocks));
    const headline = this.headline(a, meta, extracted, siteName?.value, titleTag, firstH1, blocks);
    this.dropHeadlineCrosshead(blocks, headline);
    const bylines = this.bylines(a, ld.byId, meta, extracted, blocks);
    this.dropDateLine(blocks);
    const dateline = this.dateline(a, blocks);
    const publishedAt = this.publishedAt(a, meta, timeDate, extracted);
    this.leadImage(a, meta, headline, blocks);
    const language = this.language(htmlLang, a, meta, extracted, blocks.map(blockText).join(' '));
    const section = this.section(a, meta);
    const tags = this.tags(a, meta);
    const standfirst = this.standfirst(a, meta);
    this.reportClutter(clutter, blocks);
    if (!blocks.some((b) => b.type !== 'image' && blockText(b).trim())) fail(this.file, 'no article text found');

    const credit = dateline.agency ?? bylines.credit ?? siteName?.value;
    if (credit) this.report.recognised.push(`credit: ${credit}${dateline.agency ? ' (dateline)' : bylines.credit ? ' (byline)' : ` (${siteName?.from})`}`);
    const ldUrl = a ? jsonText(a['url']) : undefined;
    const ogUrl = meta.get('og:url');
    const wireId = pick<string>(
      [canonical ? this.absolute(canonical.trim()) : undefined, 'canonical link'],
      [ogUrl ? this.absolute(ogUrl) : undefined, 'og:url'],
      [ldUrl ? this.absolute(ldUrl) : undefined, 'JSON-LD url'],
      [this.opts.url, 'page address'],
    );
    if (wireId) this.report.recognised.push(`id: ${clip(wireId.value)} (${wireId.from})`);

    const paragraphs = blocks.filter((b) => b.type === 'paragraph').length;
    this.report.recognised.push(`body: ${plural(paragraphs, 'paragraph')}, ${plural(blocks.length - paragraphs, 'other block')}`);
    const source = this.opts.fileName ?? this.opts.url;

    const article: WireDraft = {
      headline,
      ...(standfirst ? { standfirst } : {}),
      dateline: dateline.dateline,
      bylines: bylines.bylines,
      body: blocks,
      keyPoints: [],
      tags,
      ...(section ? { section } : {}),
      publishedAt,
      ...(credit ? { credit: credit.slice(0, 200) } : {}),
      ...(source ? { source: source.slice(-200) } : {}),
      language,
      ...(wireId ? { wireId: wireId.value } : {}),
    };
    return { article, report: this.report };
  }

  // -------------------------------------------------------------------------------------------
  // The document

  /** Where relative links point: the page's <base href> resolved against its address (when given). */
  private base: string | undefined;

  private setBase(doc: Document): void {
    const url = this.opts.url;
    const baseHref = doc.querySelector('base[href]')?.getAttribute('href')?.trim() || undefined;
    try {
      if (url) new URL(url);
    } catch {
      this.report.warnings.push(`the page address "${clip(url ?? '')}" is not a URL; relative links were left as they are`);
      return;
    }
    try {
      if (url) this.base = new URL(baseHref ?? url, url).href;
      else if (baseHref && /^https?:\/\//i.test(baseHref)) this.base = new URL(baseHref).href;
    } catch {
      this.report.warnings.push(`the page's <base href="${clip(baseHref ?? '')}"> is not a URL; it was ignored`);
      this.base = url;
    }
    if (!this.base) return;
    // Readability resolves links and images against these; linkedom knows no page address of its own.
    Object.defineProperty(doc, 'baseURI', { value: this.base, configurable: true });
    Object.defineProperty(doc, 'documentURI', { value: url ?? this.base, configurable: true });
  }

  private absolute(href: string): string {
    try {
      return this.base ? new URL(href, this.base).href : href;
    } catch {
      return href;
    }
  }

  private runReadability(doc: Document): ReadabilityArticle | null {
    const Readability = readabilityClass();
    const reader = new Readability<Element>(doc, {
      charThreshold: CHAR_THRESHOLD,
      serializer: (node) => node as Element,
    });
    return reader.parse();
  }

  /** The first itemprop=datePublished or <time datetime> in the article, read before Readability trims the page. */
  private timeInArticle(doc: Document): string | undefined {
    for (const selector of ['[itemprop~="datePublished"]', 'article time[datetime]', 'time[pubdate]', 'main time[datetime]']) {
      for (const el of Array.from(doc.querySelectorAll(selector)).slice(0, 5)) {
        const text = el.tagName.toLowerCase() === 'meta' ? null : collapse(el.textContent ?? '');
        // Printed text counts only when it names a year: "12:55 AM" is no date.
        const value = el.getAttribute('content') ?? el.getAttribute('datetime') ?? (text && /\b\d{4}\b/.test(text) ? text : null);
        if (value?.trim()) return value.trim();
      }
    }
    return undefined;
  }

  /** Too little text, or text that is mostly links (a menu or an index page): no article. */
  private checkArticleText(content: Element, blocks: Block[]): void {
    const text = blocks
      .filter((b) => b.type !== 'image' && b.type !== 'embed')
      .map((b) => (b.type === 'list' ? b.items.map((i) => i.text).join(' ') : 'text' in b ? b.text : ''))
      .join(' ');
    if (collapse(text).length < MIN_BODY_CHARS) fail(this.file, 'no article text found');
    const all = collapse(content.textContent ?? '').length;
    const linked = Array.from(content.querySelectorAll('a')).reduce((n, el) => n + collapse(el.textContent ?? '').length, 0);
    if (all > 0 && linked / all > MAX_LINK_SHARE) {
      fail(this.file, `no article text found (${Math.round((linked / all) * 100)}% of the page's main text is links: a menu or an index page)`);
    }
  }

  /** Keeps the blocks within the article model's limits, saying what was cut. */
  private sanitize(blocks: Block[]): Block[] {
    const out: Block[] = [];
    for (const block of blocks) {
      // A protocol-relative image ("//cdn.example/a.jpg") takes the page's scheme, https when unknown.
      if (block.type === 'image' && block.src.startsWith('//')) block.src = `${this.base?.startsWith('http:') ? 'http:' : 'https:'}${block.src}`;
      if (block.type === 'paragraph' && block.text.length > MAX_TEXT) {
        const pieces = splitLongParagraph(block);
        this.report.warnings.push(`a paragraph of ${block.text.length} characters was split into ${pieces.length} at sentence ends`);
        blocks.splice(blocks.indexOf(block) + 1, 0, ...pieces.slice(1));
        Object.assign(block, pieces[0]);
        if (!pieces[0]?.marks) delete block.marks;
      }
      if (block.type === 'paragraph' || block.type === 'blockquote') {
        if (block.text.length > MAX_TEXT) {
          this.report.warnings.push(`a ${block.type} of ${block.text.length} characters was cut to ${MAX_TEXT}`);
          block.text = block.text.slice(0, MAX_TEXT);
          if (block.marks) block.marks = block.marks.filter((m) => m.end <= MAX_TEXT);
        }
        if (block.marks && block.marks.length > MAX_MARKS) {
          this.report.warnings.push(`a paragraph had ${block.marks.length} marks; the first ${MAX_MARKS} were kept`);
          block.marks = block.marks.slice(0, MAX_MARKS);
        }
        if (block.marks?.length === 0) delete block.marks;
        if (block.type === 'paragraph' && !block.text) continue;
      } else if (block.type === 'list') {
        for (const item of block.items) {
          if (item.text.length > MAX_TEXT) item.text = item.text.slice(0, MAX_TEXT);
          if (item.marks) item.marks = item.marks.filter((m) => m.end <= item.text.length).slice(0, MAX_MARKS);
        }
      } else if (block.type === 'image' && !/^(?:https?:\/\/|\/(?!\/))/i.test(block.src)) {
        this.report.warnings.push(`image dropped: its source "${clip(block.src)}" is not an http(s) or site path`);
        continue;
      }
      out.push(block);
    }
    if (out.length > MAX_BLOCKS) {
      this.report.warnings.push(`the body has ${out.length} blocks; the first ${MAX_BLOCKS} were kept`);
      out.length = MAX_BLOCKS;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Fields

  private headline(
    a: JsonObject | undefined,
    meta: MetaTags,
    extracted: ReadabilityArticle,
    siteName: string | undefined,
    titleTag: string | null | undefined,
    firstH1: string | null | undefined,
    blocks: Block[],
  ): string {
    const og = meta.get('og:title');
    let ldHeadline = a ? jsonText(a['headline']) : undefined;
    // Some sites (Wikipedia) put a description in `headline` and the title in `name`: take the one the page's title shows.
    const ldName = a ? jsonText(a['name']) : undefined;
    const shownTitle = norm(og ?? titleTag ?? '');
    if (ldHeadline && ldName && shownTitle && !shownTitle.includes(norm(ldHeadline)) && shownTitle.includes(norm(ldName))) ldHeadline = ldName;
    // Sites cut JSON-LD headlines at 110 characters ("…"); the full one is then in og:title.
    if (ldHeadline && og && /(?:…|\.\.\.)$/.test(ldHeadline) && collapse(og).startsWith(ldHeadline.replace(/(?:…|\.\.\.)$/, '').trim())) ldHeadline = undefined;
    const picked = pick<string>(
      [ldHeadline, 'JSON-LD headline'],
      [og, 'og:title'],
      [meta.get('twitter:title'), 'twitter:title'],
      [meta.get('dc.title') ?? meta.get('dcterm:title') ?? meta.get('dcterms.title'), 'Dublin Core title'],
      [meta.get('parsely-title') ?? meta.get('sailthru.title'), 'parsely/sailthru title'],
      [extracted.title ? collapse(extracted.title) : undefined, 'Readability title'],
      [titleTag ? collapse(titleTag) : undefined, '<title>'],
      [firstH1 ? collapse(firstH1) : undefined, '<h1>'],
    );
    const fromTitleTag = picked?.from === '<title>' || picked?.from === 'Readability title';
    let headline = picked ? stripSiteName(collapse(picked.value), [siteName, meta.get('og:site_name'), meta.get('application-name')], fromTitleTag) : '';
    let from = picked?.from ?? '';
    if (!headline) {
      const first = blocks.map(blockText).find((t) => t.trim());
      headline = first ? (/^.{20,200}?[.!?](?=\s|$)/.exec(first)?.[0] ?? first.split('\n')[0] ?? '').trim() : '';
      from = 'the first sentence';
      this.report.warnings.push('the page names no title; the first sentence of the body was used as the headline');
      if (!headline) fail(this.file, 'no headline: the page has no title and no text to take one from');
    }
    if (headline.length > MAX_HEADLINE) {
      this.report.warnings.push(`the headline is ${headline.length} characters long; it was cut to ${MAX_HEADLINE}`);
      headline = cutAtWord(headline, MAX_HEADLINE);
    }
    this.report.recognised.push(`headline (${from})`);
    return headline;
  }

  /** Paragraphs and crossheads that are only a clutter label ("Advertisement", "Share this") Readability kept. */
  private dropClutterBlocks(blocks: Block[]): Block[] {
    return blocks.filter((b) => {
      if (b.type !== 'paragraph' && b.type !== 'crosshead') return true;
      const label = clutterLabel(b.text);
      const note = `${label} in the body ("${b.text}")`;
      if (label && !this.report.dropped.includes(note)) this.report.dropped.push(note);
      return !label;
    });
  }

  /** A short date line above the story ("June 9, 2022", "Published 3 March 2024"): furniture once the date is read. */
  private dropDateLine(blocks: Block[]): void {
    for (let i = 0; i < Math.min(blocks.length, 4); i++) {
      const block = blocks[i];
      if (!block || block.type !== 'paragraph') continue;
      if (block.text.length > 80) break;
      const text = block.text.replace(/^(?:published|posted|updated|last updated|date)\s*:?\s*/i, '').replace(/\s*(?:\||·|•).*$/, '');
      if (!parseDate(text)) continue;
      blocks.splice(i, 1);
      this.report.dropped.push(`date line in the body: ${block.text}`);
      return;
    }
  }

  private dropHeadlineCrosshead(blocks: Block[], headline: string): void {
    const first = blocks[0];
    if (first?.type === 'crosshead' && norm(first.text) === norm(headline)) {
      blocks.shift();
      this.report.dropped.push(`the headline repeated at the top of the body: ${clip(first.text)}`);
    }
  }

  private bylines(a: JsonObject | undefined, byId: Map<string, JsonObject>, meta: MetaTags, extracted: ReadabilityArticle, blocks: Block[]): ParsedByline {
    const inText = this.bylineInText(blocks);
    const fromParsed = (raw: string | undefined, from: string): Picked<ParsedByline> | undefined => {
      if (!raw) return undefined;
      const parsed = parseBylineText(raw);
      return parsed.bylines.length ? { value: parsed, from } : undefined;
    };
    let picked: Picked<ParsedByline> | undefined;
    if (a) {
      const { people, organisations } = jsonLdAuthors(a['author'] ?? a['creator'], byId);
      const names = people.length ? people : organisations;
      // A Person's name is one person, even when it reads "Doe, Jane".
      const parsed = names.map((n) => parseBylineText(n, { onePerson: people.length > 0 }));
      const bylines = parsed.flatMap((p) => p.bylines);
      const credit = parsed.find((p) => p.credit)?.credit;
      if (bylines.length) picked = { value: { bylines, ...(credit ? { credit } : {}) }, from: 'JSON-LD author' };
    }
    // Several tags name several authors; "; " keeps surname-first names ("Jong, Michiel de") whole.
    const metaAuthor = (key: string) => meta.all(key).filter((v) => !isUrlLike(v)).join('; ') || undefined;
    picked ??=
      fromParsed(metaAuthor('article:author'), 'article:author') ??
      fromParsed(metaAuthor('author'), 'meta author') ??
      fromParsed(metaAuthor('byl'), 'meta byl') ??
      fromParsed(metaAuthor('parsely-author') ?? metaAuthor('sailthru.author'), 'parsely/sailthru author') ??
      fromParsed(metaAuthor('dc.creator') ?? metaAuthor('dcterm:creator') ?? metaAuthor('dcterms.creator'), 'Dublin Core creator') ??
      fromParsed(extracted.byline ?? undefined, 'Readability byline') ??
      (inText ? { value: inText, from: 'a "By" line in the text' } : undefined);
    const result: ParsedByline = picked?.value ?? { bylines: [] };
    const seen = new Set<string>();
    result.bylines = result.bylines.filter((b) => {
      const key = b.name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (result.bylines.length > MAX_BYLINES) {
      this.report.warnings.push(`the page names ${result.bylines.length} authors; the first ${MAX_BYLINES} were kept`);
      result.bylines.length = MAX_BYLINES;
    }
    for (const b of result.bylines) this.report.recognised.push(`byline: ${b.name}${b.role ? `, ${b.role}` : ''} (${picked?.from})`);
    if (!result.bylines.length) this.report.warnings.push('no byline found');
    return result;
  }

  /** A short "By Jane Doe" paragraph above the story's first long paragraph: taken out of the body. */
  private bylineInText(blocks: Block[]): ParsedByline | undefined {
    for (let i = 0; i < Math.min(blocks.length, 4); i++) {
      const block = blocks[i];
      if (!block) break;
      if (block.type !== 'paragraph') continue;
      if (block.text.length > 150) break;
      const m = /^(?:by|par|von|por)\s+(\S.*)$/i.exec(block.text);
      if (!m?.[1]) continue;
      const parsed = parseBylineText(block.text);
      if (!parsed.bylines.length) continue;
      blocks.splice(i, 1);
      this.report.dropped.push(`byline line in the body: ${clip(block.text)}`);
      return parsed;
    }
    return undefined;
  }

  private dateline(a: JsonObject | undefined, blocks: Block[]): { dateline: Dateline | null; agency?: string } {
    // The lead is one of the first paragraphs: a photo counter or a caption may come before it.
    let found: LeadDateline | null = null;
    let paragraphs = 0;
    for (let i = 0; i < Math.min(blocks.length, 8) && paragraphs < 3 && !found; i++) {
      const block = blocks[i];
      if (block?.type !== 'paragraph') continue;
      paragraphs++;
      found = leadDateline(block.text);
      if (found) blocks[i] = { type: 'paragraph', ...cutLead(block, found.length) };
    }

    const ldDateline = a ? jsonText(a['dateline']) : undefined;
    if (ldDateline) {
      const text = ldDateline.replace(/\s*[—–-]+\s*$/, '').slice(0, 200);
      this.report.recognised.push(`dateline: ${text} (JSON-LD)`);
      if (found) this.report.recognised.push(`dateline in the lead cut: ${found.dateline.text}`);
      const city = text.split(',')[0]?.trim();
      return { dateline: { text, ...(city ? { city: placeCase(city) } : {}) }, ...(found?.agency ? { agency: found.agency } : {}) };
    }
    if (found) {
      this.report.recognised.push(`dateline: ${found.dateline.text} (lead paragraph)`);
      return { dateline: found.dateline, ...(found.agency ? { agency: found.agency } : {}) };
    }
    const place = a && isObject(a['locationCreated']) ? a['locationCreated'] : undefined;
    if (place) {
      const address = isObject(place['address']) ? place['address'] : undefined;
      const city = jsonText(address?.['addressLocality']) ?? jsonText(place['name']);
      const country = jsonText(address?.['addressCountry']);
      if (city) {
        this.report.recognised.push(`dateline: ${city} (JSON-LD locationCreated)`);
        return { dateline: { text: city.slice(0, 200), city: city.slice(0, 100), ...(country ? { country: country.slice(0, 100) } : {}) } };
      }
    }
    return { dateline: null };
  }

  private publishedAt(a: JsonObject | undefined, meta: MetaTags, timeDate: string | undefined, extracted: ReadabilityArticle): string | null {
    const candidates: Array<[string | undefined, string]> = [
      [a ? jsonText(a['datePublished']) : undefined, 'JSON-LD datePublished'],
      [meta.get('article:published_time') ?? meta.get('og:article:published_time'), 'article:published_time'],
      [meta.get('date') ?? meta.get('pubdate') ?? meta.get('publishdate') ?? meta.get('publish-date') ?? meta.get('article.published'), 'meta date'],
      [meta.get('sailthru.date'), 'sailthru.date'],
      [meta.get('parsely-pub-date'), 'parsely-pub-date'],
      [meta.get('dc.date.issued') ?? meta.get('dc.date') ?? meta.get('dcterms.date') ?? meta.get('dcterms.created') ?? meta.get('dcterms.issued'), 'Dublin Core date'],
      [meta.get('datepublished'), 'itemprop datePublished'],
      [timeDate, '<time> in the article'],
      [extracted.publishedTime ?? undefined, 'Readability'],
      [a ? jsonText(a['dateModified']) : undefined, 'JSON-LD dateModified'],
      [meta.get('article:modified_time'), 'article:modified_time'],
    ];
    for (const [raw, from] of candidates) {
      if (!raw) continue;
      const parsed = parseDate(raw);
      if (!parsed) {
        this.report.warnings.push(`the date "${clip(raw)}" (${from}) could not be read`);
        continue;
      }
      if (parsed.warning) this.report.warnings.push(parsed.warning);
      if (from.includes('odified')) this.report.warnings.push('no publication date; the last-modified date was used');
      this.report.recognised.push(`date: ${parsed.iso} (${from})`);
      return parsed.iso;
    }
    this.report.warnings.push('no publication date found; publishedAt is empty');
    return null;
  }

  private leadImage(a: JsonObject | undefined, meta: MetaTags, headline: string, blocks: Block[]): void {
    const ld = a ? (jsonLdImage(a['image']) ?? jsonLdImage(a['thumbnailUrl'])) : undefined;
    const picked = pick<string>(
      [ld?.url, 'JSON-LD image'],
      [meta.get('og:image:secure_url') ?? meta.get('og:image') ?? meta.get('og:image:url'), 'og:image'],
      [meta.get('twitter:image') ?? meta.get('twitter:image:src'), 'twitter:image'],
    );
    if (!picked) return;
    const src = this.absolute(picked.value.trim());
    if (!/^(?:https?:\/\/|\/(?!\/))/i.test(src) || src.length > 2000) {
      this.report.warnings.push(`lead image ignored: "${clip(src)}" is not an http(s) or site path`);
      return;
    }
    if (blocks.some((b) => b.type === 'image' && sameImage(b.src, src))) {
      this.report.recognised.push(`image (${picked.from}, already in the body)`);
      return;
    }
    const alt = collapse(meta.get('og:image:alt') ?? meta.get('twitter:image:alt') ?? (picked.from === 'JSON-LD image' ? ld?.alt : undefined) ?? headline).slice(0, 500);
    const width = Number(meta.get('og:image:width'));
    const height = Number(meta.get('og:image:height'));
    const sized = picked.from === 'og:image' && Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0;
    blocks.unshift({ type: 'image', src, alt: alt || headline, ...(sized ? { width, height } : {}) });
    this.report.recognised.push(`image (${picked.from})`);
  }

  private language(htmlLang: string | null, a: JsonObject | undefined, meta: MetaTags, extracted: ReadabilityArticle, text: string): string {
    const candidates: Array<[string | null | undefined, string]> = [
      [htmlLang, '<html lang>'],
      [a ? jsonText(a['inLanguage']) : undefined, 'JSON-LD inLanguage'],
      [meta.get('og:locale'), 'og:locale'],
      [meta.get('content-language') ?? meta.get('language') ?? meta.get('dc.language'), 'content-language'],
      [extracted.lang, 'Readability'],
    ];
    for (const [raw, from] of candidates) {
      if (!raw) continue;
      const tag = bcp47(raw);
      if (tag) {
        this.report.recognised.push(`language: ${tag} (${from})`);
        return tag;
      }
      this.report.warnings.push(`the language "${clip(raw, 40)}" (${from}) is not a language tag`);
    }
    const guessed = scriptLanguage(text);
    if (guessed) {
      this.report.recognised.push(`language: ${guessed} (guessed from the script of the text)`);
      return guessed;
    }
    return 'en';
  }

  private section(a: JsonObject | undefined, meta: MetaTags): string | undefined {
    const names = [
      ...(a ? asArray(a['articleSection']).map(jsonText) : []),
      meta.get('article:section'),
      meta.get('parsely-section'),
      meta.get('section'),
    ].filter((s): s is string => !!s);
    for (const name of names) {
      const slug = mapSection(name);
      if (slug) {
        this.report.recognised.push(`section: ${slug} (from "${clip(name, 40)}")`);
        return slug;
      }
    }
    if (names[0]) this.report.recognised.push(`section "${clip(names[0], 40)}" matches none of the site's sections; left for the importer`);
    return undefined;
  }

  private tags(a: JsonObject | undefined, meta: MetaTags): string[] {
    const raw: string[] = [];
    const split = (v: string) => v.split(/\s*[,;]\s*/);
    if (a) for (const k of asArray(a['keywords'])) if (typeof k === 'string') raw.push(...split(k));
    raw.push(...meta.all('article:tag').flatMap(split));
    for (const key of ['news_keywords', 'parsely-tags']) raw.push(...meta.all(key).flatMap(split));
    if (!raw.length) raw.push(...meta.all('keywords').flatMap(split));
    const tags: string[] = [];
    for (const t of raw) {
      const tag = collapse(t).toLowerCase();
      if (tag && tag !== 'null' && tag !== 'undefined' && tag.length <= 60 && !tags.includes(tag)) tags.push(tag);
    }
    if (tags.length > MAX_TAGS) {
      this.report.warnings.push(`the page has ${tags.length} keywords; the first ${MAX_TAGS} were kept`);
      tags.length = MAX_TAGS;
    }
    if (tags.length) this.report.recognised.push(`tags: ${tags.length}`);
    return tags;
  }

  private standfirst(a: JsonObject | undefined, meta: MetaTags): string | undefined {
    const picked = pick<string>(
      [a ? jsonText(a['description']) : undefined, 'JSON-LD description'],
      [meta.get('og:description'), 'og:description'],
      [meta.get('twitter:description'), 'twitter:description'],
      [meta.get('description'), 'meta description'],
      [meta.get('dc.description') ?? meta.get('dcterms.description'), 'Dublin Core description'],
    );
    if (!picked) return undefined;
    let text = collapse(picked.value);
    if (text.length > MAX_STANDFIRST) {
      this.report.warnings.push(`the description is ${text.length} characters long; it was cut to ${MAX_STANDFIRST}`);
      text = cutAtWord(text, MAX_STANDFIRST);
    }
    this.report.recognised.push(`standfirst (${picked.from})`);
    return text;
  }

  /** Clutter seen on the page but not in the extract was dropped; clutter text left in the extract is a warning. */
  private reportClutter(onPage: Map<string, string | undefined>, blocks: Block[]): void {
    const inBody = new Map<string, string>();
    for (const text of blocks.flatMap((b) => (b.type === 'list' ? b.items.map((i) => i.text) : [blockText(b)]))) {
      const label = clutterLabel(text);
      if (label && !inBody.has(label)) inBody.set(label, text);
    }
    for (const [label, example] of onPage) {
      if (inBody.has(label)) {
        this.report.warnings.push(`the body may still hold page clutter: ${label} ("${inBody.get(label)}")`);
      } else if (!this.report.dropped.some((d) => d.startsWith(`${label} in the body`))) {
        this.report.dropped.push(example ? `${label} ("${clip(example, 60)}")` : label);
      }
    }
  }
}

/** Strips " | Site", " - Site", "Site: " and the like when the site's name is known, and a short " | Section" tail. */
function stripSiteName(title: string, names: Array<string | null | undefined>, titleTag: boolean): string {
  let t = title;
  for (const raw of names) {
    const name = raw ? collapse(raw) : '';
    if (!name || norm(name) === norm(t)) continue;
    const n = escapeRegExp(name);
    const suffix = new RegExp(`\\s*(?:[|\\-–—:·•»/_~]|\\s-\\s)\\s*(?:the\\s+)?${n}\\s*$`, 'i');
    const prefix = new RegExp(`^(?:the\\s+)?${n}\\s*[|\\-–—·•»]\\s*`, 'i');
    const cut = t.replace(suffix, '').replace(prefix, '');
    if (cut.length >= 10) t = cut;
  }
  // "Headline | Section | Site": a pipe almost always separates site furniture from the title; in a <title>,
  // so do " - ", " – ", " — ", " / " and " » " before a short tail.
  const separator = titleTag ? / (?:[|\\/>»–—]|-{1,2}) /g : / \| /g;
  for (let i = 0; i < 2; i++) {
    const m = Array.from(t.matchAll(separator)).pop();
    if (!m) break;
    const head = t.slice(0, m.index).trim();
    const tail = t.slice(m.index + m[0].length).trim();
    if (tail.length > 40 || tail.split(' ').length > 5 || head.split(' ').length < 3) break;
    t = head;
  }
  return t.trim();
}

function splitImagePath(src: string): { dir: string; file: string } {
  const path = src.replace(/[?#].*$/, '').replace(/^https?:\/\/[^/]+/i, '');
  const at = path.lastIndexOf('/');
  let file = path.slice(at + 1).toLowerCase();
  try {
    file = decodeURIComponent(file);
  } catch {
    // Keep the raw name.
  }
  return { dir: path.slice(0, at + 1), file: file.replace(/[-_]\d{2,5}x\d{2,5}(?=\.\w+$)/, '') };
}

/**
 * The same picture, maybe in another size: the same file name (ignoring "-1200x630" and query strings), or a
 * rendition beside it in the same folder ("13SUDAN-1-facebookJumbo.jpg" and "13SUDAN-1-master768.jpg").
 */
function sameImage(a: string, b: string): boolean {
  const x = splitImagePath(a);
  const y = splitImagePath(b);
  if (x.file === y.file) return true;
  if (x.dir !== y.dir || x.dir.length < 2) return false;
  let common = 0;
  while (common < x.file.length && x.file[common] === y.file[common]) common++;
  return common >= 8;
}

/** "en_GB" → "en-GB", "EN" → "en"; undefined when it is no language tag. */
function bcp47(raw: string): string | undefined {
  const parts = raw.trim().replace(/_/g, '-').split('-');
  const primary = parts[0]?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return undefined;
  const rest = parts.slice(1);
  if (!rest.every((p) => /^[A-Za-z0-9]{2,8}$/.test(p))) return primary;
  return [primary, ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
}

/** Chinese, Japanese or Korean when most letters of an undeclared page are in that script; undefined otherwise. */
function scriptLanguage(text: string): string | undefined {
  const sample = text.slice(0, 5000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 50) return undefined;
  const kana = sample.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const hangul = sample.match(/\p{Script=Hangul}/gu)?.length ?? 0;
  if (kana > letters * 0.1) return 'ja';
  if (hangul > letters * 0.3) return 'ko';
  if (han > letters * 0.3) return 'zh';
  return undefined;
}

/** Cuts an over-long paragraph at sentence ends (or spaces) into pieces within the model's limit, marks and all. */
function splitLongParagraph(p: Paragraph): Paragraph[] {
  const pieces: Paragraph[] = [];
  let rest: { text: string; marks?: Mark[] } = p;
  while (rest.text.length > MAX_TEXT) {
    const window = rest.text.slice(0, MAX_TEXT);
    const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
    const space = window.lastIndexOf(' ');
    const at = sentence > MAX_TEXT / 2 ? sentence + 1 : space > MAX_TEXT / 2 ? space : MAX_TEXT;
    const head = rest.text.slice(0, at).trimEnd();
    const marks = (rest.marks ?? []).filter((m) => m.start < head.length).map((m) => ({ ...m, end: Math.min(m.end, head.length) }));
    pieces.push(marks.length ? { type: 'paragraph', text: head, marks } : { type: 'paragraph', text: head });
    rest = cutLead(rest, at);
  }
  if (rest.text) pieces.push({ type: 'paragraph', ...rest });
  return pieces;
}

/**
 * Old sites lay pages out in tables; Readability marks the tables that hold data. The others are unwrapped
 * into plain containers, so their text is not dropped with the data tables the article model cannot hold.
 */
function unwrapLayoutTables(content: Element): void {
  const doc = content.ownerDocument;
  for (const table of Array.from(content.querySelectorAll('table')).reverse()) {
    if ((table as unknown as { _readabilityDataTable?: boolean })._readabilityDataTable) continue;
    const box = doc.createElement('div');
    for (const cell of Array.from(table.querySelectorAll('td, th'))) {
      if (cell.closest('table') !== table) continue;
      const div = doc.createElement('div');
      while (cell.firstChild) div.appendChild(cell.firstChild);
      box.appendChild(div);
    }
    table.replaceWith(box);
  }
}
