import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { blockText, type Block, type Mark } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { StoredArticle } from '../store/articles.js';
import { parseNinjs } from './ninjs.js';
import { blocksToHtml, escapeHtml, toNinjs, type Ninjs3Item } from './ninjs-export.js';

// ---------------------------------------------------------------------------------------------
// An invented article that uses every block type and mark

const SITE = 'https://news.example.com';

const article: StoredArticle = {
  id: 'art_7Qx2',
  revision: 4,
  origin: 'newsroom',
  createdBy: null,
  slug: 'storm-lifts-roofs-in-port-avel',
  section: 'news',
  headline: 'Storm lifts roofs in Port Avel as “the worst night in years” passes',
  standfirst: 'Winds reached 140 km/h; nobody was hurt.',
  dateline: { text: 'PORT AVEL, MARENIA', city: 'Port Avel', country: 'Marenia' },
  bylines: [{ name: 'Ada Quill' }, { name: 'Ben Rook', location: 'Port Avel' }, { name: 'Cora Lund' }],
  body: [
    {
      type: 'paragraph',
      text: 'Winds of 140 km/h tore roofs off 30 houses & a school <overnight>.',
      marks: [
        { kind: 'em', start: 0, end: 5 },
        { kind: 'strong', start: 3, end: 17 },
        { kind: 'link', start: 36, end: 42, href: '/news/storm-map' },
      ],
    },
    { type: 'crosshead', text: 'A long night' },
    { type: 'paragraph', text: 'The harbour master’s office stayed open until dawn.' },
    { type: 'blockquote', text: 'We heard the roof go.\n\nThen we heard the sea.', attribution: 'Mira Sol, a resident' },
    { type: 'list', ordered: false, items: [{ text: 'Schools closed on Friday' }, { text: 'Ferries cancelled', marks: [{ kind: 'strong', start: 0, end: 7 }] }] },
    { type: 'list', ordered: true, items: [{ text: 'Stay indoors' }, { text: 'Call 112 in an emergency' }] },
    { type: 'image', src: '/media/roofs.jpg', alt: 'Roof tiles on a street', caption: 'Tiles on Harbour Street', credit: 'Photo: Ada Quill', width: 1600, height: 900 },
    { type: 'embed', url: 'https://video.example.org/watch?v=storm&t=10', provider: 'ExampleVideo', title: 'The storm at the pier' },
  ],
  keyPoints: ['Winds reached 140 km/h', 'Thirty houses damaged'],
  tags: ['weather', 'marenia'],
  credit: 'Dateline Wire',
  language: 'en-GB',
  status: 'published',
  createdAt: '2024-10-02T21:00:00.000Z',
  updatedAt: '2024-10-03T06:30:00.000Z',
  publishedAt: '2024-10-03T05:00:00.000Z',
};

const minimal: StoredArticle = {
  id: 'art_min',
  revision: 1,
  origin: 'newsroom',
  createdBy: null,
  slug: 'short-item',
  section: 'sport',
  headline: 'Short item',
  dateline: null,
  bylines: [],
  body: [{ type: 'paragraph', text: 'One line.' }],
  keyPoints: [],
  tags: [],
  language: 'en',
  status: 'draft',
  createdAt: '2024-10-03T06:00:00.000Z',
  updatedAt: '2024-10-03T06:00:00.000Z',
  publishedAt: null,
};

const exported = (a: StoredArticle = article): Ninjs3Item => toNinjs(a, { siteUrl: SITE });
const reimported = (a: StoredArticle = article) => parseNinjs(Buffer.from(JSON.stringify(exported(a))), { fileName: `${a.id}.json` });

/** Which characters each kind of mark covers: the same formatting may be split into different ranges after HTML. */
const coverage = (marks: readonly Mark[] | undefined): string[] =>
  (marks ?? []).flatMap((m) => Array.from({ length: m.end - m.start }, (_, i) => `${m.kind}${m.href ? `(${m.href})` : ''}@${m.start + i}`)).sort();
const paragraphMarks = (body: Block[]): string[][] => body.flatMap((b) => (b.type === 'paragraph' ? [coverage(b.marks)] : []));

// ---------------------------------------------------------------------------------------------
// The ninjs item

describe('toNinjs', () => {
  test('uses urn:dateline:article:<id> as the uri and the revision as the version', () => {
    const item = exported();
    assert.equal(item.uri, 'urn:dateline:article:art_7Qx2');
    assert.equal(item.version, '4');
    assert.equal(item.type, 'text');
    assert.deepEqual(item.standard, { name: 'ninjs', version: '3.0', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json' });
  });

  test('writes the headline as the main headline and the body as one text/html body', () => {
    const item = exported();
    assert.deepEqual(item.headlines, [{ role: 'main', contentType: 'text/plain', value: article.headline }]);
    assert.equal(item.bodies.length, 1);
    assert.equal(item.bodies[0]?.role, 'main');
    assert.equal(item.bodies[0]?.contentType, 'text/html');
    assert.equal(item.bodies[0]?.value, blocksToHtml(article.body, { siteUrl: SITE }));
  });

  test('writes the bylines as "by" in house style and as people with rel author', () => {
    const item = exported();
    assert.equal(item.by, 'Ada Quill, Ben Rook with Cora Lund');
    assert.deepEqual(item.people, [
      { name: 'Ada Quill', rel: 'author' },
      { name: 'Ben Rook', rel: 'author' },
      { name: 'Cora Lund', rel: 'author' },
    ]);
  });

  test('writes the dateline as located, with its city and country as located places', () => {
    const item = exported();
    assert.equal(item.located, 'PORT AVEL, MARENIA');
    assert.deepEqual(item.places, [
      { name: 'Port Avel', rel: 'located' },
      { name: 'Marenia', rel: 'located' },
    ]);
  });

  test('writes the section and tags as subjects, the standfirst and key points as descriptions', () => {
    const item = exported();
    assert.deepEqual(item.subjects, [
      { name: 'news', rel: 'section' },
      { name: 'weather', rel: 'about' },
      { name: 'marenia', rel: 'about' },
    ]);
    assert.deepEqual(item.descriptions, [
      { role: 'summary', contentType: 'text/plain', value: 'Winds reached 140 km/h; nobody was hurt.' },
      { role: 'keypoints', contentType: 'text/html', value: '<ul><li>Winds reached 140 km/h</li><li>Thirty houses damaged</li></ul>' },
    ]);
  });

  test('writes createdAt and updatedAt as firstCreated and versionCreated, and never an embargo', () => {
    const item = exported() as Ninjs3Item & { embargoedUntil?: string };
    assert.equal(item.firstCreated, '2024-10-02T21:00:00.000Z');
    assert.equal(item.versionCreated, '2024-10-03T06:30:00.000Z');
    assert.equal(item.embargoedUntil, undefined);
  });

  test('writes the language, the slug as slugline and the credit as copyright holder', () => {
    const item = exported();
    assert.equal(item.language, 'en-GB');
    assert.equal(item.slugline, 'storm-lifts-roofs-in-port-avel');
    assert.equal(item.copyrightHolder, 'Dateline Wire');
  });

  test('maps published to usable, unpublished to canceled and every other status to withheld', () => {
    const status = (s: StoredArticle['status']) => exported({ ...article, status: s }).pubStatus;
    assert.deepEqual(['published', 'unpublished', 'draft', 'in_review', 'scheduled'].map((s) => status(s as StoredArticle['status'])), ['usable', 'canceled', 'withheld', 'withheld', 'withheld']);
  });

  test('links the public page of a published article as its web rendition', () => {
    assert.deepEqual(exported().renditions, [{ name: 'web', href: 'https://news.example.com/news/storm-lifts-roofs-in-port-avel', contentType: 'text/html' }]);
  });

  test('gives no web rendition for an article that is not published', () => {
    assert.equal(exported(minimal).renditions, undefined);
  });

  test('leaves out by, people, located, places and descriptions when the article has none', () => {
    const item = exported(minimal);
    assert.deepEqual(Object.keys(item).filter((k) => ['by', 'people', 'located', 'places', 'descriptions', 'copyrightHolder'].includes(k)), []);
  });

  test('ignores a trailing slash on the site URL', () => {
    assert.equal(toNinjs(article, { siteUrl: `${SITE}/` }).renditions?.[0]?.href, 'https://news.example.com/news/storm-lifts-roofs-in-port-avel');
  });

  test('refuses a site URL that is not an absolute http(s) URL', () => {
    assert.throws(() => toNinjs(article, { siteUrl: 'news.example.com' }), (e: unknown) => e instanceof AppError && e.code === 'invalid_input' && /siteUrl "news\.example\.com"/.test(e.message));
    assert.throws(() => toNinjs(article, { siteUrl: 'ftp://news.example.com' }), AppError);
  });
});

// ---------------------------------------------------------------------------------------------
// Blocks → HTML

describe('blocksToHtml', () => {
  test('escapes text and attribute values', () => {
    assert.equal(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
    assert.equal(blocksToHtml([{ type: 'image', src: 'https://img.example.com/a.jpg?x=1&y="2"', alt: 'A "quoted" <alt>' }]), '<figure><img src="https://img.example.com/a.jpg?x=1&amp;y=&quot;2&quot;" alt="A &quot;quoted&quot; &lt;alt&gt;" /></figure>');
  });

  test('nests overlapping marks by closing and reopening them', () => {
    const html = blocksToHtml([article.body[0] as Block], { siteUrl: SITE });
    assert.equal(html, '<p><em>Win<strong>ds</strong></em><strong> of 140 km/h</strong> tore roofs off 30 <a href="https://news.example.com/news/storm-map">houses</a> &amp; a school &lt;overnight&gt;.</p>');
  });

  test('renders a link with an unsafe href as plain text', () => {
    const p: Block = { type: 'paragraph', text: 'Click here now', marks: [{ kind: 'link', start: 6, end: 10, href: 'javascript:alert(1)' }] };
    assert.equal(blocksToHtml([p]), '<p>Click here now</p>');
  });

  test('renders crossheads, quotes with a footer, both kinds of list, figures and embeds', () => {
    const html = blocksToHtml(article.body.slice(1), { siteUrl: SITE }).split('\n');
    assert.deepEqual(html, [
      '<h2>A long night</h2>',
      '<p>The harbour master’s office stayed open until dawn.</p>',
      '<blockquote><p>We heard the roof go.</p><p>Then we heard the sea.</p><footer>Mira Sol, a resident</footer></blockquote>',
      '<ul><li>Schools closed on Friday</li><li><strong>Ferries</strong> cancelled</li></ul>',
      '<ol><li>Stay indoors</li><li>Call 112 in an emergency</li></ol>',
      '<figure><img src="https://news.example.com/media/roofs.jpg" alt="Roof tiles on a street" width="1600" height="900" /><figcaption>Tiles on Harbour Street <small>Photo: Ada Quill</small></figcaption></figure>',
      '<p class="embed"><a href="https://video.example.org/watch?v=storm&amp;t=10" data-provider="ExampleVideo">The storm at the pier</a></p>',
    ]);
  });

  test('leaves out an image whose source is neither http(s) nor a site path, and empty paragraphs', () => {
    assert.equal(blocksToHtml([{ type: 'image', src: 'data:image/png;base64,AAAA', alt: 'x' }, { type: 'paragraph', text: '  ' }]), '');
  });
});

// ---------------------------------------------------------------------------------------------
// The official ninjs schema (read from ../shared; test material only)

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const ninjsCorpus = join(sharedDir, 'corpora', 'iptc-ninjs');
const schemasMissing = existsSync(join(ninjsCorpus, 'schemas', 'ninjs-schema_3.0.json')) ? false : `the official ninjs schemas are not in ${join(ninjsCorpus, 'schemas')} (set DATELINE_SHARED to the shared folder)`;

const validators = new Map<string, (data: unknown) => string[]>();

/** Compiles an official ninjs 3.x schema once (JSON Schema 2020-12, with the GeoJSON schema its places refer to). */
function officialValidator(file: string): (data: unknown) => string[] {
  const known = validators.get(file);
  if (known) return known;
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
  const geo = JSON.parse(readFileSync(join(ninjsCorpus, 'validation-test-suite', 'GeoJSON-schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true, schemas: [geo] });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(ninjsCorpus, 'schemas', file), 'utf8')) as object);
  const check = (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.keyword}: ${e.message ?? ''}`));
  validators.set(file, check);
  return check;
}

describe('the export against the official ninjs 3 schemas', { skip: schemasMissing }, () => {
  test('validates against ninjs-schema_3.0.json', () => {
    assert.deepEqual(officialValidator('ninjs-schema_3.0.json')(JSON.parse(JSON.stringify(exported()))), []);
  });

  test('validates against ninjs-schema_3.1.json', () => {
    assert.deepEqual(officialValidator('ninjs-schema_3.1.json')(JSON.parse(JSON.stringify(exported()))), []);
  });

  test('validates a minimal draft against ninjs-schema_3.0.json', () => {
    assert.deepEqual(officialValidator('ninjs-schema_3.0.json')(JSON.parse(JSON.stringify(exported(minimal)))), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Export → import

describe('export then import', () => {
  test('passes the importer’s strict schema check', () => {
    assert.doesNotThrow(() => parseNinjs(Buffer.from(JSON.stringify(exported())), { fileName: 'strict.json', strict: true }));
  });

  test('keeps the headline', () => {
    assert.equal(reimported().article.headline, article.headline);
  });

  test('keeps the byline names', () => {
    assert.deepEqual(reimported().article.bylines.map((b) => b.name), ['Ada Quill', 'Ben Rook', 'Cora Lund']);
  });

  test('keeps the dateline with its city and country', () => {
    assert.deepEqual(reimported().article.dateline, article.dateline);
  });

  test('keeps the type and text of every body block', () => {
    const body = reimported().article.body;
    assert.deepEqual(body.map((b) => b.type), article.body.map((b) => b.type));
    assert.deepEqual(body.map(blockText), article.body.map(blockText));
  });

  test('keeps the formatting of paragraphs, links made absolute', () => {
    const expected = paragraphMarks(article.body).map((marks) => marks.map((m) => m.replace('(/news/storm-map)', '(https://news.example.com/news/storm-map)')));
    assert.deepEqual(paragraphMarks(reimported().article.body), expected);
  });

  test('keeps the quote attribution, the image credit and the embed URL', () => {
    const body = reimported().article.body;
    assert.deepEqual(body[3], article.body[3]);
    assert.deepEqual(body[6], { ...article.body[6], src: 'https://news.example.com/media/roofs.jpg' });
    assert.deepEqual(body[7], article.body[7]);
  });

  test('keeps the standfirst, key points, tags, section, language and credit', () => {
    const { article: back } = reimported();
    assert.equal(back.standfirst, article.standfirst);
    assert.deepEqual(back.keyPoints, article.keyPoints);
    assert.deepEqual(back.tags, article.tags);
    assert.equal(back.section, article.section);
    assert.equal(back.language, article.language);
    assert.equal(back.credit, article.credit);
  });

  test('carries the article uri and revision as the wire id and version', () => {
    const { article: back } = reimported();
    assert.equal(back.wireId, 'urn:dateline:article:art_7Qx2');
    assert.equal(back.wireVersion, 4);
  });

  test('reads a minimal draft back, warning only that it is withheld', () => {
    const { article: back, report } = reimported(minimal);
    assert.equal(back.headline, 'Short item');
    assert.deepEqual(back.body, minimal.body);
    assert.equal(back.section, 'sport');
    assert.deepEqual(report.warnings, ['pubstatus is "withheld": the provider marks this item as not for publication']);
  });
});
