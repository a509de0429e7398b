import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Article } from '../domain/article.js';
import { ArticleStore, type StoredArticle } from './articles.js';
import { openSqlite, RANKED_MATCHES, type OpenedDatabase } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { MARK_END, MARK_START, parseSearchQuery, SearchStore, type ArticleSearch } from './search.js';

let serial = 0;
/** A published article; `over` replaces any field. */
function article(over: Partial<Article> = {}): Article & { id: string } {
  serial++;
  return {
    id: `article-${serial}`,
    slug: `story-${serial}`,
    headline: `Story number ${serial}`,
    section: 'news',
    tags: [],
    dateline: null,
    bylines: [],
    body: [{ type: 'paragraph', text: 'Nothing to see here.' }],
    keyPoints: [],
    language: 'en',
    status: 'published',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    publishedAt: '2026-03-01T09:00:00.000Z',
    ...over,
  };
}

const marked = (text: string) => text.replaceAll(MARK_START, '[').replaceAll(MARK_END, ']');

describe('parseSearchQuery', () => {
  it('reads words, "exact phrases" and word* prefixes', () => {
    assert.deepEqual(parseSearchQuery('Putin "black sea resort" smolch*'), [
      { words: ['Putin'], prefix: false },
      { words: ['black', 'sea', 'resort'], prefix: false },
      { words: ['smolch'], prefix: true },
    ]);
  });

  it('treats operators and punctuation as plain words or separators', () => {
    assert.deepEqual(parseSearchQuery('AND col:foo -bar NEAR(x)'), [
      { words: ['AND'], prefix: false },
      { words: ['col', 'foo'], prefix: false },
      { words: ['bar'], prefix: false },
      { words: ['NEAR', 'x'], prefix: false },
    ]);
  });

  it('gives no terms for a query without letters or digits', () => {
    for (const q of ['', '   ', '"', '""', '*', '-', '()', '^+~', '\uE000\uE001']) assert.deepEqual(parseSearchQuery(q), [], JSON.stringify(q));
  });

  it('runs an unclosed quote to the end of the query', () => {
    assert.deepEqual(parseSearchQuery('kerry "frank talks'), [
      { words: ['kerry'], prefix: false },
      { words: ['frank', 'talks'], prefix: false },
    ]);
  });

  it('ignores a star after a one-letter word', () => {
    assert.deepEqual(parseSearchQuery('a*'), [{ words: ['a'], prefix: false }]);
  });
});

describe('SearchStore on SQLite', () => {
  let dir: string;
  let opened: OpenedDatabase;
  let articles: ArticleStore;
  let search: SearchStore;
  const find = async (q: string, over: Partial<ArticleSearch> = {}) => search.search({ terms: parseSearchQuery(q), limit: 20, offset: 0, ...over });
  const headlines = async (q: string, over: Partial<ArticleSearch> = {}) => (await find(q, over)).hits.map((h) => h.headline);
  const republish = async (a: StoredArticle, status: Article['status']) => articles.update({ ...a, status }, a.revision);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dateline-search-store-'));
    opened = openSqlite(dir);
    await migrateToLatest(opened.db as unknown as Kysely<unknown>, opened.info);
    articles = new ArticleStore(opened.db);
    search = new SearchStore(opened.db, opened.info);
  });
  after(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await opened.db.deleteFrom('articles').execute();
  });

  it('ranks a match in the headline above a match in the body', async () => {
    await articles.insert(article({ headline: 'Markets calm', body: [{ type: 'paragraph', text: 'Traders mentioned the harbour in passing.' }] }));
    await articles.insert(article({ headline: 'Harbour reopens', body: [{ type: 'paragraph', text: 'Ferries are running again.' }] }));
    assert.deepEqual(await headlines('harbour'), ['Harbour reopens', 'Markets calm']);
  });

  it('finds words in the standfirst, crossheads, quotes, list items and bylines', async () => {
    await articles.insert(
      article({
        headline: 'Everything indexed',
        standfirst: 'A standfirst about lighthouses',
        bylines: [{ name: 'Anna Smolchenko', location: 'Moscow' }],
        body: [
          { type: 'crosshead', text: 'Urgent need for cooperation' },
          { type: 'blockquote', text: 'Potatoes as presents', attribution: 'A diplomat' },
          { type: 'list', ordered: false, items: [{ text: 'first item' }, { text: 'tomatoes in baskets' }] },
          { type: 'image', src: '/media/x.jpg', alt: 'A caption-only walrus' },
        ],
      }),
    );
    for (const q of ['lighthouses', 'smolchenko', 'cooperation', 'potatoes', 'tomatoes']) assert.deepEqual(await headlines(q), ['Everything indexed'], q);
    assert.deepEqual(await headlines('walrus'), [], 'image alt text is not searched');
    assert.deepEqual(await headlines('Moscow'), [], 'byline locations are not searched');
  });

  it('matches an exact phrase only where its words stand together', async () => {
    await articles.insert(article({ headline: 'Together', body: [{ type: 'paragraph', text: 'They held frank talks in Sochi.' }] }));
    await articles.insert(article({ headline: 'Apart', body: [{ type: 'paragraph', text: 'Talks were held. Sochi was sunny. Frank was there.' }] }));
    assert.deepEqual(await headlines('"frank talks"'), ['Together']);
    assert.deepEqual((await headlines('frank talks')).sort(), ['Apart', 'Together']);
  });

  it('matches a word* prefix', async () => {
    await articles.insert(article({ headline: 'Cooperation ahead', body: [] }));
    await articles.insert(article({ headline: 'Cook wins', body: [] }));
    assert.deepEqual(await headlines('cooper*'), ['Cooperation ahead']);
    assert.deepEqual(await headlines('cooper'), []);
    assert.deepEqual((await headlines('coo*')).sort(), ['Cook wins', 'Cooperation ahead']);
  });

  it('ignores case and diacritics', async () => {
    await articles.insert(article({ headline: 'Café culture in Zürich', body: [] }));
    assert.deepEqual(await headlines('CAFE zurich'), ['Café culture in Zürich']);
  });

  it('marks the matched words in the headline, bylines and a body snippet', async () => {
    await articles.insert(
      article({
        headline: 'Kerry meets Putin',
        bylines: [{ name: 'Jo Biddle' }, { name: 'Anna Smolchenko' }],
        body: [
          { type: 'paragraph', text: 'An opening paragraph with nothing in it.' },
          { type: 'paragraph', text: 'Kerry visited the Black Sea resort town of Sochi on Tuesday.' },
        ],
      }),
    );
    const [hit] = (await find('"black sea" kerry smolchenko')).hits;
    assert.ok(hit);
    assert.equal(marked(hit.headlineMarked), '[Kerry] meets Putin');
    assert.deepEqual(hit.bylineNamesMarked.map(marked), ['Jo Biddle', 'Anna [Smolchenko]']);
    assert.match(marked(hit.snippet), /\[Kerry\] visited the \[Black Sea\] resort/);
  });

  it('snips the standfirst when only the standfirst matched', async () => {
    await articles.insert(article({ headline: 'Plain', standfirst: 'Budget talks stall again', body: [{ type: 'paragraph', text: 'The body says nothing.' }] }));
    const [hit] = (await find('stall')).hits;
    assert.equal(marked(hit?.snippet ?? ''), 'Budget talks [stall] again');
  });

  it('searches published articles only, and follows publishing and unpublishing', async () => {
    const draft = await articles.insert(article({ headline: 'Embargoed report', status: 'draft', publishedAt: null }));
    assert.deepEqual(await headlines('embargoed'), []);
    const live = await republish(draft, 'published');
    assert.deepEqual(await headlines('embargoed'), ['Embargoed report']);
    const pulled = await republish(live, 'unpublished');
    assert.deepEqual(await headlines('embargoed'), []);
    await republish(pulled, 'published');
    assert.deepEqual(await headlines('embargoed'), ['Embargoed report']);
    await opened.db.deleteFrom('articles').where('id', '=', draft.id).execute();
    assert.deepEqual(await headlines('embargoed'), []);
  });

  it('reindexes an edited article', async () => {
    const stored = await articles.insert(article({ headline: 'Old words' }));
    await articles.update({ ...stored, headline: 'New words' }, stored.revision);
    assert.deepEqual(await headlines('old'), []);
    assert.deepEqual(await headlines('new'), ['New words']);
    const [{ n }] = (await sql<{ n: number }>`SELECT count(*) AS n FROM articles_fts`.execute(opened.db)).rows as [{ n: number }];
    assert.equal(n, 1);
  });

  it('beyond RANKED_MATCHES matches, ranks the newest that many and pages through the older ones newest first', async () => {
    const older = RANKED_MATCHES + 30;
    // The oldest match has the word in its headline: ranked among all, it would come first.
    await articles.insert(article({ id: 'oldest', slug: 'oldest', headline: 'Harbour harbour harbour', body: [{ type: 'paragraph', text: 'The harbour.' }] }));
    await sql`INSERT INTO articles (id, slug, section, headline, standfirst, dateline_json, bylines_json, body_json, key_points_json, tags_json,
        language, status, created_at, updated_at, published_at, revision, origin)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${older})
      SELECT 'bulk-' || i, 'bulk-' || i, 'news', 'Bulk story ' || i, NULL, NULL, '[]',
        '[{"type":"paragraph","text":"Ships left the harbour."}]', '[]', '[]', 'en', 'published',
        '2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z', 1, 'newsroom' FROM n`.execute(opened.db);
    const first = await find('harbour');
    assert.equal(first.total, older + 1);
    assert.equal(first.hits.length, 20);
    assert.ok(!first.hits.some((h) => h.id === 'oldest'), 'the oldest match is past the ranked ones');
    // Every match is on exactly one page, the ranked ones first: a page across the boundary has both.
    const seen = new Set<string>();
    // Pages of 30: the one from 4,980 holds 20 ranked matches and 10 older ones.
    for (let offset = 0; offset < older + 1; offset += 30) {
      const page = await find('harbour', { offset, limit: 30 });
      for (const hit of page.hits) {
        assert.ok(!seen.has(hit.id), `${hit.id} on two pages`);
        seen.add(hit.id);
      }
    }
    assert.equal(seen.size, older + 1);
    const last = await find('harbour', { offset: older - 10 });
    assert.deepEqual(last.hits.map((h) => h.id).at(-1), 'oldest', 'the oldest match ends the last page');
    assert.deepEqual(await find('harbour', { offset: older + 1 }), { total: older + 1, hits: [] });
  });

  it('filters by section', async () => {
    await articles.insert(article({ headline: 'Election news', section: 'news' }));
    await articles.insert(article({ headline: 'Election sport', section: 'sport' }));
    assert.deepEqual(await headlines('election', { section: 'sport' }), ['Election sport']);
  });

  it('filters by publication time: from inclusive, to exclusive', async () => {
    await articles.insert(article({ headline: 'Flood early', publishedAt: '2026-03-01T00:00:00.000Z' }));
    await articles.insert(article({ headline: 'Flood middle', publishedAt: '2026-03-02T12:00:00.000Z' }));
    await articles.insert(article({ headline: 'Flood late', publishedAt: '2026-03-03T00:00:00.000Z' }));
    const between = await headlines('flood', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' });
    assert.deepEqual(between.sort(), ['Flood early', 'Flood middle']);
  });

  it('counts every match and returns one page of them', async () => {
    for (let i = 0; i < 5; i++) await articles.insert(article({ headline: `Parade ${i}`, publishedAt: `2026-03-0${i + 1}T09:00:00.000Z` }));
    const page = await find('parade', { limit: 2, offset: 2 });
    assert.equal(page.total, 5);
    assert.deepEqual(
      page.hits.map((h) => h.headline),
      ['Parade 2', 'Parade 1'],
      'equal ranks come latest published first',
    );
    assert.deepEqual(await find('parade', { limit: 2, offset: 10 }), { total: 5, hits: [] });
  });

  it('survives hostile queries', async () => {
    await articles.insert(article({ headline: 'Ordinary headline' }));
    const hostile = [
      '"',
      '"""',
      'AND OR NOT',
      'NOT',
      '*',
      '-',
      'col:foo',
      'headline:ordinary',
      'NEAR(a b, 2)',
      '^ordinary',
      '(ordinary',
      "'; DROP TABLE articles; --",
      '\u0000\uE000ordinary\uE001',
      'emoji 🚀 ünïcödé 東京 مرحبا',
      'x'.repeat(500),
      'a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p* q* r* s*',
      Array.from({ length: 100 }, (_, i) => `"w${i}`).join(' '),
    ];
    for (const q of hostile) await assert.doesNotReject(find(q), JSON.stringify(q));
    assert.deepEqual(await headlines('headline:ordinary'), [], 'a column filter is read as two words');
    assert.equal(await opened.db.selectFrom('articles').select('id').executeTakeFirst().then(Boolean), true);
  });

  it('indexes the published articles already stored when the index is created', async () => {
    await articles.insert(article({ headline: 'Archive piece' }));
    for (const drop of ['TRIGGER articles_fts_after_insert', 'TRIGGER articles_fts_after_update', 'TRIGGER articles_fts_after_delete', 'TABLE articles_fts', 'TABLE articles_fts_docs']) {
      await sql.raw(`DROP ${drop}`).execute(opened.db);
    }
    await articles.insert(article({ headline: 'Archive draft', status: 'draft', publishedAt: null }));
    await opened.info.createSearchIndex(opened.db as unknown as Kysely<unknown>);
    assert.deepEqual(await headlines('archive'), ['Archive piece']);
  });

  describe('related articles', () => {
    it('lists published articles sharing the most tags, newest first among equals, never the article itself', async () => {
      const self = await articles.insert(article({ headline: 'Self', tags: ['russia', 'usa', 'diplomacy'] }));
      await articles.insert(article({ headline: 'Two tags', tags: ['russia', 'usa'], publishedAt: '2026-01-01T00:00:00.000Z' }));
      await articles.insert(article({ headline: 'One tag, older', tags: ['russia'], publishedAt: '2026-02-01T00:00:00.000Z' }));
      await articles.insert(article({ headline: 'One tag, newer', tags: ['diplomacy'], publishedAt: '2026-02-02T00:00:00.000Z' }));
      await articles.insert(article({ headline: 'Draft', tags: ['russia', 'usa', 'diplomacy'], status: 'draft', publishedAt: null }));
      await articles.insert(article({ headline: 'Unrelated', tags: ['sport'] }));
      const related = await search.related(self, 4);
      assert.deepEqual(
        related.map((a) => a.headline),
        ['Two tags', 'One tag, newer', 'One tag, older'],
      );
      assert.equal((await search.related(self, 1)).length, 1);
    });

    it('ranks the same way when a tag is shared by hundreds of articles', async () => {
      const self = await articles.insert(article({ headline: 'Self', tags: ['usa', 'trade', 'grain'] }));
      await opened.db.transaction().execute(async (trx) => {
        const many = new ArticleStore(trx);
        for (let day = 1; day <= 28; day++) {
          for (let i = 0; i < 20; i++) await many.insert(article({ headline: `Usa ${day}-${i}`, tags: ['usa'], publishedAt: `2025-02-${String(day).padStart(2, '0')}T${String(i).padStart(2, '0')}:00:00.000Z` }));
        }
      });
      await articles.insert(article({ headline: 'Three shared, old', tags: ['usa', 'trade', 'grain'], publishedAt: '2020-01-01T00:00:00.000Z' }));
      await articles.insert(article({ headline: 'Two shared', tags: ['trade', 'grain'], publishedAt: '2021-01-01T00:00:00.000Z' }));
      await articles.insert(article({ headline: 'Three shared, draft', tags: ['usa', 'trade', 'grain'], status: 'draft', publishedAt: null }));
      await articles.insert(article({ headline: 'Newest usa', tags: ['usa', 'other'], publishedAt: '2025-03-01T00:00:00.000Z' }));
      const related = await search.related(self, 4);
      assert.deepEqual(
        related.map((a) => a.headline),
        ['Three shared, old', 'Two shared', 'Newest usa', 'Usa 28-19'],
      );
    });

    it('lists none for an article without tags', async () => {
      const lonely = await articles.insert(article({ headline: 'Lonely', tags: [] }));
      await articles.insert(article({ headline: 'Other', tags: ['x'] }));
      assert.deepEqual(await search.related(lonely, 4), []);
    });
  });
});
