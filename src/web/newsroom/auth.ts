import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { resumeSession } from '../../ops/sessions.js';
import type { Session, User } from '../../store/users.js';

export const SESSION_COOKIE = 'dl_session';

export type NewsroomEnv = { Variables: { user: User; session: Session } };

const secure = (ctx: AppContext) => ctx.config.siteUrl.startsWith('https:');

export function setSessionCookie(c: Context, ctx: AppContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(ctx),
    path: '/',
    maxAge: 14 * 86_400,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

const isApi = (c: Context) => c.req.path.startsWith('/newsroom/api/');

/** Loads the signed-in person; sends everyone else to the sign-in page (or a 401 for the API). */
export function requireSession(ctx: AppContext): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await resumeSession(ctx, token) : undefined;
    if (!found) {
      if (isApi(c) || c.req.method !== 'GET') throw new AppError('unauthorized', 'Please sign in again: your session has ended.');
      const nextPath = c.req.path + (new URL(c.req.url).search || '');
      return c.redirect(`/newsroom/sign-in?next=${encodeURIComponent(nextPath)}`, 303);
    }
    c.set('user', found.user);
    c.set('session', found.session);
    c.header('cache-control', 'no-store');
    return next();
  };
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The per-session synchronizer token: every state-changing newsroom request carries it, as the
 * `_csrf` form field or the `x-csrf-token` header (on top of the Origin check for the whole app).
 */
export function requireCsrfToken(): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    let sent = c.req.header('x-csrf-token');
    if (!sent && /form/.test(c.req.header('content-type') ?? '')) {
      const body = await c.req.parseBody();
      sent = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
    if (!sent || !same(sent, c.get('session').csrfToken)) {
      throw new AppError('csrf_failed', 'The form had expired or did not come from this newsroom. Reload the page and try again.');
    }
    return next();
  };
}
