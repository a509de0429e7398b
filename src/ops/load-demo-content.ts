import type { AppContext } from '../context.js';
import { createArticle } from './create-article.js';
import { DEMO_ARTICLES } from './demo-content.js';

/** On the first start of an empty site, publishes the demo articles once. Returns how many it added. */
export async function loadDemoContent(ctx: AppContext): Promise<number> {
  if (!ctx.config.loadDemoContent) return 0;
  if ((await ctx.store.settings.get('demo_content')) !== undefined) return 0;
  if ((await ctx.store.articles.countAll()) > 0) {
    await ctx.store.settings.setIfAbsent('demo_content', 'skipped');
    return 0;
  }
  // The flag is claimed first so that two nodes starting together load the demo only once.
  const claim = `loading:${process.pid}:${Date.now()}`;
  if ((await ctx.store.settings.setIfAbsent('demo_content', claim)) !== claim) return 0;
  for (const demo of DEMO_ARTICLES) await createArticle(ctx, { ...demo, status: 'published' }, { actor: null, origin: 'demo' });
  await ctx.store.settings.set('demo_content', 'loaded');
  return DEMO_ARTICLES.length;
}
