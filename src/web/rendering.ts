import type { Context } from 'hono';
import { renderingContext, type AppContext } from '../context.js';
import type { Dependencies } from '../store/dependencies.js';

/** Hono's variables on the public site: the dependency set of the page being rendered, put there by the page-cache middleware (app.ts). */
export type SiteEnv = { Variables: { deps: Dependencies } };

/**
 * The context to render this request's page with: its store's reads record what the page shows into
 * the page's dependency set (see store/dependencies.ts). Without one (a signed-in reader, a POST) it records nothing.
 */
export const renderingFor = (c: Context, ctx: AppContext): AppContext => renderingContext(ctx, (c as Context<SiteEnv>).get('deps'));
