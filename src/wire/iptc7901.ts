import type { Byline } from '../domain/article.js';
import {
  BlockSink,
  dropSignOffs,
  ETX,
  decodeControlWire,
  guarded,
  isAnpa,
  isSignOff,
  joinWrapped,
  lineAt,
  looksPreformatted,
  MAX_HEADER,
  MAX_HEADLINE,
  monthNumber,
  newReport,
  parseByLineText,
  plural,
  recordBylines,
  refuse,
  STX,
  stripControls,
  takeLeadDateline,
  utcInstant,
  versionFromTakeKey,
} from './anpa.js';
import type { WireDraft, WireParseResult, WireReport } from './types.js';

/**
 * IPTC 7901 wire copy as dpa sends it:
 *
 *   SOH eca062 4 i 211 ccccb   dpa 061               service and number, priority, category, word count, …, source, number
 *   Germany-politics/                                  keyword (slugline), "/" between keywords
 *   STX 1ST LEAD                                       take keys ("1ST LEAD", "REFILE", "EXTRA", "(Achtung)")
 *   Germany Social Democrats: Coalition talks … =      the heading, ended by " ="
 *   By Manuel Schwarz, dpa =                           or a byline line ending the heading block
 *
 *      Berlin (dpa) - Negotiations between …           paragraphs split by blank lines, hard-wrapped at ~70 columns
 *
 *   # dpa NOTEBOOK / * * * * / The following information is not for publication   the notebook: dropped
 *   dpa wsz jln npr                                    desk initials: dropped
 *   ETX 131137 GMT Nov 13                              day, hour, minute, zone, month, year: the filing time
 */

const FORMAT = 'iptc-7901';
const LABEL = 'IPTC 7901';

/** dpa category codes mapped to a section only where the code is unambiguous (English and German services). */
const CATEGORY_SECTIONS: Record<string, string> = { s: 'sport', sp: 'sport', spo: 'sport', pl: 'politics', pol: 'politics', ku: 'arts', kul: 'arts' };
/** How many non-blank lines after STX may make up the heading block (take keys, headline, byline). */
const HEADING_LINES = 8;
const ZONES: Record<string, number> = { GMT: 0, UTC: 0, UT: 0, MEZ: 1, CET: 1, MESZ: 2, CEST: 2 };

/** A cheap sniff on the first bytes: SOH, a header line like "eca062 4 i 211 …" (priority digit, category, word count), then STX. */
export function isIptc7901(input: Buffer): boolean {
  if (!(input instanceof Uint8Array) || input.length < 8 || isAnpa(input)) return false;
  const head = Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, 2048)).toString('latin1');
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const m = /^\u0016*\u0001([^\u0002\u0003]{0,1500})\u0002/.exec(head);
  return m?.[1] !== undefined && /^\s*\S+\s+\d\s+[A-Za-z]{1,3}\s+\d+\b/.test(m[1]);
}

/** Parses one IPTC 7901 story. Throws an `invalid_wire_copy` AppError naming the file (and line) when it is not one. */
export function parseIptc7901(input: Buffer, opts: { fileName?: string } = {}): WireParseResult {
  const file = opts.fileName?.trim() || 'input';
  return guarded(file, LABEL, () => {
    const decoded = decodeControlWire(input, file, LABEL);
    if (isAnpa(input)) refuse(file, 'this is ANPA-1312 copy (its header has a DC1–DC4 format code), not IPTC 7901; use the ANPA parser');
    return new Iptc7901Parser(decoded.text, file, decoded.warnings).parse(opts.fileName);
  });
}

interface Header {
  category?: string;
  source?: string;
  keywords: string[];
}

interface Line {
  no: number;
  /** Trailing white space and control characters removed; leading white space kept (an indent starts a paragraph). */
  raw: string;
  text: string;
}

/** The notebook and its "not for publication" part, in the English and German services. */
const TAIL_START = [
  /^#+\s*(?:dpa[- ])?(?:notebook|notizblock)\b/i,
  /^\*\s*\*\s*\*/,
  /^the following information is not (?:intended )?for publication/i,
  /^die folgenden informationen sind nicht (?:zur|für die) veröffentlichung/i,
];
/** "dpa wsz jln npr", "dpa-AFX ab cd": the desk initials that sign an item off. */
const DESK_INITIALS = /^(?:dpa|tca|dpa-[a-z]+)(?:\s+[a-z]{2,4}){1,8}$/i;

class Iptc7901Parser {
  private readonly report: WireReport;
  private readonly sink: BlockSink;
  private readonly controls = { unexpected: 0 };
  private bylines: Byline[] = [];
  private takeKeys: string[] = [];
  private preformatted = 0;
  private german = false;

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
    if (!open) refuse(file, 'not IPTC 7901 copy: the file does not open with SOH');
    const stx = text.indexOf(STX, open[0].length);
    if (stx === -1) refuse(file, 'not IPTC 7901 copy: no STX (start of text) after the SOH header');
    if (stx - open[0].length > MAX_HEADER) refuse(file, `not IPTC 7901 copy: the SOH header runs ${stx - open[0].length} characters before STX (at most ${MAX_HEADER})`);
    const header = this.readHeader(text.slice(open[0].length, stx));
    const etx = text.indexOf(ETX, stx + 1);
    if (etx === -1) refuse(file, `truncated: the text that starts with STX on line ${lineAt(text, stx)} never ends with ETX`, lineAt(text, stx));

    const firstLine = lineAt(text, stx);
    const lines = text
      .slice(stx + 1, etx)
      .split(/\r\n|\r|\n/)
      .map((raw, i): Line => {
        const clean = stripControls(raw, this.controls).replace(/\s+$/, '');
        return { no: firstLine + i, raw: clean, text: clean.trim() };
      });
    if (!lines.some((l) => l.text !== '')) refuse(file, 'no text between STX and ETX', firstLine);

    const { headline, bodyStart } = this.readHeading(lines);
    this.readBody(lines.slice(bodyStart));
    dropSignOffs(this.sink, report);
    if (this.sink.paragraphs === 0) refuse(file, 'no body: nothing after the heading reads as a story paragraph', lines[bodyStart]?.no ?? firstLine);

    const lead = takeLeadDateline(this.sink, report);
    const publishedAt = this.readTrailer(text.slice(etx + 1));
    const credit = lead?.credit ?? header.source;
    if (!lead && header.source) report.recognised.push(`credit: ${header.source} (from the header)`);
    if (!publishedAt) report.warnings.push('no filing time after ETX (like "131137 GMT Nov 13"); publishedAt is empty');
    if (this.controls.unexpected) report.warnings.push(`removed ${plural(this.controls.unexpected, 'unexpected control character')}`);
    if (this.preformatted) report.warnings.push(`${plural(this.preformatted, 'preformatted line')} (columns aligned with spaces) kept as one paragraph per line`);

    const section = CATEGORY_SECTIONS[header.category ?? ''];
    if (section) report.recognised.push(`section: ${section} (category ${header.category})`);
    const version = this.takeKeys.map(versionFromTakeKey).find((v) => v !== undefined);
    if (version !== undefined) report.recognised.push(`wire version: ${version}`);
    const tags = [...new Set(header.keywords.map((k) => k.toLowerCase()).filter((k) => k.length <= 60))].slice(0, 50);
    const language = this.german ? 'de' : 'en';
    if (this.german) report.recognised.push('language: de (German notebook)');
    report.recognised.push(`body: ${plural(this.sink.paragraphs, 'paragraph')}, ${plural(this.sink.blocks.length - this.sink.paragraphs, 'crosshead')}`);

    const article: WireDraft = {
      headline,
      dateline: lead?.dateline ?? null,
      bylines: this.bylines,
      body: this.sink.blocks,
      keyPoints: [],
      tags,
      ...(section ? { section } : {}),
      publishedAt,
      ...(credit ? { credit } : {}),
      ...(source ? { source: source.slice(-200) } : {}),
      language,
      ...(version !== undefined ? { wireVersion: version } : {}),
    };
    return { article, report };
  }

  /** "eca062 4 i 211 ccccb   dpa 061" and the keyword line "Germany-politics/". */
  private readHeader(raw: string): Header {
    const { report } = this;
    const lines = raw
      .split(/\r\n|\r|\n/)
      .map((l) => stripControls(l, this.controls).trim())
      .filter((l) => l !== '');
    const header: Header = { keywords: [] };
    const tokens = (lines[0] ?? '').split(/\s+/);
    const [id, priority, category, words] = tokens;
    if (id && priority && /^\d$/.test(priority) && category && /^[A-Za-z]{1,3}$/.test(category) && words && /^\d+$/.test(words)) {
      header.category = category.toLowerCase();
      report.recognised.push(`service and number: ${id}`, `priority: ${priority}`, `category: ${header.category}`, `word count: ${Number(words)} (header)`);
      const rest = tokens.slice(4);
      if (rest.length >= 2 && /^\d+$/.test(rest.at(-1) ?? '')) {
        const number = rest.pop();
        header.source = rest.pop();
        report.recognised.push(`source: ${header.source}`, `message number: ${number}`);
      }
      if (rest.length) report.recognised.push(`header codes: ${rest.join(' ')}`);
    } else {
      report.warnings.push('the header line after SOH is not "service number priority category word-count … source number"');
    }
    const keyword = lines.slice(1).join(' ').replace(/\/+\s*$/, '').trim();
    if (keyword) {
      report.recognised.push(`slugline: ${keyword}`);
      header.keywords = keyword.split('/').map((k) => k.trim()).filter((k) => k !== '');
    }
    return header;
  }

  /**
   * The heading block after STX: take keys, the headline and a byline, the last of them ended by " =".
   * Returns the headline and where the body starts.
   */
  private readHeading(lines: Line[]): { headline: string; bodyStart: number } {
    const { report } = this;
    // The heading block ends at the first line ended by " =" among the first few lines, blank lines between allowed
    // ("EXTRA", "", "Headline ="); a "By" line right after a headline ended by " =" still belongs to it.
    const candidates = lines.map((l, at) => ({ l, at })).filter(({ l }) => l.text !== '').slice(0, HEADING_LINES);
    const endAt = candidates.findIndex(({ l }) => /=$/.test(l.text));
    const fits = endAt !== -1 && candidates.slice(0, endAt).every(({ l }) => l.text.length <= MAX_HEADLINE);
    let block: { l: Line; at: number }[];
    if (fits) {
      block = candidates.slice(0, endAt + 1);
      const next = candidates[endAt + 1];
      if (next && /^by\s/i.test(next.l.text) && !/^by\s/i.test(candidates[endAt]?.l.text ?? '')) block.push(next);
    } else {
      // No " =" end mark: the first line is taken as the heading and what follows as the body.
      block = candidates.slice(0, 1);
      if (candidates.length > 1) report.warnings.push('the heading is not ended by " ="; the first line after STX was taken as the headline');
    }
    const i = (block.at(-1)?.at ?? lines.length) + 1;
    const texts = block.map(({ l }) => l.text.replace(/\s*=$/, '').trim());
    const firstLine = block[0]?.l;
    let headlineAt = texts.length - 1;
    while (headlineAt > 0 && /^by\s/i.test(texts[headlineAt] ?? '')) headlineAt--;
    const heading = block[headlineAt]?.l;
    const headline = texts[headlineAt] ?? '';
    if (!heading || headline === '' || /^by\s/i.test(headline)) refuse(this.file, 'no headline: the text after STX has no heading line', heading?.no ?? firstLine?.no);
    if (headline.length > MAX_HEADLINE) refuse(this.file, `the headline is ${headline.length} characters long; at most ${MAX_HEADLINE} are allowed`, heading.no);
    report.recognised.push('headline');
    this.takeKeys = texts.slice(0, headlineAt);
    for (const key of this.takeKeys) {
      report.recognised.push(`take key: ${key}`);
      report.dropped.push(key);
    }
    for (const by of texts.slice(headlineAt + 1)) this.takeByline(by);
    return { headline, bodyStart: i };
  }

  private takeByline(text: string): void {
    const by = parseByLineText(text);
    if (!by) return;
    if (by.nonPerson) {
      this.report.recognised.push(`byline names no person: ${by.nonPerson}`);
      return;
    }
    this.bylines.push(...by.bylines);
    recordBylines(this.report, by.bylines);
  }

  /** Paragraphs split by blank lines or an indent, hard wraps joined; the notebook and sign-offs dropped. */
  private readBody(lines: Line[]): void {
    const { report } = this;
    let open: Line[] = [];
    const close = () => {
      if (open.length) this.addParagraph(open);
      open = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as Line;
      const t = line.text;
      if (TAIL_START.some((re) => re.test(t))) {
        close();
        this.dropTail(lines.slice(i));
        return;
      }
      if (t === '') {
        close();
      } else if (t === '=' || DESK_INITIALS.test(t) || /^internet:/i.test(t)) {
        close();
        report.dropped.push(t);
        if (DESK_INITIALS.test(t)) report.recognised.push(`desk sign-off: ${t}`);
      } else if (looksPreformatted(line.raw)) {
        close();
        this.preformatted++;
        this.sink.paragraph(t, line.no);
      } else {
        if (/^\s/.test(line.raw)) close();
        open.push(line);
      }
    }
    close();
  }

  private addParagraph(lines: Line[]): void {
    const text = joinWrapped(lines.map((l) => l.text));
    const first = lines[0] as Line;
    const next = this.sink.paragraphs > 0 && lines.length === 1 && isCrosshead(text);
    if (next) {
      this.sink.crosshead(text, first.no);
      this.report.recognised.push(`crosshead: ${text}`);
    } else if (isSignOff(text)) {
      this.report.dropped.push(text);
      this.report.recognised.push(`sign-off: ${text}`);
    } else {
      this.sink.paragraph(text, first.no);
    }
  }

  private dropTail(lines: Line[]): void {
    const kept = lines.map((l) => l.text).filter((t) => t !== '');
    this.report.recognised.push(`notebook: ${plural(kept.length, 'line')} not for publication`);
    this.report.dropped.push(...kept);
    if (kept.some((t) => /notizblock|veröffentlichung|redaktionelle hinweise/i.test(t))) this.german = true;
  }

  /** "131137 GMT Nov 13", "211259 Nov 18", "071341 GMT Okt 15": day, hour, minute, zone, month, year. */
  private readTrailer(trailer: string): string | null {
    for (const raw of trailer.split(/\r\n|\r|\n/)) {
      const t = stripControls(raw, { unexpected: 0 }).trim();
      if (!t) continue;
      this.report.dropped.push(t);
      const m = /^(\d{2})(\d{2})(\d{2})\s+(?:([A-Z]{2,4})\s+)?(\p{L}{3,9})\.?\s+(\d{2}|\d{4})$/u.exec(t);
      const month = m?.[5] ? monthNumber(m[5]) : undefined;
      if (!m || month === undefined) continue;
      const zone = m[4];
      const offset = zone ? ZONES[zone] : 0;
      if (!zone) this.report.warnings.push(`the filing time "${t}" gives no time zone; it was read as UTC`);
      else if (offset === undefined) this.report.warnings.push(`the time zone "${zone}" in "${t}" is not understood; the time was read as UTC`);
      const year = (m[6] ?? '').length === 2 ? 2000 + Number(m[6]) : Number(m[6]);
      const instant = utcInstant(year, month, Number(m[1]), Number(m[2]), Number(m[3]), offset ?? 0);
      if (!instant) {
        this.report.warnings.push(`the filing time "${t}" is not a real date and time`);
        return null;
      }
      this.report.recognised.push(`filed: ${instant}`);
      return instant;
    }
    return null;
  }
}

/** A one-line paragraph that reads as a subheading: short, capitalised, without closing punctuation. */
function isCrosshead(t: string): boolean {
  return t.length <= 80 && /^\p{Lu}/u.test(t) && !/[.,;:!?"'“”‘’»«)\]-]$/.test(t) && t.split(/\s+/).length <= 10 && !/\(\w+\)\s*[-–—_]/.test(t);
}
