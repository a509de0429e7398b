import type { Context } from 'hono';
import { renderingContext, type AppContext } from '../context.js';
import type { Dependencies } from '../store/dependencies.js';

/**
 * Hono's variables on the public site: the dependency set of the page being rendered, put there by
 * the page-cache middleware (app.ts), and the context made from it (see `renderingFor`).
 */
export type SiteEnv = { Variables: { deps: Dependencies; rendering: AppContext } };

/**
 * The context to render this request's page with (`ctx` is the app's): its store's reads record what
 * the page shows into the page's dependency set (see store/dependencies.ts). Without one (a signed-in
 * reader, a POST, the page cache turned off) it records nothing. Made once per request, however many parts of the page ask.
 */
export function renderingFor(c: Context, ctx: AppContext): AppContext {
  const site = c as Context<SiteEnv>;
  let rendering = site.get('rendering');
  if (!rendering) site.set('rendering', (rendering = renderingContext(ctx, site.get('deps'))));
  return rendering;
}
