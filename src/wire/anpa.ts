import type { Block, Byline, Dateline } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { WireDraft, WireParseResult, WireReport } from './types.js';

/**
 * ANPA-1312 wire copy as the Associated Press sends it:
 *
 *   SYN SYN SOH W2870 US asian                      service level, message number, selector codes
 *   r a DC3 DC1 BC-US--Ethanol-LosingGra 1stLd-Writethru   11-13 1693
 *                                                   priority, category, format, keyword, version, date, word count
 *   STX ^BC-US--Ethanol-Losing Grassland, 1st Ld-Writethru,1140<     keyword line
 *   ^Prairies vanish in the US push for green energy<                headline
 *   ^AP Photo …< / ^Eds: …< / ^EDITOR'S NOTE _ …<                    furniture
 *   ^By CHET BROKAW and JACK GILLUM= / ^Associated Press=            byline and its role
 *   TAB   ROSCOE, South Dakota (AP) _ Robert Malsam …                an indented line starts a paragraph
 *   ETX AP-WF-11-13-13 0745GMT< FF EOT                               trailer: the filing time
 *
 * "^" starts a flush line, "<" (quad left) and "=" (quad centre) end a line that must not run on,
 * BS starts a row of a table whose cells are split by ";" or RS/US, DLE is a fixed space.
 *
 * The helpers in the "Shared" section are also used by the IPTC 7901 parser (iptc7901.ts).
 */

const FORMAT = 'anpa-1312';

// ---------------------------------------------------------------------------------------------
// Shared with iptc7901.ts: limits, errors, decoding, datelines, bylines, line joining

/** Files over this size are refused before they are decoded. */
export const MAX_CONTROL_WIRE_BYTES = 20 * 1024 * 1024;
export const MAX_HEADLINE = 300;
export const MAX_STANDFIRST = 1000;
export const MAX_PARAGRAPH = 20_000;
export const MAX_BLOCKS = 2_000;
/** An SOH header longer than this is not one. */
export const MAX_HEADER = 4096;
/** Above this share of unexpected control characters the "text" is binary data. */
const MAX_CONTROL_SHARE = 0.05;

export const SOH = '\u0001';
export const STX = '\u0002';
export const ETX = '\u0003';
const DLE = '\u0010';

export function refuse(file: string, message: string, line?: number): never {
  const where = line === undefined ? file : `${file}:${line}`;
  throw new AppError('invalid_wire_copy', `${where}: ${message}`, { issues: [{ where, message }] });
}

/** Runs a parse, turning any exception that is not already an AppError into an `invalid_wire_copy` one. */
export function guarded(file: string, label: string, parse: () => WireParseResult): WireParseResult {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_wire_copy', `${file}: the ${label} parser could not read this file (${detail})`, {
      cause: error,
      issues: [{ where: file, message: detail }],
    });
  }
}

/** The control characters these formats use on purpose: TAB LF CR FF, SOH STX ETX EOT, BS, DLE, DC1–DC4, SYN, RS, US, DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const EXPECTED_CONTROLS = /[\u0001-\u0004\u0008-\u000a\u000c\u000d\u0010-\u0014\u0016\u001e\u001f\u007f]/;

/** Checks the bytes (type, size, emptiness, NUL) and decodes them: UTF-8 when valid, else Windows-1252. */
export function decodeControlWire(input: unknown, file: string, label: string): { text: string; warnings: string[] } {
  if (!(input instanceof Uint8Array)) refuse(file, `expected the ${label} file as bytes`);
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
  if (bytes.length > MAX_CONTROL_WIRE_BYTES) {
    const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
    refuse(file, `the file is ${mb(bytes.length)}, over the ${mb(MAX_CONTROL_WIRE_BYTES)} limit for wire copy`);
  }
  if (bytes.length === 0) refuse(file, `the file is empty, not ${label} copy`);
  if (looksUtf16(bytes)) refuse(file, `the file is UTF-16 text; ${label} copy must be UTF-8 or Windows-1252 (Latin-1)`);
  const nul = bytes.indexOf(0);
  if (nul !== -1) refuse(file, `binary data, not ${label} text: a NUL byte at offset ${nul}`);
  const warnings: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = decodeWindows1252(bytes);
    warnings.push('the file is not valid UTF-8; it was decoded as Windows-1252 (Latin-1)');
  }
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (!/[^\s\u0000-\u001f\u007f-\u009f]/.test(text)) refuse(file, `the file holds only control characters and white space, no ${label} text`);
  let strange = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !EXPECTED_CONTROLS.test(text[i] as string)) strange++;
  }
  if (strange / text.length > MAX_CONTROL_SHARE) {
    refuse(file, `binary data, not ${label} text: ${((strange / text.length) * 100).toFixed(0)}% of the characters are control characters these formats do not use`);
  }
  return { text, warnings };
}

/** A UTF-16 byte order mark, or a NUL in every other byte of the first 64 (ASCII text in UTF-16). */
function looksUtf16(bytes: Buffer): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 8) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  return Math.max(evenNul, oddNul) >= (n / 2) * 0.9 && Math.min(evenNul, oddNul) === 0;
}

/**
 * Node's 'windows-1252' decoder is ISO-8859-1 for 0x80–0x9F (C1 controls), so the bytes Windows-1252
 * uses there for curly quotes, dashes and the euro sign are mapped here.
 */
const WINDOWS_1252_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
  0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0)] ?? c);
}

/** 1-based line number of a character offset, for messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Removes control characters from a line of text; `count` collects how many unexpected ones went. */
export function stripControls(s: string, count: { unexpected: number }): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    if (!EXPECTED_CONTROLS.test(c)) count.unexpected++;
    return '';
  });
}

/** Joins hard-wrapped lines into one paragraph: one space between lines, none after a hyphen that ends a word. */
export function joinWrapped(lines: readonly string[]): string {
  // Pieces are joined once at the end: reading the tail of a growing string would flatten it on every line.
  const pieces: string[] = [];
  let previous = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (pieces.length > 0 && !/\p{L}-$/u.test(previous)) pieces.push(' ');
    pieces.push(line);
    previous = line;
  }
  return pieces.join('');
}

/** Two or more columns aligned with runs of spaces, or a tab between words: a line of a preformatted table. */
export function looksPreformatted(line: string): boolean {
  return /\S(?: {3,}|\t)\S/.test(line.trim());
}

// Places and names ---------------------------------------------------------------------------

const SMALL_WORDS = new Set(['and', 'of', 'the', 'de', 'la', 'le', 'les', 'du', 'des', 'da', 'do', 'dos', 'das', 'del', 'di', 'el', 'al', 'en', 'on', 'upon', 'sur', 'am', 'an', 'im', 'y', 'van', 'von', 'der', 'den', 'au', 'aux', 'bei', 'ob']);

/** "BUENOS AIRES" → "Buenos Aires", "ST. LOUIS" → "St. Louis", "PAUL BYRNE" → "Paul Byrne". */
export function titleCase(upper: string): string {
  return upper
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word) ? word : word.replace(/(^|[-'’./])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase())))
    .join(' ');
}

const hasLowerCase = (s: string): boolean => /\p{Ll}/u.test(s);

/** A place written with capitals: "Berlin", "BUENOS AIRES", "South Dakota", "Mass.", "Frankfurt am Main", "Berlin/Paris". */
function isPlace(s: string): boolean {
  if (s.length === 0 || s.length > 60) return false;
  const tokens = s.split(/\s+/);
  if (tokens.length > 6) return false;
  return tokens.every((t, i) => /^\p{Lu}[\p{L}\p{M}.'’/-]*$/u.test(t) || (i > 0 && SMALL_WORDS.has(t)));
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, januar: 1, feb: 2, february: 2, februar: 2, mar: 3, march: 3, mär: 3, mrz: 3, märz: 3,
  apr: 4, april: 4, may: 5, mai: 5, jun: 6, june: 6, juni: 6, jul: 7, july: 7, juli: 7, aug: 8, august: 8,
  sep: 9, sept: 9, september: 9, oct: 10, october: 10, okt: 10, oktober: 10, nov: 11, november: 11,
  dec: 12, december: 12, dez: 12, dezember: 12,
};

export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

/** "March 3", "Nov. 13", "3 March": a date inside a dateline. */
function isMonthDay(s: string): boolean {
  const m = /^(\p{L}{3,9})\.?\s+(\d{1,2})$/u.exec(s) ?? /^(\d{1,2})\.?\s+(\p{L}{3,9})\.?$/u.exec(s);
  if (!m) return false;
  const month = /\d/.test(m[1] ?? '') ? m[2] : m[1];
  return month !== undefined && monthNumber(month) !== undefined;
}

const US_STATES = new Set(
  [
    'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia',
    'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland',
    'Massachusetts', 'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire',
    'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania',
    'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia', 'Washington',
    'West Virginia', 'Wisconsin', 'Wyoming', 'District of Columbia',
    'Ala.', 'Ariz.', 'Ark.', 'Calif.', 'Colo.', 'Conn.', 'Del.', 'Fla.', 'Ga.', 'Ill.', 'Ind.', 'Kan.', 'Ky.', 'La.', 'Md.',
    'Mass.', 'Mich.', 'Minn.', 'Miss.', 'Mo.', 'Mont.', 'Neb.', 'Nev.', 'N.H.', 'N.J.', 'N.M.', 'N.Y.', 'N.C.', 'N.D.',
    'Okla.', 'Ore.', 'Pa.', 'R.I.', 'S.C.', 'S.D.', 'Tenn.', 'Vt.', 'Va.', 'Wash.', 'W.Va.', 'Wis.', 'Wyo.', 'D.C.',
  ].map((s) => s.toLowerCase()),
);

export interface LeadDateline {
  dateline: Dateline;
  /** The agency marker: "AP", "dpa", "tca/dpa". */
  credit: string;
  /** "Nov. 13" in "BERLIN, Nov. 13 (AP) _". */
  datelineDate?: string;
  /** The lead after the dash; '' when the dateline stands alone. */
  rest: string;
}

/** "CITY (AP) _ ", "CITY, State (AP) — ", "Berlin (dpa) - ", "LONDON, March 3 (Reuters) - ": the place, the agency and the dash. */
const LEAD_DATELINE = /^(?<place>[^()]{2,120}?)\s*\((?<agency>[A-Za-z][A-Za-z0-9./&' -]{0,29})\)\s*(?:_|--?|–|—)(?=\s|$)\s*/;

/** Reads the dateline at the start of a lead, or null when the lead does not open with one. */
export function parseLeadDateline(lead: string): LeadDateline | null {
  const m = LEAD_DATELINE.exec(lead.slice(0, 200));
  const place = m?.groups?.place;
  const agency = m?.groups?.agency?.trim();
  if (!m || !place || !agency) return null;
  const segments = place.split(',').map((s) => s.trim());
  const city = segments[0] ?? '';
  if (!isPlace(city)) return null;
  let region: string | undefined;
  let datelineDate: string | undefined;
  for (const segment of segments.slice(1)) {
    if (!datelineDate && isMonthDay(segment)) datelineDate = segment;
    else if (!region && !datelineDate && isPlace(segment)) region = segment;
    else return null;
  }
  const dateline: Dateline = { text: region ? `${city}, ${region}` : city, city: hasLowerCase(city) ? city : titleCase(city) };
  if (region && !US_STATES.has(region.toLowerCase()) && !US_STATES.has(titleCase(region).toLowerCase())) {
    dateline.country = hasLowerCase(region) ? region : titleCase(region);
  }
  return { dateline, credit: agency, ...(datelineDate ? { datelineDate } : {}), rest: lead.slice(m[0].length) };
}

const AGENCY_NAMES = new Set(
  ['AP', 'Associated Press', 'The Associated Press', 'dpa', 'Deutsche Presse-Agentur', 'AFP', 'Agence France-Presse', 'Reuters', 'UPI', 'PA', 'AAP', 'ANSA', 'EFE', 'Kyodo', 'Xinhua', 'Bloomberg', 'tca', 'Tribune Content Agency'].map((s) => s.toLowerCase()),
);
export const isAgencyName = (s: string): boolean => AGENCY_NAMES.has(s.trim().toLowerCase());

const NAME_PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'der', 'den', 'van', 'von', 'du', 'le', 'la', 'dos', 'das', 'do', 'ter', 'ten', 'bin', 'ibn', 'al', 'el', 'y', 'zu']);
/** Words that make a "name" a group or a job, not a person: "dpa correspondents", "AP Staff". */
const NOT_NAME_WORDS = /\b(?:staff|correspondents?|reporters?|writers?|editors?|press|news|agency|service|desk|bureau|team)\b/i;

/** Two to six capitalised words with the usual particles between: "Tom Krasovic", "Rui da Costa Lima", "Jean-Luc O'Neill Jr.". */
function isPersonName(name: string): boolean {
  if (name.length > 100 || NOT_NAME_WORDS.test(name) || isAgencyName(name) || /^the\s/i.test(name)) return false;
  const tokens = name.split(/\s+/);
  if (tokens.length < 2 || tokens.length > 6) return false;
  return tokens.every((t, i) => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(t) || /^(?:Mc|Mac|O'|O’|D'|D’)\p{Lu}/u.test(t) || (i > 0 && i < tokens.length - 1 && NAME_PARTICLES.has(t)));
}

/** "Associated Press", "AP Sports Writer", "The San Diego Union-Tribune", "dpa": what may follow the names. */
export function isAffiliation(s: string): boolean {
  if (s.length === 0 || s.length > 100 || /[!?;:]/.test(s)) return false;
  if (isAgencyName(s)) return true;
  if (s.split(/\s+/).length > 8) return false;
  return /^\p{Lu}/u.test(s) && (/^the\s/i.test(s) || NOT_NAME_WORDS.test(s) || /\b(?:columnist|critic|analyst|producer|contributor|chief|tribune|times|post|herald|journal|gazette)\b/i.test(s));
}

export interface ByLineResult {
  bylines: Byline[];
  /** "Associated Press" in "By JANE DOE, Associated Press"; set as each byline's role. */
  affiliation?: string;
  /** The text of a byline that names no person: "The Associated Press", "dpa correspondents". */
  nonPerson?: string;
}

/**
 * "By PAUL BYRNE and ALMUDENA CALATRAVA=", "By Tom Krasovic, The San Diego Union-Tribune =", "By Manuel Schwarz, dpa":
 * the names (capitals made title case, "By " and the "=" end mark stripped, "and" split), or null if the line is no "By" line.
 */
export function parseByLineText(line: string): ByLineResult | null {
  const m = /^by\s+(.+?)\s*=?\s*$/i.exec(line.trim());
  const body = m?.[1];
  if (!body || body.length > 300) return null;
  let names = body;
  let affiliation: string | undefined;
  const comma = body.lastIndexOf(',');
  if (comma !== -1) {
    const tail = body.slice(comma + 1).trim();
    if (isAffiliation(tail) || !isPersonName(casedName(tail, body))) {
      affiliation = tail;
      names = body.slice(0, comma).trim();
    }
  }
  const parts = names.split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/i).map((p) => casedName(p.trim(), names));
  if (parts.length === 0 || parts.length > 20 || !parts.every(isPersonName)) return { bylines: [], nonPerson: body };
  const bylines = parts.map((name) => (affiliation ? { name, role: affiliation } : { name }));
  return { bylines, ...(affiliation ? { affiliation } : {}) };
}

/** Names printed all in capitals ("PAUL BYRNE") are stored as "Paul Byrne"; names in mixed case stay as printed. */
function casedName(name: string, whole: string): string {
  return hasLowerCase(whole.replace(/\b(?:and|with)\b/g, '')) ? name : titleCase(name);
}

// Result building ------------------------------------------------------------------------------

/** Collects blocks under the article model's limits; `paragraphs` counts paragraphs only. */
export class BlockSink {
  readonly blocks: Block[] = [];
  paragraphs = 0;

  constructor(private readonly file: string) {}

  paragraph(text: string, line?: number): void {
    if (text.length > MAX_PARAGRAPH) refuse(this.file, `a paragraph of ${text.length} characters is longer than the ${MAX_PARAGRAPH} allowed`, line);
    this.push({ type: 'paragraph', text }, line);
    this.paragraphs++;
  }

  crosshead(text: string, line?: number): void {
    this.push({ type: 'crosshead', text }, line);
  }

  private push(block: Block, line?: number): void {
    if (this.blocks.length >= MAX_BLOCKS) refuse(this.file, `the body has more than ${MAX_BLOCKS} blocks`, line);
    this.blocks.push(block);
  }
}

export function newReport(format: string, warnings: string[]): WireReport {
  return { format, recognised: [], dropped: [], warnings: [...warnings] };
}

/** "(Reporting by …)", "(Editing by …)", "(Compiled by …)": agency sign-offs that close a body. */
export function isSignOff(t: string): boolean {
  return /^\((?:additional |further )?(?:reporting|writing|editing|compiled|translated|research)\b[^()]{0,300}\)$/i.test(t);
}

/** Drops agency sign-offs from the end of the body into the report. */
export function dropSignOffs(sink: BlockSink, report: WireReport): void {
  for (let last = sink.blocks.at(-1); last?.type === 'paragraph' && isSignOff(last.text); last = sink.blocks.at(-1)) {
    sink.blocks.pop();
    sink.paragraphs--;
    report.dropped.push(last.text);
    report.recognised.push(`sign-off: ${last.text}`);
  }
}

/** Applies the lead's dateline to the first paragraph; returns the dateline and credit it found. */
export function takeLeadDateline(sink: BlockSink, report: WireReport): LeadDateline | null {
  const at = sink.blocks.findIndex((b) => b.type === 'paragraph');
  const lead = sink.blocks[at];
  if (at === -1 || lead?.type !== 'paragraph') return null;
  const found = parseLeadDateline(lead.text);
  if (!found) return null;
  report.recognised.push(`dateline: ${found.dateline.text}`, `credit: ${found.credit} (from the dateline)`);
  if (found.datelineDate) report.recognised.push(`dateline date: ${found.datelineDate}`);
  if (found.rest.trim() === '') {
    sink.blocks.splice(at, 1);
    sink.paragraphs--;
  } else {
    sink.blocks[at] = { type: 'paragraph', text: found.rest.trim() };
  }
  return found;
}

/** "1st Ld-Writethru", "1ST LEAD", "3rdLd-Writethru": the nth lead is the item's version n + 1. */
export function versionFromTakeKey(key: string): number | undefined {
  const m = /\b(\d{1,2})(?:st|nd|rd|th)\s*(?:Ld\b|lead\b)/i.exec(key);
  return m ? Number(m[1]) + 1 : undefined;
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Adds the bylines to the report. */
export function recordBylines(report: WireReport, bylines: readonly Byline[]): void {
  for (const b of bylines) report.recognised.push(`byline: ${b.name}${b.role ? `, ${b.role}` : ''}`);
}

/** A UTC instant, or null (with a warning) when the parts are not a real date and time. */
export function utcInstant(year: number, month: number, day: number, hour: number, minute: number, offsetHours: number): string | null {
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return null;
  return new Date(d.getTime() - offsetHours * 3600_000).toISOString();
}

// ---------------------------------------------------------------------------------------------
// ANPA sniffing

/**
 * A cheap sniff on the first bytes: optional SYNs, SOH, a first header line like "W2870" (service level and
 * message number), a second one with priority, category and a DC1–DC4 format code, and STX after them.
 */
export function isAnpa(input: Buffer): boolean {
  if (!(input instanceof Uint8Array) || input.length < 8) return false;
  const head = Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, 1024)).toString('latin1');
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const m = /^\u0016*\u0001([^\u0002\u0003]{0,600})\u0002/.exec(head);
  if (!m?.[1]) return false;
  const lines = m[1].split(/\r?\n/);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return /^[A-Za-z]\d{3,5}(?:\u001f|\s|$)/.test(lines[0] ?? '') && lines.slice(1).some((l) => /^[a-z] [a-z]{1,2}[\u0011-\u0014]/i.test(l));
}

// ---------------------------------------------------------------------------------------------
// ANPA parsing

const PRIORITIES: Record<string, string> = { f: 'flash', b: 'bulletin', u: 'urgent', r: 'routine', d: 'deferred' };
/** AP category codes this parser maps to a section, only where the code is unambiguous. */
const CATEGORY_SECTIONS: Record<string, string> = { s: 'sport', e: 'entertainment' };
/** AP sports desk codes in the keyword ("BC-BKN--Heat-Hawks"). */
const SPORTS_DESKS = new Set(['BKC', 'BKN', 'BKW', 'BKL', 'BKO', 'BBA', 'BBN', 'BBO', 'BBC', 'BBM', 'FBC', 'FBN', 'FBO', 'FBH', 'FBU', 'HKN', 'HKO', 'HKC', 'GLF', 'TEN', 'SOC', 'CAR', 'BOX', 'OLY', 'RAC', 'SKI', 'CYC', 'ATH', 'MMA', 'WRE', 'SPT']);
/** US time zones AP files in, hours from UTC. */
const ZONES: Record<string, number> = { GMT: 0, UTC: 0, UT: 0, EDT: -4, EST: -5, CDT: -5, CST: -6, MDT: -6, MST: -7, PDT: -7, PST: -8 };

interface AnpaHeader {
  service?: string;
  sequence?: string;
  selectors?: string;
  priority?: string;
  category?: string;
  tabular: boolean;
  keyword?: string;
  version?: string;
  filed?: string;
  words?: number;
}

type LineKind = 'blank' | 'flush' | 'indent' | 'row' | 'plain';

interface TextLine {
  no: number;
  kind: LineKind;
  text: string;
  /** "<" or "=" when the line is ended by a quad mark and must not run on into the next. */
  end: '' | '<' | '=';
}

/** Parses one ANPA-1312 story. Throws an `invalid_wire_copy` AppError naming the file (and line) when it is not one. */
export function parseAnpa(input: Buffer, opts: { fileName?: string } = {}): WireParseResult {
  const file = opts.fileName?.trim() || 'input';
  return guarded(file, 'ANPA-1312', () => {
    const decoded = decodeControlWire(input, file, 'ANPA-1312');
    return new AnpaParser(decoded.text, file, decoded.warnings).parse(opts.fileName);
  });
}

class AnpaParser {
  private readonly report: WireReport;
  private readonly sink: BlockSink;
  private readonly controls = { unexpected: 0 };
  private bylines: Byline[] = [];
  private credit: string | undefined;
  /** "The Associated Press" from "By The Associated Press", used when neither dateline nor trailer names the agency. */
  private bylineCredit: string | undefined;
  private standfirst: string[] = [];
  private tableRows = 0;
  private preformatted = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    warnings: string[],
  ) {
    this.report = newReport(FORMAT, warnings);
    this.sink = new BlockSink(file);
  }

  parse(source: string | undefined): WireParseResult {
    const { text, file, report } = this;
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    const open = /^[\s\u0016]*\u0001/.exec(text.slice(0, 256));
    if (!open) refuse(file, 'not ANPA-1312 copy: the file does not open with SYN SYN SOH');
    const stx = text.indexOf(STX, open[0].length);
    if (stx === -1) refuse(file, 'not ANPA-1312 copy: no STX (start of text) after the SOH header');
    if (stx - open[0].length > MAX_HEADER) refuse(file, `not ANPA-1312 copy: the SOH header runs ${stx - open[0].length} characters before STX (at most ${MAX_HEADER})`);
    const header = this.readHeader(text.slice(open[0].length, stx));
    const etx = text.indexOf(ETX, stx + 1);
    if (etx === -1) refuse(file, `truncated: the text that starts with STX on line ${lineAt(text, stx)} never ends with ETX`, lineAt(text, stx));

    const lines = this.toLines(text.slice(stx + 1, etx), lineAt(text, stx));
    if (!lines.some((l) => l.kind !== 'blank')) refuse(file, 'no text between STX and ETX', lineAt(text, stx));
    const keyword = this.readKeywordLine(lines);
    const headline = this.readHead(lines);
    this.readBody(lines, header.tabular);
    dropSignOffs(this.sink, report);
    if (this.sink.paragraphs === 0) refuse(file, 'no body: nothing between the headline and ETX reads as a story paragraph', lineAt(text, etx));

    const lead = takeLeadDateline(this.sink, report);
    if (lead) this.credit = lead.credit;
    const publishedAt = this.readTrailer(text.slice(etx + 1));
    this.credit ??= this.bylineCredit;

    const finalHeadline = headline ?? this.fallbackHeadline(keyword?.slug ?? header.keyword);
    if (this.controls.unexpected) report.warnings.push(`removed ${this.controls.unexpected} unexpected control character${this.controls.unexpected === 1 ? '' : 's'}`);
    if (this.tableRows) report.warnings.push(`${this.tableRows} table row${this.tableRows === 1 ? ' was' : 's were'} kept as one paragraph per row, cells separated by tabs`);
    if (this.preformatted) report.warnings.push(`${this.preformatted} preformatted line${this.preformatted === 1 ? ' was' : 's were'} kept as one paragraph per line`);
    if (!publishedAt) report.warnings.push('no filing time in the trailer (like "AP-WF-11-13-13 1509GMT"); publishedAt is empty');

    const section = this.section(header, keyword?.desk);
    const version = versionFromTakeKey(keyword?.version ?? header.version ?? '');
    if (version !== undefined) report.recognised.push(`wire version: ${version}`);
    const standfirst = this.standfirst.join(' ');
    if (standfirst) report.recognised.push('standfirst');
    report.recognised.push(`body: ${plural(this.sink.paragraphs, 'paragraph')}, ${plural(this.sink.blocks.length - this.sink.paragraphs, 'crosshead')}`);

    const article: WireDraft = {
      headline: finalHeadline,
      ...(standfirst ? { standfirst } : {}),
      dateline: lead?.dateline ?? null,
      bylines: this.bylines,
      body: this.sink.blocks,
      keyPoints: [],
      tags: [],
      ...(section ? { section } : {}),
      publishedAt,
      ...(this.credit ? { credit: this.credit } : {}),
      ...(source ? { source: source.slice(-200) } : {}),
      language: 'en',
      ...(version !== undefined ? { wireVersion: version } : {}),
    };
    return { article, report };
  }

  private readHeader(raw: string): AnpaHeader {
    const { report } = this;
    const lines = raw.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header: AnpaHeader = { tabular: false };
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    const first = /^([A-Za-z])(\d{3,5})(?:\u001f(.*))?$/.exec((lines[0] ?? '').trim());
    if (first) {
      header.service = first[1];
      header.sequence = first[2];
      const selectors = first[3]?.trim();
      report.recognised.push(`service level: ${first[1]}`, `message number: ${first[2]}`);
      if (selectors && !/^-+$/.test(selectors)) {
        header.selectors = selectors;
        report.recognised.push(`selector code: ${selectors}`);
      }
    }
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    const secondLine = /^([a-z])\s+([a-z]{1,2})([\u0011-\u0014]*)\s*(\S+)(?:\s+(.*?))?\s+(\d{2}-\d{2})(?:\s+(\d{1,6}))?\s*$/i;
    const second = lines
      .slice(first ? 1 : 0)
      .map((l) => secondLine.exec(l))
      .find((m) => m !== null);
    if (!second) {
      if (!first) refuse(this.file, 'not ANPA-1312 copy: the header after SOH has neither a service level and message number (like "W2870") nor a priority, category and keyword line');
      report.warnings.push('the second header line (priority, category, keyword, date, word count) was not understood');
      return header;
    }
    if (!first) report.warnings.push('the first header line is not a service level and message number (like "W2870")');
    const [, priority, category, codes, keyword, version, filed, words] = second;
    header.priority = priority?.toLowerCase();
    header.category = category?.toLowerCase();
    header.tabular = (codes ?? '').includes('\u0012');
    header.keyword = keyword;
    header.filed = filed;
    report.recognised.push(`priority: ${header.priority}${PRIORITIES[header.priority ?? ''] ? ` (${PRIORITIES[header.priority ?? '']})` : ''}`);
    report.recognised.push(`category: ${header.category}`);
    report.recognised.push(`format: ${header.tabular ? 'tabular (preformatted)' : 'text'}`, `header keyword: ${keyword}`, `filing date: ${filed} (month-day)`);
    if (version?.trim()) {
      header.version = version.trim();
      report.recognised.push(`version: ${header.version}`);
    }
    if (words) {
      header.words = Number(words);
      report.recognised.push(`word count: ${header.words} (header)`);
    }
    return header;
  }

  /** Splits the text into lines and sorts them by how they start. */
  private toLines(body: string, firstLine: number): TextLine[] {
    return body.split(/\r\n|\r|\n/).map((raw, i): TextLine => {
      const no = firstLine + i;
      if (raw.startsWith('\b')) return { no, kind: 'row', text: raw.slice(1), end: '' };
      const clean = stripControls(raw, this.controls).replace(/\s+$/, '');
      const end = /[<=]$/.exec(clean)?.[0] as '<' | '=' | undefined;
      const s = end ? clean.slice(0, -1).replace(/\s+$/, '') : clean;
      if (s.trim() === '') return { no, kind: 'blank', text: '', end: end ?? '' };
      if (s.startsWith('^')) return { no, kind: 'flush', text: s.slice(1).trim(), end: end ?? '' };
      if (/^(?:\t| {2,})/.test(s)) return { no, kind: 'indent', text: s.trim(), end: end ?? '' };
      return { no, kind: 'plain', text: s.trim(), end: end ?? '' };
    });
  }

  /** "^BC-LT--Argentina-Cancer Beauty,466<": the keyword line that opens the text, if it is there. */
  private readKeywordLine(lines: TextLine[]): { slug: string; desk?: string; version?: string } | undefined {
    const at = lines.findIndex((l) => l.kind !== 'blank');
    const line = lines[at];
    if (!line || line.kind !== 'flush') return undefined;
    // "*9006< ^AP-Top-Entertainment-Headlines,0176": the keyword is the last flush segment.
    const segment = (line.text.split('^').at(-1) ?? '').replace(/<\s*$/, '').trim();
    if (!/^(?:BC|AM|PM|AP)-\S/i.test(segment)) return undefined;
    lines.splice(at, 1);
    const parts = segment.split(',').map((p) => p.trim());
    const count = /^\d+$/.test(parts.at(-1) ?? '') ? parts.pop() : undefined;
    if (parts.at(-1) === '') parts.pop();
    const slug = (parts.shift() ?? '').replace(/^(?:BC|AM|PM)-/i, '');
    const version = parts.join(', ') || undefined;
    const desk = /^([A-Z]{2,4})--/.exec(slug)?.[1];
    this.report.recognised.push(`slugline: ${slug}`);
    if (version) this.report.recognised.push(`take key: ${version}`);
    this.report.dropped.push(line.text);
    if (count) this.report.recognised.push(`keyword line count: ${Number(count)}`);
    return { slug, ...(desk ? { desk } : {}), ...(version ? { version } : {}) };
  }

  /**
   * The flush lines before the first indented paragraph: headline, furniture (photos, editors' notes),
   * a summary line, the "By" line and its role. Lines after the byline (or after the last furniture) are body.
   * Returns the headline, or undefined when the item has none.
   */
  private readHead(lines: TextLine[]): string | undefined {
    const { report } = this;
    let end = 0;
    while (end < lines.length && (lines[end]?.kind === 'flush' || lines[end]?.kind === 'blank')) end++;
    const head = lines.slice(0, end).filter((l) => l.kind === 'flush');
    const kinds = head.map((l) => headKind(l.text));
    const byAt = kinds.indexOf('by');
    if (byAt !== -1 && kinds[byAt + 1] === 'other' && isAffiliation(head[byAt + 1]?.text ?? '')) kinds[byAt + 1] = 'role';
    const headlineAt = kinds.indexOf('other');
    // The head ends after the headline, the "By" line and its role, and the last piece of furniture; the rest is body.
    let last = headlineAt;
    kinds.forEach((k, i) => {
      if (k !== 'other') last = Math.max(last, i);
    });
    let byline: ByLineResult | null = null;
    head.slice(0, last + 1).forEach((line, i) => {
      const kind = kinds[i];
      if (kind === 'furniture') {
        report.dropped.push(line.text);
        report.recognised.push(/^\(?(?:eds?|editors?)\b|^editor/i.test(line.text) ? `editor's note: ${line.text}` : `media note: ${line.text}`);
        if (/\bembargo/i.test(line.text)) report.warnings.push(`an editor's note mentions an embargo ("${line.text}"); embargoUntil was not set`);
      } else if (kind === 'by') {
        byline = parseByLineText(line.text);
      } else if (kind === 'role') {
        const role = line.text;
        if (byline) byline = { ...byline, affiliation: role, bylines: byline.bylines.map((b) => ({ ...b, role })) };
      } else if (i === headlineAt) {
        if (line.text.length > MAX_HEADLINE) refuse(this.file, `the headline is ${line.text.length} characters long; at most ${MAX_HEADLINE} are allowed`, line.no);
        report.recognised.push('headline');
      } else {
        this.standfirst.push(line.text);
      }
    });
    this.takeByline(byline);
    if (this.standfirst.join(' ').length > MAX_STANDFIRST) {
      report.warnings.push('the summary lines above the byline are too long for a standfirst; they were kept as body paragraphs');
      for (const s of this.standfirst) this.sink.paragraph(s);
      this.standfirst = [];
    }
    const bodyFrom = head[last + 1];
    lines.splice(0, bodyFrom ? lines.indexOf(bodyFrom) : end);
    return headlineAt === -1 ? undefined : head[headlineAt]?.text;
  }

  private takeByline(byline: ByLineResult | null): void {
    if (!byline) return;
    if (byline.nonPerson) {
      this.report.recognised.push(`byline names no person: ${byline.nonPerson}`);
      if (isAgencyName(byline.nonPerson)) this.bylineCredit = byline.nonPerson;
      return;
    }
    this.bylines = byline.bylines;
    recordBylines(this.report, byline.bylines);
  }

  private readBody(lines: TextLine[], tabular: boolean): void {
    let open: { lines: string[]; no: number } | null = null;
    const close = () => {
      if (open) this.sink.paragraph(joinWrapped(open.lines), open.no);
      open = null;
    };
    for (const line of lines) {
      const t = line.text;
      if (line.kind === 'blank') {
        close();
        continue;
      }
      if (line.kind === 'row') {
        close();
        this.tableRow(line);
        continue;
      }
      if (line.kind === 'plain' && open) {
        open.lines.push(t);
        if (line.end || tabular) close();
        continue;
      }
      close();
      if (/^_{3,}$/.test(t) || /^END$/.test(t)) {
        this.report.dropped.push(t);
        continue;
      }
      if (tabular && /;.*;/.test(t)) {
        this.tableRow(line);
      } else if (line.kind === 'flush' && line.end === '=' && t.length <= MAX_HEADLINE) {
        this.sink.crosshead(t, line.no);
      } else if (!tabular && line.kind === 'indent' && this.sink.paragraphs > 0 && isCapsHead(t)) {
        this.sink.crosshead(t, line.no);
      } else if (tabular || line.end || line.kind === 'flush' || looksPreformatted(t)) {
        if (looksPreformatted(t)) this.preformatted++;
        this.sink.paragraph(t, line.no);
      } else {
        open = { lines: [t], no: line.no };
      }
    }
    close();
  }

  /** A row of an AP agate table: cells split by ";" or RS/US, DLE fixed spaces dropped, "{" read as ½. */
  private tableRow(line: TextLine): void {
    const raw = line.kind === 'row' ? line.text.replace(/^\^/, '') : line.text;
    const cells = raw
      .replaceAll(DLE, '')
      .replace(/[<=]\s*$/, '')
      // eslint-disable-next-line no-control-regex -- RS and US separate the cells
      .split(/\s*(?:;|[\u001e\u001f][\s\u001e\u001f]*)\s*/)
      .map((c) => stripControls(c, this.controls).trim().replace(/\{/g, '½'));
    while (cells.length > 1 && cells.at(-1) === '') cells.pop();
    const text = cells.join('\t');
    if (text.trim() === '') return;
    this.tableRows++;
    this.sink.paragraph(text, line.no);
  }

  /** "AP-WF-11-13-13 1509GMT<": the filing time, as a UTC instant. */
  private readTrailer(trailer: string): string | null {
    let publishedAt: string | null = null;
    for (const raw of trailer.split(/\r\n|\r|\n/)) {
      const t = stripControls(raw, { unexpected: 0 }).replace(/<\s*$/, '').trim();
      if (!t) continue;
      this.report.dropped.push(t);
      const m = /^([A-Z]{2,4})-([A-Z]{1,4})-(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})\s*([A-Z]{2,4})?$/.exec(t);
      if (!m || publishedAt) continue;
      const zone = m[8] ?? 'GMT';
      const offset = ZONES[zone];
      if (offset === undefined) {
        this.report.warnings.push(`the time zone "${zone}" in the trailer "${t}" is not understood; the time was read as UTC`);
      } else if (!m[8]) {
        this.report.warnings.push(`the trailer "${t}" gives no time zone; the time was read as UTC`);
      }
      publishedAt = utcInstant(2000 + Number(m[5]), Number(m[3]), Number(m[4]), Number(m[6]), Number(m[7]), offset ?? 0);
      if (publishedAt) {
        this.report.recognised.push(`filed: ${publishedAt} (trailer ${m[1]}-${m[2]})`);
        if (m[1] === 'AP') this.credit ??= 'AP';
      } else {
        this.report.warnings.push(`the trailer "${t}" is not a real date and time`);
      }
    }
    return publishedAt;
  }

  /** An item without a headline line: a one-paragraph alert is its own headline, else the keyword stands in. */
  private fallbackHeadline(slug: string | undefined): string {
    const first = this.sink.blocks.find((b) => b.type === 'paragraph');
    if (this.sink.paragraphs === 1 && first?.type === 'paragraph' && first.text.length <= MAX_HEADLINE) {
      this.report.warnings.push('no headline line; the text of the one-paragraph alert was used as the headline');
      return first.text;
    }
    const name = slug?.replace(/^[A-Z]{2,4}--/, '').trim();
    if (name) {
      this.report.warnings.push(`no headline line; the keyword "${name}" was used as the headline`);
      return name.slice(0, MAX_HEADLINE);
    }
    return refuse(this.file, 'no headline: no headline line after the keyword and no keyword to stand in');
  }

  private section(header: AnpaHeader, desk: string | undefined): string | undefined {
    const byCategory = CATEGORY_SECTIONS[header.category ?? ''];
    const section = byCategory ?? (desk && SPORTS_DESKS.has(desk) ? 'sport' : undefined);
    if (section) this.report.recognised.push(`section: ${section} (${byCategory ? `category ${header.category}` : `desk ${desk}`})`);
    return section;
  }
}

type HeadKind = 'furniture' | 'by' | 'other' | 'role';

function headKind(t: string): HeadKind {
  if (/^by\s+\S/i.test(t)) return 'by';
  if (/^\(?(?:eds?|editors?)\s*:/i.test(t) || /^editor['’]?s['’]? note\b/i.test(t)) return 'furniture';
  if (/^(?:AP|With AP) (?:Photos?|Video|Audio|Graphics?|Interactive|Images?)\b/i.test(t) || /^Photos?:/i.test(t)) return 'furniture';
  return 'other';
}

/** "TIP-INS", "UP NEXT", "1. BAHAMIANS BEGIN RESCUES": a short line in capitals inside the body. */
function isCapsHead(t: string): boolean {
  return t.length <= 120 && !hasLowerCase(t) && (t.match(/\p{Lu}/gu)?.length ?? 0) >= 3 && !/[.,;:]$/.test(t) && !parseLeadDateline(`${t} `);
}
