import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { WireDraft } from '../../src/wire/types.js';
import type { EvalCase, EvalSet, LoadOptions } from './types.js';

interface Story {
  newid: number;
  text_type: string;
  date: string;
  title: string | null;
  author: string | null;
  dateline: string | null;
  body: string | null;
}

const ALL = 'stories';
const WITH_AUTHOR = 'stories with AUTHOR';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** "26-FEB-1987 15:01:01.79" → "1987-02-26". */
export function reutersDay(date: string): string | undefined {
  const m = /^\s*(\d{1,2})-([A-Z]{3})-(\d{4})/i.exec(date);
  const month = m ? MONTHS.indexOf((m[2] ?? '').toUpperCase()) : -1;
  if (!m || month < 0) return undefined;
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`;
}

/**
 * The story as a 1987 wire file printed it: the headline, a blank line, the AUTHOR line when there is one,
 * then the body with the dateline in front of its first line ("    NEW YORK, Feb 26 - Text..."), indented
 * paragraphs and the closing "Reuter" as given.
 */
export function reutersWireText(s: Story): string {
  const author = s.author ? `    ${s.author.trim()}\n` : '';
  const dateline = s.dateline ? `    ${s.dateline.trim()} ` : '';
  return `${(s.title ?? '').trim()}\n\n${author}${dateline}${s.body ?? ''}`;
}

/** The body a reader should get: BODY without the closing "Reuter" sign-off. */
export function reutersBodyTruth(body: string): string {
  return body.replace(/\n[ \t]*reuters?[ \t]*\n?\s*$/i, '\n');
}

/** Paragraphs of BODY as printed: a new one starts at each line indented by three or more spaces. */
export function reutersParagraphs(body: string): number {
  return reutersBodyTruth(body)
    .split(/\n(?=[ \t]{3,}\S)/)
    .filter((p) => /\p{L}|\p{N}/u.test(p)).length;
}

/** Reuters-21578: stories.jsonl.gz rebuilt into plain-text wire files, scored against TITLE, AUTHOR, DATELINE, DATE and BODY. */
export const reutersSet: EvalSet = {
  name: 'reuters-21578',
  path: (o: LoadOptions) => join(o.corpora, 'reuters-21578', 'stories.jsonl.gz'),
  load: (o) => {
    const raw = gunzipSync(readFileSync(join(o.corpora, 'reuters-21578', 'stories.jsonl.gz'))).toString('utf8');
    const all = raw
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Story);
    const usable = all.filter((s) => s.title && s.body);
    const notes = [
      `${all.length} records; ${all.length - usable.length} have no TITLE or BODY in stories.jsonl.gz (BRIEF items whose TITLE sits after "******", UNPROC tables) and are not scored.`,
    ];
    // All of them: the whole set parses in seconds, far under the two minutes that would call for a sample.
    const chosen = o.limit === undefined ? usable : usable.slice(0, o.limit);
    notes.push(`${chosen.length} of the ${usable.length} stories with TITLE and BODY evaluated${chosen.length === usable.length ? ' (all; no sampling)' : ' (--limit)'}.`);
    const cases: EvalCase[] = chosen.map((s) => {
      const day = reutersDay(s.date);
      const id = `NEWID ${s.newid}`;
      const paragraphs = reutersParagraphs(s.body ?? '');
      return {
        id,
        rows: s.author ? [ALL, WITH_AUTHOR] : [ALL],
        fileKey: id,
        fileName: `reuters-${s.newid}.txt`,
        bytes: () => Buffer.from(reutersWireText(s), 'utf8'),
        truth: {
          headline: [s.title ?? ''],
          ...(s.author ? { bylines: [s.author] } : {}),
          ...(s.dateline ? { dateline: s.dateline } : {}),
          ...(day ? { dates: [day] } : {}),
          body: reutersBodyTruth(s.body ?? ''),
          checks: [
            ...(s.author ? [] : [{ name: 'reuters: no byline invented when the story has no AUTHOR', test: (a: WireDraft) => a.bylines.length === 0 }]),
            { name: 'reuters: as many paragraphs as BODY has indented paragraphs', test: (a: WireDraft) => a.body.length === paragraphs },
          ],
        },
      };
    });
    return { cases, rows: [ALL, WITH_AUTHOR], notes };
  },
};
