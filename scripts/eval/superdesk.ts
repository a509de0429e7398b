import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bodyText } from './runner.js';
import type { WireDraft } from '../../src/wire/types.js';
import { wordTokens } from '../../src/wire/word-f1.js';
import { headlineMatches } from './match.js';
import type { Check, EvalCase, EvalSet, LoadOptions, Truth } from './types.js';

type Expected = Record<string, unknown>;

const WITH_TRUTH = 'fixtures with truth';
const ALL = 'all fixture files';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Superdesk writes "no byline" as '', null or '(none)'. */
function bylineTruth(e: Expected): string[] | undefined {
  if ('byline' in e) {
    const b = e.byline;
    return b === null || b === '' || b === '(none)' ? [] : typeof b === 'string' ? [b] : undefined;
  }
  const inFile = str(e.byline_in_file);
  return inFile === undefined ? undefined : [inFile];
}

function datelineTruth(e: Expected): string | undefined {
  const d = e.dateline;
  if (typeof d === 'string') return d;
  if (d && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    return str(o.city) ?? str(o.raw_in_file);
  }
  return str(e.dateline_raw_in_file) ?? str(e.dateline_in_file) ?? str(e.dateline_superdesk_text) ?? str(e.dateline_in_body);
}

/**
 * Superdesk sometimes leaves the dateline in the body ("FORT WASHINGTON, Pa. (AP) _ Nutrisystem ...") where
 * Dateline moves it to its own field. So the asserted text is compared as words, with and without its agency
 * credit and dash, against the body and against the dateline followed by the body.
 */
const words = (s: string): string => wordTokens(s).join(' ');
const assertedForms = (s: string): string[] => [words(s), words(s.replace(/\s*\([^()]{1,30}\)\s*[-_–—]+\s*/, ' '))];
const bodyForms = (a: WireDraft): string[] => [words(bodyText(a)), words(`${a.dateline?.text ?? ''}\n${bodyText(a)}`)];
const anyPair = (a: WireDraft, asserted: string, test: (text: string, want: string) => boolean): boolean =>
  bodyForms(a).some((text) => assertedForms(asserted).some((want) => test(text, want)));

function checksFor(e: Expected): Check[] {
  const checks: Check[] = [];
  const starts = str(e.body_starts_with);
  if (starts) checks.push({ name: 'superdesk: body (or dateline + body) starts with the asserted text', test: (a) => anyPair(a, starts, (t, w) => t.startsWith(w)) });
  const contains = str(e.body_contains);
  if (contains) checks.push({ name: 'superdesk: body (or dateline + body) contains the asserted text', test: (a) => anyPair(a, contains, (t, w) => ` ${t} `.includes(` ${w} `)) });
  if (typeof e.paragraph_count === 'number') {
    const n = e.paragraph_count;
    checks.push({ name: 'superdesk: paragraph count as asserted', test: (a) => a.body.filter((b) => b.type === 'paragraph').length === n });
  }
  return checks;
}

/** Superdesk's parser fixtures, scored loosely against the values its own tests assert. */
export const superdeskSet: EvalSet = {
  name: 'superdesk-wire-fixtures',
  path: (o: LoadOptions) => join(o.corpora, 'superdesk-wire-fixtures'),
  load: (o) => {
    const dir = join(o.corpora, 'superdesk-wire-fixtures');
    const expected = JSON.parse(readFileSync(join(dir, 'expected-from-superdesk-tests.json'), 'utf8')) as Record<string, Expected>;
    const files = readdirSync(join(dir, 'fixtures'))
      .filter((f) => statSync(join(dir, 'fixtures', f)).isFile())
      .sort();
    const cases: EvalCase[] = [];
    const notes: string[] = [];
    const missing = Object.keys(expected).filter((k) => k !== '_about' && !files.includes(k));
    if (missing.length) notes.push(`truth for absent files, not scored: ${missing.join(', ')}`);
    for (const file of o.limit === undefined ? files : files.slice(0, o.limit)) {
      const path = join(dir, 'fixtures', file);
      const e = expected[file];
      const base = { fileKey: path, fileName: file, bytes: () => readFileSync(path) };
      if (!e) {
        cases.push({ ...base, id: file, rows: [ALL], truth: {} });
        continue;
      }
      const rows = [WITH_TRUTH, ALL];
      const bylines = bylineTruth(e);
      const dateline = datelineTruth(e);
      const dates = [e.firstcreated, e.versioncreated].map(str).filter((d): d is string => d !== undefined);
      const truth: Truth = {
        ...(str(e.headline) ? { headline: [str(e.headline) as string] } : {}),
        ...(bylines ? { bylines } : {}),
        ...(dateline ? { dateline } : {}),
        ...(dates.length ? { dates } : {}),
        checks: checksFor(e),
      };
      const headlines = Array.isArray(e.headlines) ? e.headlines.filter((h): h is string => typeof h === 'string') : [];
      if (headlines.length === 0) {
        cases.push({ ...base, id: file, rows, truth });
        continue;
      }
      // A file with several asserted headlines: one case per item, matched by headline, else by position.
      headlines.forEach((h, i) => {
        const itemDates = [e[`firstcreated_item${i}`], e[`versioncreated_item${i}`]].map(str).filter((d): d is string => d !== undefined);
        cases.push({
          ...base,
          id: `${file} item ${i}`,
          rows: i === 0 ? rows : [WITH_TRUTH],
          truth: { ...truth, headline: [h], ...(itemDates.length ? { dates: itemDates } : {}) },
          pick: (items) => items.find((it) => headlineMatches(it.article.headline, [h])) ?? items[i],
        });
      });
    }
    return { cases, rows: [WITH_TRUTH, ALL], notes };
  },
};
