import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateArticle } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { isNewsml1, parseNewsml1 } from './newsml1.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'test', 'fixtures', 'xml', name));
const parse = (name: string) => parseNewsml1(fixture(name), { fileName: name });

// Third-party corpora are read from the shared folder beside the repo (or $DATELINE_SHARED), never copied.
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const superdeskDir = join(sharedDir, 'corpora', 'superdesk-wire-fixtures', 'fixtures');
const superdeskMissing = existsSync(superdeskDir) ? false : `superdesk fixtures not found at ${superdeskDir} (set DATELINE_SHARED)`;
const superdesk = (name: string) => parseNewsml1(readFileSync(join(superdeskDir, name)), { fileName: name });

const wireError = (pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'invalid_wire_copy' && pattern.test(e.message);
const texts = (blocks: { type: string; text?: string }[]): string[] => blocks.map((b) => b.text ?? b.type);

describe('isNewsml1', () => {
  it('recognises a document whose root element is <NewsML>', () => {
    assert.deepEqual([isNewsml1(fixture('newsml1-afp.xml')), isNewsml1(fixture('newsml1-html-cdata.xml'))], [true, true]);
  });

  it('does not claim NewsML-G2 or NITF', () => {
    assert.deepEqual([isNewsml1(fixture('g2-message.xml')), isNewsml1(fixture('nitf-story.xml'))], [false, false]);
  });
});

describe('parseNewsml1 on an AFP-style item with a NITF body', () => {
  const { article, report } = parse('newsml1-afp.xml');

  it('reads the HeadLine and the ByLine without "By"', () => {
    assert.deepEqual([article.headline, article.bylines], ['Flood barrier holds as river peaks at Fenbridge', [{ name: 'Helena Marsworth' }]]);
  });

  it('prints the DateLine without its date and agency, with the city and country from Location', () => {
    assert.deepEqual(article.dateline, { text: 'FENBRIDGE', city: 'Fenbridge', country: 'France' });
  });

  it('reads PublicIdentifier and RevisionId as the wire id and version', () => {
    assert.deepEqual([article.wireId, article.wireVersion], ['urn:newsml:marlandwire.example:20250320T135900Z:TX-HAR-0042:2', 2]);
  });

  it('reads FirstCreated in the compact form as the publication time', () => {
    assert.equal(article.publishedAt, '2025-03-20T13:55:00.000Z');
  });

  it('turns the NITF body into paragraphs and the AFP dash crosshead into a crosshead', () => {
    assert.deepEqual(texts(article.body), [
      'The flood barrier at Fenbridge held on Thursday as the river reached its highest level in 30 years.',
      'Sandbags',
      'Volunteers filled 2,000 sandbags overnight.',
    ]);
    assert.equal(article.body[1]?.type, 'crosshead');
  });

  it('records the slugline and drops the copyright line and the desk initials', () => {
    assert.ok(report.recognised.includes('slugline: Marland-weather-flood'));
    assert.deepEqual(report.dropped, ['copyright line: © 2025 Marland Wire', 'sign-off: hm/tr']);
  });

  it('turns keyword properties into tags and takes the provider as the credit', () => {
    assert.deepEqual([article.tags, article.credit, article.language, report.format], [['flood', 'weather'], 'Marland Wire', 'en', 'newsml-1.2']);
  });

  it('produces a draft that passes the article model', () => {
    const now = new Date().toISOString();
    assert.doesNotThrow(() => validateArticle({ ...article, slug: 'fenbridge-flood', section: 'news', status: 'draft', createdAt: now, updatedAt: now }));
  });
});

describe('parseNewsml1 on an item with escaped HTML in DataContent', () => {
  const { article, report } = parse('newsml1-html-cdata.xml');

  it('reads the HTML inside CDATA as paragraphs and drops the closing copyright paragraph', () => {
    assert.deepEqual(texts(article.body), ['Employers in Harwick hired 1,200 more people than they let go in March.', 'The figures came from the labour office.']);
    assert.ok(report.dropped.includes('sign-off: © Marland Wire. All rights reserved.'));
  });

  it('takes the SubHeadLine as the standfirst', () => {
    assert.equal(article.standfirst, 'Hiring outpaced layoffs for a third month.');
  });

  it('builds the dateline from the City property when the DateLine holds only a date', () => {
    assert.deepEqual(article.dateline, { text: 'Harwick', city: 'Harwick', country: 'Greece' });
  });

  it('takes the embargo from StatusWillChange on an embargoed item', () => {
    assert.equal(article.embargoUntil, '2025-04-05T06:00:00.000Z');
  });

  it('lower-cases the Language FormalName "EN"', () => {
    assert.equal(article.language, 'en');
  });
});

describe('parseNewsml1 refusals', () => {
  it('refuses an item that carries only a photo', () => {
    assert.throws(() => parse('newsml1-photo-only.xml'), wireError(/no text item: the NewsItem carries Photo, not text/));
  });

  it('refuses a document whose root is not <NewsML>', () => {
    assert.throws(() => parse('nitf-story.xml'), wireError(/root element is <nitf>, not <NewsML>/));
  });

  it('refuses a NewsML document without a NewsItem', () => {
    assert.throws(() => parseNewsml1(Buffer.from('<NewsML><NewsEnvelope/></NewsML>')), wireError(/^input: the NewsML document carries no <NewsItem>$/));
  });

  it('refuses an empty file', () => {
    assert.throws(() => parse('empty.xml'), wireError(/the file is empty/));
  });

  it('refuses a truncated item, naming the line and column', () => {
    assert.throws(() => parseNewsml1(fixture('newsml1-afp.xml').subarray(0, 900), { fileName: 'cut.xml' }), wireError(/^cut\.xml:\d+:\d+: not well-formed XML/));
  });

  it('refuses a 25 MB file before parsing it', () => {
    assert.throws(() => parseNewsml1(Buffer.alloc(25 * 1024 * 1024, 0x20)), wireError(/over the 20 MB limit/));
  });
});

describe('parseNewsml1 on AFP and ANA-MPA samples', { skip: superdeskMissing }, () => {
  it('reads AFP’s headline, dateline and wire id', () => {
    const { article } = superdesk('afp.xml');
    assert.deepEqual(
      [article.headline, article.dateline, article.wireId, article.wireVersion],
      ['Sweden court accepts receivership for Saab carmaker', { text: 'STOCKHOLM', city: 'Stockholm', country: 'Sweden' }, 'urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86:1', 1],
    );
  });

  it('reads AFP’s 2024 French item, declared ISO-8859-1 but written in UTF-8', () => {
    const { article, report } = superdesk('afp20.xml');
    assert.deepEqual([article.headline, article.language], ["Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée", 'fr']);
    assert.match(report.warnings.join('\n'), /declares encoding "iso-8859-1", but its bytes are UTF-8/);
  });

  it('reads ANA-MPA’s escaped HTML body and English topic names', () => {
    const { article } = superdesk('ana1.xml');
    assert.deepEqual([article.body.length, article.tags], [3, ['employment/unemployment', 'job layoffs', 'economic indicator']]);
  });
});
