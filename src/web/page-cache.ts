import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';

/** A rendered public page, kept with its compressed bodies and the data it shows. */
export interface CachedPage {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
  tags: Set<string>;
  /** Shown data changed in a way that may wait: still served, while a fresh copy is rendered (see SOFT_TAGS). */
  stale?: boolean;
  /** A fresh copy is being rendered. */
  refreshing?: boolean;
  /** Response headers as flat name/value lists, made on first use per body (or 304) and freshness (see `writeCachedPage`). */
  heads?: Record<'hit' | 'stale', Partial<Record<Encoding | 'not-modified', string[]>>>;
}

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Tags whose change does not drop a page but marks it stale: it is served as it is while one fresh
 * copy is rendered in the background. The Most read box changes every few seconds on a busy site
 * and is shown on every article page; dropping them all each time would empty the cache.
 */
const SOFT_TAGS = new Set(['most-read']);

/**
 * Search result pages take this share of the cache's bytes, in their own LRU: every query is a new
 * page, and a stream of distinct queries must only push out other searches, never the site's pages.
 */
const SEARCH_SHARE = 1 / 8;

const isSearch = (key: string): boolean => key.startsWith('/search');

/**
 * Public pages in memory, bounded by bytes, dropped by what changed: each page keeps the dependency
 * tags recorded while it was rendered, and `purge(tags)` drops exactly the pages sharing one.
 */
export class PageCache {
  private readonly pages: LRUCache<string, CachedPage>;
  private readonly searches: LRUCache<string, CachedPage>;
  private readonly byTag = new Map<string, Set<string>>();
  /** When each tag was last purged, so a render that raced a change is not stored. */
  private readonly purgedAt = new LRUCache<string, number>({ max: 10_000 });
  private sequence = 0;
  hits = 0;
  misses = 0;

  /** A mark to take before rendering; `set` refuses a page whose data changed since. */
  mark(): number {
    return this.sequence;
  }

  constructor(maxBytes: number) {
    const lru = (bytes: number) =>
      new LRUCache<string, CachedPage>({
        maxSize: bytes,
        sizeCalculation: (p) => p.body.length + p.gzip.length + p.br.length + 512,
        dispose: (page, key) => this.unindex(key, page),
      });
    const searchBytes = Math.floor(maxBytes * SEARCH_SHARE);
    this.pages = lru(maxBytes - searchBytes);
    this.searches = lru(searchBytes);
  }

  private lruFor(key: string): LRUCache<string, CachedPage> {
    return isSearch(key) ? this.searches : this.pages;
  }

  get(key: string): CachedPage | undefined {
    const page = this.lruFor(key).get(key);
    if (page) this.hits++;
    else this.misses++;
    return page;
  }

  /** Stores a page; `body` is compressed here, once, so every hit is served as stored. */
  set(key: string, page: Omit<CachedPage, 'gzip' | 'br' | 'etag'>, renderedSince = this.sequence): CachedPage | undefined {
    for (const tag of page.tags) if ((this.purgedAt.get(tag) ?? -1) >= renderedSince) return undefined;
    const full: CachedPage = {
      ...page,
      gzip: exact(gzipSync(page.body, { level: 6 })),
      br: exact(brotliCompressSync(page.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: page.body.length } })),
      etag: `"${createHash('sha1').update(page.body).digest('base64url')}"`,
    };
    this.lruFor(key).set(key, full);
    for (const tag of full.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return full;
  }

  /** Drops every page that shows any of the tags, or marks it stale for a soft tag; returns the keys dropped. */
  purge(tags: Iterable<string>): string[] {
    const keys = new Set<string>();
    const soft = new Set<string>();
    const seq = this.sequence++;
    for (const tag of tags) {
      if (SOFT_TAGS.has(tag)) {
        for (const key of this.byTag.get(tag) ?? []) soft.add(key);
        continue;
      }
      this.purgedAt.set(tag, seq);
      for (const key of this.byTag.get(tag) ?? []) keys.add(key);
    }
    for (const key of keys) this.lruFor(key).delete(key);
    for (const key of soft) {
      const page = this.lruFor(key).peek(key);
      if (page) page.stale = true;
    }
    return [...keys];
  }

  clear(): void {
    this.pages.clear();
    this.searches.clear();
  }

  get size(): number {
    return this.pages.size + this.searches.size;
  }

  get bytes(): number {
    return this.pages.calculatedSize + this.searches.calculatedSize;
  }

  private unindex(key: string, page: CachedPage): void {
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}

/**
 * A buffer of exactly its bytes. zlib's output is a view into a larger chunk, which a kept view keeps
 * alive whole (about 1.7× the bytes the cache's size bound counts).
 */
function exact(view: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(view.length);
  view.copy(own);
  return own;
}

/**
 * Picks the best stored encoding for the request and writes the page, or a 304 when the ETag matches.
 *
 * The headers go to `writeHead` as a flat list kept with the page: building a headers object per hit
 * (a copy of the page's, plus the encoding and length) had V8 promote garbage into the old generation
 * and run a full collection every quarter second under load (measured: 29,000 instead of 35,000
 * hits/s with the memory flags of `npm start`, and p99 doubled).
 */
export function writeCachedPage(req: IncomingMessage, res: ServerResponse, page: CachedPage): void {
  if (req.headers['if-none-match'] === page.etag) {
    res.writeHead(304, headsFor(page, 'not-modified'));
    res.end();
    return;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  res.writeHead(page.status, headsFor(page, encoding));
  res.end(req.method === 'HEAD' ? undefined : bodyFor(page, encoding));
}

const bodyFor = (page: CachedPage, encoding: Encoding): Buffer => (encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.body);

/** The stored body that suits a request's Accept-Encoding, and its encoding (`identity` for none). */
export function encodedBody(page: CachedPage, acceptEncoding: string | undefined): { encoding: Encoding; body: Buffer } {
  const encoding = pickEncoding(acceptEncoding);
  return { encoding, body: bodyFor(page, encoding) };
}

function pickEncoding(accept: string | undefined): Encoding {
  if (!accept) return 'identity';
  return /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : 'identity';
}

/** Headers the cache sets itself, whatever the render sent. */
const SET_PER_HIT = new Set(['etag', 'vary', 'x-cache', 'content-encoding', 'content-length']);

function headsFor(page: CachedPage, body: Encoding | 'not-modified'): string[] {
  const freshness = page.stale ? 'stale' : 'hit';
  const heads = (page.heads ??= { hit: {}, stale: {} })[freshness];
  const found = heads[body];
  if (found) return found;
  const list: string[] = [];
  for (const [name, value] of Object.entries(page.headers)) if (!SET_PER_HIT.has(name)) list.push(name, value);
  list.push('etag', page.etag, 'vary', 'Accept-Encoding', 'x-cache', freshness);
  if (body !== 'not-modified') {
    if (body !== 'identity') list.push('content-encoding', body);
    list.push('content-length', String(bodyFor(page, body).length));
  }
  heads[body] = list;
  return list;
}

// Search pages are cached, in their own share (see SEARCH_SHARE).
const UNCACHED_PREFIXES = ['/newsroom', '/api/wire/', '/healthz', '/media/', '/assets/', '/favicon.ico'];

/** Public GETs by visitors without a session: the same page for everyone. Signed-in people bypass the cache both ways. */
export function isCacheable(method: string, path: string, cookie: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (UNCACHED_PREFIXES.some((p) => path.startsWith(p))) return false;
  return !cookie?.includes('dl_session=');
}

/** Response headers worth keeping with a cached page. */
export function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!['set-cookie', 'content-length', 'content-encoding', 'etag', 'date', 'x-cache', 'transfer-encoding'].includes(name)) kept[name] = value;
  });
  return kept;
}
