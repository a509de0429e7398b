import { basename } from 'node:path';
import { blockText } from '../../src/domain/article.js';
import { parseWireItems } from '../../src/wire/parse.js';
import type { WireDraft, WireParseResult } from '../../src/wire/types.js';
import { wordF1 } from '../../src/wire/word-f1.js';
import { bylineNames, dateMatches, datelineCity, headlineMatches, sameSet } from './match.js';
import type { EvalCase, LoadedSet, Truth } from './types.js';

export const FIELDS = ['headline', 'bylines', 'dateline', 'date'] as const;
export type Field = (typeof FIELDS)[number];

export interface Score {
  hits: number;
  total: number;
}

export interface RowStats {
  label: string;
  items: number;
  parsed: number;
  fields: Record<Field, Score>;
  bodySum: number;
  bodyCount: number;
  ms: number;
}

/** One scored case, as written by --dump and used for the miss lists. */
export interface CaseResult {
  id: string;
  rows: string[];
  format?: string;
  error?: string;
  fields: Partial<Record<Field, { ok: boolean; expected: string; got: string }>>;
  body?: number;
  checks: { name: string; ok: boolean }[];
  ms: number;
}

export interface SetResult {
  rows: RowStats[];
  results: CaseResult[];
  checks: Map<string, Score>;
  ms: number;
}

const emptyRow = (label: string): RowStats => ({
  label,
  items: 0,
  parsed: 0,
  fields: { headline: { hits: 0, total: 0 }, bylines: { hits: 0, total: 0 }, dateline: { hits: 0, total: 0 }, date: { hits: 0, total: 0 } },
  bodySum: 0,
  bodyCount: 0,
  ms: 0,
});

export const bodyText = (article: WireDraft): string => article.body.map(blockText).join('\n');

function scoreFields(article: WireDraft | undefined, truth: Truth): Pick<CaseResult, 'fields' | 'body' | 'checks'> {
  const fields: CaseResult['fields'] = {};
  const none = '(not parsed)';
  if (truth.headline) {
    fields.headline = {
      ok: article !== undefined && headlineMatches(article.headline, truth.headline),
      expected: truth.headline.join(' | '),
      got: article?.headline ?? none,
    };
  }
  if (truth.bylines) {
    const ignore = truth.bylineIgnore ?? [];
    const expected = bylineNames(truth.bylines, ignore);
    const got = article ? bylineNames(article.bylines.map((b) => b.name), ignore) : undefined;
    fields.bylines = {
      ok: got !== undefined && sameSet(got, expected),
      expected: `${truth.bylines.join(' | ') || '(none)'} → {${[...expected].join(', ')}}`,
      got: article ? `${article.bylines.map((b) => b.name).join(' | ') || '(none)'} → {${[...(got ?? [])].join(', ')}}` : none,
    };
  }
  if (truth.dateline !== undefined) {
    const want = datelineCity(truth.dateline);
    const d = article?.dateline;
    const ok = d != null && [d.city, d.text].some((c) => c !== undefined && datelineCity(c) === want);
    fields.dateline = { ok, expected: `${truth.dateline} → ${want}`, got: article ? (d ? `${d.text} (city ${d.city ?? '-'})` : '(none)') : none };
  }
  if (truth.dates) {
    fields.date = { ok: article !== undefined && dateMatches(article.publishedAt, truth.dates), expected: truth.dates.join(' | '), got: article ? (article.publishedAt ?? '(none)') : none };
  }
  const body = truth.body === undefined ? undefined : article ? wordF1(bodyText(article), truth.body) : 0;
  const checks = (truth.checks ?? []).map((c) => ({ name: c.name, ok: article !== undefined && c.test(article) }));
  return { fields, ...(body === undefined ? {} : { body }), checks };
}

interface Parsed {
  key: string;
  items?: WireParseResult[];
  error?: string;
  ms: number;
}

/** Messages open with the file's name, which the case id already shows; a line number after it is kept. */
function withoutFileName(message: string, fileName: string): string {
  const name = basename(fileName);
  if (!message.startsWith(`${name}:`)) return message;
  const rest = message.slice(name.length + 1);
  const line = /^(\d+): /.exec(rest);
  return line ? `line ${line[1]}: ${rest.slice(line[0].length)}` : rest.trimStart();
}

function parseCase(c: EvalCase): Parsed {
  const start = performance.now();
  try {
    const items = parseWireItems(c.bytes(), c.fileName);
    return { key: c.fileKey, items, ms: performance.now() - start };
  } catch (e) {
    return { key: c.fileKey, error: withoutFileName(e instanceof Error ? e.message : String(e), c.fileName), ms: performance.now() - start };
  }
}

/** Parses every case through the product's dispatcher and scores it; a file is parsed once for the cases that share it. */
export function evaluateSet(loaded: LoadedSet): SetResult {
  const start = performance.now();
  const rows = new Map(loaded.rows.map((r) => [r, emptyRow(r)]));
  const checks = new Map<string, Score>();
  const results: CaseResult[] = [];
  let last: Parsed | undefined;
  for (const c of loaded.cases) {
    let ms = 0;
    if (last?.key !== c.fileKey) {
      last = parseCase(c);
      ms = last.ms;
    }
    let item: WireParseResult | undefined;
    let error = last.error;
    if (last.items) {
      item = c.pick ? c.pick(last.items) : last.items[0];
      if (!item) error = last.items.length === 0 ? 'the file gave no item' : `no parsed item fits this truth (the file gave ${last.items.length})`;
    }
    const scored = scoreFields(item?.article, c.truth);
    const result: CaseResult = { id: c.id, rows: c.rows, ...(item ? { format: item.report.format } : {}), ...(error ? { error } : {}), ...scored, ms };
    results.push(result);
    for (const label of c.rows) {
      const row = rows.get(label) ?? emptyRow(label);
      rows.set(label, row);
      row.items++;
      if (item) row.parsed++;
      row.ms += ms;
      for (const f of FIELDS) {
        const s = result.fields[f];
        if (!s) continue;
        row.fields[f].total++;
        if (s.ok) row.fields[f].hits++;
      }
      if (result.body !== undefined) {
        row.bodySum += result.body;
        row.bodyCount++;
      }
    }
    for (const check of result.checks) {
      const s = checks.get(check.name) ?? { hits: 0, total: 0 };
      s.total++;
      if (check.ok) s.hits++;
      checks.set(check.name, s);
    }
  }
  return { rows: [...rows.values()], results, checks, ms: performance.now() - start };
}
