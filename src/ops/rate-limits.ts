import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import { siteSecret } from './site-settings.js';

/** A limit: at most `limit` hits per key in a window of `windowMs` from the key's first hit. */
export interface RateLimit {
  /** Part of the stored key, so limits never share a counter. */
  name: string;
  limit: number;
  windowMs: number;
}

/** Comments from one address, and on one article, a minute; failed sign-ins per e-mail and per address; an agency's pushes. */
export const LIMITS = {
  commentsByAddress: { name: 'comments-address', limit: 5, windowMs: 60_000 },
  commentsByArticle: { name: 'comments-article', limit: 30, windowMs: 60_000 },
  signInFailuresByEmail: { name: 'sign-in-email', limit: 5, windowMs: 15 * 60_000 },
  signInFailuresByAddress: { name: 'sign-in-address', limit: 20, windowMs: 15 * 60_000 },
  wirePushesByAgency: { name: 'wire-push', limit: 600, windowMs: 60_000 },
} satisfies Record<string, RateLimit>;

const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((l) => l.windowMs));
/** Windows long over are dropped after this many hits (in this process). */
const PRUNE_EVERY = 500;
let hitsSincePrune = 0;

/*
 * Counted in the database (store/rate-limits.ts), so every server process counts the same hits: in memory, each of
 * `serve --workers N` allowed the limit again. What is counted is stored as a hash with the site secret, never in clear.
 */
const storedKey = async (ctx: AppContext, limit: RateLimit, key: string) =>
  createHash('sha256').update(`${await siteSecret(ctx)}\0${limit.name}\0${key}`).digest('base64url');

const secondsLeft = (windowStart: number, limit: RateLimit, now: number) => Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000));

/** Counts one hit on `key`; returns the seconds to wait when it goes over the limit, or 0 when allowed. */
export async function hitLimit(ctx: AppContext, limit: RateLimit, key: string): Promise<number> {
  const now = ctx.now().getTime();
  const window = await ctx.store.rateLimits.hit(await storedKey(ctx, limit, key), now, limit.windowMs);
  if (++hitsSincePrune >= PRUNE_EVERY) {
    hitsSincePrune = 0;
    await ctx.store.rateLimits.prune(now - LONGEST_WINDOW_MS);
  }
  return window.count > limit.limit ? secondsLeft(window.windowStart, limit, now) : 0;
}

/** Without counting: the seconds to wait while `key` has used up its limit, or 0 (for failures, counted by `hitLimit`). */
export async function limitWait(ctx: AppContext, limit: RateLimit, key: string): Promise<number> {
  const now = ctx.now().getTime();
  const window = await ctx.store.rateLimits.peek(await storedKey(ctx, limit, key), now, limit.windowMs);
  return window.count >= limit.limit ? secondsLeft(window.windowStart, limit, now) : 0;
}

/** Forgets `key`'s hits (a successful sign-in clears its e-mail's failures). */
export async function clearLimit(ctx: AppContext, limit: RateLimit, key: string): Promise<void> {
  await ctx.store.rateLimits.reset(await storedKey(ctx, limit, key));
}
