import type { Kysely, Selectable } from 'kysely';
import { ChangeFeed, dependsOn, type Dependencies } from './dependencies.js';
import type { CommentsTable, Database } from './schema.js';
import { reusable, reusableBy, slot } from './reusable.js';

export type CommentStatus = 'visible' | 'held' | 'rejected';
export const COMMENT_STATUSES: readonly CommentStatus[] = ['held', 'visible', 'rejected'];

/** What a reader may see of a comment: never the e-mail or the address hash. */
export interface PublicComment {
  id: number;
  articleId: string;
  parentId: number | null;
  authorName: string;
  body: string;
  createdAt: string;
}

/** A comment as moderators see it. */
export interface Comment extends PublicComment {
  status: CommentStatus;
  authorEmail: string | null;
  ipHash: string | null;
  moderatedAt: string | null;
  moderatedBy: string | null;
}

export type NewComment = Omit<Comment, 'id' | 'moderatedAt' | 'moderatedBy'>;

/** A comment in the moderation queue, with the article it belongs to. */
export interface QueuedComment extends Comment {
  article: { headline: string; slug: string; section: string };
}

export type BlockKind = 'email' | 'ip';

export interface CommentBlock {
  id: number;
  kind: BlockKind;
  value: string;
  createdAt: string;
  actor: string | null;
}

const PUBLIC_COLUMNS = ['id', 'article_id', 'parent_id', 'author_name', 'body', 'created_at'] as const;

type PublicRow = Pick<Database['comments'], 'article_id' | 'parent_id' | 'author_name' | 'body' | 'created_at'> & { id: number | bigint };
type Row = Omit<Database['comments'], 'id'> & { id: number | bigint };

const toPublic = (r: PublicRow): PublicComment => ({
  id: Number(r.id),
  articleId: r.article_id,
  parentId: r.parent_id === null ? null : Number(r.parent_id),
  authorName: r.author_name,
  body: r.body,
  createdAt: r.created_at,
});

const toComment = (r: Row): Comment => ({
  ...toPublic(r),
  status: r.status as CommentStatus,
  authorEmail: r.author_email,
  ipHash: r.ip_hash,
  moderatedAt: r.moderated_at,
  moderatedBy: r.moderated_by,
});

// Read for every article page: built and compiled once (see reusable.ts).
type PublicSelect = Pick<Selectable<CommentsTable>, (typeof PUBLIC_COLUMNS)[number]>;
const visibleComments = reusable<[string, number], PublicSelect>((db) =>
  db
    .selectFrom('comments')
    .select(PUBLIC_COLUMNS)
    .where('article_id', '=', slot<string>(0))
    .where('status', '=', 'visible')
    .orderBy('created_at')
    .orderBy('id')
    .limit(slot<number>(1)),
);

/*
 * A page of an article's threads read in SQL, for an article with more comments than a page reads whole
 * (see loadCommentsView): its visible top-level comments in the reader's order, then their replies.
 */
const visibleThreads = reusableBy<'asc' | 'desc', [string, number, number], PublicSelect>((db, dir) =>
  db
    .selectFrom('comments')
    .select(PUBLIC_COLUMNS)
    .where('article_id', '=', slot<string>(0))
    .where('status', '=', 'visible')
    .where('parent_id', 'is', null)
    .orderBy('created_at', dir)
    .orderBy('id', dir)
    .limit(slot<number>(1))
    .offset(slot<number>(2)),
);
// What the heading counts: visible top-level comments, and visible replies to them (a reply whose comment is not shown is not either).
const shownCounts = reusable<[string, string], { threads: number | string; replies: number | string }>((db) =>
  db.selectNoFrom((eb) => [
    eb
      .selectFrom('comments')
      .select((e) => e.fn.countAll<number | string>().as('n'))
      .where('article_id', '=', slot<string>(0))
      .where('status', '=', 'visible')
      .where('parent_id', 'is', null)
      .as('threads'),
    eb
      .selectFrom('comments as r')
      .innerJoin('comments as p', 'p.id', 'r.parent_id')
      .select((e) => e.fn.countAll<number | string>().as('n'))
      .where('r.article_id', '=', slot<string>(1))
      .where('r.status', '=', 'visible')
      .where('p.status', '=', 'visible')
      .where('p.parent_id', 'is', null)
      .as('replies'),
  ]),
);

/**
 * Reader comments and blocked commenters. A comment is committed before the reader is told it was received.
 * Pages showing an article's comments depend on `comments:ARTICLE`; changes to what readers see announce it.
 */
export class CommentStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed = new ChangeFeed(),
    /** Where a page render records what it reads (see dependencies.ts). */
    private readonly deps?: Dependencies,
  ) {}

  async add(c: NewComment): Promise<Comment> {
    const row = await this.db
      .insertInto('comments')
      .values({
        article_id: c.articleId,
        parent_id: c.parentId,
        author_name: c.authorName,
        author_email: c.authorEmail,
        ip_hash: c.ipHash,
        body: c.body,
        status: c.status,
        created_at: c.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (c.status === 'visible') this.changes.emit([`comments:${c.articleId}`]);
    return { ...c, id: Number(row.id), moderatedAt: null, moderatedBy: null };
  }

  async getById(id: number): Promise<Comment | undefined> {
    const row = await this.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toComment(row);
  }

  /** Visible comments on an article, oldest first, as a conversation reads; replies included. */
  /** An article's visible comments, oldest first, replies included; at most `limit` of them. */
  async listVisible(articleId: string, limit = 1_000_000_000): Promise<PublicComment[]> {
    dependsOn(this.deps, `comments:${articleId}`);
    return (await visibleComments(this.db, articleId, limit)).map(toPublic);
  }

  /** One page of an article's visible top-level comments, oldest or newest first. */
  async listVisibleThreads(articleId: string, opts: { order: 'oldest' | 'newest'; limit: number; offset: number }): Promise<PublicComment[]> {
    dependsOn(this.deps, `comments:${articleId}`);
    return (await visibleThreads(this.db, opts.order === 'newest' ? 'desc' : 'asc', articleId, opts.limit, opts.offset)).map(toPublic);
  }

  /** The visible replies to the given comments of an article, oldest first. */
  async listVisibleReplies(articleId: string, parentIds: readonly number[]): Promise<PublicComment[]> {
    dependsOn(this.deps, `comments:${articleId}`);
    if (parentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('comments')
      .select(PUBLIC_COLUMNS)
      .where('article_id', '=', articleId)
      .where('status', '=', 'visible')
      .where('parent_id', 'in', parentIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPublic);
  }

  /** How many visible threads an article has, and how many comments they show (replies to a hidden comment are not shown). */
  async countShown(articleId: string): Promise<{ threads: number; comments: number }> {
    dependsOn(this.deps, `comments:${articleId}`);
    const [row] = await shownCounts(this.db, articleId, articleId);
    const threads = Number(row?.threads ?? 0);
    return { threads, comments: threads + Number(row?.replies ?? 0) };
  }

  /** A visible comment of the article, or undefined. */
  async getVisible(articleId: string, id: number): Promise<PublicComment | undefined> {
    dependsOn(this.deps, `comments:${articleId}`);
    const row = await this.db.selectFrom('comments').select(PUBLIC_COLUMNS).where('id', '=', id).where('article_id', '=', articleId).where('status', '=', 'visible').executeTakeFirst();
    return row && toPublic(row);
  }

  /** How many visible threads of the article come before this top-level comment in the reader's order. */
  async countThreadsBefore(thread: Pick<PublicComment, 'id' | 'articleId' | 'createdAt'>, order: 'oldest' | 'newest'): Promise<number> {
    dependsOn(this.deps, `comments:${thread.articleId}`);
    const before = order === 'newest' ? '>' : '<';
    const row = await this.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('article_id', '=', thread.articleId)
      .where('status', '=', 'visible')
      .where('parent_id', 'is', null)
      .where((eb) => eb.or([eb('created_at', before, thread.createdAt), eb.and([eb('created_at', '=', thread.createdAt), eb('id', before, thread.id)])]))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The moderation queue for one status, newest first. */
  async listByStatus(status: CommentStatus, opts: { limit: number; offset?: number }): Promise<QueuedComment[]> {
    const rows = await this.db
      .selectFrom('comments')
      .innerJoin('articles', 'articles.id', 'comments.article_id')
      .selectAll('comments')
      .select(['articles.headline as article_headline', 'articles.slug as article_slug', 'articles.section as article_section'])
      .where('comments.status', '=', status)
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(opts.limit)
      .offset(opts.offset ?? 0)
      .execute();
    return rows.map((r) => ({ ...toComment(r), article: { headline: r.article_headline, slug: r.article_slug, section: r.article_section } }));
  }

  async countByStatus(): Promise<Record<CommentStatus, number>> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('status')
      .execute();
    const counts: Record<CommentStatus, number> = { held: 0, visible: 0, rejected: 0 };
    for (const r of rows) if (r.status in counts) counts[r.status as CommentStatus] = Number(r.n);
    return counts;
  }

  async setStatus(comment: Pick<Comment, 'id' | 'articleId'>, status: CommentStatus, by: { actor: string; at: string }): Promise<void> {
    await this.db.updateTable('comments').set({ status, moderated_at: by.at, moderated_by: by.actor }).where('id', '=', comment.id).execute();
    this.changes.emit([`comments:${comment.articleId}`]);
  }

  /** Deletes a comment with its replies. */
  async deleteWithReplies(comment: Pick<Comment, 'id' | 'articleId'>): Promise<void> {
    await this.db.deleteFrom('comments').where((eb) => eb.or([eb('id', '=', comment.id), eb('parent_id', '=', comment.id)])).execute();
    this.changes.emit([`comments:${comment.articleId}`]);
  }

  async isBlocked(who: { email: string | null; ipHash: string | null }): Promise<boolean> {
    const checks = [...(who.email ? [['email', who.email] as const] : []), ...(who.ipHash ? [['ip', who.ipHash] as const] : [])];
    if (checks.length === 0) return false;
    const row = await this.db
      .selectFrom('comment_blocks')
      .select('id')
      .where((eb) => eb.or(checks.map(([kind, value]) => eb.and([eb('kind', '=', kind), eb('value', '=', value)]))))
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Blocks a commenter's e-mail or address hash; blocking twice keeps the first block. */
  async addBlock(kind: BlockKind, value: string, by: { actor: string; at: string }): Promise<void> {
    await this.db
      .insertInto('comment_blocks')
      .values({ kind, value, created_at: by.at, actor: by.actor })
      .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
      .execute();
  }

  async listBlocks(): Promise<CommentBlock[]> {
    const rows = await this.db.selectFrom('comment_blocks').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map((r) => ({ id: Number(r.id), kind: r.kind as BlockKind, value: r.value, createdAt: r.created_at, actor: r.actor }));
  }

  async removeBlock(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('comment_blocks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
