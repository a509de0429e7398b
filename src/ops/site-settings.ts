import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../domain/errors.js';
import { authorize, type Actor } from '../domain/policies.js';
import { dependsOn } from '../store/dependencies.js';
import type { Store } from '../store/index.js';

/** Settings an admin changes in the newsroom, kept in the `settings` table. */
export interface SiteSettings {
  /** 'pre': comments wait for a moderator; 'post': they show at once and moderators remove what breaks the rules. */
  commentsMode: 'pre' | 'post';
  /** Comments close this many days after publication; 0 keeps them open. */
  commentsCloseAfterDays: number;
  /** The site's X/Twitter account without "@", empty when none. */
  twitterHandle: string;
}

const KEYS = {
  commentsMode: 'comments_mode',
  commentsCloseAfterDays: 'comments_close_after_days',
  twitterHandle: 'twitter_handle',
} as const satisfies Record<keyof SiteSettings, string>;

const fields = {
  commentsMode: z.enum(['pre', 'post'], 'commentsMode: choose "pre" (hold for approval) or "post" (show at once).'),
  commentsCloseAfterDays: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
    z
      .number('commentsCloseAfterDays: give a whole number of days.')
      .int('commentsCloseAfterDays: give a whole number of days.')
      .min(0, 'commentsCloseAfterDays: give 0 (never close) or more days.')
      .max(3650, 'commentsCloseAfterDays: at most 3650 days.'),
  ),
  twitterHandle: z
    .string()
    .trim()
    .regex(/^(@?\w{1,15})?$/, 'twitterHandle: give an X account like @dateline (letters, digits and _, at most 15), or leave it empty.')
    .transform((v) => v.replace(/^@/, '')),
};

/** Accepts any subset of the settings; form fields arrive as strings. */
export const siteSettingsInputSchema = z.object(fields).partial();

const defaults = (ctx: AppContext): SiteSettings => ({ commentsMode: 'post', commentsCloseAfterDays: 0, twitterHandle: ctx.config.twitterHandle });

/** Settings as last read, per database handle; dropped whenever a write announces `settings`. */
const cached = new WeakMap<Store['db'], Promise<SiteSettings>>();
const watched = new WeakSet<Store['db']>();

/**
 * The site's settings, each stored value checked and the default used where none (or a bad one) is stored.
 * Every public page reads them, so they are kept in memory until a settings write announces a change.
 */
export function getSiteSettings(ctx: AppContext): Promise<SiteSettings> {
  const store = ctx.store;
  // By database handle: each page render reads through a store of its own (Store.reading).
  const db = store.db;
  let settings = cached.get(db);
  if (!settings) {
    if (!watched.has(db)) {
      watched.add(db);
      store.changes.subscribe((tags) => tags.has('settings') && cached.delete(db));
    }
    settings = readSiteSettings(ctx);
    cached.set(db, settings);
    settings.catch(() => cached.delete(db));
  }
  dependsOn(ctx.deps, 'settings');
  return settings;
}

async function readSiteSettings(ctx: AppContext): Promise<SiteSettings> {
  const base = defaults(ctx);
  const [mode, days, handle] = await Promise.all([
    ctx.store.settings.get(KEYS.commentsMode),
    ctx.store.settings.get(KEYS.commentsCloseAfterDays),
    ctx.store.settings.get(KEYS.twitterHandle),
  ]);
  const read = <T>(schema: z.ZodType<T>, stored: string | undefined, fallback: T): T => {
    if (stored === undefined) return fallback;
    const parsed = schema.safeParse(stored);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    commentsMode: read(fields.commentsMode, mode, base.commentsMode),
    commentsCloseAfterDays: read(fields.commentsCloseAfterDays, days, base.commentsCloseAfterDays),
    twitterHandle: read(fields.twitterHandle, handle, base.twitterHandle),
  };
}

/** Changes the given settings (admins only); returns them all as now stored. */
export async function updateSiteSettings(ctx: AppContext, actor: Actor, input: unknown): Promise<SiteSettings> {
  authorize(actor, 'settings.manage');
  const parsed = siteSettingsInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ where: String(i.path[0] ?? 'settings'), message: i.message }));
    throw new AppError('invalid_input', issues[0]?.message ?? 'Invalid settings.', { issues });
  }
  const changes = Object.entries(parsed.data).filter((e) => e[1] !== undefined) as [keyof SiteSettings, string | number][];
  await ctx.store.transaction(async (store) => {
    for (const [key, value] of changes) await store.settings.set(KEYS[key], String(value));
  });
  return getSiteSettings(ctx);
}

const secrets = new WeakMap<Store['db'], Promise<string>>();

/**
 * The site's secret for signing form stamps and hashing addresses: created once with a random value, then
 * read from the database, so every node of the site shares it. Cached per database handle, since it never changes.
 */
export function siteSecret(ctx: AppContext): Promise<string> {
  let secret = secrets.get(ctx.store.db);
  if (!secret) {
    secret = (async () => (await ctx.store.settings.get('secret')) ?? ctx.store.settings.setIfAbsent('secret', randomBytes(32).toString('base64url')))();
    secrets.set(ctx.store.db, secret);
    secret.catch(() => secrets.delete(ctx.store.db));
  }
  return secret;
}
