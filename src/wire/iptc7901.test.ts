import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { articleSchema, type Block } from '../domain/article.js';
import { isAnpa } from './anpa.js';
import { isIptc7901, parseIptc7901 } from './iptc7901.js';
import type { WireParseResult } from './types.js';
import { assertRefused as refused, garbage, outcome, stored } from '../../test/wire-kit.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtureDir = join(repoRoot, 'test', 'fixtures', 'iptc7901');
const own = (name: string): Buffer => readFileSync(join(fixtureDir, name));
const parseOwn = (name: string): WireParseResult => parseIptc7901(own(name), { fileName: name });

const paragraphs = (body: Block[]): string[] => body.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
const crossheads = (body: Block[]): string[] => body.flatMap((b) => (b.type === 'crosshead' ? [b.text] : []));

const assertRefused = (input: Buffer, fileName: string, pattern: RegExp): void =>
  refused(() => parseIptc7901(input, { fileName }), fileName, pattern);

// ---------------------------------------------------------------------------------------------
// Our own stories

describe('an English dpa story (story-en.txt)', () => {
  test('takes the headline from the heading line ended by " ="', () => {
    assert.equal(parseOwn('story-en.txt').article.headline, 'Water level of Lake Varnow falls to lowest point in 50 years');
  });

  test('reads the take key above the headline and makes a first lead version 2', () => {
    const { article, report } = parseOwn('story-en.txt');
    assert.ok(report.recognised.includes('take key: 1ST LEAD'));
    assert.equal(article.wireVersion, 2);
  });

  test('splits the byline line into two names with the agency as their role', () => {
    assert.deepEqual(parseOwn('story-en.txt').article.bylines, [
      { name: 'Greta Holm', role: 'dpa' },
      { name: 'Jonas Weber', role: 'dpa' },
    ]);
  });

  test('reads the dateline and the agency marker', () => {
    const { article } = parseOwn('story-en.txt');
    assert.deepEqual(article.dateline, { text: 'Schwerin', city: 'Schwerin' });
    assert.equal(article.credit, 'dpa');
  });

  test('joins the hard-wrapped lines of each paragraph and starts the lead after the dash', () => {
    assert.equal(
      paragraphs(parseOwn('story-en.txt').article.body)[0],
      'The water level of Lake Varnow in north-eastern Germany has fallen to its lowest point in half a century, the state environment office said on Thursday.',
    );
  });

  test('joins a word broken after its hyphen without a space', () => {
    assert.equal(paragraphs(parseOwn('story-en.txt').article.body)[2], "The office blamed three dry summers in a row and called for a long-term plan for the region's lakes.");
  });

  test('keeps UTF-8 text as given', () => {
    assert.match(paragraphs(parseOwn('story-en.txt').article.body)[1] ?? '', /on the Müritz side/);
  });

  test('makes a short line of its own between paragraphs a crosshead', () => {
    assert.deepEqual(crossheads(parseOwn('story-en.txt').article.body), ['Three dry summers in a row']);
  });

  test('drops the sign-off, the notebook, the desk initials and the filing line', () => {
    const { article, report } = parseOwn('story-en.txt');
    assert.equal(paragraphs(article.body).length, 3);
    for (const line of ['(Editing by Paula Stern)', '# Notebook', 'The following information is not intended for publication', '- Reporting by: Greta Holm', 'dpa gh jw', '141530 GMT Mar 24']) {
      assert.ok(report.dropped.includes(line), `missing "${line}"`);
    }
  });

  test('reads the filing time after ETX', () => {
    assert.equal(parseOwn('story-en.txt').article.publishedAt, '2024-03-14T15:30:00.000Z');
  });

  test('makes the keywords of the slugline tags', () => {
    const { article, report } = parseOwn('story-en.txt');
    assert.ok(report.recognised.includes('slugline: Lakes/environment/Germany'));
    assert.deepEqual(article.tags, ['lakes', 'environment', 'germany']);
  });

  test('recognises priority, category and word count from the header', () => {
    const { recognised } = parseOwn('story-en.txt').report;
    for (const line of ['priority: 3', 'category: i', 'word count: 180 (header)', 'source: dpa']) {
      assert.ok(recognised.includes(line), `missing "${line}" in ${JSON.stringify(recognised)}`);
    }
  });

  test('leaves the language English and warns about nothing', () => {
    const { article, report } = parseOwn('story-en.txt');
    assert.equal(article.language, 'en');
    assert.deepEqual(report.warnings, []);
  });
});

describe('a German dpa story in Latin-1 (story-de.txt)', () => {
  test('decodes Latin-1 umlauts and warns about the encoding', () => {
    const { article, report } = parseOwn('story-de.txt');
    assert.equal(paragraphs(article.body)[1], 'Die Kosten liegen nach jüngsten Schätzungen bei rund zwei Milliarden Euro. Anwohner kritisieren den Lärm während der Bauzeit.');
    assert.ok(report.warnings.some((w) => w.includes('Windows-1252')));
  });

  test('reads a dateline with a lower-case word in the city name', () => {
    assert.deepEqual(parseOwn('story-de.txt').article.dateline, { text: 'Frankfurt am Main', city: 'Frankfurt am Main' });
  });

  test('starts a paragraph at each indented line', () => {
    assert.equal(
      paragraphs(parseOwn('story-de.txt').article.body)[0],
      'Die neue Bahnstrecke zwischen Kassel und Fulda soll nach Angaben des Landes Hessen im Jahr 2030 fertig sein. Das sagte ein Sprecher des Verkehrsministeriums am Dienstag.',
    );
  });

  test('drops the Notizblock and marks the story German', () => {
    const { article, report } = parseOwn('story-de.txt');
    assert.ok(report.dropped.includes('Die folgenden Informationen sind nicht zur Veröffentlichung bestimmt'));
    assert.equal(article.language, 'de');
  });

  test('reads a German month and MEZ in the filing time', () => {
    assert.equal(parseOwn('story-de.txt').article.publishedAt, '2024-03-12T09:45:00.000Z');
  });

  test('maps the politics category to the politics section', () => {
    assert.equal(parseOwn('story-de.txt').article.section, 'politics');
  });
});

describe('unusual layouts', () => {
  test('takes the first line as the headline when the heading has no " =" and warns', () => {
    const { article, report } = parseOwn('no-end-mark.txt');
    assert.equal(article.headline, 'Storm warning for the North Sea coast');
    assert.equal(paragraphs(article.body)[0], 'The weather service warned of gusts of up to 100 kilometres per hour along the North Sea coast on Friday.');
    assert.ok(report.warnings.some((w) => /not ended by " ="/.test(w)));
  });

  test('finds the heading ended by " =" below a take key and a blank line', () => {
    const bytes = Buffer.from('\u0001eca0500 4 i 20  dpa 0500\r\n\r\nRivers/\r\n\u0002EXTRA\r\n\r\nRhine ferry back in service =\r\n\r\nBonn (dpa) - The ferry runs again.\r\n\u0003011200 GMT Jan 24\r\n\u0004', 'latin1');
    const { article, report } = parseIptc7901(bytes, { fileName: 'extra.txt' });
    assert.equal(article.headline, 'Rhine ferry back in service');
    assert.ok(report.recognised.includes('take key: EXTRA'));
    assert.deepEqual(paragraphs(article.body), ['The ferry runs again.']);
  });

  test('keeps lines with columns aligned by spaces verbatim, one paragraph each, and warns', () => {
    const { article, report } = parseOwn('results-table.txt');
    assert.deepEqual(paragraphs(article.body).slice(1), ['1. Anna Lind (Sweden)        12 points', '2. Mette Sund (Norway)       15 points', '3. Eva Kranz (Germany)       19 points']);
    assert.ok(report.warnings.some((w) => /3 preformatted lines/.test(w)));
  });

  test('maps the sport category to the sport section', () => {
    assert.equal(parseOwn('results-table.txt').article.section, 'sport');
  });

  for (const name of ['story-en.txt', 'story-de.txt', 'no-end-mark.txt', 'results-table.txt']) {
    test(`${name} gives fields that pass the article schema`, () => {
      const result = articleSchema.safeParse(stored(parseOwn(name)));
      assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Malformed input

describe('malformed input', () => {
  test('refuses an empty file', () => {
    assertRefused(Buffer.alloc(0), 'empty.txt', /empty/);
  });

  test('refuses a file of only control characters', () => {
    assertRefused(Buffer.from([0x01, 0x0d, 0x0a, 0x02, 0x03, 0x7f, 0x04]), 'controls.txt', /only control characters/);
  });

  test('refuses a truncated story without ETX and names the line of STX', () => {
    assertRefused(own('truncated.txt'), 'truncated.txt', /^truncated\.txt:4: truncated: .*never ends with ETX/);
  });

  test('refuses UTF-16 text with a message about the encoding', () => {
    assertRefused(own('utf16.txt'), 'utf16.txt', /UTF-16/);
  });

  test('refuses a headline longer than the article model allows', () => {
    assertRefused(own('long-headline.txt'), 'long-headline.txt', /^long-headline\.txt:4: the headline is 359 characters long; at most 300/);
  });

  test('refuses a story whose text holds only a heading', () => {
    const bytes = Buffer.from('\u0001eca0001 4 i 10  dpa 0001\r\n\r\nTest/\r\n\u0002Only a heading =\r\n\r\n\u0003011200 GMT Jan 24\r\n\u0004', 'latin1');
    assertRefused(bytes, 'heading-only.txt', /no body/);
  });

  test('refuses binary garbage', () => {
    assertRefused(garbage(4096, 3), 'garbage.bin', /binary data/);
  });

  test('refuses a 25 MB file before reading it', () => {
    assertRefused(Buffer.alloc(25 * 1024 * 1024, 0x61), 'big.txt', /25\.0 MB, over the 20\.0 MB limit/);
  });

  test('refuses ANPA-1312 copy as not IPTC 7901', () => {
    assertRefused(readFileSync(join(repoRoot, 'test', 'fixtures', 'anpa', 'story.anpa')), 'story.anpa', /ANPA-1312 copy .* not IPTC 7901/);
  });

  test('refuses plain text without SOH', () => {
    assertRefused(Buffer.from('Headline\n\nBerlin (dpa) - A story.\n'), 'plain.txt', /does not open with SOH/);
  });

  test('lets no exception but AppError escape from any truncation of a story', () => {
    const story = own('story-en.txt');
    const outcomes = new Set(Array.from({ length: story.length + 1 }, (_, n) => outcome(() => parseIptc7901(story.subarray(0, n), { fileName: 'cut.txt' }))));
    assert.deepEqual([...outcomes].filter((o) => o.startsWith('other')), []);
  });

  test('lets no exception but AppError escape when any byte of a story is replaced by a control character', () => {
    const story = own('story-en.txt');
    const outcomes = new Set<string>();
    for (let at = 0; at < story.length; at++) {
      for (const byte of [0x01, 0x02, 0x03, 0x0a, 0x3d, 0xff]) {
        const copy = Buffer.from(story);
        copy[at] = byte;
        outcomes.add(outcome(() => parseIptc7901(copy, { fileName: 'flip.txt' })));
      }
    }
    assert.deepEqual([...outcomes].filter((o) => o.startsWith('other')), []);
  });
});

describe('isIptc7901', () => {
  test('recognises our IPTC 7901 stories from SOH, the header line and STX', () => {
    const names = ['story-en.txt', 'story-de.txt', 'no-end-mark.txt', 'results-table.txt', 'truncated.txt'];
    assert.deepEqual(names.map((n) => isIptc7901(own(n))), names.map(() => true));
  });

  test('does not claim ANPA-1312, UTF-16, plain text, XML, JSON or empty input', () => {
    const others = [
      readFileSync(join(repoRoot, 'test', 'fixtures', 'anpa', 'story.anpa')),
      own('utf16.txt'),
      Buffer.from('Headline\n\nBerlin (dpa) - A story.\n'),
      Buffer.from('<?xml version="1.0"?><nitf/>'),
      Buffer.from('{"headline":"x"}'),
      Buffer.alloc(0),
    ];
    assert.deepEqual(others.map(isIptc7901), others.map(() => false));
  });

  test('is not claimed by the ANPA sniffer', () => {
    assert.equal(isAnpa(own('story-en.txt')), false);
  });
});

// ---------------------------------------------------------------------------------------------
// The Superdesk corpus (third-party: read from the shared folder, never copied)

const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const corpusDir = join(sharedDir, 'corpora', 'superdesk-wire-fixtures');
const corpusMissing = existsSync(join(corpusDir, 'fixtures')) ? false : `superdesk-wire-fixtures not found at ${corpusDir} (set DATELINE_SHARED to the shared folder)`;
const corpusFiles = corpusMissing ? [] : readdirSync(join(corpusDir, 'fixtures')).filter((n) => /^(?:IPTC7901.*|dpa_.*)\.txt$/.test(n)).sort();
const parseCorpus = (name: string): WireParseResult => parseIptc7901(readFileSync(join(corpusDir, 'fixtures', name)), { fileName: name });

type Truth = Record<string, string | number | Record<string, string> | undefined>;
const groundTruth = (): [string, Truth][] => {
  const all = JSON.parse(readFileSync(join(corpusDir, 'expected-from-superdesk-tests.json'), 'utf8')) as Record<string, Truth>;
  return Object.entries(all).filter(([name]) => corpusFiles.includes(name));
};

/** Lower case, letters and digits only. */
const loose = (s: string): string => s.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const looseMatch = (a: string, b: string): boolean => loose(a) !== '' && loose(b) !== '' && (loose(a).includes(loose(b)) || loose(b).includes(loose(a)));
const field = (value: unknown, key: string): string | undefined => {
  const inner = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof inner === 'string' ? inner : undefined;
};
const expectedByline = (t: Truth): string | undefined => (typeof t.byline_in_file === 'string' ? t.byline_in_file : undefined);
/** "San Diego (tca/dpa) -" → "San Diego"; {"city": "Berlin"} → "Berlin". */
const expectedDateline = (t: Truth): string | undefined =>
  (typeof t.dateline_in_file === 'string' ? t.dateline_in_file : field(t.dateline, 'raw_in_file'))?.replace(/\s*\([^()]*\)\s*[-_–—]?\s*$/, '');
const bylineText = (r: WireParseResult): string => `By ${r.article.bylines.map((b) => b.name).join(' and ')}${r.article.bylines[0]?.role ? `, ${r.article.bylines[0].role}` : ''}`;
const recognisedValue = (r: WireParseResult, key: string): string => r.report.recognised.find((l) => l.startsWith(`${key}: `))?.slice(key.length + 2) ?? '';

describe('the Superdesk IPTC 7901 corpus', { skip: corpusMissing }, () => {
  test('holds the six IPTC 7901 items, all recognised by isIptc7901 and none by isAnpa', () => {
    const bytes = corpusFiles.map((n) => readFileSync(join(corpusDir, 'fixtures', n)));
    assert.equal(corpusFiles.length, 6);
    assert.deepEqual(bytes.map(isIptc7901), bytes.map(() => true));
    assert.deepEqual(bytes.map(isAnpa), bytes.map(() => false));
  });

  for (const name of corpusFiles) {
    test(`${name} parses into fields that pass the article schema`, () => {
      const result = articleSchema.safeParse(stored(parseCorpus(name)));
      assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
    });
  }

  test('matches the ground-truth headline of every item that has one', (t) => {
    const items = groundTruth().filter(([, truth]) => typeof truth.headline === 'string');
    const misses = items.filter(([name, truth]) => !looseMatch(parseCorpus(name).article.headline, String(truth.headline)));
    t.diagnostic(`headline matches ground truth on ${items.length - misses.length}/${items.length}`);
    assert.ok(items.length >= 5);
    assert.deepEqual(misses, []);
  });

  test('matches the bylines named in the ground truth for most items', (t) => {
    const items = groundTruth().filter(([, truth]) => expectedByline(truth) !== undefined);
    const hits = items.filter(([name, truth]) => looseMatch(bylineText(parseCorpus(name)), expectedByline(truth) ?? ''));
    t.diagnostic(`byline matches ground truth on ${hits.length}/${items.length}`);
    assert.ok(items.length >= 1 && hits.length >= items.length * 0.75, `${hits.length}/${items.length}`);
  });

  test('matches the datelines in the ground truth for most items', (t) => {
    const items = groundTruth().filter(([, truth]) => expectedDateline(truth) !== undefined);
    const hits = items.filter(([name, truth]) => loose(parseCorpus(name).article.dateline?.text ?? '') === loose(expectedDateline(truth) ?? ''));
    t.diagnostic(`dateline matches ground truth on ${hits.length}/${items.length}`);
    assert.ok(items.length >= 2 && hits.length >= items.length * 0.75, `${hits.length}/${items.length}`);
  });

  test('matches the ground-truth slugline of every item that has one', (t) => {
    const items = groundTruth().filter(([, truth]) => typeof truth.slugline === 'string');
    const misses = items.filter(([name, truth]) => !looseMatch(recognisedValue(parseCorpus(name), 'slugline'), String(truth.slugline)));
    t.diagnostic(`slugline matches ground truth on ${items.length - misses.length}/${items.length}`);
    assert.deepEqual(misses, []);
  });

  test('matches the ground-truth take keys as recognised take keys', () => {
    const items = groundTruth().filter(([, truth]) => typeof truth.take_key === 'string');
    const takeKeys = (r: WireParseResult): string => r.report.recognised.flatMap((l) => (l.startsWith('take key: ') ? [l.slice(10)] : [])).join(' ');
    assert.deepEqual(
      items.map(([name]) => takeKeys(parseCorpus(name))),
      items.map(([, truth]) => truth.take_key),
    );
  });

  test('matches the body start, dateline city and header word count of IPTC7901.txt', () => {
    const result = parseCorpus('IPTC7901.txt');
    const truth = Object.fromEntries(groundTruth())['IPTC7901.txt'] ?? {};
    assert.ok(paragraphs(result.article.body)[0]?.startsWith(String(truth.body_starts_with)));
    assert.equal(result.article.dateline?.city, field(truth.dateline, 'city'));
    assert.equal(result.article.credit, field(truth.dateline, 'source'));
    assert.equal(recognisedValue(result, 'word count'), `${truth.word_count} (header)`);
  });

  test('keeps the notebook that is not for publication out of the body of every item', () => {
    const leaks = corpusFiles.filter((n) => parseCorpus(n).article.body.some((b) => b.type === 'paragraph' && /not (?:intended )?for publication|^#/i.test(b.text)));
    assert.deepEqual(leaks, []);
  });

  test('finds a filing time after ETX in every item', () => {
    assert.deepEqual(corpusFiles.filter((n) => parseCorpus(n).article.publishedAt === null), []);
  });
});
