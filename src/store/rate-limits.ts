import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A key's current window: when it started (ms since the epoch) and the hits counted in it. */
export interface RateWindow {
  windowStart: number;
  count: number;
}

/**
 * Counters for rate limits, in the database so that every process serving the site counts the same hits
 * (migration 011). A window starts at a key's first hit and lasts `windowMs`; a hit after it starts a new one.
 */
export class RateLimitStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Counts one hit on `key` at `now`, in one statement (so two processes never lose each other's hits). */
  async hit(key: string, now: number, windowMs: number): Promise<RateWindow> {
    const current = sql<boolean>`${now} - rate_limits.window_start < ${windowMs}`;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          // Both read the row as it was: SET sees the old values on SQLite and PostgreSQL alike.
          count: sql<number>`CASE WHEN ${current} THEN rate_limits.count + 1 ELSE 1 END`,
          window_start: sql<number>`CASE WHEN ${current} THEN rate_limits.window_start ELSE ${now} END`,
        }),
      )
      .returning(['window_start', 'count'])
      .executeTakeFirstOrThrow();
    return { windowStart: Number(row.window_start), count: Number(row.count) };
  }

  /** The key's window at `now`; a window that is over counts nothing. */
  async peek(key: string, now: number, windowMs: number): Promise<RateWindow> {
    const row = await this.db.selectFrom('rate_limits').select(['window_start', 'count']).where('key', '=', key).executeTakeFirst();
    if (!row || now - Number(row.window_start) >= windowMs) return { windowStart: now, count: 0 };
    return { windowStart: Number(row.window_start), count: Number(row.count) };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }

  /** Drops the windows that started before `before` (ms since the epoch). */
  async prune(before: number): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
  }
}
