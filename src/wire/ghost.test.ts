import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateArticle } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { isGhostExport, markdownToHtml, parseGhostExport } from './ghost.js';
import { isWxr, MAX_MIGRATION_BYTES, type MigrationParseResult } from './wxr.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'test', 'fixtures', 'ghost', name));
const parse = (name: string) => parseGhostExport(fixture(name), { fileName: name });

/** An AppError with code invalid_wire_copy whose message matches. */
const wireError = (pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'invalid_wire_copy' && pattern.test(e.message);

const now = '2024-07-01T00:00:00.000Z';
const validate = (r: MigrationParseResult) =>
  validateArticle({ ...r.article, slug: r.slug ?? 'imported-post', section: r.article.section ?? 'news', status: r.status, createdAt: now, updatedAt: now });

describe('isGhostExport', () => {
  it('recognises a Ghost export wrapped in "db"', () => {
    assert.equal(isGhostExport(fixture('ghost5-export.json')), true);
  });

  it('recognises a Ghost export without the "db" wrapper', () => {
    assert.equal(isGhostExport(fixture('ghost5-lexical-no-db.json')), true);
  });

  it('does not claim other JSON, a WordPress export or plain text', () => {
    const wxr = readFileSync(join(repoRoot, 'test', 'fixtures', 'wxr', 'site-export.xml'));
    assert.deepEqual([fixture('not-ghost.json'), wxr, Buffer.from('Headline\n\nBody.')].map(isGhostExport), [false, false, false]);
  });

  it('is not claimed by the WordPress sniffer', () => {
    assert.equal(isWxr(fixture('ghost5-export.json')), false);
  });
});

describe('parseGhostExport on a Ghost 5 export with html', () => {
  const results = parse('ghost5-export.json');
  const [play, barbecue] = results as [MigrationParseResult, MigrationParseResult];
  const body = play.article.body;

  it('returns one result per post and counts the page in the first report’s dropped list', () => {
    assert.deepEqual([results.map((r) => r.article.headline), play.report.dropped[0]], [['Players stage the story of the 1953 flood', 'Lifeboat barbecue on Sunday'], '1 page']);
  });

  it('lists the authors in posts_authors sort order', () => {
    assert.deepEqual(play.article.bylines, [{ name: 'Pieter de Wit' }, { name: 'Ama Mensah-Cole' }]);
  });

  it('gives the first author’s e-mail address', () => {
    assert.equal(play.authorEmail, 'pieter@harbourside.example');
  });

  it('maps the primary tag "Culture" to the arts section and keeps the other public tags in lower case', () => {
    assert.deepEqual([play.article.section, play.article.tags], ['arts', ['theatre']]);
  });

  it('drops internal (#) tags', () => {
    assert.equal(play.report.dropped.includes('internal tag: #newsletter'), true);
  });

  it('makes a tag of a primary tag that is not a section', () => {
    assert.deepEqual([barbecue.article.section, barbecue.article.tags], [undefined, ['harbour life']]);
  });

  it('puts the feature image first, site-relative, with alt text and caption from posts_meta', () => {
    assert.deepEqual(body[0], { type: 'image', src: '/content/images/2024/05/poster.jpg', alt: 'A hand-painted poster for the play', caption: 'Poster by Lior Ben-Ami' });
  });

  it('reads an image card as an image with its caption', () => {
    assert.deepEqual(body[2], {
      type: 'image',
      src: '/content/images/2024/05/rehearsal.jpg',
      alt: 'Actors rehearse on a bare stage',
      caption: 'Rehearsals began in March.',
      width: 1200,
      height: 800,
    });
  });

  it('reads an embed card’s iframe as an embed with its title', () => {
    assert.deepEqual(body[6], { type: 'embed', url: 'https://www.youtube.com/embed/Xy12AbCdEf0?feature=oembed', provider: 'YouTube', title: 'Saltmere Players trailer' });
  });

  it('reads a bookmark card as an embed of its link, without its thumbnail', () => {
    assert.deepEqual(body[7], { type: 'embed', url: 'https://saltmereplayers.example/tickets', provider: 'saltmereplayers.example', title: 'Tickets – Saltmere Players' });
  });

  it('keeps headings, quotes and lists in order', () => {
    assert.deepEqual(body.map((b) => b.type), ['image', 'paragraph', 'image', 'crosshead', 'paragraph', 'blockquote', 'embed', 'embed', 'list']);
  });

  it('takes custom_excerpt as the standfirst', () => {
    assert.equal(play.article.standfirst, 'A new play drawn from letters in the town archive.');
  });

  it('maps a published post to published with its published_at', () => {
    assert.deepEqual([play.status, play.article.publishedAt], ['published', '2024-06-01T10:00:00.000Z']);
  });

  it('maps a draft to draft without a publication date', () => {
    assert.deepEqual([barbecue.status, barbecue.article.publishedAt], ['draft', null]);
  });

  it('keeps the uuid in the report', () => {
    assert.equal(play.report.recognised.includes('uuid: 3f1c2d9e-5b7a-4e21-9c11-0a2b3c4d5e6f'), true);
  });

  it('gives the id as wireId, the slug, and the site locale as language', () => {
    assert.deepEqual([play.article.wireId, play.slug, play.article.language], ['ghost:6650a1f0c0ffee0001a1b2c1', 'players-stage-1953-flood', 'en-GB']);
  });

  it('produces articles the article model accepts', () => {
    assert.doesNotThrow(() => results.forEach(validate));
  });
});

describe('parseGhostExport on a Ghost 1.x export with mobiledoc only', () => {
  const results = parse('ghost1-mobiledoc.json');
  const [market, regatta] = results as [MigrationParseResult, MigrationParseResult];

  it('reads the posts and counts the page marked with page: true', () => {
    assert.deepEqual([results.length, market.report.dropped], [2, ['1 page']]);
  });

  it('rebuilds the body from a markdown card, with a warning', () => {
    assert.deepEqual(
      [market.article.body.map((b) => b.type), market.report.warnings],
      [['paragraph', 'crosshead', 'paragraph', 'blockquote', 'list', 'image'], ['the post has no html; its body was rebuilt from its mobiledoc source (best-effort)']],
    );
  });

  it('keeps markdown emphasis and links as marks', () => {
    assert.deepEqual(market.article.body[2], {
      type: 'paragraph',
      text: 'Stallholders said the new hall keeps the catch colder and the customers drier. See the council notice.',
      marks: [
        { kind: 'em', start: 47, end: 53 },
        { kind: 'link', start: 87, end: 101, href: 'https://kellow.example/notice' },
      ],
    });
  });

  it('reads markup sections with their markups and a soft return', () => {
    assert.deepEqual(regatta.article.body.slice(0, 2), [
      { type: 'paragraph', text: 'The Kellow regatta returns on Saturday 14 July.', marks: [{ kind: 'strong', start: 30, end: 46 }] },
      { type: 'paragraph', text: 'Entry forms are at the harbour office. Late entries are welcome.', marks: [{ kind: 'link', start: 0, end: 11, href: 'https://kellow.example/regatta' }] },
    ]);
  });

  it('reads image and embed cards and list sections', () => {
    assert.deepEqual(regatta.article.body.slice(2), [
      { type: 'image', src: '/content/images/2018/07/regatta.jpg', alt: 'Dinghies round the buoy', caption: 'The junior race' },
      { type: 'list', ordered: true, items: [{ text: 'Junior race' }, { text: 'Open race' }] },
      { type: 'embed', url: 'https://vimeo.com/123456789', provider: 'Vimeo', title: 'Regatta highlights' },
    ]);
  });

  it('drops a card it cannot show, with a warning', () => {
    assert.equal(regatta.report.warnings.includes('a signup card was dropped'), true);
  });

  it('finds the author through author_id when there is no posts_authors table', () => {
    assert.deepEqual([market.article.bylines, regatta.article.bylines], [[{ name: 'Dora Quick' }], [{ name: 'Sam Tregear' }]]);
  });

  it('reads a date without a zone as UTC and the post language en_US as en-US', () => {
    assert.deepEqual([market.article.publishedAt, market.article.language], ['2018-07-02T08:30:00.000Z', 'en-US']);
  });

  it('maps the primary tag "News" to the news section', () => {
    assert.deepEqual([market.article.section, market.article.tags], ['news', ['markets']]);
  });

  it('produces articles the article model accepts', () => {
    assert.doesNotThrow(() => results.forEach(validate));
  });
});

describe('parseGhostExport on a Ghost 5 export with lexical only and no "db" wrapper', () => {
  const [dip] = parse('ghost5-lexical-no-db.json') as [MigrationParseResult];

  it('rebuilds the body from paragraph, heading, quote, list, image and embed nodes', () => {
    assert.deepEqual(dip.article.body.map((b) => b.type), ['image', 'paragraph', 'crosshead', 'blockquote', 'list', 'image', 'embed']);
  });

  it('keeps bold text and links of lexical text nodes as marks', () => {
    assert.deepEqual(dip.article.body[1], {
      type: 'paragraph',
      text: 'Swimmers braved a 12°C sea for the midsummer dip at Porth beach.',
      marks: [
        { kind: 'strong', start: 18, end: 22 },
        { kind: 'link', start: 52, end: 63, href: 'https://harbourside.example/beaches/porth' },
      ],
    });
  });

  it('reads an image node with its alt text and caption, site-relative', () => {
    assert.deepEqual(dip.article.body[5], { type: 'image', src: '/content/images/2024/06/dip.jpg', alt: 'Swimmers run into the sea', caption: 'The 8am start', width: 1600, height: 1067 });
  });

  it('reads an embed node as an embed', () => {
    assert.deepEqual(dip.article.body[6], { type: 'embed', url: 'https://twitter.com/porthswim/status/1804000000000000001', provider: 'Twitter', title: 'Porth swimmers' });
  });

  it('uses the feature image caption as alt text when there is none, with a warning', () => {
    assert.deepEqual([dip.article.body[0], dip.report.warnings.includes('the feature image has no alt text; used its caption')], [
      { type: 'image', src: 'https://harbourside.example/content/images/2024/06/dip-wide.jpg', alt: 'Porth at dawn', caption: 'Porth at dawn' },
      true,
    ]);
  });

  it('warns about the rebuilt body and the dropped signup card', () => {
    assert.deepEqual(dip.report.warnings.slice(0, 2), ['the post has no html; its body was rebuilt from its lexical source (best-effort)', 'a signup card was dropped']);
  });

  it('maps the primary tag "Sports" to the sport section', () => {
    assert.deepEqual([dip.article.section, dip.article.tags], ['sport', ['open water']]);
  });

  it('falls back to English when neither the post nor the settings give a language', () => {
    assert.equal(dip.article.language, 'en');
  });
});

describe('markdownToHtml', () => {
  it('turns headings, paragraphs, lists and images into HTML', () => {
    assert.equal(markdownToHtml('# Title\n\nSome **bold** text.\n\n1. One\n2. Two\n\n![Alt](/a.jpg)'), '<h1>Title</h1>\n<p>Some <strong>bold</strong> text.</p>\n<ol><li>One</li><li>Two</li></ol>\n<p><img src="/a.jpg" alt="Alt"></p>');
  });
});

describe('parseGhostExport on damaged exports', () => {
  it('refuses a truncated file, naming the line and column', () => {
    assert.throws(() => parse('truncated.json'), wireError(/^truncated\.json:1:\d+: not valid JSON: .*\(the file looks truncated\)/));
  });

  it('refuses a file that is not UTF-8, naming where', () => {
    assert.throws(() => parse('latin1.json'), wireError(/^latin1\.json:1:\d+: not UTF-8/));
  });

  it('refuses JSON that is not a Ghost export', () => {
    assert.throws(() => parse('not-ghost.json'), wireError(/not a Ghost export/));
  });

  it('refuses an export with no posts', () => {
    assert.throws(() => parse('no-posts.json'), wireError(/^no-posts\.json: the export holds no posts$/));
  });

  it('refuses an export with only pages, saying so', () => {
    assert.throws(() => parse('only-pages.json'), wireError(/the export holds no posts \(only 1 page\)/));
  });

  it('refuses an export whose only post cannot be read', () => {
    assert.throws(() => parse('only-empty-post.json'), wireError(/its only post could not be read: post "\(untitled\)" \(ghost:c1\) was skipped/));
  });

  it('refuses XML', () => {
    assert.throws(() => parseGhostExport(Buffer.from('<rss version="2.0"/>'), { fileName: 'feed.xml' }), wireError(/^feed\.xml:1:1: not valid JSON for a Ghost export: .*looks like XML/));
  });

  it('refuses a file over 200 MB before reading it', () => {
    assert.throws(() => parseGhostExport(Buffer.alloc(MAX_MIGRATION_BYTES + 1), { fileName: 'huge.json' }), wireError(/over the 200 MB limit/));
  });

  it('skips a post whose mobiledoc is not JSON, naming it, and reads the rest', () => {
    const results = parse('one-bad-post.json');
    assert.deepEqual([results.map((r) => r.article.headline), results[0]?.report.warnings], [
      ['Quay lights switched on'],
      ['post "Broken mobiledoc" (ghost:b1) was skipped: its mobiledoc is not valid JSON'],
    ]);
  });
});
