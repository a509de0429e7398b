import type { MiddlewareHandler } from 'hono';
import { AppError } from '../domain/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that do not come from our own pages. Browsers send
 * Sec-Fetch-Site and Origin on every POST; a cross-site form or script cannot forge them. This keeps
 * public pages free of per-visitor tokens, so they stay cacheable (docs/adr/002-csrf.md).
 */
export function csrfProtection(siteOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    // The wire push endpoint authenticates with a bearer token, not a cookie: nothing a browser sends by itself.
    if (SAFE.has(c.req.method) || c.req.path.startsWith('/api/wire/')) return next();
    const fetchSite = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const requestOrigin = new URL(c.req.url).origin;
    const sameOrigin = origin !== undefined && (origin === siteOrigin || origin === requestOrigin);
    if (fetchSite === 'same-origin' || (fetchSite === undefined && sameOrigin) || (fetchSite !== 'cross-site' && sameOrigin)) {
      return next();
    }
    throw new AppError(
      'csrf_failed',
      origin
        ? `This form was sent from another site (${origin}); please use the form on ${siteOrigin}.`
        : 'This request did not say which site it came from (no Origin header); please use the form on the site.',
    );
  };
}
