import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { Kysely, SqliteDialect, sql, type ColumnDefinitionBuilder, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';
import { MARK_END, MARK_START, type ArticleSearch, type ArticleSearchRow, type SearchTerm } from './search.js';

/**
 * Everything that differs between SQLite and PostgreSQL lives here, as capability flags and small
 * builders, so queries elsewhere stay dialect-neutral.
 */
export interface DialectInfo {
  name: 'sqlite' | 'postgres';
  /** Column builder for an auto-incrementing integer primary key. */
  autoIncrementId: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** The column type for an auto-incrementing id. */
  autoIncrementType: 'integer' | 'serial';
  /** The column type for raw bytes. */
  binaryType: 'blob' | 'bytea';
  /** Creates the full-text index of articles (SQLite: an FTS5 table; PostgreSQL: a tsvector column). */
  createSearchIndex: (db: Kysely<unknown>) => Promise<void>;
  /** Runs a full-text search over published articles: one page of ranked rows, and how many match in all. */
  searchArticles: (db: Kysely<Database>, search: ArticleSearch) => Promise<{ total: number; rows: ArticleSearchRow[] }>;
}

export const sqliteInfo: DialectInfo = {
  name: 'sqlite',
  autoIncrementType: 'integer',
  binaryType: 'blob',
  createSearchIndex: createSqliteSearchIndex,
  searchArticles: searchSqlite,
  autoIncrementId: (col) => col.primaryKey().autoIncrement(),
};

/*
 * Full-text search on SQLite: an FTS5 table of published articles, kept by triggers on `articles`
 * so no other store code has to know about it.
 *
 * - articles_fts holds one row per published article: headline, standfirst, body text (paragraphs,
 *   crossheads, quotes and list items) and byline names, tokenized with unicode61 without diacritics.
 *   Section and publish time ride along unindexed, so filtering and ranking never read `articles`,
 *   whose rows are wide (the body's JSON): only the page of hits shown is joined to it.
 * - articles_fts_docs gives each indexed article an integer key that is its FTS rowid, so the
 *   triggers delete an article's row by rowid rather than by scanning the (unindexable) article_id.
 *
 * PostgreSQL, when it comes: a `search tsvector` column on articles kept by a trigger (setweight A
 * headline, B standfirst, C bylines, D body, from the same JSON paths; empty unless published), a GIN
 * index on it, a to_tsquery built from the same SearchTerm list (a phrase's words joined by <->, :* on
 * a prefix; each lexeme quoted), ranked by ts_rank_cd, and ts_headline with StartSel/StopSel set to
 * MARK_START/MARK_END for the marked headline, bylines and snippet.
 */

/** Column order of articles_fts, as bm25(), highlight() and snippet() number them. */
const FTS_COLUMNS = { articleId: 0, section: 1, publishedAt: 2, headline: 3, standfirst: 4, body: 5, bylines: 6 } as const;
/** bm25 weights in FTS_COLUMNS order: the headline counts most, then standfirst, bylines, body. */
const FTS_WEIGHTS = [0, 0, 0, 10, 5, 1, 3] as const;
const SNIPPET_TOKENS = 32;

// The article row is read back from `articles` (AFTER triggers see the new row) as `src`.
const validJson = (column: string, empty: string) => `CASE WHEN json_valid(${column}) THEN ${column} ELSE '${empty}' END`;
const BODY_TEXT = `(SELECT group_concat(part, char(10) ORDER BY block, item) FROM (
    SELECT b.key AS block, 0 AS item, json_extract(b.value, '$.text') AS part
      FROM json_each(${validJson('src.body_json', '[]')}) AS b
      WHERE json_extract(b.value, '$.type') IN ('paragraph', 'crosshead', 'blockquote')
    UNION ALL
    SELECT b.key, i.key + 1, json_extract(i.value, '$.text')
      FROM json_each(${validJson('src.body_json', '[]')}) AS b, json_each(b.value, '$.items') AS i
      WHERE json_extract(b.value, '$.type') = 'list'))`;
const BYLINE_NAMES = `(SELECT group_concat(json_extract(n.value, '$.name'), char(10) ORDER BY n.key)
    FROM json_each(${validJson('src.bylines_json', '[]')}) AS n)`;

/** The statements that (re)index the published articles matching `where` (over `src`). */
const indexArticles = (where: string) => [
  `INSERT INTO articles_fts_docs (article_id) SELECT src.id FROM articles AS src WHERE ${where} AND src.status = 'published'`,
  `INSERT INTO articles_fts (rowid, article_id, section, published_at, headline, standfirst, body, bylines)
    SELECT d.doc, src.id, src.section, src.published_at, src.headline, coalesce(src.standfirst, ''),
      coalesce(${BODY_TEXT}, ''), coalesce(${BYLINE_NAMES}, '')
    FROM articles AS src JOIN articles_fts_docs AS d ON d.article_id = src.id
    WHERE ${where} AND src.status = 'published'`,
];
const unindexArticle = (id: string) => [
  `DELETE FROM articles_fts WHERE rowid IN (SELECT doc FROM articles_fts_docs WHERE article_id = ${id})`,
  `DELETE FROM articles_fts_docs WHERE article_id = ${id}`,
];
const triggerBody = (statements: string[]) => statements.map((s) => `  ${s};`).join('\n');

async function createSqliteSearchIndex(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE articles_fts_docs (doc INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE)`,
    `CREATE VIRTUAL TABLE articles_fts USING fts5(
      article_id UNINDEXED, section UNINDEXED, published_at UNINDEXED, headline, standfirst, body, bylines,
      tokenize = 'unicode61 remove_diacritics 2')`,
    `CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
${triggerBody(indexArticles('src.id = new.id'))}
END`,
    // Only the indexed columns and the status matter; other updates (wire flags...) leave the index be.
    `CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF id, status, section, published_at, headline, standfirst, body_json, bylines_json ON articles BEGIN
${triggerBody([...unindexArticle('old.id'), ...indexArticles('src.id = new.id')])}
END`,
    `CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
${triggerBody(unindexArticle('old.id'))}
END`,
    ...indexArticles('1 = 1'),
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** An FTS5 MATCH expression from search terms: each term a quoted string, so no input is ever read as syntax. */
function toFts5Match(terms: readonly SearchTerm[]): string {
  return terms.map((t) => `"${t.words.join(' ').replaceAll('"', '""')}"${t.prefix ? '*' : ''}`).join(' ');
}

async function searchSqlite(db: Kysely<Database>, search: ArticleSearch): Promise<{ total: number; rows: ArticleSearchRow[] }> {
  const match = toFts5Match(search.terms);
  const filters = [sql`articles_fts MATCH ${match}`];
  if (search.section) filters.push(sql`section = ${search.section}`);
  if (search.from) filters.push(sql`published_at >= ${search.from}`);
  if (search.to) filters.push(sql`published_at < ${search.to}`);
  const where = sql.join(filters, sql` AND `);

  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM articles_fts WHERE ${where}`.execute(db);
  const total = Number(counted.rows[0]?.n ?? 0);
  if (total === 0 || search.offset >= total) return { total, rows: [] };
  const docs = await pageOfMatches(db, where, total, search);
  if (!docs.length) return { total, rows: [] };

  const marked = (column: number) => sql`highlight(articles_fts, ${sql.lit(column)}, ${MARK_START}, ${MARK_END})`;
  const snippet = (column: number) =>
    sql`snippet(articles_fts, ${sql.lit(column)}, ${MARK_START}, ${MARK_END}, '…', ${sql.lit(SNIPPET_TOKENS)})`;
  // Only the page of hits is marked (highlight and snippet are costly), and only it is joined to
  // `articles`; CROSS JOIN keeps SQLite from starting the join at that (wide) table.
  const result = await sql<ArticleSearchRow & { doc: number; body_snippet: string; standfirst_snippet: string }>`
    SELECT hit.doc, a.id, a.slug, a.section, a.headline, a.standfirst, a.bylines_json, a.dateline_json, a.status, a.published_at, a.updated_at,
      hit.headline_marked, hit.bylines_marked, hit.body_snippet, hit.standfirst_snippet
    FROM (
      SELECT rowid AS doc, article_id,
        ${marked(FTS_COLUMNS.headline)} AS headline_marked,
        ${marked(FTS_COLUMNS.bylines)} AS bylines_marked,
        ${snippet(FTS_COLUMNS.body)} AS body_snippet,
        ${snippet(FTS_COLUMNS.standfirst)} AS standfirst_snippet
      FROM articles_fts
      WHERE articles_fts MATCH ${match} AND rowid IN (${sql.join(docs.map(asRowid))})
    ) AS hit
    CROSS JOIN articles AS a ON a.id = hit.article_id
    WHERE a.status = 'published'`.execute(db);
  const place = new Map(docs.map((doc, i) => [doc, i]));
  const ordered = result.rows.sort((a, b) => (place.get(a.doc) ?? 0) - (place.get(b.doc) ?? 0));

  // The body passage when the body matched, else the standfirst's, else the body's opening.
  const rows = ordered.map(({ doc: _doc, body_snippet, standfirst_snippet, ...row }) => ({
    ...row,
    snippet: body_snippet.includes(MARK_START) || !standfirst_snippet.includes(MARK_START) ? body_snippet : standfirst_snippet,
  }));
  return { total, rows };
}

/**
 * Ranking reads every match's statistics: for a word found in nearly every article, bm25 over 95,000
 * matches took 46 ms. Beyond this many matches only the most recently indexed (published or edited)
 * this many are ranked, and the older matches follow them newest first: for so common a query, recent
 * news is what a reader is after.
 */
export const RANKED_MATCHES = 5000;

/**
 * A rowid to compare in SQL, bound as an integer. better-sqlite3 binds a JS number as a REAL, and
 * FTS5 then drops `rowid = ?` altogether (seen on SQLite 3.53: every match came back).
 */
const asRowid = (doc: number): bigint => BigInt(doc);

/** The FTS rowids of one page of matches, in result order. */
async function pageOfMatches(db: Kysely<Database>, where: RawBuilder<unknown>, total: number, page: { limit: number; offset: number }): Promise<number[]> {
  const rank = sql`bm25(articles_fts, ${sql.join(FTS_WEIGHTS.map((w) => sql.lit(w)))})`;
  // Equal ranks go latest indexed first: a rowid, so the sort reads no stored column.
  const ranked = async (among: RawBuilder<unknown>, limit: number, offset: number) =>
    (await sql<{ doc: number }>`SELECT rowid AS doc FROM articles_fts WHERE ${where} AND ${among} ORDER BY ${rank}, rowid DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)).rows.map((r) => r.doc);
  if (total <= RANKED_MATCHES) return ranked(sql`1 = 1`, page.limit, page.offset);
  // FTS5 walks matches by rowid cheaply: the oldest of the newest RANKED_MATCHES bounds the ranked ones.
  const bound = await sql<{ floor: number }>`
    SELECT min(doc) AS floor FROM (SELECT rowid AS doc FROM articles_fts WHERE ${where} ORDER BY rowid DESC LIMIT ${RANKED_MATCHES})`.execute(db);
  const floor = Number(bound.rows[0]?.floor ?? 0);
  const docs = page.offset < RANKED_MATCHES ? await ranked(sql`rowid >= ${asRowid(floor)}`, Math.min(page.limit, RANKED_MATCHES - page.offset), page.offset) : [];
  if (docs.length === page.limit) return docs;
  const older = await sql<{ doc: number }>`
    SELECT rowid AS doc FROM articles_fts WHERE ${where} AND rowid < ${asRowid(floor)}
    ORDER BY rowid DESC LIMIT ${page.limit - docs.length} OFFSET ${Math.max(0, page.offset - RANKED_MATCHES)}`.execute(db);
  return [...docs, ...older.rows.map((r) => r.doc)];
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  info: DialectInfo;
  close: () => Promise<void>;
  /** Runs a long run of writes (an import) with the database's upkeep moved out of its way (see `withCheckpointThread`). */
  bulkWrites: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Opens (creating when needed) the embedded SQLite database in `dataDir/dateline.db`, in WAL mode. */
export function openSqlite(dataDir: string): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'dateline.db');
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals (each story of an import is written under its own savepoint) and temporary
  // sorts stay in memory: as temporary files they cost an import about two writes per page it changed
  // (100,000 of its 136,000 write calls for 2,000 wire stories), and 10-14% of its time.
  sqlite.pragma('temp_store = MEMORY');
  // better-sqlite3 builds SQLite with a 16 MiB page cache. 8 MiB holds the pages 200 busy article pages read at
  // 100,000 articles: their SQL took 97–105 µs a page against 112–121 µs with 2 MiB, for about 6 MiB more RSS
  // (docs/performance.md). The pages come back from the operating system's file cache either way.
  sqlite.pragma('cache_size = -8000');
  // Give the planner table statistics (without them it drove a Most read join through every article:
  // 23 ms instead of 0.2 ms at 20,000 articles); the limit keeps this under 0.1 s at start.
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, info: sqliteInfo, close: () => db.destroy(), bulkWrites: (work) => withCheckpointThread(sqlite, file, work) };
}

/*
 * The work of the checkpoint thread (run with `eval`, so it needs no file of its own in the bundle): it opens its
 * own connection and, every CHECKPOINT_EVERY_MS, copies what the log holds into the database file (a PASSIVE
 * checkpoint: it never waits on the writer, nor the writer on it), until told to stop.
 */
const CHECKPOINT_EVERY_MS = 50;
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
let stopping = false;
parentPort.on('message', () => { stopping = true; });
const tick = () => {
  if (stopping) { db.close(); parentPort.close(); return; }
  db.pragma('wal_checkpoint(PASSIVE)');
  setTimeout(tick, ${CHECKPOINT_EVERY_MS});
};
tick();
`;

/**
 * Runs `work` with SQLite's checkpoints in a thread of their own. A checkpoint copies the write-ahead log into the
 * database file and syncs both to disk; SQLite runs one inside whichever commit takes the log past 1,000 pages,
 * so a long import stopped for it every other batch of 100 stories: 20 of them took 350–430 ms of its 2.1–3.2 s on
 * this machine's disk (80–100 ms without them). With the checkpoints in another thread, on the other core, the
 * commits only append to the log. Durability is the same: the same checkpoints sync the same files, later.
 *
 * While `work` runs the connection checkpoints nothing itself; afterwards it does again as before. Should the thread
 * fail, the log just grows until the work ends and is copied then.
 */
async function withCheckpointThread<T>(sqlite: SqliteDatabase.Database, file: string, work: () => Promise<T>): Promise<T> {
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const thread = new Worker(CHECKPOINTER, { eval: true, workerData: { driver, file } });
  const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread.once('error', () => sqlite.pragma(`wal_autocheckpoint = ${before}`));
  sqlite.pragma('wal_autocheckpoint = 0');
  try {
    return await work();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${before}`);
    thread.postMessage('stop');
    await ended;
  }
}

/** How many distinct prepared statements are kept per database (lists of ids make some SQL vary). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every query anew; preparing cost about a sixth of an uncached
 * page's SQL time. Prepared statements are reused by their SQL text instead. Safe because the driver
 * runs one query at a time on the connection and Dateline never streams (a statement being iterated
 * cannot run a second query); SQLite re-prepares a statement by itself when the schema changes.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): { prepare: SqliteDatabase.Database['prepare']; close: () => void } {
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: STATEMENT_CACHE_SIZE });
  return {
    prepare: ((source: string) => {
      let statement = statements.get(source);
      if (!statement) statements.set(source, (statement = rowsMadeHere(sqlite.prepare(source))));
      return statement;
    }) as SqliteDatabase.Database['prepare'],
    close: () => {
      statements.clear();
      sqlite.close();
    },
  };
}

type Row = Record<string, unknown>;

/**
 * A reading statement whose rows come from better-sqlite3 as arrays and are made into objects here, by a function
 * built once per statement from its column names (an object literal of a fixed shape). The addon building each row
 * as an object was about 30% of a read: 40 list rows took 320–395 µs against 239–280 µs, and an article row 34 µs
 * against 23 µs (a tight loop over the 100,000-article set). Kysely's driver asks a reading statement only for `all`
 * and `iterate` (`run` goes to statements that return no rows, which are passed through as they are).
 * Should the statement's columns change under it (SQLite prepares a statement again after a schema change), the
 * function is built again.
 */
function rowsMadeHere(statement: SqliteDatabase.Statement): SqliteDatabase.Statement {
  if (!statement.reader) return statement;
  const raw = statement.raw(true);
  let width = -1;
  let make: (values: unknown[]) => Row = () => ({});
  const shape = () => {
    const names = raw.columns().map((c) => c.name);
    width = names.length;
    // Column names come from Dateline's own SQL; JSON.stringify quotes them as object keys.
    make = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as typeof make;
  };
  shape();
  const made = (values: unknown[]): Row => {
    if (values.length !== width) shape();
    return make(values);
  };
  return {
    reader: true,
    all: (...params: unknown[]) => (raw.all(...params) as unknown[][]).map(made),
    *iterate(...params: unknown[]) {
      for (const values of raw.iterate(...params) as IterableIterator<unknown[]>) yield made(values);
    },
  } as unknown as SqliteDatabase.Statement;
}
