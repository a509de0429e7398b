import type { Kysely, Selectable } from 'kysely';
import type { ArticleDerivedTable, Database } from './schema.js';
import { reusable, slot } from './reusable.js';

/** What an article page shows that was worked out from other data, kept per article. */
export interface DerivedData {
  /** The article's updatedAt when this was worked out. */
  sourceUpdatedAt: string;
  computedAt: string;
  /** Related published articles, best first, as chosen then. */
  relatedIds: string[];
  /** Key points extracted from the body (empty when the article has its own). */
  keyPoints: string[];
}

// Read for every article page: built and compiled once (see reusable.ts).
const derivedRow = reusable<[string], Selectable<ArticleDerivedTable>>((db) => db.selectFrom('article_derived').selectAll().where('article_id', '=', slot<string>(0)));

/** Derived article data (the Related box, extracted key points); see ops/article-derived.ts for when it is refreshed. */
export class DerivedStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(articleId: string): Promise<DerivedData | undefined> {
    const [row] = await derivedRow(this.db, articleId);
    if (!row) return undefined;
    return {
      sourceUpdatedAt: row.source_updated_at,
      computedAt: row.computed_at,
      relatedIds: JSON.parse(row.related_ids_json) as string[],
      keyPoints: JSON.parse(row.key_points_json) as string[],
    };
  }

  async put(articleId: string, data: DerivedData): Promise<void> {
    const values = {
      source_updated_at: data.sourceUpdatedAt,
      computed_at: data.computedAt,
      related_ids_json: JSON.stringify(data.relatedIds),
      key_points_json: JSON.stringify(data.keyPoints),
    };
    await this.db
      .insertInto('article_derived')
      .values({ article_id: articleId, ...values })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(values))
      .execute();
  }
}
