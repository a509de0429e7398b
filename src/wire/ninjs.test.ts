import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type Block } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { detectGeneration, isNinjs, MAX_NINJS_BYTES, parseNinjs, validateNinjsShape, type NinjsGeneration } from './ninjs.js';
import type { WireParseResult } from './types.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtureDir = join(repoRoot, 'test', 'fixtures', 'ninjs');
const readFixture = (name: string): Buffer => readFileSync(join(fixtureDir, name));
const fixture = (name: string, opts: { strict?: boolean } = {}): WireParseResult => parseNinjs(readFixture(name), { fileName: name, ...opts });

const texts = (body: Block[]): string[] => body.map((b) => (b.type === 'paragraph' || b.type === 'crosshead' || b.type === 'blockquote' ? b.text : b.type === 'list' ? b.items.map((i) => i.text).join(' | ') : b.type === 'image' ? b.src : b.url));
const types = (body: Block[]): string[] => body.map((b) => b.type);

/** Asserts that parsing throws an invalid_wire_copy AppError whose message names the file and matches `pattern`. */
function assertRefused(input: Buffer, fileName: string, pattern: RegExp, opts: { strict?: boolean } = {}): AppError {
  let caught: unknown;
  assert.throws(
    () => parseNinjs(input, { fileName, ...opts }),
    (error: unknown) => {
      caught = error;
      return true;
    },
  );
  assert.ok(caught instanceof AppError, `expected an AppError, got ${String(caught)}`);
  assert.equal(caught.code, 'invalid_wire_copy');
  assert.ok(caught.message.startsWith(`${fileName}: `), `the message names the file: ${caught.message}`);
  assert.match(caught.message, pattern);
  return caught;
}

// The corpora are third-party material: read from the shared folder beside the repo (or $DATELINE_SHARED), never copied.
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const ninjsCorpus = join(sharedDir, 'corpora', 'iptc-ninjs');
const superdeskCorpus = join(sharedDir, 'corpora', 'superdesk-wire-fixtures');
const ninjsMissing = existsSync(join(ninjsCorpus, 'examples')) ? false : `the iptc-ninjs corpus is not at ${ninjsCorpus} (set DATELINE_SHARED to the shared folder)`;
const superdeskMissing = existsSync(join(superdeskCorpus, 'expected-from-superdesk-tests.json')) ? false : `the superdesk-wire-fixtures corpus is not at ${superdeskCorpus}`;

const walk = (dir: string): string[] => readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const jsonFiles = (...dirs: string[]): string[] => dirs.flatMap((d) => walk(join(ninjsCorpus, d))).filter((f) => f.endsWith('.json'));
const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A corpus example is a text item when it is one JSON object of type text or composite (or with no type, no event or
 * planning details and a body), and it has a headline in some spelling. Pictures, video, audio and events are not.
 */
function isTextItem(file: string): boolean {
  const j = readJson(file);
  if (!isObj(j)) return false;
  const keys = Object.keys(j);
  const hasHeadline = keys.some((k) => k === 'headlines' || k === 'headline' || k.startsWith('headline_'));
  const hasBody = keys.some((k) => k === 'bodies' || k.startsWith('body_'));
  const untypedStory = j.type === undefined && hasBody && !('eventDetails' in j) && !('plannedCoverage' in j);
  return hasHeadline && (j.type === 'text' || j.type === 'composite' || untypedStory);
}

const textItems = (): string[] => jsonFiles('examples', 'spec-doc-examples').filter(isTextItem);
const invalidSuiteFiles = (): string[] => jsonFiles('validation-test-suite').filter((f) => f.includes('/should_fail/'));

interface Outcome {
  file: string;
  result?: WireParseResult;
  error?: unknown;
}
const outcome = (file: string, strict = false): Outcome => {
  try {
    return { file, result: parseNinjs(readFileSync(file), { fileName: relative(ninjsCorpus, file), strict }) };
  } catch (error) {
    return { file, error };
  }
};
const schemaWarnings = (r: WireParseResult): string[] => r.report.warnings.filter((w) => /^ninjs \d\.x schema: /.test(w));
/** "refused: not valid JSON", "refused: no headline", "imported with schema warnings"... for the report. */
function category(o: Outcome): string {
  if (o.result) return schemaWarnings(o.result).length ? 'imported with schema warnings' : 'imported without warnings';
  const message = o.error instanceof Error ? o.error.message : String(o.error);
  return `refused: ${message.replace(/^[^:]+: /, '').replace(/ at line \d+, column \d+/, '').split(/[:;(]/)[0]?.trim()}`;
}
function tally(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(category(o), (counts.get(category(o)) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${n} ${c}`).join('; ');
}

// ---------------------------------------------------------------------------------------------
// ninjs 1.x spellings

describe('ninjs 1.x spellings', () => {
  test('reads headline, byline, located and the HTML body of a 1.x item', () => {
    const { article } = fixture('v1-article.json');
    assert.equal(article.headline, 'Lind wins the night sprint under the northern lights');
    assert.deepEqual(article.bylines, [{ name: 'Mara Lind' }, { name: 'Tomas Ek' }]);
    assert.deepEqual(article.dateline, { text: 'TROMSØ, NORWAY', city: 'Tromsø', country: 'Norway' });
    assert.deepEqual(types(article.body), ['paragraph', 'crosshead', 'paragraph', 'blockquote', 'list']);
  });

  test('prefers body_html to body_text and keeps its inline marks', () => {
    const { article, report } = fixture('v1-article.json');
    assert.deepEqual(article.body[0], { type: 'paragraph', text: 'Helga Sand crossed the line first, two seconds ahead of the field.', marks: [{ kind: 'em', start: 28, end: 33 }] });
    assert.ok(report.dropped.includes('alternative body body_text (text/plain, role text)'));
  });

  test('keeps a block quote with its attribution and a list with its items', () => {
    const { body } = fixture('v1-article.json').article;
    assert.deepEqual(body[3], { type: 'blockquote', text: 'I could see my own shadow in green.', attribution: 'Helga Sand' });
    assert.deepEqual(body[4], { type: 'list', ordered: false, items: [{ text: "Men's race: Saturday" }, { text: 'Relay: Sunday' }] });
  });

  test('reads description_text as the standfirst and subject names as tags', () => {
    const { article } = fixture('v1-article.json');
    assert.equal(article.standfirst, 'A late snowfall did not stop the first sprint held after dark on the Arctic course.');
    assert.deepEqual(article.tags, ['sport', 'cross-country skiing']);
  });

  test('maps the Sport subject to the sport section', () => {
    assert.equal(fixture('v1-article.json').article.section, 'sport');
  });

  test('reads uri, version, versioncreated, embargoed and language', () => {
    const { article } = fixture('v1-article.json');
    assert.equal(article.wireId, 'urn:example:northwire:2024:ski-0412');
    assert.equal(article.wireVersion, 2);
    assert.equal(article.publishedAt, '2024-04-12T05:02:00.000Z');
    assert.equal(article.embargoUntil, '2024-04-12T08:00:00.000Z');
    assert.equal(article.language, 'en-GB');
  });

  test('drops the ednote and reports the item as a clean ninjs 1.x item', () => {
    const { report } = fixture('v1-article.json');
    assert.equal(report.format, 'ninjs');
    assert.ok(report.recognised.includes('ninjs 1.x (declared by $standard.version "1.6")'));
    assert.ok(report.recognised.includes('matches the ninjs 1.x schema'));
    assert.ok(report.dropped.includes('ednote: Corrects the spelling of the course name in paragraph 3.'));
    assert.deepEqual(report.warnings, []);
  });

  test('takes headline_main over other headline_* keys and splits body_main paragraphs', () => {
    const { article, report } = fixture('v1-plain-lead.json');
    assert.equal(article.headline, 'Last keeper leaves the Skarv lighthouse');
    assert.ok(report.dropped.includes('other headline headline_short: Lighthouse keeper retires'));
    assert.equal(article.body.length, 3);
  });

  test('does not take a sentence like "The company (AP) - said" for a lead dateline', () => {
    const item = { uri: 'urn:x:lead', headline: 'No dateline here', body_text: 'The company (AP) - said it would appeal.' };
    const { article } = parseNinjs(Buffer.from(JSON.stringify(item)));
    assert.equal(article.dateline, null);
    assert.equal(texts(article.body)[0], 'The company (AP) - said it would appeal.');
  });

  test('moves a lead dateline like "SKARV, Norway (AFP) --" out of the first paragraph', () => {
    const { article } = fixture('v1-plain-lead.json');
    assert.deepEqual(article.dateline, { text: 'SKARV, Norway', city: 'Skarv', country: 'Norway' });
    assert.equal(texts(article.body)[0], 'The last keeper of the Skarv lighthouse handed over the keys on Thursday after 31 years.');
    assert.equal(article.credit, 'AFP');
  });

  test('keeps the name and drops the agency from a byline like "Iris Holm, AFP"', () => {
    assert.deepEqual(fixture('v1-plain-lead.json').article.bylines, [{ name: 'Iris Holm' }]);
  });

  test('reads Superdesk ninjs: guid, firstpublished, keywords and source', () => {
    const { article } = fixture('v1-superdesk.json');
    assert.equal(article.wireId, 'urn:newsml:localhost:2024-03-04:7f1e-harbour');
    assert.equal(article.publishedAt, '2024-03-04T06:00:00.000Z');
    assert.deepEqual(article.tags, ['ferries', 'transport']);
    assert.equal(article.credit, 'Coastline News');
    assert.equal(article.standfirst, 'The blue ferry is back on the island route.');
  });

  test('imports Superdesk ninjs with its schema deviations listed as warnings', () => {
    const { report } = fixture('v1-superdesk.json');
    assert.deepEqual(schemaWarnings(fixture('v1-superdesk.json')), [
      'ninjs 1.x schema: guid, priority, authors, keywords, source, firstpublished, service: not ninjs properties (rule: additionalProperties)',
      'ninjs 1.x schema: uri: is required (rule: required)',
      'ninjs 1.x schema: firstcreated: must be an RFC 3339 date-time like 2024-05-01T12:00:00Z (rule: format: date-time)',
      'ninjs 1.x schema: versioncreated: must be an RFC 3339 date-time like 2024-05-01T12:00:00Z (rule: format: date-time)',
    ]);
    assert.ok(report.warnings.includes('no uri (the one property ninjs requires); the guid was used as the wire id'));
  });
});

// ---------------------------------------------------------------------------------------------
// ninjs 2.x spellings

describe('ninjs 2.x spellings', () => {
  test('takes the headline with role main from headlines[]', () => {
    const { article, report } = fixture('v2-article.json');
    assert.equal(article.headline, 'Behörde genehmigt Windpark vor der Küste');
    assert.ok(report.dropped.includes('other headline headlines[0]: Windpark genehmigt'));
  });

  test('prefers the text/html body among bodies[] and keeps typographic quotes', () => {
    const { article, report } = fixture('v2-article.json');
    assert.deepEqual(texts(article.body), ['Die Behörde hat den Windpark „Nordlicht“ genehmigt.', 'Der Bau soll im Herbst beginnen.']);
    assert.ok(report.recognised.includes('body: bodies[1] (text/html, role html), 2 blocks'));
  });

  test('strips "Von" and keeps dpa as the credit from a byline like "Von Kai Brandt, dpa"', () => {
    const { article } = fixture('v2-article.json');
    assert.deepEqual(article.bylines, [{ name: 'Kai Brandt' }]);
    assert.equal(article.credit, 'dpa');
  });

  test('reads descriptions[], subjects[], located and the lower-case 2.x dates', () => {
    const { article } = fixture('v2-article.json');
    assert.equal(article.standfirst, 'Der Bau soll im Herbst beginnen.');
    assert.deepEqual(article.tags, ['energie', 'politics']);
    assert.deepEqual(article.dateline, { text: 'Hamburg', city: 'Hamburg' });
    assert.equal(article.publishedAt, '2024-05-20T04:45:00.000Z');
    assert.equal(article.embargoUntil, '2024-05-20T08:00:00.000Z');
    assert.equal(article.language, 'de');
  });

  test('maps the politics media topic to the politics section', () => {
    assert.equal(fixture('v2-article.json').article.section, 'politics');
  });

  test('recognises 2.x from its keys and finds no schema deviation', () => {
    const { report } = fixture('v2-article.json');
    assert.ok(report.recognised.includes('ninjs 2.x (from its keys (headlines, descriptions, bodies))'));
    assert.deepEqual(report.warnings, []);
  });
});

// ---------------------------------------------------------------------------------------------
// ninjs 3.x spellings

describe('ninjs 3.x spellings', () => {
  test('reads the camel-case 3.x dates, version and embargo', () => {
    const { article } = fixture('v3-article.json');
    assert.equal(article.publishedAt, '2024-06-03T15:20:00.000Z');
    assert.equal(article.embargoUntil, '2024-06-03T16:00:00.000Z');
    assert.equal(article.wireVersion, 7);
    assert.equal(article.wireId, 'https://wire.example.net/items/2024/city-budget');
  });

  test('drops a first heading that repeats the headline and dateline furniture from the HTML body', () => {
    const { article, report } = fixture('v3-article.json');
    assert.equal(texts(article.body)[0], 'The council voted 9 to 4 for the budget on Monday.');
    assert.ok(report.dropped.includes('heading repeating the headline: City council passes its first green budget'));
    assert.ok(report.dropped.includes('dateline: RIVERTON'));
  });

  test('keeps a figure as an image block with caption and credit, and an iframe as an embed', () => {
    const { body } = fixture('v3-article.json').article;
    assert.deepEqual(body[1], { type: 'image', src: 'https://img.example.net/council.jpg', alt: 'Council chamber', caption: 'The vote in the chamber', credit: 'Photo: Lee Moor', width: 1200, height: 800 });
    assert.deepEqual(body[2], { type: 'list', ordered: true, items: [{ text: 'Buses' }, { text: 'Parks' }] });
    assert.deepEqual(body[3], { type: 'embed', url: 'https://video.example.net/embed/42', title: 'The debate' });
  });

  test('splits "Jo Park, Li Wen and Sam Ortiz" into three bylines', () => {
    assert.deepEqual(fixture('v3-article.json').article.bylines, [{ name: 'Jo Park' }, { name: 'Li Wen' }, { name: 'Sam Ortiz' }]);
  });

  test('reads an HTML summary as the standfirst and a keypoints description as key points', () => {
    const { article } = fixture('v3-article.json');
    assert.equal(article.standfirst, 'Parks and buses get more; roads get less.');
    assert.deepEqual(article.keyPoints, ['Bus fares frozen', 'Two new parks']);
  });

  test('does not take an AP state abbreviation for a country', () => {
    assert.deepEqual(fixture('v3-article.json').article.dateline, { text: 'RIVERTON, Ore.', city: 'Riverton' });
  });

  test('takes the copyright holder as the credit and people "about" the story are not bylines', () => {
    const { article } = fixture('v3-article.json');
    assert.equal(article.credit, 'Example Wire');
    assert.ok(!article.bylines.some((b) => b.name === 'Ada Mayor'));
  });

  test('reads an IPTC NITF body from its body.content', () => {
    const { article, report } = fixture('v3-nitf-body.json');
    assert.deepEqual(texts(article.body), ['The whale hall opened again after a two-year restoration.', 'The skeleton was cleaned bone by bone.']);
    assert.ok(report.recognised.includes('body: bodies[0] (text/vnd.IPTC.NITF, role nitf), 2 blocks'));
  });

  test('defaults the language to en and says so in the report', () => {
    const { article, report } = fixture('v3-nitf-body.json');
    assert.equal(article.language, 'en');
    assert.ok(report.recognised.includes('language: not given, en assumed'));
  });
});

// ---------------------------------------------------------------------------------------------
// Item types

describe('item types', () => {
  test('imports a picture with a headline and a caption as an article led by the image', () => {
    const { article, report } = fixture('v3-picture-with-text.json');
    assert.equal(article.headline, 'Waves break over the old pier');
    assert.deepEqual(article.body, [
      { type: 'image', src: 'https://img.example.net/pier.jpg', alt: 'Waves break over the old pier during the storm on Sunday evening.', credit: 'Ola Strand', width: 3000, height: 2000 },
      { type: 'paragraph', text: 'Waves break over the old pier during the storm on Sunday evening.' },
    ]);
    assert.ok(report.warnings.includes('a picture item was imported as an article because it has a headline and text'));
  });

  test('refuses a picture without text as not a text item', () => {
    assertRefused(readFixture('v3-picture-no-text.json'), 'v3-picture-no-text.json', /not a text item: a picture item with no text/);
  });

  test('refuses a video without a headline as not a text item', () => {
    const item = { uri: 'urn:x:video', type: 'video', descriptions: [{ value: 'Footage of the harbour.' }] };
    assertRefused(Buffer.from(JSON.stringify(item)), 'video.json', /not a text item: a video item with no headline/);
  });

  test('refuses an event item as not a text item', () => {
    assertRefused(readFixture('v3-event.json'), 'v3-event.json', /not a text item: an event item/);
  });

  test('refuses an item without any headline', () => {
    assertRefused(readFixture('no-headline.json'), 'no-headline.json', /no headline/);
  });

  test('refuses a text item without a body or description', () => {
    assertRefused(readFixture('no-body.json'), 'no-body.json', /no body/);
  });

  test('refuses a headline longer than the 300 characters an article allows', () => {
    const item = { uri: 'urn:x:long', headline: 'H'.repeat(301), body_text: 'Text.' };
    assertRefused(Buffer.from(JSON.stringify(item)), 'long.json', /the headline at headline has 301 characters, more than the 300 allowed/);
  });
});

// ---------------------------------------------------------------------------------------------
// Schema deviations

describe('schema deviations', () => {
  test('imports an item with schema deviations and lists each with its path and rule', () => {
    const result = fixture('v3-schema-deviations.json');
    assert.equal(result.article.headline, 'Bridge closes for repairs');
    assert.deepEqual(schemaWarnings(result), [
      'ninjs 3.x schema: priority: not a ninjs property (rule: additionalProperties)',
      'ninjs 3.x schema: version: expected string, received number (rule: type)',
      'ninjs 3.x schema: versionCreated: must be an RFC 3339 date-time like 2024-05-01T12:00:00Z (rule: format: date-time)',
      'ninjs 3.x schema: pubStatus: must be one of "usable", "withheld", "canceled" (rule: enum)',
      'ninjs 3.x schema: urgency: must be at most 9 (rule: maximum)',
      'ninjs 3.x schema: bodies[0].contenttype: is not allowed here (rule: additionalProperties)',
    ]);
  });

  test('still reads a date-time without a time zone as UTC and says so', () => {
    const { article, report } = fixture('v3-schema-deviations.json');
    assert.equal(article.publishedAt, '2024-06-01T08:00:00.000Z');
    assert.ok(report.warnings.includes('versionCreated "2024-06-01T08:00:00" has no time zone; read as UTC'));
  });

  test('warns when the provider marks the item as not usable', () => {
    assert.ok(fixture('v3-schema-deviations.json').report.warnings.includes('pubstatus is "cancelled": the provider marks this item as not for publication'));
  });

  test('refuses the same item in strict mode, naming each JSON path and rule', () => {
    const error = assertRefused(readFixture('v3-schema-deviations.json'), 'v3-schema-deviations.json', /does not match the ninjs 3\.x schema: priority: is not a ninjs 3\.x property \(rule: additionalProperties\); version: expected string, received number \(rule: type\)/, { strict: true });
    assert.deepEqual(
      error.issues.map((i) => i.where),
      ['priority', 'version', 'versionCreated', 'pubStatus', 'urgency', 'bodies[0].contenttype'],
    );
  });

  test('accepts a clean item in strict mode', () => {
    assert.equal(fixture('v3-article.json', { strict: true }).article.headline, 'City council passes its first green budget');
  });

  test('checks associations as ninjs objects too', () => {
    const item = { uri: 'urn:x:assoc', headlines: [{ value: 'With a picture' }], bodies: [{ value: 'Text.' }], associations: [{ uri: 'urn:x:pic', type: 'picture', colour: 'blue' }] };
    assert.deepEqual(validateNinjsShape(item), [
      { path: 'associations[0].colour', rule: 'additionalProperties', message: 'is not a ninjs 2.x property' },
      { path: 'associations[0].name', rule: 'required', message: 'is required for an association' },
    ]);
  });

  test('tells the generations apart by declaration first, then by keys', () => {
    assert.deepEqual(detectGeneration({ uri: 'u', standard: { version: '2.1' }, versionCreated: 'x' }), { generation: 2, how: 'declared by standard.version "2.1"' });
    assert.equal(detectGeneration({ uri: 'u', headline: 'h', body_text: 'b' }).generation, 1);
    assert.equal(detectGeneration({ uri: 'u', headlines: [], versioncreated: 'x' }).generation, 2);
    assert.equal(detectGeneration({ uri: 'u', headlines: [{ value: 'h', contentType: 'text/plain' }] }).generation, 3);
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed input

describe('malformed input', () => {
  test('names the line and column where truncated JSON ends', () => {
    assertRefused(readFixture('malformed-truncated.json'), 'malformed-truncated.json', /not valid JSON at line 4, column 25: a string is never closed: the file ends inside it \(truncated\?\)/);
  });

  test('names the line and column of a missing comma', () => {
    assertRefused(readFixture('malformed-missing-comma.json'), 'malformed-missing-comma.json', /not valid JSON at line 4, column 3: expected ',' or '\}' after a property value/);
  });

  test('names a trailing comma', () => {
    assertRefused(Buffer.from('{"uri": "urn:x", "headline": "H",\n}'), 'trailing.json', /line 2, column 1: expected a property name in double quotes, found '\}' \(a trailing comma\?\)/);
  });

  test('refuses a JSON array root and says to split it into items', () => {
    assertRefused(readFixture('array-root.json'), 'array-root.json', /the root is a JSON array of 2 entries, not one ninjs object/);
  });

  test('refuses a root that is a string', () => {
    assertRefused(Buffer.from('"just text"'), 'string.json', /the root is a JSON string, not a ninjs object/);
  });

  test('refuses a feed wrapper around ninjs items', () => {
    assertRefused(readFixture('feed-wrapper.json'), 'feed-wrapper.json', /the root wraps its content in "item"/);
  });

  test('refuses a Latin-1 encoded file, naming the byte and its line', () => {
    assertRefused(readFixture('latin1.json'), 'latin1.json', /not UTF-8: byte 0xE9 at line 3, column 19 .*Latin-1/);
  });

  test('refuses a UTF-16 file', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"uri": "urn:x"}', 'utf16le')]);
    assertRefused(utf16, 'utf16.json', /UTF-16/);
  });

  test('refuses a 25 MB input before reading it', () => {
    const big = Buffer.alloc(25 * 1024 * 1024, 0x20);
    big[0] = 0x7b;
    const started = Date.now();
    assertRefused(big, 'big.json', /the file is 25\.0 MB, over the 20\.0 MB limit/);
    assert.ok(Date.now() - started < 200, 'refused without parsing');
    assert.equal(MAX_NINJS_BYTES, 20 * 1024 * 1024);
  });

  test('refuses an empty file', () => {
    assertRefused(Buffer.alloc(0), 'empty.json', /the file is empty/);
  });

  test('accepts a UTF-8 byte order mark', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFixture('v2-article.json')]);
    assert.equal(parseNinjs(withBom, { fileName: 'bom.json' }).article.headline, 'Behörde genehmigt Windpark vor der Küste');
  });

  test('names the input "input" when no file name is given', () => {
    assert.throws(() => parseNinjs(Buffer.from('[]')), /^AppError: input: the root is a JSON array/);
  });
});

// ---------------------------------------------------------------------------------------------
// Sniffing

describe('isNinjs', () => {
  test('recognises every ninjs fixture of every generation, broken ones included', () => {
    for (const name of ['v1-article.json', 'v1-superdesk.json', 'v1-plain-lead.json', 'v2-article.json', 'v3-article.json', 'v3-picture-no-text.json', 'malformed-truncated.json', 'malformed-missing-comma.json', 'latin1.json']) {
      assert.equal(isNinjs(readFixture(name)), true, name);
    }
  });

  test('recognises a ninjs item too large to parse whole from its first bytes', () => {
    const item = JSON.parse(readFixture('v3-article.json').toString('utf8')) as { bodies: { value: string }[] };
    item.bodies.push({ value: '<p>More of the same story.</p>'.repeat(100_000) });
    const big = Buffer.from(JSON.stringify(item));
    assert.ok(big.length > 2 * 1024 * 1024);
    assert.equal(isNinjs(big), true);
  });

  test('rejects plain text, XML, an array, an API wrapper and other JSON', () => {
    const others = [
      readFileSync(join(repoRoot, 'test', 'fixtures', 'wire', 'reuters-london.txt')),
      Buffer.from('<?xml version="1.0"?><nitf><body/></nitf>'),
      readFixture('array-root.json'),
      readFixture('feed-wrapper.json'),
      Buffer.from('{"api_version": "1.1", "data": {"item": {"uri": "x", "headline": "h", "versioncreated": "2024-01-01T00:00:00Z"}}}'),
      Buffer.from('{"db": [{"data": {"posts": [{"title": "A post", "html": "<p>x</p>"}]}}]}'),
      Buffer.alloc(0),
    ];
    for (const input of others) assert.equal(isNinjs(input), false, input.subarray(0, 40).toString());
  });
});

// ---------------------------------------------------------------------------------------------
// The IPTC corpus (read from ../shared, never copied)

describe('the IPTC ninjs corpus', { skip: ninjsMissing }, () => {
  test('parses every text item among the examples with a headline and a non-empty body', (t) => {
    const files = textItems();
    const failures = files
      .map((file) => outcome(file))
      .filter((o) => !(o.result && o.result.article.headline.trim() !== '' && o.result.article.body.some((b) => b.type !== 'image')))
      .map((o) => `${relative(ninjsCorpus, o.file)}: ${o.error instanceof Error ? o.error.message : 'empty headline or body'}`);
    t.diagnostic(`${files.length - failures.length}/${files.length} text items parsed with a headline and a body`);
    assert.ok(files.length >= 30, `expected at least 30 text items, found ${files.length}`);
    assert.deepEqual(failures, []);
  });

  test('reads the same headline, body and dates from one item written in 1.x, 2.x and 3.x', () => {
    const pick = (path: string) => {
      const { article } = parseNinjs(readFileSync(join(ninjsCorpus, path)));
      return { headline: article.headline, body: texts(article.body), publishedAt: article.publishedAt, wireId: article.wireId, language: article.language };
    };
    const v14 = pick('examples/1.4/businesswire-newsml-20130605006126.json');
    assert.deepEqual(pick('examples/2.1/businesswire-newsml-20130605006126.json'), v14);
    assert.deepEqual(pick('examples/3.0/businesswire-newsml-20130605006126.json'), v14);
  });

  test('reads the user guide’s complex text article alike in 1.6, 2.2 and 3.1', () => {
    const pick = (path: string) => {
      const { article } = parseNinjs(readFileSync(join(ninjsCorpus, 'spec-doc-examples', path)));
      return { headline: article.headline, bylines: article.bylines, dateline: article.dateline, body: texts(article.body), publishedAt: article.publishedAt };
    };
    const v16 = pick('1.6/005_complex_text_article.json');
    assert.deepEqual(v16.bylines, [{ name: 'Paulo Santalucia' }, { name: "Frances d'Emilio" }]);
    assert.deepEqual(pick('2.2/005_complex_text_article.json'), v16);
    assert.deepEqual(pick('3.1/005_complex_text_article.json'), v16);
  });

  test('reads the dpa item’s German byline and body', () => {
    const { article } = parseNinjs(readFileSync(join(ninjsCorpus, 'examples/3.0/dpa_text.json')));
    assert.deepEqual(article.bylines, [{ name: 'Christian Hollmann' }]);
    assert.equal(article.credit, 'dpa');
    assert.equal(article.language, 'de');
    assert.ok(article.body.length > 5);
  });

  test('refuses or flags every invalid file of the validation suite, and never imports one silently', (t) => {
    const outcomes = invalidSuiteFiles().map((f) => outcome(f));
    t.diagnostic(`${outcomes.length} should_fail files: ${tally(outcomes)}`);
    const silent = outcomes.filter((o) => o.result && schemaWarnings(o.result).length === 0).map((o) => relative(ninjsCorpus, o.file));
    const foreign = outcomes.filter((o) => o.error && !(o.error instanceof AppError && o.error.code === 'invalid_wire_copy')).map((o) => relative(ninjsCorpus, o.file));
    assert.ok(outcomes.length >= 60);
    assert.deepEqual(silent, []);
    assert.deepEqual(foreign, []);
  });

  test('refuses every invalid file of the validation suite in strict mode', (t) => {
    const outcomes = invalidSuiteFiles().map((f) => outcome(f, true));
    t.diagnostic(`strict: ${tally(outcomes)}`);
    assert.deepEqual(outcomes.filter((o) => o.result).map((o) => relative(ninjsCorpus, o.file)), []);
  });

  test('agrees with the official JSON schemas on every object in the corpus', (t) => {
    const validators = officialValidators();
    const objects = jsonFiles('examples', 'spec-doc-examples', 'validation-test-suite')
      .filter((f) => !/GeoJSON-schema|extension-schema/.test(f))
      .map((file) => ({ file, json: readJson(file) }))
      .filter((x): x is { file: string; json: Record<string, unknown> } => isObj(x.json));
    const disagreements = objects
      .map(({ file, json }) => {
        const { generation } = detectGeneration(json);
        return { file, official: validators[generation](json), ours: validateNinjsShape(json, generation).length === 0 };
      })
      .filter((v) => v.official !== v.ours)
      .map((v) => `${relative(ninjsCorpus, v.file)}: official ${v.official ? 'valid' : 'invalid'}, ours ${v.ours ? 'valid' : 'invalid'}`);
    t.diagnostic(`the zod model agrees with ninjs-schema_1.6/2.2/3.1 on ${objects.length - disagreements.length}/${objects.length} corpus objects`);
    assert.ok(objects.length >= 250);
    assert.deepEqual(disagreements, []);
  });
});

/** The official schemas (latest of each generation), compiled with ajv: test material, never used by the product. */
function officialValidators(): Record<NinjsGeneration, (data: unknown) => boolean> {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2020) => void;
  const geo = JSON.parse(readFileSync(join(ninjsCorpus, 'validation-test-suite', 'GeoJSON-schema.json'), 'utf8')) as object;
  const compile = (file: string): ((data: unknown) => boolean) => {
    const schema = JSON.parse(readFileSync(join(ninjsCorpus, 'schemas', file), 'utf8')) as { $schema: string };
    // ninjs 1.x is draft-07; 2.x and 3.x are draft 2020-12 and refer to the GeoJSON schema for places.
    const ajv = schema.$schema.includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true, schemas: [geo] }) : new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    return (data) => validate(data);
  };
  return { 1: compile('ninjs-schema_1.6.json'), 2: compile('ninjs-schema_2.2.json'), 3: compile('ninjs-schema_3.1.json') };
}

// ---------------------------------------------------------------------------------------------
// Superdesk's ninjs fixtures against the ground truth taken from Superdesk's own tests

describe('Superdesk ninjs fixtures', { skip: superdeskMissing }, () => {
  const expected = () => JSON.parse(readFileSync(join(superdeskCorpus, 'expected-from-superdesk-tests.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const parseFixture = (name: string) => parseNinjs(readFileSync(join(superdeskCorpus, 'fixtures', name)), { fileName: name });

  test('matches the expected guid, versioncreated and body of ninjsExSimpleText1.json', () => {
    const truth = expected()['ninjsExSimpleText1.json'] ?? {};
    const { article } = parseFixture('ninjsExSimpleText1.json');
    // Superdesk turns the uri http://ninjs.example.com/newsitems/X into the guid urn:ninjs.example.com:newsitems:X.
    assert.equal(article.wireId?.split('/').pop(), String(truth.guid).split(':').pop());
    assert.equal(article.publishedAt, new Date(String(truth.versioncreated)).toISOString());
    assert.ok([article.dateline?.text, ...texts(article.body)].join(' ').includes(String(truth.body_contains)));
  });

  test('matches the expected headline of the text item in ninjs2.json', () => {
    const truth = expected()['ninjs2.json'] ?? {};
    assert.ok((truth.headlines as string[]).includes(parseFixture('ninjs2.json').article.headline));
  });

  test('imports the picture in ninjs3.json with its expected headline because it has a caption', () => {
    const truth = expected()['ninjs3.json'] ?? {};
    const { article } = parseFixture('ninjs3.json');
    assert.equal(article.headline, truth.headline);
    assert.equal(article.body[0]?.type, 'image');
  });

  test('matches the expected embargo of ninjs_embargoed.json', () => {
    const truth = expected()['ninjs_embargoed.json'] ?? {};
    assert.equal(parseFixture('ninjs_embargoed.json').article.embargoUntil, new Date(String(truth.embargoed_item1)).toISOString());
  });
});
