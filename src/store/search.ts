import type { Kysely } from 'kysely';
import { summaryFromRow, type ArticleSummary } from './articles.js';
import { dependsOn, type Dependencies } from './dependencies.js';
import type { DialectInfo } from './dialect.js';
import type { ArticleRow, Database } from './schema.js';

/**
 * Matched words in search results come back between these two private-use characters, never as
 * HTML: the page escapes the text and only then turns the markers into <mark>.
 */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** One thing to look for: a word, or several words as an exact phrase; `prefix` lets the last word match a word's start. */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
}

/** A full-text search over published articles: every term must match. Instants are UTC ISO strings. */
export interface ArticleSearch {
  terms: SearchTerm[];
  section?: string | undefined;
  /** Published at or after. */
  from?: string | undefined;
  /** Published before. */
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** What the dialect's search returns: summary columns plus the marked texts. */
export type ArticleSearchRow = Pick<
  ArticleRow,
  'id' | 'slug' | 'section' | 'headline' | 'standfirst' | 'bylines_json' | 'dateline_json' | 'status' | 'published_at' | 'updated_at'
> & {
  headline_marked: string;
  /** The byline names, one a line, with matches marked. */
  bylines_marked: string;
  /** A short passage around the best matches, with matches marked. */
  snippet: string;
};

export interface SearchHit extends ArticleSummary {
  /** The headline with matches marked (see MARK_START). */
  headlineMarked: string;
  /** Each byline's name with matches marked, in byline order. */
  bylineNamesMarked: string[];
  snippet: string;
}

export interface SearchResults {
  total: number;
  hits: SearchHit[];
}

/** Beyond this many terms a query is cut: nobody types more, and each term costs an index lookup. */
const MAX_TERMS = 16;
const MAX_QUERY_CHARS = 300;
/** A prefix shorter than this would match a large share of the vocabulary. */
const MIN_PREFIX_CHARS = 2;
/** Up to this many tag rows, related articles are found by ranking every candidate (see `related`). */
const RANK_ALL_CANDIDATES = 500;
/** Letters, digits and combining marks: what the unicode61 tokenizer keeps; everything else separates words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Turns what a reader typed into search terms: "exact phrases" in double quotes, `word*` for a
 * word's start, every other word as itself. Operators and punctuation are not special; a query
 * with no letters or digits gives no terms.
 */
export function parseSearchQuery(input: string): SearchTerm[] {
  const text = input.slice(0, MAX_QUERY_CHARS);
  const terms: SearchTerm[] = [];
  // A quote left open runs to the end of the query.
  for (const m of text.matchAll(/"([^"]*)"?(\*?)|([^\s"]+)/g)) {
    const phrase = m[1];
    const raw = phrase ?? m[3] ?? '';
    const words = raw.match(WORD) ?? [];
    if (!words.length) continue;
    const starred = phrase !== undefined ? m[2] === '*' : raw.endsWith('*');
    terms.push({ words, prefix: starred && (words.at(-1)?.length ?? 0) >= MIN_PREFIX_CHARS });
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

export const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.section',
  'articles.headline',
  'articles.standfirst',
  'articles.bylines_json',
  'articles.dateline_json',
  'articles.status',
  'articles.published_at',
  'articles.updated_at',
] as const;

/** Finding published articles: full-text search (the index is the dialect's) and articles related by tags. */
export class SearchStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectInfo,
    /** Where a page render records what it reads (see dependencies.ts). */
    private readonly deps?: Dependencies,
  ) {}

  /** Ranked matches, best first, with marked headline, bylines and snippet; `total` counts every match. */
  async search(search: ArticleSearch): Promise<SearchResults> {
    if (!search.terms.length) return { total: 0, hits: [] };
    // Any publish, unpublish or edit can change the results.
    dependsOn(this.deps, 'list:all');
    const { total, rows } = await this.dialect.searchArticles(this.db, search);
    return {
      total,
      hits: rows.map((r) => {
        const summary = summaryFromRow(r);
        const names = r.bylines_marked.split('\n');
        return {
          ...summary,
          headlineMarked: r.headline_marked,
          // A name with a line break in it would misalign the lines; then the names go unmarked.
          bylineNamesMarked: names.length === summary.bylines.length ? names : summary.bylines.map((b) => b.name),
          snippet: r.snippet,
        };
      }),
    };
  }

  /**
   * Published articles sharing the most tags with this one, newest first among equals.
   *
   * Few tagged candidates are all ranked. For a common tag (thousands of articles) ranking them all
   * means reading every one of those wide rows, so those sharing two or more tags are ranked and the
   * rest is the newest published articles sharing one, found by walking back from the newest.
   */
  async related(article: { id: string; tags: readonly string[] }, limit: number): Promise<ArticleSummary[]> {
    const tags = [...new Set(article.tags)];
    dependsOn(this.deps, ...tags.map((t) => `list:tag:${t}`));
    if (!tags.length) return [];
    const { n } = await this.db
      .selectFrom('article_tags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tag', 'in', tags)
      .executeTakeFirstOrThrow();
    let rows: ArticleSummary[];
    if (Number(n) <= RANK_ALL_CANDIDATES) {
      rows = await this.sharingAtLeast(article.id, tags, 1, limit);
    } else {
      rows = tags.length > 1 ? await this.sharingAtLeast(article.id, tags, 2, limit) : [];
      // Fewer than `limit` means every article sharing two or more is already here; the rest share one.
      if (rows.length < limit) rows.push(...(await this.newestSharingOne(article.id, tags, rows.map((r) => r.id), limit - rows.length)));
    }
    dependsOn(this.deps, ...rows.map((r) => `article:${r.id}`));
    return rows;
  }

  private async sharingAtLeast(articleId: string, tags: string[], minShared: number, limit: number): Promise<ArticleSummary[]> {
    const rows = await this.db
      .selectFrom((eb) =>
        eb
          .selectFrom('article_tags as t')
          .select((e) => ['t.article_id', e.fn.countAll<number>().as('shared')])
          .where('t.tag', 'in', tags)
          .where('t.article_id', '!=', articleId)
          .groupBy('t.article_id')
          .having((e) => e.fn.countAll(), '>=', minShared)
          .as('r'),
      )
      // A cross join with the condition in WHERE: SQLite then reads the few candidates first, rather than every published article.
      .crossJoin('articles')
      .whereRef('articles.id', '=', 'r.article_id')
      .select(SUMMARY_COLUMNS)
      .where('articles.status', '=', 'published')
      .orderBy('r.shared', 'desc')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id')
      .limit(limit)
      .execute();
    return rows.map(summaryFromRow);
  }

  private async newestSharingOne(articleId: string, tags: string[], exclude: string[], limit: number): Promise<ArticleSummary[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select(SUMMARY_COLUMNS)
      .where('articles.status', '=', 'published')
      .where('articles.id', 'not in', [articleId, ...exclude])
      .where((eb) =>
        eb.exists(eb.selectFrom('article_tags as t').select('t.tag').whereRef('t.article_id', '=', 'articles.id').where('t.tag', 'in', tags)),
      )
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id')
      .limit(limit)
      .execute();
    return rows.map(summaryFromRow);
  }
}
