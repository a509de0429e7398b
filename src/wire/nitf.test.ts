import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateArticle } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { isNewsml1 } from './newsml1.js';
import { isNewsmlG2 } from './newsml-g2.js';
import { isNitf, parseNitf } from './nitf.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'test', 'fixtures', 'xml', name));
const parse = (name: string) => parseNitf(fixture(name), { fileName: name });

// Third-party corpora are read from the shared folder beside the repo (or $DATELINE_SHARED), never copied.
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const superdeskDir = join(sharedDir, 'corpora', 'superdesk-wire-fixtures', 'fixtures');
const iptcDir = join(sharedDir, 'corpora', 'iptc-newsml-g2', 'examples');
const superdeskMissing = existsSync(superdeskDir) ? false : `superdesk fixtures not found at ${superdeskDir} (set DATELINE_SHARED)`;
const iptcMissing = existsSync(iptcDir) ? false : `IPTC NewsML-G2 examples not found at ${iptcDir} (set DATELINE_SHARED)`;
const superdesk = (name: string) => parseNitf(readFileSync(join(superdeskDir, name)), { fileName: name });

/** An AppError with code invalid_wire_copy whose message matches. */
const wireError = (pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'invalid_wire_copy' && pattern.test(e.message);

describe('isNitf', () => {
  it('recognises a document whose root element is <nitf>', () => {
    assert.equal(isNitf(fixture('nitf-story.xml')), true);
  });

  it('recognises a UTF-16 NITF document by its byte-order mark', () => {
    assert.equal(isNitf(fixture('nitf-utf16.xml')), true);
  });

  it('does not claim NewsML-G2, NewsML 1.2, JSON or plain text', () => {
    assert.deepEqual(
      [fixture('g2-text-xhtml.xml'), fixture('newsml1-afp.xml'), Buffer.from('{"headline":"x"}'), Buffer.from('Headline\n\nBody text.')].map(isNitf),
      [false, false, false, false],
    );
  });

  it('is not claimed by the other XML sniffers', () => {
    assert.deepEqual([isNewsmlG2(fixture('nitf-story.xml')), isNewsml1(fixture('nitf-story.xml'))], [false, false]);
  });
});

describe('parseNitf on a full story', () => {
  const { article, report } = parse('nitf-story.xml');

  it('takes the headline from hedline/hl1 rather than head/title', () => {
    assert.equal(article.headline, 'Saltmere council backs the new bridge by one vote');
  });

  it('takes the abstract as the standfirst', () => {
    assert.equal(article.standfirst, 'Councillors voted 14 to 13 for a second bridge over the Salt river.');
  });

  it('splits "By A and B" into two bylines and gives each the byttl as role', () => {
    assert.deepEqual(article.bylines, [
      { name: 'Ada Moss', role: 'Marland Wire' },
      { name: 'Rui da Costa', role: 'Marland Wire' },
    ]);
  });

  it('reads the dateline location without the story date', () => {
    assert.deepEqual(article.dateline, { text: 'Saltmere, Marland', city: 'Saltmere', country: 'Marland' });
  });

  it('takes the agency dateline out of the lead paragraph, keeping its typographic apostrophe', () => {
    assert.deepEqual(article.body[0], { type: 'paragraph', text: 'Saltmere’s council voted on Friday to build a second bridge over the Salt river.' });
  });

  it('keeps strong emphasis as a mark', () => {
    assert.deepEqual(article.body[1], { type: 'paragraph', text: 'The vote was 14 to 13.', marks: [{ kind: 'strong', start: 13, end: 21 }] });
  });

  it('turns an hl2 in the body into a crosshead and a ul into a list', () => {
    assert.deepEqual(article.body.slice(2).map((b) => b.type), ['crosshead', 'paragraph', 'list']);
  });

  it('drops the desk initials at the end, the tagline and the editor’s message as furniture', () => {
    assert.deepEqual(
      report.dropped.filter((d) => /^(sign-off|tagline|editor)/.test(d)),
      ["editor's note: Embargoed to 1100 GMT", 'tagline: Ada Moss reported from Saltmere.', 'sign-off: am/rc'],
    );
  });

  it('reads doc-id, date.issue and a later date.release as wire id, publication time and embargo', () => {
    assert.deepEqual([article.wireId, article.publishedAt, article.embargoUntil], ['MW.2025.0412.0031', '2025-04-12T07:15:00.000Z', '2025-04-12T11:00:00.000Z']);
  });

  it('turns tobject subjects and keywords into lower-case tags', () => {
    assert.deepEqual(article.tags, ['politics', 'government', 'local government', 'saltmere bridge']);
  });

  it('maps the doc-scope POLITICS to the politics section', () => {
    assert.equal(article.section, 'politics');
  });

  it('reads baselang as the language and the distributor as the credit', () => {
    assert.deepEqual([article.language, article.credit, report.format], ['en-GB', 'Marland Wire', 'nitf']);
  });

  it('produces a draft that passes the article model', () => {
    const now = new Date().toISOString();
    assert.doesNotThrow(() => validateArticle({ ...article, slug: 'saltmere-bridge', section: 'politics', status: 'draft', createdAt: now, updatedAt: now }));
  });
});

describe('parseNitf on a PA data item', () => {
  const { article } = parse('nitf-pa-title.xml');

  it('falls back to head/title without the series number when there is no hl1', () => {
    assert.equal(article.headline, 'CRICKET Harwick-Teams');
  });

  it('splits a <pre> body into one paragraph per line', () => {
    assert.deepEqual(article.body.map((b) => (b.type === 'paragraph' ? b.text : b.type)), [
      'Harwick v Saltmere',
      'Harwick: Brandt, Ollen, Varga, Moss.',
      'Saltmere: Reddaway, Corrigle, Marsworth.',
    ]);
  });
});

describe('parseNitf and character encodings', () => {
  it('decodes an ISO-8859-1 file by its declaration', () => {
    const { article } = parse('nitf-latin1.xml');
    assert.deepEqual([article.headline, article.bylines[0]?.name], ['Café in Saltmere wins award', 'Renée Dupré']);
  });

  it('reads a UTF-8 file that declares ISO-8859-1 as UTF-8 and says so', () => {
    const { article, report } = parse('nitf-utf8-declared-latin1.xml');
    assert.equal(article.headline, 'Café in Saltmere wins award');
    assert.match(report.warnings[0] ?? '', /declares encoding "iso-8859-1", but its bytes are UTF-8/);
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    assert.equal(parse('nitf-utf16.xml').article.headline, 'Café in Saltmere wins award');
  });

  it('refuses a file that declares UTF-8 but holds Latin-1 bytes, naming the line and column', () => {
    assert.throws(() => parse('nitf-bad-utf8.xml'), wireError(/^nitf-bad-utf8\.xml:3:19: the file declares UTF-8, but byte 0xE9 is not valid UTF-8/));
  });
});

describe('parseNitf on malformed input', () => {
  it('refuses truncated XML, naming the line and column', () => {
    assert.throws(() => parse('nitf-truncated.xml'), wireError(/^nitf-truncated\.xml:\d+:\d+: not well-formed XML: unclosed xml tag.*truncated/));
  });

  it('refuses an undeclared entity such as &nbsp;', () => {
    assert.throws(() => parse('nitf-undeclared-entity.xml'), wireError(/:7:\d+: not well-formed XML: the entity &nbsp; is not declared/));
  });

  it('refuses a DOCTYPE that declares entities without expanding them', () => {
    assert.throws(() => parse('nitf-doctype-entities.xml'), wireError(/the DOCTYPE declares entities/));
  });

  it('refuses an empty file', () => {
    assert.throws(() => parse('empty.xml'), wireError(/^empty\.xml: the file is empty$/));
  });

  it('refuses a 25 MB file before reading it', () => {
    const started = Date.now();
    assert.throws(() => parseNitf(Buffer.alloc(25 * 1024 * 1024, 0x20), { fileName: 'huge.xml' }), wireError(/25\.0 MB, over the 20 MB limit/));
    assert.ok(Date.now() - started < 2000, 'the refusal should not parse the file');
  });

  it('refuses a document with no headline anywhere', () => {
    assert.throws(() => parseNitf(Buffer.from('<nitf><head/><body><body.content><p>Text.</p></body.content></body></nitf>')), wireError(/^input: no headline/));
  });

  it('refuses XML with no <nitf> element', () => {
    assert.throws(() => parseNitf(Buffer.from('<rss><channel/></rss>'), { fileName: 'feed.xml' }), wireError(/no <nitf> element/));
  });

  it('refuses every truncation of a story with an AppError, never another exception', () => {
    const whole = fixture('nitf-story.xml');
    const end = whole.indexOf('</nitf>');
    for (let length = 0; length < end; length += 41) {
      assert.throws(() => parseNitf(whole.subarray(0, length)), (e: unknown) => e instanceof AppError, `prefix of ${length} bytes`);
    }
  });

  it('refuses binary data with an AppError', () => {
    assert.throws(() => parseNitf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), (e: unknown) => e instanceof AppError);
  });
});

describe('parseNitf on agency samples', { skip: superdeskMissing }, () => {
  it('reads AP’s byline and its byttl as the role', () => {
    assert.deepEqual(superdesk('ap-nitf.xml').article.bylines, [{ name: 'Bernard Condon', role: 'AP Business Writer' }]);
  });

  it('drops EFE’s desk initials instead of making them a byline', () => {
    const { article, report } = superdesk('efe_nitf.xml');
    assert.deepEqual([article.bylines, report.dropped.includes('byline: gr/bp')], [[], true]);
  });

  it('takes EFE’s city from docdata evloc when the dateline holds only a date', () => {
    assert.deepEqual(superdesk('efe_nitf.xml').article.dateline, { text: 'Tegucigalpa', city: 'Tegucigalpa', country: 'Honduras' });
  });

  it('decodes PA’s ISO-8859-1 pound signs', () => {
    const first = superdesk('pa5.xml').article.body[0];
    assert.match(first?.type === 'paragraph' ? first.text : '', /^Treasury coffers will take a £66 billion annual hit/);
  });

  it('reads the NITF 3.x sample’s person byline and drops its relative-path picture', () => {
    const { article, report } = superdesk('nitf-fishing.xml');
    assert.equal(article.bylines[0]?.name, 'Alan Karben');
    assert.ok(report.dropped.some((d) => d.startsWith('media (image, source "high-tide.jpg"')));
  });
});

describe('parseNitf on NITF carried inside a NewsML-G2 fragment', { skip: iptcMissing }, () => {
  it('finds the <nitf> inside LISTING 25’s contentSet and says the wrapper was not read', () => {
    const { article, report } = parseNitf(readFileSync(join(iptcDir, 'LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml')));
    assert.equal(article.headline, 'Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.');
    assert.match(report.warnings.join('\n'), /wrapped in <contentSet>/);
  });
});
