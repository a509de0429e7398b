import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache } from './page-cache.js';

const page = (text: string, tags: string[]) => ({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(text), tags: new Set(tags) });

describe('PageCache', () => {
  it('drops exactly the pages that show a purged tag', () => {
    const cache = new PageCache(1 << 20);
    cache.set('/a', page('a', ['article:1', 'list:all']));
    cache.set('/b', page('b', ['article:2']));
    assert.deepEqual(cache.purge(['article:1']), ['/a']);
    assert.equal(cache.get('/a'), undefined);
    assert.ok(cache.get('/b'));
  });

  it('marks pages stale for the Most read box instead of dropping them', () => {
    const cache = new PageCache(1 << 20);
    cache.set('/a', page('a', ['article:1', 'most-read']));
    assert.deepEqual(cache.purge(['most-read']), []);
    assert.equal(cache.get('/a')?.stale, true);
    // A fresh copy replaces the stale one.
    cache.set('/a', page('a2', ['article:1', 'most-read']));
    assert.equal(cache.get('/a')?.stale, undefined);
  });

  it('refuses a page rendered before a change to what it shows', () => {
    const cache = new PageCache(1 << 20);
    const since = cache.mark();
    cache.purge(['article:1']);
    assert.equal(cache.set('/a', page('old', ['article:1']), since), undefined);
    assert.ok(cache.set('/b', page('other', ['article:2']), since));
  });

  it('keeps within its byte bound, forgetting the least recently used pages', () => {
    const cache = new PageCache(8 * 1024);
    for (let i = 0; i < 20; i++) cache.set(`/p${i}`, page('x'.repeat(1000) + i, [`article:${i}`]));
    assert.ok(cache.bytes <= 8 * 1024);
    assert.ok(cache.get('/p19'));
    assert.equal(cache.get('/p0'), undefined);
  });

  it('keeps search pages in their own share: a stream of queries pushes out only other searches', () => {
    const cache = new PageCache(64 * 1024);
    cache.set('/news/a', page('article ' + 'x'.repeat(2000), ['article:1']));
    for (let i = 0; i < 200; i++) cache.set(`/search?q=word${i}`, page(`results ${i} ` + 'y'.repeat(2000), ['list:all']));
    assert.ok(cache.get('/news/a'), 'the article page is still cached');
    assert.ok(cache.get('/search?q=word199'), 'the latest search is cached');
    assert.equal(cache.get('/search?q=word0'), undefined, 'the oldest search is gone');
    assert.ok(cache.bytes <= 64 * 1024);
    // A publish drops every search page (they show `list:all`) and nothing else.
    const dropped = cache.purge(['list:all']);
    assert.ok(dropped.length > 0 && dropped.every((k) => k.startsWith('/search')));
    assert.ok(cache.get('/news/a'));
  });
});
