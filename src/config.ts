import { resolve } from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from './domain/dates.js';
import { AppError } from './domain/errors.js';
import { DEFAULT_SECTIONS, type Section } from './domain/sections.js';

/** Everything Dateline reads from its environment, validated once at start. */
export interface Config {
  env: 'production' | 'development' | 'test';
  dataDir: string;
  host: string;
  port: number;
  /** Public base URL for canonical links, feeds and share links; defaults to http://localhost:PORT. */
  siteUrl: string;
  siteName: string;
  siteTagline: string;
  /** The X/Twitter account for twitter:site, without "@"; empty when none. */
  twitterHandle: string;
  timeZone: string;
  sections: readonly Section[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  loadDemoContent: boolean;
  /** Articles per page on section pages. */
  pageSize: number;
  /** The in-memory page cache: on, and its size bound. */
  pageCache: { enabled: boolean; maxBytes: number };
  /** Cache-Control for public pages, for a CDN in front: s-maxage and stale-while-revalidate, in seconds. */
  cdnMaxAge: number;
  /** Where to POST {"urls": [...]} after a purge (a CDN or Varnish purge endpoint), if anywhere. */
  purgeUrl: string | undefined;
}

export interface ConfigOverrides {
  dataDir?: string;
  port?: number;
  host?: string;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  DATELINE_DATA: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATELINE_SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATELINE_SITE_NAME: z.string().min(1).max(100).default('Dateline'),
  DATELINE_SITE_TAGLINE: z.string().max(200).default('News as it happens, from where it happens'),
  DATELINE_TWITTER: z
    .string()
    .regex(/^@?\w{1,15}$/, 'must be an X/Twitter handle like @dateline')
    .default('@dateline'),
  DATELINE_TIMEZONE: z.string().refine(isValidTimeZone, 'must be an IANA time zone like Europe/London').default('Europe/London'),
  DATELINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).optional(),
  DATELINE_DEMO: z.enum(['0', '1']).default('1'),
  DATELINE_PAGE_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATELINE_PAGE_CACHE: z.enum(['0', '1']).default('1'),
  DATELINE_PAGE_CACHE_MB: z.coerce.number().int().min(1).max(65536).default(64),
  DATELINE_CDN_MAX_AGE: z.coerce.number().int().min(0).max(86400).default(60),
  DATELINE_PURGE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Reads the config from environment variables and CLI overrides; throws `config_invalid` naming each bad variable. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ where: String(i.path[0]), message: i.message }));
    throw new AppError(
      'config_invalid',
      `Invalid configuration: ${issues.map((i) => `${i.where}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('config_invalid', `Invalid configuration: --port: must be a whole number from 0 to 65535, got ${port}`);
  }
  return {
    env: e.NODE_ENV,
    dataDir: resolve(overrides.dataDir ?? e.DATELINE_DATA),
    host: overrides.host ?? e.HOST,
    port,
    siteUrl: (e.DATELINE_SITE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    siteName: e.DATELINE_SITE_NAME,
    siteTagline: e.DATELINE_SITE_TAGLINE,
    twitterHandle: e.DATELINE_TWITTER.replace(/^@/, ''),
    timeZone: e.DATELINE_TIMEZONE,
    sections: DEFAULT_SECTIONS,
    logLevel: e.DATELINE_LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    loadDemoContent: e.DATELINE_DEMO === '1',
    pageSize: e.DATELINE_PAGE_SIZE,
    pageCache: { enabled: e.DATELINE_PAGE_CACHE === '1', maxBytes: e.DATELINE_PAGE_CACHE_MB * 1024 * 1024 },
    cdnMaxAge: e.DATELINE_CDN_MAX_AGE,
    purgeUrl: e.DATELINE_PURGE_URL,
  };
}
