import type { WireDraft, WireParseResult } from '../../src/wire/types.js';

/**
 * What a corpus says one item should parse to. A field left undefined has no ground truth and is not
 * scored; `bylines: []` is ground truth that the item has no (personal) byline.
 */
export interface Truth {
  /** Any of these headlines counts as a match. */
  headline?: string[];
  /** Raw byline strings as the corpus gives them ("By A and B, Reuters"); names are read out of them. */
  bylines?: string[];
  /** Extra names to ignore on both sides (a page's site name standing in for a byline). */
  bylineIgnore?: string[];
  /** The dateline as the corpus gives it ("STOCKHOLM, Aug 29, 2014 (AFP) -", "Berlin"); only its city is compared. */
  dateline?: string;
  /** ISO dates or instants; matching any of them counts. A value without a time is compared by calendar day. */
  dates?: string[];
  /** The body's plain text, for word-F1. */
  body?: string;
  /** Set-specific checks (paragraph counts, body openings) reported under the table. */
  checks?: Check[];
}

export interface Check {
  name: string;
  test: (article: WireDraft) => boolean;
}

export interface EvalCase {
  id: string;
  /** The table rows this case counts in (e.g. "news pages" and "all pages"). */
  rows: string[];
  /** Cases sharing a key share one parse (several items of one NewsML file). */
  fileKey: string;
  fileName: string;
  bytes: () => Buffer;
  truth: Truth;
  /** Which parsed item this truth is about; the first one when absent. */
  pick?: (items: WireParseResult[]) => WireParseResult | undefined;
}

export interface LoadedSet {
  cases: EvalCase[];
  /** Row labels in display order. */
  rows: string[];
  /** Lines printed under the set's table (what was sampled or skipped, and why). */
  notes: string[];
}

export interface LoadOptions {
  corpora: string;
  shared: string;
  limit?: number;
}

export interface EvalSet {
  name: string;
  /** The folder or file that must exist for the set to run. */
  path: (opts: LoadOptions) => string;
  load: (opts: LoadOptions) => LoadedSet;
}
