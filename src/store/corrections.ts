import type { Kysely, Selectable } from 'kysely';
import { ChangeFeed, dependsOn, type Dependencies } from './dependencies.js';
import type { CorrectionsTable, Database } from './schema.js';
import { reusable, slot } from './reusable.js';

export type CorrectionKind = 'correction' | 'update';

export interface Correction {
  id: number;
  articleId: string;
  kind: CorrectionKind;
  text: string;
  createdAt: string;
  actor: string | null;
}

// Read for every article page: built and compiled once (see reusable.ts).
const correctionsOf = reusable<[string], Selectable<CorrectionsTable>>((db) =>
  db.selectFrom('corrections').selectAll().where('article_id', '=', slot<string>(0)).orderBy('created_at').orderBy('id'),
);

/** Dated correction and update notes shown on an article's page. */
export class CorrectionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed = new ChangeFeed(),
    /** Where a page render records what it reads (see dependencies.ts). */
    private readonly deps?: Dependencies,
  ) {}

  async add(c: Omit<Correction, 'id'>): Promise<Correction> {
    const row = await this.db
      .insertInto('corrections')
      .values({ article_id: c.articleId, kind: c.kind, text: c.text, created_at: c.createdAt, actor: c.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.changes.emit([`article:${c.articleId}`]);
    return { ...c, id: Number(row.id) };
  }

  async listForArticle(articleId: string): Promise<Correction[]> {
    dependsOn(this.deps, `article:${articleId}`);
    const rows = await correctionsOf(this.db, articleId);
    return rows.map((r) => ({ id: Number(r.id), articleId: r.article_id, kind: r.kind as CorrectionKind, text: r.text, createdAt: r.created_at, actor: r.actor }));
  }
}
