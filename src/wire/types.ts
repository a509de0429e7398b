import type { Block, Byline, Dateline } from '../domain/article.js';

/** What a wire parser makes of one item: the article's fields, before the store gives it an id, slug and status. */
export interface WireDraft {
  headline: string;
  standfirst?: string;
  dateline: Dateline | null;
  bylines: Byline[];
  body: Block[];
  keyPoints: string[];
  tags: string[];
  /** A section slug when the item says which (ninjs subjects, a NewsML-G2 desk); the importer may override it. */
  section?: string;
  /** UTC ISO instant; a date-only line ("Wednesday, May 13th 2015") becomes 12:00 UTC that day. */
  publishedAt: string | null;
  credit?: string;
  source?: string;
  language: string;
  /** The agency's own id and version, for idempotent re-imports. */
  wireId?: string;
  wireVersion?: number;
  embargoUntil?: string;
}

/** A wire file as parsed for import: its format (null when none fits) and items, or why it could not be read. */
export interface ParsedFile {
  format: string | null;
  items: WireParseResult[];
  /** Why the file could not be parsed; it is kept all the same, with one failed item saying so. */
  error?: string;
}

/** What a parser recognised, what it dropped (page clutter, agency furniture) and what looked wrong. */
export interface WireReport {
  format: string;
  recognised: string[];
  dropped: string[];
  warnings: string[];
}

export interface WireParseResult {
  article: WireDraft;
  report: WireReport;
  /** Migration exports (WordPress, Ghost) say whether a post was live, its address and its author's e-mail. */
  status?: 'published' | 'draft';
  slug?: string;
  authorEmail?: string;
}
