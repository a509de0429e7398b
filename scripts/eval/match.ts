/**
 * The matching rules of the ingest evaluation (docs/ingest-accuracy.md lists them): text is compared after
 * normalising case, white space, typographic quotes and dashes, and trailing punctuation.
 */

/** Lower case, one space, straight quotes, ASCII hyphens, no trailing . , ; : ! ? … */
export function normText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[\s.,;:!?…]+$/u, '');
}

export function headlineMatches(got: string, expected: readonly string[]): boolean {
  const g = normText(got);
  return expected.some((e) => normText(e) === g);
}

/** Agencies and outlets that stand in byline slots; they are not people, so both sides drop them. */
const AGENCIES = new Set(
  [
    'ap', 'afp', 'reuters', 'reuter', 'dpa', 'aap', 'upi', 'pa', 'ansa', 'efe', 'kyodo', 'xinhua', 'bloomberg', 'anadolu',
    'ntb', 'tt', 'stt', 'ritzau', 'ana', 'ana-mpa', 'tca', 'sipa', 'scoop', 'wenn', 'cnn', 'bbc', 'associated press',
    'the associated press', 'agence france-presse', 'press association', 'pa media', 'deutsche presse-agentur',
  ],
);
/** A piece naming a job ("AP Sports Writer", "Staff Reporter") or an organisation ("BBC News", "The Anti-Doping Database"). */
const ROLE = /\b(?:writer|correspondent|reporter|editor|staff|producer|columnist|contributor|photographer|journalist|analyst|bureau|chief|desk)s?\b/;
const ORGANISATION = /^the\s|\b(?:news|network|press|agency|wire|media|database|times|post|tribune|herald|journal|gazette|magazine|online)\b/;
const BY = /^(?:by|von|av|par|door|written by|words by)(?:\s*:?\s+|\s*:?$)/;
const SEPARATORS = /\s*(?:[,;|()]|\band\b|\bund\b|\bog\b|\boch\b|\bet\b|\bavec\b|\bwith\b|&)\s*/;
/** Credits that are not bylines ("Edited by ..."), dates and URLs that pages print in the byline slot. */
const CREDIT = /^(?:edited|photos?|photographs|pictures|illustrations?|graphics|video|additional reporting|reporting|translated|compiled)\s+by\b/;
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const DATEISH = new RegExp(String.raw`^(?:(?:last\s+)?updated|published|posted|modified)\b|^${MONTH}\s+\d|^\d`);
/** Degrees printed after a name ("Brenda Goodman, MA"). */
const DEGREE = /^(?:ma|ms|msc|md|phd|ph\.d|mba|mph|rn|bsc|ba)$/;
const URL = /:\/\/|^www\.|\.(?:com|org|net)\b/;
const TRAILING_MONTH = new RegExp(String.raw`\s+${MONTH}$`);

function isNotAPerson(piece: string): boolean {
  return AGENCIES.has(piece) || ROLE.test(piece) || ORGANISATION.test(piece);
}

/**
 * The set of person names in byline strings: split at line breaks, commas, parentheses, "and", "&", "with"
 * (and their French, German and Nordic forms); "By" dropped; pieces that are agencies, roles, organisations,
 * other credits ("Edited by"), dates or URLs dropped; digits glued to a name cut off ("Nolan22 Dec 2016").
 */
export function bylineNames(raws: readonly string[], ignore: readonly string[] = []): Set<string> {
  const skip = new Set(ignore.map(normText));
  const names = new Set<string>();
  for (const line of raws.flatMap((r) => r.split(/\r?\n/))) {
    const text = normText(line).replace(BY, '');
    if (text === '' || skip.has(text)) continue;
    for (const part of text.split(SEPARATORS)) {
      const trimmed = normText(part.replace(BY, '').replace(/^[\s"'=/-]+|[\s"'=/-]+$/g, ''));
      if (trimmed === '' || CREDIT.test(trimmed) || DATEISH.test(trimmed) || URL.test(trimmed) || DEGREE.test(trimmed)) continue;
      // A month is only taken off what stood before cut-off digits, so "Theresa May" keeps hers.
      const cut = trimmed.replace(/\d.*$/, '');
      const piece = normText(cut === trimmed ? cut : cut.replace(TRAILING_MONTH, ''));
      if (piece === '' || skip.has(piece) || isNotAPerson(piece)) continue;
      names.add(piece);
    }
  }
  return names;
}

export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** The city of a dateline: the first comma part, without "(AP)"-style credits and the closing dash. */
export function datelineCity(raw: string): string {
  const noCredit = normText(raw).replace(/\([^()]*\)/g, ' ');
  const first = noCredit.split(',')[0] ?? '';
  return normText(first.replace(/[\s_-]+$/, ''));
}

/** Parses a corpus date: ISO with or without zone (read as UTC), microseconds cut to milliseconds. */
export function truthInstant(value: string): { ms: number; hasTime: boolean } | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return { ms: Date.parse(`${v}T00:00:00Z`), hasTime: false };
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (!m) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : { ms, hasTime: true };
  }
  const frac = m[3] ? m[3].slice(0, 4) : '';
  const zone = m[4] ? (/^[+-]\d{4}$/.test(m[4]) ? `${m[4].slice(0, 3)}:${m[4].slice(3)}` : m[4]) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2]}${frac}${zone}`);
  return Number.isNaN(ms) ? null : { ms, hasTime: true };
}

/** Same UTC calendar day for a date-only truth; the same instant to the second when the truth has a time. */
export function dateMatches(got: string | null, expected: readonly string[]): boolean {
  if (!got) return false;
  const g = Date.parse(got);
  if (Number.isNaN(g)) return false;
  return expected.some((e) => {
    const t = truthInstant(e);
    if (!t) return false;
    if (!t.hasTime) return new Date(g).toISOString().slice(0, 10) === new Date(t.ms).toISOString().slice(0, 10);
    return Math.floor(g / 1000) === Math.floor(t.ms / 1000);
  });
}
