import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Article, ArticleStatus, Block, Byline, Dateline } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { ChangeFeed, dependsOn, type Dependencies, listTagsOf } from './dependencies.js';
import type { ArticleRow, Database, NewArticleRow } from './schema.js';
import { reusable, reusableBy, slot } from './reusable.js';
import { DerivedStore } from './derived.js';

/**
 * LIMIT and OFFSET for a page of a list, written into the SQL as numbers: SQLite read a page of a
 * section about 1.7 times slower with them as bound parameters (measured on 100,000 articles).
 */
function paged(limit: number, offset: number) {
  if (!Number.isSafeInteger(limit) || limit < 0 || !Number.isSafeInteger(offset) || offset < 0) {
    throw new AppError('invalid_input', `A page of a list needs whole numbers from 0 for its size and start, got ${limit} and ${offset}.`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any select over any tables
  return <Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q => q.limit(sql.lit(limit)).offset(sql.lit(offset)) as Q;
}

type Db = Kysely<Database> | Transaction<Database>;

export type ArticleOrigin = 'newsroom' | 'wire' | 'demo';

/** An article as stored: the model plus its store-given id, revision, origin and creator. */
export type StoredArticle = Article & {
  id: string;
  revision: number;
  origin: ArticleOrigin;
  createdBy: string | null;
  /** A note for editors that a newer wire version arrived and was not applied. */
  wireFlag?: string | null;
};

/** What a box of links shows of an article: its address, headline and date. */
export interface ArticleLink {
  id: string;
  slug: string;
  section: string;
  headline: string;
  publishedAt: string | null;
}

/** The fields a list or teaser needs, without the body. */
export interface ArticleSummary {
  id: string;
  slug: string;
  section: string;
  headline: string;
  standfirst: string | null;
  bylines: Byline[];
  dateline: Dateline | null;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string;
}

const SUMMARY_COLUMNS = [
  'id',
  'slug',
  'section',
  'headline',
  'standfirst',
  'bylines_json',
  'dateline_json',
  'status',
  'published_at',
  'updated_at',
] as const;

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
    scheduled_at: a.scheduledAt ?? null,
    seo_json: a.seo ? JSON.stringify(a.seo) : null,
    origin: a.origin,
    created_by: a.createdBy,
    wire_flag: a.wireFlag ?? null,
  };
}

function fromRow(r: ArticleRow): StoredArticle {
  return {
    id: r.id,
    slug: r.slug,
    section: r.section,
    headline: r.headline,
    ...(r.standfirst !== null && { standfirst: r.standfirst }),
    dateline: r.dateline_json ? (JSON.parse(r.dateline_json) as Dateline) : null,
    bylines: JSON.parse(r.bylines_json) as Byline[],
    body: JSON.parse(r.body_json) as Block[],
    keyPoints: JSON.parse(r.key_points_json) as string[],
    tags: JSON.parse(r.tags_json) as string[],
    ...(r.credit !== null && { credit: r.credit }),
    ...(r.source !== null && { source: r.source }),
    language: r.language,
    status: r.status as ArticleStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    scheduledAt: r.scheduled_at,
    ...(r.seo_json !== null && { seo: JSON.parse(r.seo_json) as NonNullable<Article['seo']> }),
    revision: r.revision,
    origin: r.origin as ArticleOrigin,
    createdBy: r.created_by,
    wireFlag: r.wire_flag,
  };
}

/** The columns of an article row a summary is made from. */
type SummaryRow = Pick<ArticleRow, (typeof SUMMARY_COLUMNS)[number]>;

/** The summary fields of an article row (list pages, boxes, search hits). */
export function summaryFromRow(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    slug: r.slug,
    section: r.section,
    headline: r.headline,
    standfirst: r.standfirst,
    bylines: JSON.parse(r.bylines_json) as Byline[],
    dateline: r.dateline_json ? (JSON.parse(r.dateline_json) as Dateline) : null,
    status: r.status as ArticleStatus,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
  };
}

// The reads every public page makes, built and compiled once (see reusable.ts).

const articleBySlug = reusable<[string], ArticleRow>((db) => db.selectFrom('articles').selectAll().where('slug', '=', slot<string>(0)));

/** "all LIMIT OFFSET" or "section LIMIT OFFSET" (the section is the argument). */
const publishedListQuery = (db: Kysely<Database>, shape: string, sectionSlot: number | undefined) => {
  const [kind, limit, offset] = shape.split(' ') as [string, string, string];
  let q = db
    .selectFrom('articles')
    .select(SUMMARY_COLUMNS)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .$call(paged(Number(limit), Number(offset)));
  if (kind === 'section' && sectionSlot !== undefined) q = q.where('section', '=', slot<string>(sectionSlot));
  return q;
};
const publishedList = reusableBy<string, string[], SummaryRow>((db, shape) => publishedListQuery(db, shape, 0));

/** Several first pages of lists in one statement: "all 8,section 4,..." with one argument per section list. */
const publishedLists = reusableBy<string, string[], SummaryRow & { list_no: number }>((db, shape) => {
  let sections = 0;
  const parts = shape.split(',').map((list, i) => {
    const [kind, limit] = list.split(' ') as [string, string];
    const q = publishedListQuery(db, `${kind} ${limit} 0`, kind === 'section' ? sections++ : undefined).select(sql<number>`${sql.lit(i)}`.as('list_no'));
    // A compound SELECT takes ORDER BY and LIMIT only in a subquery.
    return db.selectFrom(q.as(`l${i}`)).selectAll();
  });
  return parts.slice(1).reduce((all, part) => all.unionAll(part), parts[0]!);
}, 8);

/** Articles, their tags and their revisions. Every write keeps a revision of the whole article. */
export class ArticleStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed = new ChangeFeed(),
    /** Where a page render records what it reads (see dependencies.ts). */
    private readonly deps?: Dependencies,
  ) {}

  /** Announces what a write changed: the article, and the lists it is (or was) in while published. */
  private announce(before: StoredArticle | undefined, after: StoredArticle): void {
    const tags = [`article:${after.id}`];
    if (before?.status === 'published') tags.push(...listTagsOf(before));
    if (after.status === 'published') tags.push(...listTagsOf(after));
    this.changes.emit(tags);
  }

  /** Records that the page being rendered shows the list of published articles in a section, or of all of them. */
  private showsList(section: string | undefined): void {
    dependsOn(this.deps, section ? `list:section:${section}` : 'list:all');
  }

  /** Records that the page being rendered shows these articles. */
  private shows<T extends { id: string }>(articles: T[]): T[] {
    dependsOn(this.deps, ...articles.map((a) => `article:${a.id}`));
    return articles;
  }

  /** Runs in the caller's transaction when there is one (Kysely does not nest them), else in a new one. */
  private inTransaction<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  async insert(article: Article & { id: string }, opts: { origin?: ArticleOrigin; actor?: string | null } = {}): Promise<StoredArticle> {
    const actor = opts.actor ?? null;
    const stored: StoredArticle = { ...article, revision: 1, origin: opts.origin ?? 'newsroom', createdBy: actor };
    await this.inTransaction(async (trx) => {
      await trx.insertInto('articles').values(toRow(stored)).execute();
      await this.writeTags(trx, stored);
      await this.writeRevision(trx, stored, actor);
    });
    this.announce(undefined, stored);
    return stored;
  }

  /** Saves a new version; refuses with `conflict` when `expectedRevision` is not the current one. */
  async update(article: StoredArticle, expectedRevision: number, actor: string | null = null): Promise<StoredArticle> {
    const stored: StoredArticle = { ...article, revision: expectedRevision + 1 };
    let before: StoredArticle | undefined;
    await this.inTransaction(async (trx) => {
      const old = await trx.selectFrom('articles').selectAll().where('id', '=', article.id).executeTakeFirst();
      before = old && fromRow(old);
      const result = await trx
        .updateTable('articles')
        .set(toRow(stored))
        .where('id', '=', article.id)
        .where('revision', '=', expectedRevision)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new AppError('conflict', `Article ${article.id} was changed by someone else (expected revision ${expectedRevision})`);
      }
      await trx.deleteFrom('article_tags').where('article_id', '=', article.id).execute();
      await this.writeTags(trx, stored);
      await this.writeRevision(trx, stored, actor);
      // Related boxes show published articles only: their kept choices may show this one as it was.
      if (before?.status === 'published' || stored.status === 'published') await new DerivedStore(trx).forgetChoicesShowing(article.id);
    });
    this.announce(before, stored);
    return stored;
  }

  async getById(id: string): Promise<StoredArticle | undefined> {
    const row = await this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.shows([fromRow(row)])[0];
  }

  async getBySlug(slug: string): Promise<StoredArticle | undefined> {
    const [row] = await articleBySlug(this.db, slug);
    return row && this.shows([fromRow(row)])[0];
  }

  /** Keeps an old slug pointing at its article, for redirects. */
  async recordOldSlug(oldSlug: string, articleId: string, at: string): Promise<void> {
    await this.db
      .insertInto('slug_history')
      .values({ old_slug: oldSlug, article_id: articleId, changed_at: at })
      .onConflict((oc) => oc.column('old_slug').doUpdateSet({ article_id: articleId, changed_at: at }))
      .execute();
  }

  /** The article an old slug now belongs to. */
  async getByOldSlug(oldSlug: string): Promise<StoredArticle | undefined> {
    const row = await this.db.selectFrom('slug_history').select('article_id').where('old_slug', '=', oldSlug).executeTakeFirst();
    return row && this.getById(row.article_id);
  }

  async slugExists(slug: string): Promise<boolean> {
    const row = await this.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
    if (row) return true;
    // An old address stays reserved for the article that had it.
    return (await this.db.selectFrom('slug_history').select('article_id').where('old_slug', '=', slug).executeTakeFirst()) !== undefined;
  }

  /** Published articles, newest first, optionally in one section. */
  async listPublished(opts: { section?: string; limit: number; offset?: number }): Promise<ArticleSummary[]> {
    const offset = opts.offset ?? 0;
    paged(opts.limit, offset); // checks the numbers before they name a variant
    this.showsList(opts.section);
    const rows = await publishedList(this.db, `${opts.section ? 'section' : 'all'} ${opts.limit} ${offset}`, ...(opts.section ? [opts.section] : []));
    return this.shows(rows.map(summaryFromRow));
  }

  /**
   * Several lists of published articles at once (as `listPublished` gives each, first pages only), in
   * one statement: each list is its own index read, joined with UNION ALL. The home page shows eight;
   * as eight statements each paid the query's building, a read transaction and a round of promises.
   */
  async listPublishedMany(lists: readonly { section?: string; limit: number }[]): Promise<ArticleSummary[][]> {
    if (!lists.length) return [];
    for (const list of lists) {
      paged(list.limit, 0);
      this.showsList(list.section);
    }
    const shape = lists.map((l) => `${l.section ? 'section' : 'all'} ${l.limit}`).join(',');
    const rows = await publishedLists(this.db, shape, ...lists.flatMap((l) => (l.section ? [l.section] : [])));
    const grouped: ArticleSummary[][] = lists.map(() => []);
    for (const row of rows) grouped[Number(row.list_no)]!.push(summaryFromRow(row));
    for (const articles of grouped) this.shows(articles);
    return grouped;
  }

  /** Published articles with a byline linked to this staff profile, newest first. */
  async listPublishedByAuthor(authorId: string, opts: { limit: number; offset?: number }): Promise<ArticleSummary[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select(SUMMARY_COLUMNS)
      .where('status', '=', 'published')
      .where('bylines_json', 'like', `%"authorId":${JSON.stringify(authorId)}%`)
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .$call(paged(opts.limit, opts.offset ?? 0))
      .execute();
    dependsOn(this.deps, `list:author:${authorId}`);
    return this.shows(rows.map(summaryFromRow));
  }

  async countPublishedByAuthor(authorId: string): Promise<number> {
    dependsOn(this.deps, `list:author:${authorId}`);
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .where('bylines_json', 'like', `%"authorId":${JSON.stringify(authorId)}%`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countPublished(opts: { section?: string } = {}): Promise<number> {
    let q = this.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published');
    if (opts.section) q = q.where('section', '=', opts.section);
    this.showsList(opts.section);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every article in any state, newest change first: for the CLI and the newsroom. */
  async listAll(opts: { limit: number; offset?: number; status?: ArticleStatus; origin?: ArticleOrigin; createdBy?: string }): Promise<ArticleSummary[]> {
    let q = this.db
      .selectFrom('articles')
      .select(SUMMARY_COLUMNS)
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .$call(paged(opts.limit, opts.offset ?? 0));
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.origin) q = q.where('origin', '=', opts.origin);
    if (opts.createdBy) q = q.where('created_by', '=', opts.createdBy);
    return (await q.execute()).map(summaryFromRow);
  }

  /** Scheduled articles whose time has come. */
  async listDue(now: string): Promise<StoredArticle[]> {
    const rows = await this.db
      .selectFrom('articles')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('scheduled_at', '<=', now)
      .orderBy('scheduled_at')
      .execute();
    return rows.map(fromRow);
  }

  /** The earliest scheduled time still to come, for the scheduler's timer. */
  async nextScheduledAt(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('articles')
      .select('scheduled_at')
      .where('status', '=', 'scheduled')
      .orderBy('scheduled_at')
      .limit(1)
      .executeTakeFirst();
    return row?.scheduled_at ?? undefined;
  }

  async getRevision(articleId: string, revision: number): Promise<StoredArticle | undefined> {
    const row = await this.db
      .selectFrom('article_revisions')
      .select('doc_json')
      .where('article_id', '=', articleId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return row && (JSON.parse(row.doc_json) as StoredArticle);
  }

  /** Records that a person has the article open in the editor. */
  async touchPresence(articleId: string, userId: string, now: string): Promise<void> {
    await this.db
      .insertInto('article_presence')
      .values({ article_id: articleId, user_id: userId, seen_at: now })
      .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: now }))
      .execute();
  }

  /** Other people seen in the article's editor since the given instant. */
  async othersPresent(articleId: string, userId: string, since: string): Promise<{ userId: string; seenAt: string }[]> {
    const rows = await this.db
      .selectFrom('article_presence')
      .select(['user_id', 'seen_at'])
      .where('article_id', '=', articleId)
      .where('user_id', '!=', userId)
      .where('seen_at', '>=', since)
      .execute();
    return rows.map((r) => ({ userId: r.user_id, seenAt: r.seen_at }));
  }

  async countAll(): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async revisions(articleId: string): Promise<{ revision: number; createdAt: string; actor: string | null }[]> {
    const rows = await this.db
      .selectFrom('article_revisions')
      .select(['revision', 'created_at', 'actor'])
      .where('article_id', '=', articleId)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map((r) => ({ revision: r.revision, createdAt: r.created_at, actor: r.actor }));
  }

  // Reader discovery: feeds, sitemaps, tag pages and the date archive. Every list is of published articles only.

  /** Published articles with their bodies, newest first, in a section, under any of some tags, or by a staff author: for feeds. */
  async listPublishedFull(opts: { section?: string; tags?: readonly string[]; authorId?: string; limit: number }): Promise<StoredArticle[]> {
    if (opts.tags?.length === 0) return [];
    let q = this.db.selectFrom('articles').selectAll().where('status', '=', 'published');
    if (opts.section) q = q.where('section', '=', opts.section);
    if (opts.tags) q = q.where('id', 'in', this.idsTagged(opts.tags));
    if (opts.authorId) q = q.where('bylines_json', 'like', `%"authorId":${JSON.stringify(opts.authorId)}%`);
    const rows = await q.orderBy('published_at', 'desc').orderBy('id').limit(opts.limit).execute();
    dependsOn(
      this.deps,
      ...(opts.section ? [`list:section:${opts.section}`] : []),
      ...(opts.tags ?? []).map((t) => `list:tag:${t}`),
      ...(opts.authorId ? [`list:author:${opts.authorId}`] : []),
      ...(!opts.section && !opts.tags && !opts.authorId ? ['list:all'] : []),
    );
    return this.shows(rows.map(fromRow));
  }

  /** Every tag on a published article, as written, with how many published articles carry it and the newest one's time. */
  async listPublishedTags(): Promise<{ tag: string; count: number; lastPublishedAt: string | null }[]> {
    const rows = await this.db
      .selectFrom('article_tags')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .select((eb) => ['article_tags.tag', eb.fn.countAll<number>().as('n'), eb.fn.max('articles.published_at').as('last')])
      .where('articles.status', '=', 'published')
      .groupBy('article_tags.tag')
      .orderBy('article_tags.tag')
      .execute();
    dependsOn(this.deps, 'list:all');
    return rows.map((r) => ({ tag: r.tag, count: Number(r.n), lastPublishedAt: r.last ?? null }));
  }

  /** Published articles carrying any of the tags (as written), newest first. */
  async listPublishedByTags(tags: readonly string[], opts: { limit: number; offset?: number }): Promise<ArticleSummary[]> {
    if (!tags.length) return [];
    const rows = await this.db
      .selectFrom('articles')
      .select(SUMMARY_COLUMNS)
      .where('status', '=', 'published')
      .where('id', 'in', this.idsTagged(tags))
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .$call(paged(opts.limit, opts.offset ?? 0))
      .execute();
    dependsOn(this.deps, ...tags.map((t) => `list:tag:${t}`));
    return this.shows(rows.map(summaryFromRow));
  }

  async countPublishedByTags(tags: readonly string[]): Promise<number> {
    if (!tags.length) return 0;
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .where('id', 'in', this.idsTagged(tags))
      .executeTakeFirstOrThrow();
    dependsOn(this.deps, ...tags.map((t) => `list:tag:${t}`));
    return Number(row.n);
  }

  /** Published articles with `from <= publishedAt < to` (ISO instants), newest first. */
  async listPublishedBetween(from: string, to: string, opts: { limit: number; offset?: number }): Promise<ArticleSummary[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select(SUMMARY_COLUMNS)
      .where('status', '=', 'published')
      .where('published_at', '>=', from)
      .where('published_at', '<', to)
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .$call(paged(opts.limit, opts.offset ?? 0))
      .execute();
    dependsOn(this.deps, 'list:all');
    return this.shows(rows.map(summaryFromRow));
  }

  async countPublishedBetween(from: string, to: string): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .where('published_at', '>=', from)
      .where('published_at', '<', to)
      .executeTakeFirstOrThrow();
    dependsOn(this.deps, 'list:all');
    return Number(row.n);
  }

  /** The first and last publication times on the site; undefined while nothing is published. */
  async publishedSpan(): Promise<{ first: string; last: string } | undefined> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => [eb.fn.min('published_at').as('first'), eb.fn.max('published_at').as('last')])
      .where('status', '=', 'published')
      .executeTakeFirst();
    dependsOn(this.deps, 'list:all');
    return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
  }

  /**
   * Addresses of published articles for sitemaps: oldest first (so a sitemap page keeps its articles as new ones
   * arrive) or newest first, optionally only those published since an instant.
   */
  async listPublishedLinks(opts: { order: 'oldest' | 'newest'; limit: number; offset?: number; since?: string }): Promise<PublishedLink[]> {
    const direction = opts.order === 'oldest' ? 'asc' : 'desc';
    let q = this.db
      .selectFrom('articles')
      .select(['id', 'section', 'slug', 'headline', 'language', 'tags_json', 'published_at', 'updated_at'])
      .where('status', '=', 'published');
    if (opts.since) q = q.where('published_at', '>=', opts.since);
    const rows = await q
      .orderBy('published_at', direction)
      .orderBy('id', direction)
      .$call(paged(opts.limit, opts.offset ?? 0))
      .execute();
    dependsOn(this.deps, 'list:all');
    return rows.map((r) => ({
      id: r.id,
      section: r.section,
      slug: r.slug,
      headline: r.headline,
      language: r.language,
      tags: JSON.parse(r.tags_json) as string[],
      publishedAt: r.published_at ?? r.updated_at,
      updatedAt: r.updated_at,
    }));
  }

  /** The latest change among the published articles `listPublishedLinks({ order: 'oldest', limit, offset })` returns. */
  async lastUpdatedAmongPublished(opts: { limit: number; offset: number }): Promise<string | undefined> {
    const page = this.db
      .selectFrom('articles')
      .select('updated_at')
      .where('status', '=', 'published')
      .orderBy('published_at')
      .orderBy('id')
      .limit(opts.limit)
      .offset(opts.offset)
      .as('page');
    const row = await this.db
      .selectFrom(page)
      .select((eb) => eb.fn.max('page.updated_at').as('last'))
      .executeTakeFirst();
    dependsOn(this.deps, 'list:all');
    return row?.last ?? undefined;
  }

  private idsTagged(tags: readonly string[]) {
    return this.db.selectFrom('article_tags').select('article_tags.article_id').where('article_tags.tag', 'in', [...tags]);
  }

  private async writeTags(trx: Db, a: StoredArticle): Promise<void> {
    const tags = [...new Set(a.tags)];
    if (tags.length) await trx.insertInto('article_tags').values(tags.map((tag) => ({ article_id: a.id, tag }))).execute();
  }

  private async writeRevision(trx: Db, a: StoredArticle, actor: string | null): Promise<void> {
    await trx
      .insertInto('article_revisions')
      .values({ article_id: a.id, revision: a.revision, created_at: a.updatedAt, actor, doc_json: JSON.stringify(a) })
      .execute();
  }
}

/** A published article's address and dates, for sitemaps. */
export interface PublishedLink {
  id: string;
  section: string;
  slug: string;
  headline: string;
  language: string;
  tags: string[];
  publishedAt: string;
  updatedAt: string;
}
