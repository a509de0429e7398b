import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery, type Kysely as KyselyType } from 'kysely';
import type { Article } from '../domain/article.js';
import { ArticleStore } from './articles.js';
import { CommentStore } from './comments.js';
import { readPublishedLinks } from './derived.js';
import { openSqlite } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

/*
 * The reads every uncached page makes, checked for the plan SQLite picks for the SQL the stores
 * really send: lists come off their index in order (no sorting), an article's comments and the
 * Related links come from an index alone (no table rows).
 */

let serial = 0;
function article(over: Partial<Article> = {}): Article & { id: string } {
  serial++;
  const at = `2026-03-${String(serial).padStart(2, '0')}T09:00:00.000Z`;
  return {
    id: `article-${serial}`,
    slug: `story-${serial}`,
    headline: `Story number ${serial}`,
    section: serial % 2 ? 'news' : 'sport',
    tags: [],
    dateline: null,
    bylines: [],
    body: [{ type: 'paragraph', text: 'A long body. '.repeat(500) }],
    keyPoints: [],
    language: 'en',
    status: 'published',
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    ...over,
  };
}

describe('the hot reads on SQLite', () => {
  let dir: string;
  let sqlite: SqliteDatabase.Database;
  let db: KyselyType<Database>;
  const sent: CompiledQuery[] = [];
  let articles: ArticleStore;
  let comments: CommentStore;

  /** What SQLite does for the last statement sent, as EXPLAIN QUERY PLAN details. */
  const planOfLast = () => {
    const q = sent.at(-1)!;
    return (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | ');
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dateline-read-plans-'));
    const opened = openSqlite(dir);
    await migrateToLatest(opened.db as unknown as Kysely<unknown>, opened.info);
    await opened.close();
    sqlite = new SqliteDatabase(join(dir, 'dateline.db'));
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => void sent.push(event.query),
    });
    articles = new ArticleStore(db);
    comments = new CommentStore(db);
    for (let i = 0; i < 12; i++) await articles.insert(article(i === 3 ? { status: 'draft', publishedAt: null } : {}));
    for (let i = 0; i < 5; i++) {
      await comments.add({
        articleId: 'article-1',
        parentId: null,
        authorName: `Reader ${i}`,
        authorEmail: null,
        body: `Comment ${i}`,
        status: i === 2 ? 'held' : 'visible',
        createdAt: `2026-03-02T10:0${i}:00.000Z`,
        ipHash: null,
      });
    }
    // Statistics as a site with data has them.
    sqlite.exec('ANALYZE');
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a page of the latest articles, and of a section, off the index in order', async () => {
    const latest = await articles.listPublished({ limit: 3, offset: 1 });
    assert.deepEqual(latest.map((a) => a.slug), ['story-11', 'story-10', 'story-9']);
    assert.match(sent.at(-1)!.sql, /limit 3 offset 1/);
    assert.match(planOfLast(), /USING INDEX articles_status_published/);
    assert.doesNotMatch(planOfLast(), /TEMP B-TREE/);

    const sport = await articles.listPublished({ section: 'sport', limit: 2 });
    assert.deepEqual(sport.map((a) => a.slug), ['story-12', 'story-10']);
    assert.match(planOfLast(), /USING INDEX articles_section_status_published/);
    assert.doesNotMatch(planOfLast(), /TEMP B-TREE/);
  });

  it("reads several lists' first pages in one statement, each as its own read gives it", async () => {
    const lists = [{ limit: 3 }, { section: 'sport', limit: 2 }, { section: 'news', limit: 4 }, { section: 'arts', limit: 2 }];
    const alone = [];
    for (const list of lists) alone.push(await articles.listPublished(list));
    const before = sent.length;
    const together = await articles.listPublishedMany(lists);
    assert.equal(sent.length - before, 1, 'one statement');
    assert.deepEqual(together, alone);
    assert.match(sent.at(-1)!.sql, /union all/);
    assert.doesNotMatch(planOfLast(), /TEMP B-TREE/);
  });

  it('runs a read compiled once with the values of each call, in a transaction too', async () => {
    assert.equal((await articles.getBySlug('story-5'))?.id, 'article-5');
    assert.equal((await articles.getBySlug('story-6'))?.id, 'article-6');
    assert.equal(await articles.getBySlug('no-such-story'), undefined);
    const inside = await db.transaction().execute((trx) => new ArticleStore(trx).getBySlug('story-7'));
    assert.equal(inside?.id, 'article-7');
    const sport = await articles.listPublished({ section: 'sport', limit: 2 });
    const news = await articles.listPublished({ section: 'news', limit: 2 });
    assert.ok(sport.every((a) => a.section === 'sport') && news.every((a) => a.section === 'news'));
    assert.deepEqual((await readPublishedLinks(db, ['article-6'])).map((l) => l.id), ['article-6']);
  });

  it('refuses a page that is not whole numbers, naming the values', async () => {
    await assert.rejects(articles.listPublished({ limit: 2.5 }), /whole numbers from 0 .* got 2\.5 and 0/);
    await assert.rejects(articles.listPublished({ limit: 5, offset: -1 }), /got 5 and -1/);
  });

  it("reads an article's visible comments from the index alone, oldest first", async () => {
    const shown = await comments.listVisible('article-1');
    assert.deepEqual(shown.map((c) => c.authorName), ['Reader 0', 'Reader 1', 'Reader 3', 'Reader 4']);
    assert.match(planOfLast(), /USING COVERING INDEX comments_article/);
  });

  it("reads a page of a long article's threads, their replies and the counts from the index alone", async () => {
    const threads = await comments.listVisibleThreads('article-1', { order: 'newest', limit: 2, offset: 1 });
    assert.deepEqual(threads.map((c) => c.authorName), ['Reader 3', 'Reader 1']);
    assert.match(planOfLast(), /USING COVERING INDEX comments_article/);
    assert.doesNotMatch(planOfLast(), /TEMP B-TREE/);
    assert.deepEqual(await comments.listVisibleReplies('article-1', [threads[0]!.id]), []);
    assert.match(planOfLast(), /USING COVERING INDEX comments_article/);
    assert.doesNotMatch(planOfLast(), /TEMP B-TREE/);
    assert.deepEqual(await comments.countShown('article-1'), { threads: 4, comments: 4 });
    assert.match(planOfLast(), /SEARCH r USING COVERING INDEX comments_article .* SEARCH p USING INTEGER PRIMARY KEY/);
    assert.equal(await comments.countThreadsBefore(threads[0]!, 'oldest'), 2);
    assert.doesNotMatch(planOfLast(), /SCAN comments/);
  });

  it('reads the Related links by id from the index alone, in the order chosen, published only', async () => {
    const links = await readPublishedLinks(db, ['article-5', 'article-4', 'article-2']);
    assert.deepEqual(links, [
      { id: 'article-5', slug: 'story-5', section: 'news', headline: 'Story number 5', publishedAt: '2026-03-05T09:00:00.000Z' },
      { id: 'article-2', slug: 'story-2', section: 'sport', headline: 'Story number 2', publishedAt: '2026-03-02T09:00:00.000Z' },
    ]);
    assert.match(planOfLast(), /USING COVERING INDEX articles_id_link/);
  });
});
