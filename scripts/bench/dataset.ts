import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Database as Sqlite } from 'better-sqlite3';
import { articlePath } from '../../src/domain/paths.js';
import { DEFAULT_SECTIONS } from '../../src/domain/sections.js';
import { slugify } from '../../src/domain/slug.js';
import type { StoredArticle } from '../../src/store/articles.js';
import type { ArticleRevisionsTable, ArticleTagsTable, CommentsTable, NewArticleRow } from '../../src/store/schema.js';
import { articleBody, bylines, commentBody, dateline, headline, paragraph, personName, Random, TAG_POOL } from './prose.js';
import { runCli } from './processes.js';

/**
 * The benchmark's data set: the schema comes from the real CLI (so migrations are the product's),
 * the rows from bulk inserts in big transactions. This is test-data generation, not product code.
 */

export interface DataSetInfo {
  dir: string;
  articles: number;
  published: number;
  comments: number;
  /** Seconds to build, when this run built it (or as recorded when it was built). */
  buildSeconds: number | undefined;
  sizeBytes: number;
  /** What the full-text index looked like at build time. */
  searchIndex: string;
  reused: boolean;
}

const MANIFEST = 'bench-dataset.json';
const SEED = 20150513;
const YEAR_MS = 365.25 * 86_400_000;
const ARTICLES_PER_TRANSACTION = 1000;
const COMMENTS_PER_TRANSACTION = 20_000;

export const dbFile = (dir: string) => join(dir, 'dateline.db');

/** Builds the data set in `dir`, or reuses the one there when `reuse` is set and it exists. */
export async function prepareDataSet(
  dir: string,
  opts: { articles: number; comments: number; reuse: boolean },
  log: (line: string) => void,
): Promise<DataSetInfo> {
  if (opts.reuse && existsSync(dbFile(dir))) return describeExisting(dir);
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const schema = await runCli(['--data', dir, 'articles', 'list']);
  if (schema.code !== 0) throw new Error(`creating the schema with \`dateline articles list\` failed (exit ${schema.code}):\n${schema.stderr}`);
  const db = new SqliteDatabase(dbFile(dir));
  try {
    const searchIndex = describeSearchIndex(db);
    log(`search index: ${searchIndex}`);
    // Test data only: a crash mid-build just means building again.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    const published = insertArticles(db, opts.articles, log);
    insertComments(db, published, opts.comments, log);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const buildSeconds = (performance.now() - started) / 1000;
    const info: DataSetInfo = {
      dir,
      articles: opts.articles,
      published: published.ids.length,
      comments: opts.comments,
      buildSeconds,
      sizeBytes: sizeOf(dir),
      searchIndex,
      reused: false,
    };
    writeFileSync(join(dir, MANIFEST), JSON.stringify({ ...info, builtAt: new Date().toISOString(), seed: SEED }, null, 2));
    return info;
  } finally {
    db.close();
  }
}

function describeExisting(dir: string): DataSetInfo {
  const db = new SqliteDatabase(dbFile(dir), { readonly: true });
  try {
    const count = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
    const manifest = existsSync(join(dir, MANIFEST))
      ? (JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Partial<DataSetInfo>)
      : {};
    return {
      dir,
      articles: count('SELECT count(*) AS n FROM articles'),
      published: count(`SELECT count(*) AS n FROM articles WHERE status = 'published'`),
      comments: count('SELECT count(*) AS n FROM comments'),
      buildSeconds: manifest.buildSeconds,
      sizeBytes: sizeOf(dir),
      searchIndex: manifest.searchIndex ?? describeSearchIndex(db),
      reused: true,
    };
  } finally {
    db.close();
  }
}

function sizeOf(dir: string): number {
  return ['dateline.db', 'dateline.db-wal'].reduce((sum, f) => sum + (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0), 0);
}

/** The FTS table and the triggers that keep it, as found at run time (they may or may not exist yet). */
function describeSearchIndex(db: Sqlite): string {
  const fts = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'articles_fts'`).get() as { sql: string } | undefined;
  const triggers = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'`).all() as { name: string }[]).map((t) => t.name);
  if (!fts) return `no articles_fts table${triggers.length ? `; triggers on articles: ${triggers.join(', ')}` : ''}`;
  const kind = /fts5/i.test(fts.sql) ? 'FTS5' : 'virtual';
  return `articles_fts (${kind}) present, kept by ${triggers.length ? `triggers ${triggers.join(', ')}` : 'no triggers on articles'}; rows inserted through them`;
}

/**
 * Prepares an INSERT for the columns both the table and our rows have, and refuses (naming the
 * column) when a migration added a NOT NULL column without a default that we do not fill.
 */
function insertStatement<Row extends object>(db: Sqlite, table: string, sample: Row) {
  const info = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number; dflt_value: unknown; pk: number }[];
  const ours = new Set(Object.keys(sample));
  const missing = info.filter((c) => c.notnull && c.dflt_value === null && !c.pk && !ours.has(c.name)).map((c) => c.name);
  if (missing.length) throw new Error(`${table} has required columns the benchmark does not fill: ${missing.join(', ')} (update scripts/bench/dataset.ts)`);
  const columns = info.map((c) => c.name).filter((name) => ours.has(name));
  const stmt = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  return (row: Row) => stmt.run(columns.map((c) => (row as Record<string, unknown>)[c] ?? null));
}

interface PublishedArticles {
  ids: string[];
  /** Publish instants in ms, aligned with `ids`. */
  times: Float64Array;
}

function makeArticle(r: Random, now: number, usedSlugs: Set<string>): StoredArticle {
  const head = headline(r);
  let slug = slugify(head);
  for (let n = 2; usedSlugs.has(slug); n++) slug = `${slugify(head)}-${n}`;
  usedSlugs.add(slug);
  const where = dateline(r);
  const body = articleBody(r);
  const isPublished = r.chance(0.95);
  const publishedMs = now - r.next() * 3 * YEAR_MS;
  const createdMs = publishedMs - r.int(10, 600) * 60_000;
  const updatedMs = isPublished ? publishedMs + r.int(0, 120) * 60_000 : createdMs + r.int(1, 60) * 60_000;
  const tags = new Set<string>();
  for (let n = r.int(2, 4); tags.size < n; ) tags.add(r.pick(TAG_POOL));
  const paragraphs = body.filter((b) => b.type === 'paragraph');
  // Half carry editor-written key points, as in the demo content; the page suggests them for the rest.
  const keyPoints = r.chance(0.5) ? paragraphs.slice(0, r.int(2, 3)).map((p) => p.text.split(/(?<=\.) /)[0]!) : [];
  return {
    id: r.uuid(),
    headline: head,
    slug,
    section: r.pick(DEFAULT_SECTIONS).slug,
    tags: [...tags],
    standfirst: paragraph(r).split(/(?<=\.) /)[0]!,
    dateline: where,
    bylines: bylines(r, where),
    body,
    keyPoints,
    credit: 'Dateline',
    source: r.chance(0.3) ? 'Dateline wire' : 'Dateline staff',
    language: 'en',
    status: isPublished ? 'published' : 'draft',
    createdAt: new Date(createdMs).toISOString(),
    updatedAt: new Date(updatedMs).toISOString(),
    publishedAt: isPublished ? new Date(publishedMs).toISOString() : null,
    scheduledAt: null,
    revision: 1,
    origin: 'newsroom',
    createdBy: null,
    wireFlag: null,
  };
}

function toRow(a: StoredArticle): NewArticleRow {
  return {
    id: a.id,
    slug: a.slug,
    section: a.section,
    headline: a.headline,
    standfirst: a.standfirst ?? null,
    dateline_json: a.dateline ? JSON.stringify(a.dateline) : null,
    bylines_json: JSON.stringify(a.bylines),
    body_json: JSON.stringify(a.body),
    key_points_json: JSON.stringify(a.keyPoints),
    tags_json: JSON.stringify(a.tags),
    credit: a.credit ?? null,
    source: a.source ?? null,
    language: a.language,
    status: a.status,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    published_at: a.publishedAt,
    revision: a.revision,
    scheduled_at: null,
    seo_json: null,
    origin: a.origin,
    created_by: null,
    wire_flag: null,
  };
}

function insertArticles(db: Sqlite, count: number, log: (line: string) => void): PublishedArticles {
  const r = new Random(SEED);
  const now = Date.now();
  const usedSlugs = new Set<string>();
  const sample = makeArticle(new Random(1), now, new Set());
  const insertArticle = insertStatement(db, 'articles', toRow(sample));
  const insertTag = insertStatement<ArticleTagsTable>(db, 'article_tags', { article_id: '', tag: '' });
  const insertRevision = insertStatement<Omit<ArticleRevisionsTable, 'id'>>(db, 'article_revisions', {
    article_id: '',
    revision: 1,
    created_at: '',
    actor: null,
    doc_json: '',
  });
  const ids: string[] = [];
  const times: number[] = [];
  const started = performance.now();
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const a = makeArticle(r, now, usedSlugs);
      insertArticle(toRow(a));
      for (const tag of a.tags) insertTag({ article_id: a.id, tag });
      insertRevision({ article_id: a.id, revision: 1, created_at: a.updatedAt, actor: null, doc_json: JSON.stringify(a) });
      if (a.publishedAt) {
        ids.push(a.id);
        times.push(Date.parse(a.publishedAt));
      }
    }
  });
  let lastLog = performance.now();
  for (let done = 0; done < count; done += ARTICLES_PER_TRANSACTION) {
    batch(Math.min(ARTICLES_PER_TRANSACTION, count - done));
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`  ${done + ARTICLES_PER_TRANSACTION} / ${count} articles (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  log(`  ${count} articles (${ids.length} published) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { ids, times: Float64Array.from(times) };
}

/** Comments on published articles, skewed (log-normal weights, capped) so some articles draw many more than others. */
function insertComments(db: Sqlite, published: PublishedArticles, count: number, log: (line: string) => void): void {
  if (count === 0 || published.ids.length === 0) return;
  const r = new Random(SEED + 1);
  const cumulative = new Float64Array(published.ids.length);
  let total = 0;
  for (let i = 0; i < cumulative.length; i++) {
    total += Math.exp(Math.min(2.5, r.gaussian()));
    cumulative[i] = total;
  }
  const pickArticle = () => {
    const target = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const now = Date.now();
  type NewComment = Omit<CommentsTable, 'id'>;
  const insert = insertStatement<NewComment>(db, 'comments', {
    article_id: '',
    author_name: '',
    body: '',
    status: 'visible',
    created_at: '',
    author_email: null,
    parent_id: null,
    ip_hash: null,
    moderated_at: null,
    moderated_by: null,
  });
  const started = performance.now();
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const k = pickArticle();
      const at = Math.min(now, published.times[k]! + r.next() ** 2 * 7 * 86_400_000);
      const name = personName(r);
      insert({
        article_id: published.ids[k]!,
        author_name: name,
        body: commentBody(r),
        status: 'visible',
        created_at: new Date(at).toISOString(),
        author_email: r.chance(0.5) ? `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` : null,
        parent_id: null,
        ip_hash: null,
        moderated_at: null,
        moderated_by: null,
      });
    }
  });
  for (let done = 0; done < count; done += COMMENTS_PER_TRANSACTION) batch(Math.min(COMMENTS_PER_TRANSACTION, count - done));
  log(`  ${count} comments in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** `count` distinct published article paths, chosen with a fixed seed. */
export function pickArticlePaths(dir: string, count: number): string[] {
  const db = new SqliteDatabase(dbFile(dir), { readonly: true });
  try {
    const rows = db.prepare(`SELECT section, slug FROM articles WHERE status = 'published' ORDER BY rowid`).all() as { section: string; slug: string }[];
    const r = new Random(SEED + 2);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, rows.length)) chosen.add(r.int(0, rows.length - 1));
    return [...chosen].map((i) => articlePath(rows[i]!));
  } finally {
    db.close();
  }
}
