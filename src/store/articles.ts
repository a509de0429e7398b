import type { Kysely, Transaction } from 'kysely';
import type { Article, ArticleStatus, Block, Byline, Dateline } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { ArticleRow, Database, NewArticleRow } from './schema.js';

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

function toSummary(r: Pick<ArticleRow, (typeof SUMMARY_COLUMNS)[number]>): ArticleSummary {
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

/** Articles, their tags and their revisions. Every write keeps a revision of the whole article. */
export class ArticleStore {
  constructor(private readonly db: Kysely<Database>) {}

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
    return stored;
  }

  /** Saves a new version; refuses with `conflict` when `expectedRevision` is not the current one. */
  async update(article: StoredArticle, expectedRevision: number, actor: string | null = null): Promise<StoredArticle> {
    const stored: StoredArticle = { ...article, revision: expectedRevision + 1 };
    await this.inTransaction(async (trx) => {
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
    });
    return stored;
  }

  async getById(id: string): Promise<StoredArticle | undefined> {
    const row = await this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async getBySlug(slug: string): Promise<StoredArticle | undefined> {
    const row = await this.db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row && fromRow(row);
  }

  async slugExists(slug: string): Promise<boolean> {
    const row = await this.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
    return row !== undefined;
  }

  /** Published articles, newest first, optionally in one section. */
  async listPublished(opts: { section?: string; limit: number; offset?: number }): Promise<ArticleSummary[]> {
    let q = this.db
      .selectFrom('articles')
      .select(SUMMARY_COLUMNS)
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(opts.limit)
      .offset(opts.offset ?? 0);
    if (opts.section) q = q.where('section', '=', opts.section);
    return (await q.execute()).map(toSummary);
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
      .limit(opts.limit)
      .offset(opts.offset ?? 0)
      .execute();
    return rows.map(toSummary);
  }

  async countPublished(opts: { section?: string } = {}): Promise<number> {
    let q = this.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published');
    if (opts.section) q = q.where('section', '=', opts.section);
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
      .limit(opts.limit)
      .offset(opts.offset ?? 0);
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.origin) q = q.where('origin', '=', opts.origin);
    if (opts.createdBy) q = q.where('created_by', '=', opts.createdBy);
    return (await q.execute()).map(toSummary);
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
