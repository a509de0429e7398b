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
  scheduled_at: string | null;
  seo_json: string | null;
  /** 'newsroom', 'wire' (the wire desk's inbox) or 'demo'. */
  origin: string;
  created_by: string | null;
  /** Set when a newer wire version arrived for an article an editor has changed; cleared on the next save. */
  wire_flag: string | null;
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
  /** visible | held | rejected | spam */
  status: string;
  created_at: string;
  /** Never shown; for moderators and blocking. */
  author_email: string | null;
  /** A reply's parent (replies are one level deep). */
  parent_id: number | null;
  /** sha256 of the address with the site secret: enough to block and rate-limit, not to locate anyone. */
  ip_hash: string | null;
  moderated_at: string | null;
  moderated_by: string | null;
}

export interface CommentBlocksTable {
  id: Generated<number>;
  /** 'ip' (an ip_hash) or 'email' (lower-cased) */
  kind: string;
  value: string;
  created_at: string;
  actor: string | null;
}

export interface SlugHistoryTable {
  old_slug: string;
  article_id: string;
  changed_at: string;
}

export interface ArticleViewsTable {
  article_id: string;
  /** YYYY-MM-DD (UTC) */
  day: string;
  views: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  slug: string;
  role: string;
  password_hash: string;
  bio: string | null;
  location: string | null;
  photo_url: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a leaked database does not leak live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
}

export interface CorrectionsTable {
  id: Generated<number>;
  article_id: string;
  kind: string;
  text: string;
  created_at: string;
  actor: string | null;
}

export interface ArticlePresenceTable {
  article_id: string;
  user_id: string;
  seen_at: string;
}

export interface MediaTable {
  id: string;
  original_name: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** [{ width, height, format, file }] */
  renditions_json: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface WireFilesTable {
  id: string;
  content_hash: string;
  file_name: string;
  /** The channel and agency: "cli", "drop", or a push token's name. */
  source: string;
  format: string | null;
  bytes: Buffer;
  received_at: string;
}

export interface WireItemsTable {
  id: string;
  file_id: string;
  item_index: number;
  wire_id: string | null;
  wire_version: number | null;
  headline: string | null;
  /** imported | updated | flagged | duplicate | older | held | failed */
  status: string;
  publish: number;
  section: string | null;
  embargo_until: string | null;
  article_id: string | null;
  error: string | null;
  report_json: string | null;
  received_at: string;
}

export interface WireTokensTable {
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
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
  users: UsersTable;
  sessions: SessionsTable;
  corrections: CorrectionsTable;
  article_presence: ArticlePresenceTable;
  media: MediaTable;
  wire_files: WireFilesTable;
  wire_items: WireItemsTable;
  wire_tokens: WireTokensTable;
  comment_blocks: CommentBlocksTable;
  slug_history: SlugHistoryTable;
  article_views: ArticleViewsTable;
  article_derived: ArticleDerivedTable;
  article_related: ArticleRelatedTable;
  rate_limits: RateLimitsTable;
}

/** One rate-limited key's window (see store/rate-limits.ts). */
export interface RateLimitsTable {
  /** A hash of the limit's name and what it counts (an address, an e-mail, an article, an agency). */
  key: string;
  /** ms since the epoch; a bigint column, which PostgreSQL returns as text. */
  window_start: number | string;
  count: number;
}

/** Worked out from other data for an article page (see store/derived.ts). */
export interface ArticleDerivedTable {
  article_id: string;
  source_updated_at: string;
  computed_at: string;
  /** The chosen ids; no longer read since migration 010 (`related_json` holds the links), still written as the column is NOT NULL. */
  related_ids_json: string;
  key_points_json: string;
  /** ArticleLink[] as chosen; null in rows from before migration 010. */
  related_json: string | null;
}

/** Which kept Related choices show which article (see migration 010). */
export interface ArticleRelatedTable {
  related_id: string;
  article_id: string;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type CommentRow = Selectable<CommentsTable>;
