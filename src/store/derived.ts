import type { Kysely, Selectable } from 'kysely';
import type { ArticleLink } from './articles.js';
import type { ArticleDerivedTable, ArticleRow, Database } from './schema.js';
import { reusable, reusableBy, slot } from './reusable.js';

/** What an article page shows that was worked out from other data, kept per article. */
export interface DerivedData {
  /** The article's updatedAt when this was worked out. */
  sourceUpdatedAt: string;
  computedAt: string;
  /** Related published articles, best first, as they were when chosen (see `forgetChoicesShowing`). */
  related: ArticleLink[];
  /** Key points extracted from the body (empty when the article has its own). */
  keyPoints: string[];
}

type Db = Kysely<Database>;

// Read for every article page: built and compiled once (see reusable.ts).
const derivedRow = reusable<[string], Selectable<ArticleDerivedTable>>((db) => db.selectFrom('article_derived').selectAll().where('article_id', '=', slot<string>(0)));

const linksByIds = reusableBy<number, string[], Pick<ArticleRow, 'id' | 'slug' | 'section' | 'headline' | 'published_at'>>((db, count) =>
  db
    .selectFrom('articles')
    .select(['id', 'slug', 'section', 'headline', 'published_at'])
    .where('id', 'in', Array.from({ length: count }, (_, i) => slot<string>(i)))
    .where('status', '=', 'published'),
);

/**
 * The published ones among `ids`, in the order given, as links. The columns read are all in
 * `articles_id_link` (migration 009), so the rows, whose status comes after the large body, are not read.
 */
export async function readPublishedLinks(db: Db, ids: readonly string[]): Promise<ArticleLink[]> {
  if (!ids.length) return [];
  const rows = await linksByIds(db, ids.length, ...ids);
  const byId = new Map(rows.map((r): [string, ArticleLink] => [r.id, { id: r.id, slug: r.slug, section: r.section, headline: r.headline, publishedAt: r.published_at }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Derived article data (the Related box, extracted key points); see ops/article-derived.ts for when it
 * is refreshed. A kept choice of Related links is dropped whenever an article it shows changes.
 */
export class DerivedStore {
  constructor(private readonly db: Db) {}

  /** The kept data, or undefined when there is none to use (none kept, or kept before the links were). */
  async get(articleId: string): Promise<DerivedData | undefined> {
    const [row] = await derivedRow(this.db, articleId);
    if (!row?.related_json) return undefined;
    return {
      sourceUpdatedAt: row.source_updated_at,
      computedAt: row.computed_at,
      related: JSON.parse(row.related_json) as ArticleLink[],
      keyPoints: JSON.parse(row.key_points_json) as string[],
    };
  }

  /**
   * Keeps the data; the Related links are read again in the same transaction as they are kept, so a
   * change to one of them lands either before (and is kept) or after (and drops the choice). Returns
   * what was kept.
   */
  async put(articleId: string, data: DerivedData): Promise<DerivedData> {
    const write = async (trx: Db): Promise<DerivedData> => {
      const related = await readPublishedLinks(trx, data.related.map((r) => r.id));
      const values = {
        source_updated_at: data.sourceUpdatedAt,
        computed_at: data.computedAt,
        related_ids_json: JSON.stringify(related.map((r) => r.id)),
        related_json: JSON.stringify(related),
        key_points_json: JSON.stringify(data.keyPoints),
      };
      await trx
        .insertInto('article_derived')
        .values({ article_id: articleId, ...values })
        .onConflict((oc) => oc.column('article_id').doUpdateSet(values))
        .execute();
      await trx.deleteFrom('article_related').where('article_id', '=', articleId).execute();
      const shown = [...new Set(related.map((r) => r.id))];
      if (shown.length) await trx.insertInto('article_related').values(shown.map((id) => ({ related_id: id, article_id: articleId }))).execute();
      return { ...data, related };
    };
    return this.db.isTransaction ? write(this.db) : this.db.transaction().execute(write);
  }

  /**
   * Drops every kept choice that shows this article (its address, headline, date or status may have
   * changed): each of those pages chooses again on its next render. Called in the article's write.
   */
  async forgetChoicesShowing(articleId: string): Promise<void> {
    await this.db
      .deleteFrom('article_derived')
      .where('article_id', 'in', (eb) => eb.selectFrom('article_related').select('article_related.article_id').where('article_related.related_id', '=', articleId))
      .execute();
  }
}
