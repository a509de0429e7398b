import { renderingContext, type AppContext } from '../context.js';
import { suggestKeyPoints } from '../domain/key-points.js';
import type { ArticleLink, StoredArticle } from '../store/articles.js';
import { dependsOn } from '../store/dependencies.js';
import type { DerivedData } from '../store/derived.js';

const RELATED_COUNT = 4;
/** How long a Related choice stands before the next render looks again (newer articles may fit better). */
const RELATED_FRESH_MS = 24 * 3_600_000;

/**
 * The Related box and the key points of an article page. Ranking related articles by shared tags
 * costs milliseconds at 100,000 articles, so the choice is kept with each chosen article's link
 * (store/derived.ts) and made again when the article changed, when an article it shows changed
 * (edited, moved or unpublished: its write drops the choice), or when it is a day old. A render
 * otherwise reads that one row.
 *
 * The page depends on the chosen articles (`article:ID`), not on the tag lists they came from, so
 * publishing in a busy tag does not drop every cached page that shares it.
 */
export async function loadArticleDerived(ctx: AppContext, article: StoredArticle): Promise<{ related: ArticleLink[]; keyPoints: string[] }> {
  const { store } = ctx;
  const now = ctx.now();
  let derived = await store.derived.get(article.id);
  if (!derived || derived.sourceUpdatedAt !== article.updatedAt || now.getTime() - Date.parse(derived.computedAt) > RELATED_FRESH_MS) {
    // Kept apart from the page: the choice's reads (every article in the tags) are not what it shows.
    derived = await deriveFor(renderingContext(ctx, undefined), article, now);
  }
  // Each link shown is recorded, so a change to it drops this page from the cache as it drops the choice.
  dependsOn(ctx.deps, ...derived.related.map((r) => `article:${r.id}`));
  return { related: derived.related, keyPoints: article.keyPoints.length ? article.keyPoints : derived.keyPoints };
}

async function deriveFor(ctx: AppContext, article: StoredArticle, now: Date): Promise<DerivedData> {
  const related = await ctx.store.search.related(article, RELATED_COUNT);
  const data: DerivedData = {
    sourceUpdatedAt: article.updatedAt,
    computedAt: now.toISOString(),
    related: related.map((r): ArticleLink => ({ id: r.id, slug: r.slug, section: r.section, headline: r.headline, publishedAt: r.publishedAt })),
    keyPoints: article.keyPoints.length ? [] : suggestKeyPoints(article.body, { headline: article.headline }),
  };
  try {
    return await ctx.store.derived.put(article.id, data);
  } catch (err) {
    // A reader still gets the page; the next render tries again.
    ctx.logger.warn({ err, articleId: article.id }, 'derived article data not kept');
    return data;
  }
}
