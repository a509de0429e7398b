import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type CommentStatus = 'visible' | 'held' | 'rejected';

export interface Comment {
  id: number;
  articleId: string;
  authorName: string;
  body: string;
  status: CommentStatus;
  createdAt: string;
}

/** Reader comments. A comment is committed before the reader is told it was received. */
export class CommentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(c: Omit<Comment, 'id'>): Promise<Comment> {
    const row = await this.db
      .insertInto('comments')
      .values({ article_id: c.articleId, author_name: c.authorName, body: c.body, status: c.status, created_at: c.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...c, id: Number(row.id) };
  }

  /** Visible comments on an article, oldest first, as a conversation reads. */
  async listVisible(articleId: string): Promise<Comment[]> {
    const rows = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('article_id', '=', articleId)
      .where('status', '=', 'visible')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      articleId: r.article_id,
      authorName: r.author_name,
      body: r.body,
      status: r.status as CommentStatus,
      createdAt: r.created_at,
    }));
  }
}
