import type { Kysely } from 'kysely';
import { summaryFromRow, type ArticleSummary } from './articles.js';
import type { Database } from './schema.js';
import { SUMMARY_COLUMNS } from './search.js';

/** Page views per article and UTC day, for "most read". No reader is identified; only counts are kept. */
export class ViewStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds a view to the published article at a section and slug, in one statement (no read first), so
   * a page answered from a cache can be counted as cheaply as a rendered one. Returns whether there was one.
   */
  async addByAddress(section: string, slug: string, day: string, views = 1): Promise<boolean> {
    const result = await this.db
      .insertInto('article_views')
      .columns(['article_id', 'day', 'views'])
      .expression((eb) =>
        eb
          .selectFrom('articles')
          .select((e) => ['articles.id', e.val(day).as('day'), e.val(views).as('views')])
          .where('articles.slug', '=', slug)
          .where('articles.section', '=', section)
          .where('articles.status', '=', 'published'),
      )
      .onConflict((oc) =>
        oc.columns(['article_id', 'day']).doUpdateSet((eb) => ({ views: eb('article_views.views', '+', eb.ref('excluded.views')) })),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * The published articles read most on the given days (YYYY-MM-DD, UTC), most views first, newest
   * first among equals. Only the top few by views are joined to articles: at most `limit` × 5 of them,
   * so an article unpublished in that time cannot crowd the list out, and the query reads only those days.
   */
  async mostRead(opts: { days: readonly string[]; limit: number }): Promise<(ArticleSummary & { views: number })[]> {
    if (!opts.days.length) return [];
    const rows = await this.db
      .selectFrom((eb) =>
        eb
          .selectFrom('article_views')
          .select((e) => ['article_id', e.fn.sum<number>('views').as('recent_views')])
          // Days as a list (not a range) lets the planner read them through the day index.
          .where('day', 'in', opts.days)
          .groupBy('article_id')
          .orderBy('recent_views', 'desc')
          .limit(opts.limit * 5)
          .as('v'),
      )
      .innerJoin('articles', 'articles.id', 'v.article_id')
      .select([...SUMMARY_COLUMNS, 'v.recent_views'])
      .where('articles.status', '=', 'published')
      .orderBy('v.recent_views', 'desc')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id')
      .limit(opts.limit)
      .execute();
    // The box is kept in memory and its dependencies recorded where it is shown (ops/count-view.ts).
    return rows.map((r) => ({ ...summaryFromRow(r), views: Number(r.recent_views) }));
  }
}
