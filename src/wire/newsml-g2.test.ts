import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateArticle } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { isNewsml1, parseNewsml1 } from './newsml1.js';
import { isNewsmlG2, parseNewsmlG2, parseNewsmlG2All } from './newsml-g2.js';
import { isNitf, parseNitf } from './nitf.js';
import type { WireParseResult } from './types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'test', 'fixtures', 'xml', name));
const parse = (name: string) => parseNewsmlG2(fixture(name), { fileName: name });

// Third-party corpora are read from the shared folder beside the repo (or $DATELINE_SHARED), never copied.
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const iptcDir = join(sharedDir, 'corpora', 'iptc-newsml-g2');
const superdeskDir = join(sharedDir, 'corpora', 'superdesk-wire-fixtures');
const iptcMissing = existsSync(iptcDir) ? false : `IPTC NewsML-G2 corpus not found at ${iptcDir} (set DATELINE_SHARED)`;
const superdeskMissing = existsSync(join(superdeskDir, 'expected-from-superdesk-tests.json'))
  ? false
  : `superdesk fixtures not found at ${superdeskDir} (set DATELINE_SHARED)`;

const wireError = (pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'invalid_wire_copy' && pattern.test(e.message);
const paragraphTexts = (r: WireParseResult): string[] => r.article.body.map((b) => (b.type === 'paragraph' || b.type === 'crosshead' ? b.text : b.type));

describe('isNewsmlG2', () => {
  it('recognises a newsItem and a newsMessage in the G2 namespace', () => {
    assert.deepEqual([isNewsmlG2(fixture('g2-text-xhtml.xml')), isNewsmlG2(fixture('g2-message.xml')), isNewsmlG2(fixture('g2-picture.xml'))], [true, true, true]);
  });

  it('recognises a newsMessage without the namespace when its items say standard="NewsML-G2"', () => {
    const message = Buffer.from('<?xml version="1.0"?>\n<newsMessage><header/><itemSet><newsItem guid="x" standard="NewsML-G2"/></itemSet></newsMessage>');
    assert.equal(isNewsmlG2(message), true);
  });

  it('does not claim NITF, NewsML 1.2, HTML or an empty file', () => {
    assert.deepEqual(
      [fixture('nitf-story.xml'), fixture('newsml1-afp.xml'), Buffer.from('<!DOCTYPE html><html><body/></html>'), Buffer.alloc(0)].map(isNewsmlG2),
      [false, false, false, false],
    );
  });
});

describe('parseNewsmlG2 on a text item with an XHTML body', () => {
  const { article, report } = parse('g2-text-xhtml.xml');

  it('takes the main headline, not the sub-headline', () => {
    assert.equal(article.headline, 'Harwick ferry returns after a decade as the harbour reopens');
  });

  it('takes the drol:summary description as the standfirst', () => {
    assert.equal(article.standfirst, 'A new ferry will link Harwick and Saltmere for the first time since the old pier closed.');
  });

  it('records the slugline as recognised without making it a tag', () => {
    assert.ok(report.recognised.includes('slugline: Marland-Transport-Ferry'));
    assert.ok(!article.tags.includes('marland-transport-ferry'));
  });

  it('splits "By A and B" into two bylines', () => {
    assert.deepEqual(article.bylines, [{ name: 'Lena Brunner' }, { name: 'Tomas Reinholt' }]);
  });

  it('reads the dateline as printed, without the agency, and the city and country from located', () => {
    assert.deepEqual(article.dateline, { text: 'HARWICK, Marland', city: 'Harwick', country: 'Marland' });
  });

  it('takes the lead dateline out of the first paragraph and shifts its marks', () => {
    assert.deepEqual(article.body[0], {
      type: 'paragraph',
      text: 'The ferry between Harwick and Saltmere will sail again next month, the Harwick Ferry Company said on Thursday.',
      marks: [{ kind: 'em', start: 71, end: 92 }],
    });
  });

  it('keeps typographic quotes, links, AFP crossheads and h2 crossheads', () => {
    assert.deepEqual(paragraphTexts({ article, report }).slice(1), [
      '“We have waited ten years for this,” said harbour master Ilse Varga.',
      'A longer pier',
      'The pier was extended by 40 metres over the winter, the council said.',
      'Fares',
      'A return ticket will cost 12 marks.',
    ]);
  });

  it('drops the desk initials that close the body and the edNote as furniture', () => {
    assert.deepEqual(report.dropped, ['sign-off: lb/tr', 'ednote: Eds: Embargoed until 1200 GMT. Adds quote from harbour master.']);
  });

  it('reads guid and version as the wire id and version', () => {
    assert.deepEqual([article.wireId, article.wireVersion], ['urn:newsml:marlandwire.example:20250313:harwick-ferry', 4]);
  });

  it('takes firstCreated as the publication time and itemMeta/embargoed as the embargo, in UTC', () => {
    assert.deepEqual([article.publishedAt, article.embargoUntil], ['2025-03-13T08:15:00.000Z', '2025-03-13T12:00:00.000Z']);
  });

  it('turns subject names and keywords into lower-case tags, skipping code-only subjects', () => {
    assert.deepEqual(article.tags, ['maritime transport', 'economy, business and finance', 'harwick ferry company']);
  });

  it('reads the language tag, the creditline and the format name', () => {
    assert.deepEqual([article.language, article.credit, report.format], ['en-GB', 'Marland Wire', 'newsml-g2']);
  });

  it('leaves the section empty when no subject maps to one', () => {
    assert.equal(article.section, undefined);
  });

  it('produces a draft that passes the article model', () => {
    const now = new Date().toISOString();
    assert.doesNotThrow(() => validateArticle({ ...article, slug: 'harwick-ferry', section: 'news', status: 'draft', createdAt: now, updatedAt: now }));
  });
});

describe('parseNewsmlG2 on a text item with an inline NITF body', () => {
  const { article } = parse('g2-nitf-inline.xml');

  it('takes the byline and its role from the NITF body.head when contentMeta has no <by>', () => {
    assert.deepEqual(article.bylines, [{ name: 'Ada Moss', role: 'Arts Correspondent' }]);
  });

  it('takes the NITF abstract as the standfirst', () => {
    assert.equal(article.standfirst, 'The choir sang a setting of an old fishing song.');
  });

  it('turns NITF media into an image block with its alt text and caption', () => {
    assert.deepEqual(article.body[1], {
      type: 'image',
      src: 'https://media.example.org/choir.jpg',
      alt: 'The choir on stage',
      caption: 'The choir after the final round.',
      width: 1200,
      height: 800,
    });
  });

  it('maps the arts media topic to the arts section', () => {
    assert.equal(article.section, 'arts');
  });
});

describe('parseNewsmlG2 on a newsMessage', () => {
  it('parses the first text item, casing a byline given in capitals', () => {
    const { article } = parse('g2-message.xml');
    assert.deepEqual([article.headline, article.bylines], ['Fishing fleet stays in port as gales sweep the coast', [{ name: 'Marta Ollen' }]]);
  });

  it('warns about the picture it skipped and the text item it did not read', () => {
    const { report } = parse('g2-message.xml');
    assert.deepEqual(report.warnings.slice(-2), [
      'the newsMessage also carries a picture item; skipped, as only text items are read',
      'the newsMessage carries 1 more text item (urn:example:text-2); only the first was read',
    ]);
  });

  it('returns every text item from parseNewsmlG2All', () => {
    assert.deepEqual(
      parseNewsmlG2All(fixture('g2-message.xml')).map((r) => r.article.wireId),
      ['urn:example:text-1', 'urn:example:text-2'],
    );
  });
});

describe('parseNewsmlG2 on a text/plain inlineData body', () => {
  const { article } = parse('g2-plain-inlinedata.xml');

  it('makes one paragraph per indented paragraph, joining wrapped lines', () => {
    assert.deepEqual(paragraphTexts({ article, report: parse('g2-plain-inlinedata.xml').report }), [
      'The town library will open on Sundays from June, the council said on Friday.',
      'The library had closed at weekends since the budget cuts of 2019.',
      '"Readers asked for it," a spokeswoman said.',
    ]);
  });

  it('takes the dateline and the credit from the lead when the item gives none', () => {
    assert.deepEqual([article.dateline, article.credit], [{ text: 'DUNMORE', city: 'Dunmore' }, 'Marland Wire']);
  });
});

describe('parseNewsmlG2 refusals', () => {
  it('refuses a picture item', () => {
    assert.throws(() => parse('g2-picture.xml'), wireError(/^g2-picture\.xml: this is a picture item, not a text item/));
  });

  it('refuses an item whose headline is empty', () => {
    assert.throws(() => parse('g2-no-headline.xml'), wireError(/no headline/));
  });

  it('refuses a truncated item, naming the line and column', () => {
    const whole = fixture('g2-text-xhtml.xml');
    assert.throws(() => parseNewsmlG2(whole.subarray(0, 1500), { fileName: 'cut.xml' }), wireError(/^cut\.xml:\d+:\d+: not well-formed XML/));
  });

  it('refuses an empty file', () => {
    assert.throws(() => parse('empty.xml'), wireError(/the file is empty/));
  });

  it('refuses a 25 MB file before parsing it', () => {
    assert.throws(() => parseNewsmlG2(Buffer.alloc(25 * 1024 * 1024, 0x20)), wireError(/over the 20 MB limit/));
  });

  it('refuses a DOCTYPE that declares entities', () => {
    assert.throws(() => parse('nitf-doctype-entities.xml'), wireError(/DOCTYPE declares entities/));
  });

  it('refuses XML whose root is not a NewsML-G2 item', () => {
    assert.throws(() => parse('nitf-story.xml'), wireError(/root element is <nitf>/));
  });
});

// ---------------------------------------------------------------------------------------------
// The IPTC corpus

const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)]));

describe('parseNewsmlG2 on the IPTC NewsML-G2 examples', { skip: iptcMissing }, () => {
  const example = (name: string) => parseNewsmlG2(readFileSync(join(iptcDir, 'examples', name)), { fileName: name });

  it('reads LISTING 2: headline, byline with its byttl, dateline from located, two paragraphs', () => {
    const { article } = example('LISTING_2_NewsML-G2_Text_Document.xml');
    assert.deepEqual(
      [article.headline, article.bylines, article.dateline, article.body.length],
      ['Fed to halt QE to avert "bubble"', [{ name: 'Meredith Jameson', role: 'Staff Reporter' }], { text: 'New York, NY', city: 'New York' }, 2],
    );
  });

  it('refuses the photo, video, package, concept, knowledge and planning examples, naming their kind', () => {
    const names = ['LISTING_3_Photo_in_NewsML-G2.xml', 'LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml', 'LISTING_6_Simple_NewsML-G2_Package.xml',
      'LISTING_11_Person_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml', 'LISTING_12_Knowledge_Item_for_Access_Codes.xml', 'LISTING_17_Planning_Item_a_CCL.xml'];
    assert.deepEqual(names.map((name) => refusedKind(() => example(name))), ['picture', 'video', 'package', 'concept', 'knowledge', 'planning']);
  });

  it('answers every conformance file with a result or an AppError, never another exception', () => {
    const files = listFiles(join(iptcDir, 'unit-test-files')).filter((f) => f.endsWith('.xml'));
    assert.ok(files.length > 100, `expected the conformance files, found ${files.length}`);
    assert.deepEqual(files.filter((file) => throwsOtherThanAppError(() => parseNewsmlG2(readFileSync(file)))), []);
  });
});

/** The item kind an AppError names ("this is a picture item"), or what happened instead. */
function refusedKind(run: () => unknown): string {
  try {
    run();
    return 'parsed';
  } catch (e) {
    return e instanceof AppError ? (/this is an? (\w+) item/.exec(e.message)?.[1] ?? e.message) : String(e);
  }
}

function throwsOtherThanAppError(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (e) {
    return !(e instanceof AppError);
  }
}

// ---------------------------------------------------------------------------------------------
// Superdesk's ground truth, for every XML fixture in the three XML formats

interface Expected {
  headline?: string;
  byline?: string | null;
  language?: string;
  firstcreated?: string;
  versioncreated?: string;
}

/** Loose comparison: case, punctuation and spacing aside; "By " and "and" between names ignored. */
const loose = (s: string): string =>
  s
    .toLowerCase()
    .replace(/^\s*by\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(?:and|with)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** Superdesk adds markers to some headlines ("*** TRANSLATED ***"); its value may run on past ours. */
const headlineMatches = (ours: string, theirs: string): boolean => loose(theirs) === loose(ours) || loose(theirs).startsWith(`${loose(ours)} `);
const noByline = (b: string | null | undefined): boolean => b === null || b === undefined || b.trim() === '' || b === '(none)';

interface Case {
  name: string;
  expected: Expected;
  result: WireParseResult | Error;
}

function loadGroundTruth(): Case[] {
  const all = JSON.parse(readFileSync(join(superdeskDir, 'expected-from-superdesk-tests.json'), 'utf8')) as Record<string, Expected>;
  const cases: Case[] = [];
  for (const [name, expected] of Object.entries(all)) {
    const path = join(superdeskDir, 'fixtures', name);
    if (name.startsWith('_') || !existsSync(path)) continue;
    const bytes = readFileSync(path);
    const parser = isNewsmlG2(bytes) ? parseNewsmlG2 : isNitf(bytes) ? parseNitf : isNewsml1(bytes) ? parseNewsml1 : undefined;
    if (!parser) continue;
    let result: WireParseResult | Error;
    try {
      result = parser(bytes, { fileName: name });
    } catch (e) {
      result = e instanceof Error ? e : new Error(String(e));
    }
    cases.push({ name, expected, result });
  }
  return cases;
}

describe('the XML parsers against Superdesk’s expected values', { skip: superdeskMissing }, () => {
  const cases = superdeskMissing ? [] : loadGroundTruth();
  const parsed = (c: Case): WireParseResult | undefined => (c.result instanceof Error ? undefined : c.result);

  it('covers the NewsML-G2, NITF and NewsML 1.2 fixtures that have expected values', (t) => {
    t.diagnostic(`XML fixtures with expected values: ${cases.length} (${cases.map((c) => c.name).join(', ')})`);
    assert.ok(cases.length >= 15, `expected at least 15 XML fixtures, found ${cases.length}`);
  });

  it('parses every covered fixture without an error', () => {
    assert.deepEqual(cases.filter((c) => c.result instanceof Error).map((c) => `${c.name}: ${(c.result as Error).message}`), []);
  });

  it('matches the expected headline for every fixture that has one', (t) => {
    const withHeadline = cases.filter((c) => c.expected.headline !== undefined);
    const misses = withHeadline.filter((c) => !headlineMatches(parsed(c)?.article.headline ?? '', c.expected.headline as string));
    t.diagnostic(`headline matches ground truth on ${withHeadline.length - misses.length}/${withHeadline.length}`);
    assert.deepEqual(misses.map((c) => `${c.name}: "${parsed(c)?.article.headline}" ≠ "${c.expected.headline}"`), []);
  });

  it('matches the expected byline, or its absence, for most fixtures that state one', (t) => {
    const withByline = cases.filter((c) => 'byline' in c.expected);
    const hits = withByline.filter((c) => bylineMatches(parsed(c), c.expected.byline));
    t.diagnostic(`byline matches ground truth on ${hits.length}/${withByline.length}`);
    assert.ok(hits.length >= Math.ceil(withByline.length * 0.8), `only ${hits.length}/${withByline.length} bylines match`);
  });

  it('matches the expected first-created or version time for most fixtures that state one', (t) => {
    const withDate = cases.filter((c) => c.expected.firstcreated !== undefined || c.expected.versioncreated !== undefined);
    const hits = withDate.filter((c) => timeMatches(parsed(c), c.expected));
    t.diagnostic(`first-created / version time matches ground truth on ${hits.length}/${withDate.length}`);
    assert.ok(hits.length >= Math.ceil(withDate.length * 0.8), `only ${hits.length}/${withDate.length} dates match`);
  });

  it('matches the expected language for every fixture that states one', (t) => {
    const withLanguage = cases.filter((c) => c.expected.language !== undefined);
    const misses = withLanguage.filter((c) => parsed(c)?.article.language.split('-')[0] !== c.expected.language);
    t.diagnostic(`language matches ground truth on ${withLanguage.length - misses.length}/${withLanguage.length}`);
    assert.deepEqual(misses.map((c) => `${c.name}: ${parsed(c)?.article.language}`), []);
  });
});

/** Our bylines against Superdesk's byline string; "", null and "(none)" mean the story has none. */
function bylineMatches(result: WireParseResult | undefined, expected: string | null | undefined): boolean {
  const ours = result?.article.bylines.map((b) => b.name).join(' ') ?? '';
  return noByline(expected) ? ours === '' : loose(ours) === loose(expected ?? '');
}

/** Our publishedAt (firstCreated) or versionCreated against Superdesk's; a time without a zone is UTC on both sides. */
function timeMatches(result: WireParseResult | undefined, expected: Expected): boolean {
  const theirs = expected.firstcreated ?? expected.versioncreated ?? '';
  const instant = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(theirs) ? theirs : `${theirs}Z`).toISOString();
  return result?.article.publishedAt === instant || result?.report.recognised.includes(`versionCreated: ${instant}`) === true;
}
