import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateArticle, type Block } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { isGhostExport } from './ghost.js';
import { isNitf } from './nitf.js';
import { MAX_MIGRATION_BYTES, autop, isWxr, parseWxr, type MigrationParseResult } from './wxr.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'test', 'fixtures', 'wxr', name));
const parse = (name: string) => parseWxr(fixture(name), { fileName: name });

// Third-party corpora are read from the shared folder beside the repo (or $DATELINE_SHARED), never copied.
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const superdeskRoot = join(sharedDir, 'corpora', 'superdesk-wire-fixtures');
const superdeskDir = join(superdeskRoot, 'fixtures');
const superdeskMissing = existsSync(superdeskDir) ? false : `superdesk fixtures not found at ${superdeskDir} (set DATELINE_SHARED)`;
const corpusFiles = superdeskMissing ? [] : readdirSync(superdeskDir).filter((f) => /^wordpress_wxr.*\.xml$/.test(f)).sort();
const corpus = (name: string) => parseWxr(readFileSync(join(superdeskDir, name)), { fileName: name });

/** An AppError with code invalid_wire_copy whose message matches. */
const wireError = (pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'invalid_wire_copy' && pattern.test(e.message);

const now = '2024-07-01T00:00:00.000Z';
/** The draft completed with the fields the store adds, through the article model's validation. */
const validate = (r: MigrationParseResult) =>
  validateArticle({ ...r.article, slug: r.slug ?? 'imported-post', section: r.article.section ?? 'news', status: r.status, createdAt: now, updatedAt: now });

/** The raw <item> texts of a WXR file whose wp:post_type is "post", read with a regex: an independent view of the file. */
function rawPostItems(xml: string): string[] {
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => m[1] as string).filter((item) => /<wp:post_type>(?:<!\[CDATA\[)?post(?:\]\]>)?<\/wp:post_type>/.test(item));
}
const rawField = (item: string, tag: string): string =>
  (new RegExp(`<${tag}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${tag}>`).exec(item)?.[1] ?? '').replace(/&amp;/g, '&').trim();

describe('isWxr', () => {
  it('recognises a WordPress export by its <rss> root and the wordpress.org/export namespace', () => {
    assert.equal(isWxr(fixture('site-export.xml')), true);
  });

  it('does not claim a plain RSS feed, a Ghost export, JSON or plain text', () => {
    const ghost = readFileSync(join(repoRoot, 'test', 'fixtures', 'ghost', 'ghost5-export.json'));
    assert.deepEqual([fixture('plain-rss.xml'), ghost, Buffer.from('{"posts":[]}'), Buffer.from('Headline\n\nBody.')].map(isWxr), [false, false, false, false]);
  });

  it('is not claimed by the NITF or Ghost sniffers', () => {
    assert.deepEqual([isNitf(fixture('site-export.xml')), isGhostExport(fixture('site-export.xml'))], [false, false]);
  });
});

describe('autop', () => {
  it('wraps loose text chunks in <p>, leaves chunks that open with a block tag, and turns single line breaks into <br />', () => {
    assert.equal(autop('One\ntwo.\n\n<h2>Head</h2>\nThree.'), '<p>One<br />two.</p>\n<h2>Head</h2>\n<p>Three.</p>');
  });
});

describe('parseWxr on a site export', () => {
  const results = parse('site-export.xml');
  const [ferry, budget, rovers] = results as [MigrationParseResult, MigrationParseResult, MigrationParseResult];
  const body = ferry.article.body;

  it('returns one result per post, in file order', () => {
    assert.deepEqual(results.map((r) => r.article.headline), ['Harbour ferry returns after winter repairs', 'Council budget: what to expect', 'Saltmere Rovers clinch the league']);
  });

  it('counts the page, the attachment and the menu item in the first report’s dropped list', () => {
    assert.deepEqual(ferry.report.dropped.slice(0, 3), ['1 attachment', '1 page', '1 nav_menu_item']);
  });

  it('resolves dc:creator through wp:author to the display name', () => {
    assert.deepEqual(ferry.article.bylines, [{ name: 'Maeve Keane' }]);
  });

  it('falls back to the first and last name when the author has no display name', () => {
    assert.deepEqual(rovers.article.bylines, [{ name: 'Tobiah Okafor' }]);
  });

  it('gives the author’s e-mail address', () => {
    assert.deepEqual(results.map((r) => r.authorEmail), ['maeve@harbourside.example', 'maeve@harbourside.example', 'tobi@harbourside.example']);
  });

  it('puts the featured image first, with the attachment’s alt text and caption', () => {
    assert.deepEqual(body[0], {
      type: 'image',
      src: 'https://harbourside.example/wp-content/uploads/2024/04/ferry.jpg',
      alt: 'The morning ferry leaving the quay',
      caption: 'The 6.15 ferry leaves Saltmere quay.',
    });
  });

  it('makes paragraphs of blank-line separated text, keeping typographic quotes', () => {
    assert.deepEqual(body.slice(1, 3), [
      { type: 'paragraph', text: 'The Saltmere ferry made its first crossing of the year on Monday, after four months in dry dock.' },
      { type: 'paragraph', text: '“It’s like having the town’s heartbeat back,” said harbour master Ines Duarte.' },
    ]);
  });

  it('turns a [caption] shortcode into an image with the inner <img> and the caption text', () => {
    assert.deepEqual(body[3], {
      type: 'image',
      src: 'https://harbourside.example/wp-content/uploads/2024/04/ferry.jpg',
      alt: 'The ferry pulls away from the quay',
      caption: 'The first crossing left at 6.15am.',
      width: 800,
      height: 533,
    });
  });

  it('reads an <h2> as a crosshead and joins a single line break inside a paragraph', () => {
    assert.deepEqual(body.slice(4, 6), [
      { type: 'crosshead', text: 'New engines' },
      { type: 'paragraph', text: 'The refit replaced both engines and cut fuel use by a third, the operator said.' },
    ]);
  });

  it('turns a YouTube URL on its own line into an embed block', () => {
    assert.deepEqual(body[6], { type: 'embed', url: 'https://www.youtube.com/watch?v=abc123XYZ', provider: 'YouTube' });
  });

  it('keeps the text inside an unknown enclosing shortcode', () => {
    assert.deepEqual(body[7], { type: 'paragraph', text: 'Sailings run hourly until 7pm.' });
  });

  it('keeps links in the last paragraph as marks', () => {
    assert.deepEqual(body.at(-1), {
      type: 'paragraph',
      text: 'Timetables are posted at the quay and on the council website.',
      marks: [{ kind: 'link', start: 45, end: 60, href: 'https://harbourside.example/timetables' }],
    });
  });

  it('drops [gallery] and unknown shortcodes with a warning for each', () => {
    assert.deepEqual(ferry.report.warnings, [
      'shortcode [gallery] dropped',
      'unknown shortcode [highlight] unwrapped: its tags were dropped, the text inside kept',
      'unknown shortcode [contact-form-7] dropped',
    ]);
  });

  it('turns a Gutenberg Twitter embed into an embed block', () => {
    assert.deepEqual(rovers.article.body[1], { type: 'embed', url: 'https://twitter.com/saltmererovers/status/1773812345678901234', provider: 'Twitter' });
  });

  it('leaves bracketed text that is not a shortcode as it is', () => {
    assert.equal((rovers.article.body[0] as Extract<Block, { type: 'paragraph' }>).text, 'Saltmere Rovers won the Bay League on Saturday with a 2–1 win over Kellow Town [sic].');
  });

  it('maps the "News" category to the section and makes the other categories tags after the post tags', () => {
    assert.deepEqual([ferry.article.section, ferry.article.tags], ['news', ['ferries', 'saltmere', 'transport']]);
  });

  it('maps the "Sports" category to the sport section', () => {
    assert.deepEqual([rovers.article.section, rovers.article.tags], ['sport', ['saltmere rovers', 'football']]);
  });

  it('takes the excerpt as the standfirst', () => {
    assert.equal(ferry.article.standfirst, 'Four months in dry dock, two new engines, one happy harbour master.');
  });

  it('reads wp:post_date_gmt as a UTC instant', () => {
    assert.equal(ferry.article.publishedAt, '2024-04-01T07:05:00.000Z');
  });

  it('maps wp:status publish to published and says so in the report', () => {
    assert.deepEqual([ferry.status, ferry.report.recognised.includes('status: publish')], ['published', true]);
  });

  it('reads a draft with a 0000-00-00 date as an unpublished draft without a slug', () => {
    assert.deepEqual([budget.status, budget.article.publishedAt, budget.slug, budget.article.section], ['draft', null, undefined, 'politics']);
  });

  it('gives the post id as wireId, the post name as slug and the channel language', () => {
    assert.deepEqual([ferry.article.wireId, ferry.slug, ferry.article.language, ferry.article.source], ['wp:201', 'harbour-ferry-returns', 'en-GB', 'site-export.xml']);
  });

  it('counts reader comments as dropped', () => {
    assert.equal(ferry.report.dropped.includes('1 reader comment'), true);
  });

  it('produces articles the article model accepts', () => {
    assert.doesNotThrow(() => results.forEach(validate));
  });
});

describe('parseWxr on damaged exports', () => {
  it('refuses a truncated file, naming the line and column', () => {
    assert.throws(() => parse('truncated.xml'), wireError(/^truncated\.xml:\d+:\d+: not well-formed XML: .*truncated/));
  });

  it('refuses ISO-8859-1 bytes in a file that declares no encoding', () => {
    assert.throws(() => parse('latin1-undeclared.xml'), wireError(/latin1-undeclared\.xml:\d+:\d+: .*not valid UTF-8/));
  });

  it('refuses an RSS feed without the wp: namespace', () => {
    assert.throws(() => parse('plain-rss.xml'), wireError(/an RSS feed, not a WordPress export/));
  });

  it('refuses JSON', () => {
    assert.throws(() => parseWxr(Buffer.from('{"db":[]}'), { fileName: 'export.json' }), wireError(/^export\.json: not well-formed XML/));
  });

  it('refuses an export with no posts, saying what it holds instead', () => {
    assert.throws(() => parse('no-posts.xml'), wireError(/the export holds no posts \(only 1 page, 1 attachment\)/));
  });

  it('refuses an export whose only post cannot be read', () => {
    assert.throws(() => parse('only-empty-posts.xml'), wireError(/its only post could not be read: post "Untitled draft" \(wp:31\) was skipped: it has no content/));
  });

  it('refuses a file over 200 MB before reading it', () => {
    assert.throws(() => parseWxr(Buffer.alloc(MAX_MIGRATION_BYTES + 1), { fileName: 'huge.xml' }), wireError(/^huge\.xml: the file is 200\.0 MB, over the 200 MB limit/));
  });

  it('reads an export larger than the 20 MB wire-copy limit', () => {
    const padding = `<wp:postmeta><wp:meta_key>_padding</wp:meta_key><wp:meta_value><![CDATA[${'x'.repeat(21 * 1024 * 1024)}]]></wp:meta_value></wp:postmeta>`;
    const big = Buffer.from(fixture('bad-date.xml').toString('utf8').replace('</item>', `${padding}</item>`));
    assert.equal(parseWxr(big).length, 2);
  });

  it('keeps a post with an impossible date, with publishedAt null and a warning', () => {
    const tide = parse('bad-date.xml')[1];
    assert.deepEqual([tide?.article.headline, tide?.article.publishedAt, tide?.report.warnings], ['Tide tables for June', null, ['wp:post_date_gmt "2024-13-45 10:00:00" is not a real date; it was ignored']]);
  });

  it('reads the other posts of a file with a bad date as usual', () => {
    assert.equal(parse('bad-date.xml')[0]?.article.publishedAt, '2024-05-12T15:00:00.000Z');
  });

  it('skips a post with neither title nor text, naming it in the first report’s warnings', () => {
    const results = parse('one-unreadable-post.xml');
    assert.deepEqual([results.map((r) => r.article.headline), results[0]?.report.warnings], [
      ['Harbour wall repairs begin'],
      ['post "(untitled)" (wp:21) was skipped: it has neither a title nor any text'],
    ]);
  });
});

describe('parseWxr on the Superdesk WordPress exports', () => {
  it('reads every post of every export with a headline and a body', { skip: superdeskMissing }, () => {
    const empty = corpusFiles.flatMap((f) => corpus(f).filter((r) => !r.article.headline || r.article.body.length === 0).map((r) => `${f} ${r.article.wireId}`));
    assert.deepEqual([corpusFiles.length, empty], [3, []]);
  });

  it('returns as many results as each file has items of type post', { skip: superdeskMissing }, () => {
    const counts = corpusFiles.map((f) => [corpus(f).length, rawPostItems(readFileSync(join(superdeskDir, f), 'utf8')).length]);
    assert.deepEqual(counts.map(([got]) => got), counts.map(([, want]) => want));
  });

  it('takes each headline from the item’s <title> and each date from wp:post_date_gmt', { skip: superdeskMissing }, () => {
    const got = corpusFiles.flatMap((f) => corpus(f).map((r) => [r.article.headline, r.article.publishedAt]));
    const want = corpusFiles.flatMap((f) =>
      rawPostItems(readFileSync(join(superdeskDir, f), 'utf8')).map((item) => [rawField(item, 'title'), new Date(`${rawField(item, 'wp:post_date_gmt').replace(' ', 'T')}Z`).toISOString()]),
    );
    assert.deepEqual(got, want);
  });

  it('produces articles the article model accepts', { skip: superdeskMissing }, () => {
    assert.doesNotThrow(() => corpusFiles.forEach((f) => corpus(f).forEach(validate)));
  });

  it('uses the attachment named by _thumbnail_id as the leading image', { skip: superdeskMissing }, () => {
    const raw = readFileSync(join(superdeskDir, 'wordpress_wxr_thumb.xml'), 'utf8');
    const lead = corpus('wordpress_wxr_thumb.xml')[0]?.article.body[0];
    assert.deepEqual([lead?.type, lead?.type === 'image' && lead.src], ['image', rawField(raw, 'wp:attachment_url')]);
  });

  it('reports the unknown shortcodes of the Funke export as warnings', { skip: superdeskMissing }, () => {
    const [post] = corpus('wordpress_wxr_funke.xml');
    assert.deepEqual(
      post?.report.warnings.filter((w) => w.includes('shortcode')),
      ['unknown shortcode [dropcap] unwrapped: its tags were dropped, the text inside kept', 'unknown shortcode [contact_form] dropped'],
    );
  });

  it('agrees with every headline expected-from-superdesk-tests.json lists for a WordPress export', { skip: superdeskMissing }, () => {
    const expected = JSON.parse(readFileSync(join(superdeskRoot, 'expected-from-superdesk-tests.json'), 'utf8')) as Record<string, { headline?: string; headlines?: string[] }>;
    const listed = Object.entries(expected).filter(([name]) => /^wordpress_wxr/.test(name));
    const want = listed.map(([, e]) => e.headlines ?? (e.headline ? [e.headline] : []));
    const got = listed.map(([name], i) => corpus(name).map((r) => r.article.headline).slice(0, want[i]?.length));
    assert.deepEqual(got, want);
  });
});
