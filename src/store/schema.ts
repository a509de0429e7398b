import type { Generated, Insertable, Selectable } from 'kysely';

/** Table types for Kysely. Instants are ISO 8601 UTC strings; structured fields are JSON text. */
export interface ArticlesTable {
  id: string;
  slug: string;
  section: string;
  headline: string;
  standfirst: string | null;
  dateline_json: string | null;
  bylines_json: string;
  body_json: string;
  key_points_json: string;
  tags_json: string;
  credit: string | null;
  source: string | null;
  language: string;
  status: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** Bumped on every save; a save naming an older revision is refused (optimistic locking). */
  revision: number;
}

export interface ArticleTagsTable {
  article_id: string;
  tag: string;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: string;
  revision: number;
  created_at: string;
  actor: string | null;
  doc_json: string;
}

export interface CommentsTable {
  id: Generated<number>;
  article_id: string;
  author_name: string;
  body: string;
  status: string;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  articles: ArticlesTable;
  article_tags: ArticleTagsTable;
  article_revisions: ArticleRevisionsTable;
  comments: CommentsTable;
  settings: SettingsTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type CommentRow = Selectable<CommentsTable>;
