import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { articleSchema, type Block } from '../domain/article.js';
import { isAnpa, MAX_CONTROL_WIRE_BYTES, parseAnpa } from './anpa.js';
import { isIptc7901 } from './iptc7901.js';
import type { WireParseResult } from './types.js';
import { assertRefused as refused, garbage, outcome, stored } from '../../test/wire-kit.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtureDir = join(repoRoot, 'test', 'fixtures', 'anpa');
const own = (name: string): Buffer => readFileSync(join(fixtureDir, name));
const parseOwn = (name: string): WireParseResult => parseAnpa(own(name), { fileName: name });

const paragraphs = (body: Block[]): string[] => body.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
const crossheads = (body: Block[]): string[] => body.flatMap((b) => (b.type === 'crosshead' ? [b.text] : []));

const assertRefused = (input: Buffer, fileName: string, pattern: RegExp): void =>
  refused(() => parseAnpa(input, { fileName }), fileName, pattern);

// ---------------------------------------------------------------------------------------------
// Our own stories

describe('a story with keyword, headline, furniture and bylines (story.anpa)', () => {
  test('takes the headline from the line after the keyword line', () => {
    assert.equal(parseOwn('story.anpa').article.headline, 'Old harbor bridge reopens after two-year repair');
  });

  test('reads both names of the "By" line in title case with the role on the next line', () => {
    assert.deepEqual(parseOwn('story.anpa').article.bylines, [
      { name: 'Jane Morrow', role: 'Associated Press' },
      { name: 'Tomas Alvarez', role: 'Associated Press' },
    ]);
  });

  test('reads the dateline with its city and no country for a US state', () => {
    assert.deepEqual(parseOwn('story.anpa').article.dateline, { text: 'BRIDGEHAVEN, Maine', city: 'Bridgehaven' });
  });

  test('takes the credit from the agency marker in the dateline', () => {
    assert.equal(parseOwn('story.anpa').article.credit, 'AP');
  });

  test('starts the lead after the underscore dash and joins its hard-wrapped line', () => {
    assert.equal(
      paragraphs(parseOwn('story.anpa').article.body)[0],
      'The old swing bridge over Kettle Harbor reopened to traffic on Thursday, two years after a barge knocked one of its piers loose.',
    );
  });

  test('decodes Windows-1252 bytes, curly apostrophe included, and keeps AP quote marks as printed', () => {
    const { article, report } = parseOwn('story.anpa');
    assert.equal(paragraphs(article.body)[1], "``We waited a long time for this,'' said Renée Caron, who runs the café at the north end. ``It’s good to have the cars back.''");
    assert.ok(report.warnings.some((w) => w.includes('Windows-1252')));
  });

  test('keeps every indented line as its own paragraph and drops the ___ rule', () => {
    const { article, report } = parseOwn('story.anpa');
    assert.equal(paragraphs(article.body).length, 5);
    assert.ok(report.dropped.includes('___'));
  });

  test('reads the filing time from the trailer, converting EDT to UTC', () => {
    assert.equal(parseOwn('story.anpa').article.publishedAt, '2024-03-14T19:32:00.000Z');
  });

  test('makes a second lead writethru version 3', () => {
    assert.equal(parseOwn('story.anpa').article.wireVersion, 3);
  });

  test('recognises the slugline, take key, priority and category', () => {
    const { recognised } = parseOwn('story.anpa').report;
    for (const line of ['slugline: US--Harbor Bridge', 'take key: 2nd Ld-Writethru', 'priority: r (routine)', 'category: a']) {
      assert.ok(recognised.includes(line), `missing "${line}" in ${JSON.stringify(recognised)}`);
    }
  });

  test('drops the keyword line, the photo and editors\u2019 notes and the trailer', () => {
    assert.deepEqual(parseOwn('story.anpa').report.dropped, [
      'BC-US--Harbor Bridge, 2nd Ld-Writethru,290',
      'AP Photo BHHB101, BHHB102',
      'Eds: Updates with comments from the mayor. With AP Photos.',
      '___',
      'AP-WF-03-14-24 1532EDT',
    ]);
  });

  test('leaves no section for a general news category', () => {
    assert.equal(parseOwn('story.anpa').article.section, undefined);
  });
});

describe('a tabular item (standings.anpa)', () => {
  test('turns each table row into one paragraph with tab-separated cells and ½ for the AP fraction code', () => {
    assert.deepEqual(paragraphs(parseOwn('standings.anpa').article.body).slice(0, 4), [
      '\tW\tL\tPts\tGB',
      'Pine Hollow\t12\t4\t24\t_',
      'Cedar Falls\t11\t5\t22\t1½',
      'Stone Creek\t8\t8\t16\t4½',
    ]);
  });

  test('warns that the table was kept one paragraph per row', () => {
    assert.ok(parseOwn('standings.anpa').report.warnings.some((w) => /4 table rows/.test(w)));
  });

  test('makes centred heads after the byline into crossheads', () => {
    assert.deepEqual(crossheads(parseOwn('standings.anpa').article.body), ['NORTH DIVISION', "Saturday's Games"]);
  });

  test('keeps each results line of a preformatted item as its own paragraph', () => {
    assert.deepEqual(paragraphs(parseOwn('standings.anpa').article.body).slice(4), ['Pine Hollow 3, Stone Creek 2', 'Cedar Falls 4, Elm Ridge 1']);
  });

  test('reads the line between headline and byline as the standfirst', () => {
    assert.equal(parseOwn('standings.anpa').article.standfirst, 'All Times EST');
  });

  test('keeps "By The Associated Press" out of the bylines and credits AP', () => {
    const { article } = parseOwn('standings.anpa');
    assert.deepEqual(article.bylines, []);
    assert.equal(article.credit, 'AP');
  });

  test('maps the sports category to the sport section', () => {
    assert.equal(parseOwn('standings.anpa').article.section, 'sport');
  });
});

describe('a one-paragraph news alert (alert.anpa)', () => {
  test('uses the alert text as the headline and warns', () => {
    const { article, report } = parseOwn('alert.anpa');
    assert.equal(article.headline, 'Town council votes to close the old quarry road to trucks from next spring.');
    assert.ok(report.warnings.some((w) => /no headline line/.test(w)));
  });

  test('reads a two-word city with an AP state abbreviation', () => {
    assert.deepEqual(parseOwn('alert.anpa').article.dateline, { text: 'GRANITE FALLS, Colo.', city: 'Granite Falls' });
  });

  test('recognises the bulletin priority', () => {
    assert.ok(parseOwn('alert.anpa').report.recognised.includes('priority: b (bulletin)'));
  });
});

describe('our own fixtures', () => {
  for (const name of ['story.anpa', 'standings.anpa', 'alert.anpa']) {
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
    assertRefused(Buffer.alloc(0), 'empty.anpa', /empty/);
  });

  test('refuses a file of only control characters', () => {
    assertRefused(own('only-controls.anpa'), 'only-controls.anpa', /only control characters/);
  });

  test('refuses a truncated story without ETX and names the line of STX', () => {
    assertRefused(own('truncated.anpa'), 'truncated.anpa', /^truncated\.anpa:3: truncated: .*never ends with ETX/);
  });

  test('refuses a story with a headline and no body', () => {
    assertRefused(own('headline-only.anpa'), 'headline-only.anpa', /no body/);
  });

  test('refuses binary garbage', () => {
    assertRefused(garbage(4096, 7), 'garbage.bin', /binary data/);
  });

  test('refuses binary garbage behind an ANPA opening', () => {
    const bytes = Buffer.concat([Buffer.from('\u0016\u0016\u0001W1234\u001fnews\r\n', 'latin1'), garbage(4096, 11).map((b) => (b % 31) + 1)]);
    assertRefused(bytes, 'controls.anpa', /binary data.*control characters/);
  });

  test('refuses a 25 MB file before reading it', () => {
    const big = Buffer.alloc(25 * 1024 * 1024, 0x61);
    assert.ok(big.length > MAX_CONTROL_WIRE_BYTES);
    assertRefused(big, 'big.anpa', /25\.0 MB, over the 20\.0 MB limit/);
  });

  test('refuses UTF-16 text with a message about the encoding', () => {
    const utf16 = Buffer.from(own('story.anpa').toString('latin1'), 'utf16le');
    assertRefused(utf16, 'story-utf16.anpa', /UTF-16/);
  });

  test('refuses IPTC 7901 copy as not ANPA-1312', () => {
    assertRefused(readFileSync(join(repoRoot, 'test', 'fixtures', 'iptc7901', 'story-en.txt')), 'story-en.txt', /not ANPA-1312/);
  });

  test('refuses a string where bytes are expected', () => {
    assertRefused('\u0016\u0016\u0001W1234' as unknown as Buffer, 'string.anpa', /as bytes/);
  });

  test('lets no exception but AppError escape from any truncation of a story', () => {
    const story = own('story.anpa');
    const outcomes = new Set(Array.from({ length: story.length + 1 }, (_, n) => outcome(() => parseAnpa(story.subarray(0, n), { fileName: 'cut.anpa' }))));
    assert.deepEqual([...outcomes].filter((o) => o.startsWith('other')), []);
  });

  test('lets no exception but AppError escape when any byte of a story is replaced by a control character', () => {
    const story = own('standings.anpa');
    const outcomes = new Set<string>();
    for (let at = 0; at < story.length; at++) {
      for (const byte of [0x01, 0x02, 0x03, 0x08, 0x1e, 0x5e]) {
        const copy = Buffer.from(story);
        copy[at] = byte;
        outcomes.add(outcome(() => parseAnpa(copy, { fileName: 'flip.anpa' })));
      }
    }
    assert.deepEqual([...outcomes].filter((o) => o.startsWith('other')), []);
  });
});

describe('isAnpa', () => {
  test('recognises our ANPA stories from their control characters and header', () => {
    assert.deepEqual(['story.anpa', 'standings.anpa', 'alert.anpa', 'truncated.anpa'].map((n) => isAnpa(own(n))), [true, true, true, true]);
  });

  test('does not claim IPTC 7901, plain text, XML, JSON or empty input', () => {
    const others = [
      readFileSync(join(repoRoot, 'test', 'fixtures', 'iptc7901', 'story-en.txt')),
      Buffer.from('Headline\n\nLONDON (AP) - A story.\n'),
      Buffer.from('<?xml version="1.0"?><nitf/>'),
      Buffer.from('{"headline":"x"}'),
      Buffer.alloc(0),
    ];
    assert.deepEqual(others.map(isAnpa), [false, false, false, false, false]);
  });

  test('is not claimed by the IPTC 7901 sniffer', () => {
    assert.equal(isIptc7901(own('story.anpa')), false);
  });
});

// ---------------------------------------------------------------------------------------------
// The Superdesk corpus (third-party: read from the shared folder, never copied)

const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const corpusDir = join(sharedDir, 'corpora', 'superdesk-wire-fixtures');
const corpusMissing = existsSync(join(corpusDir, 'fixtures')) ? false : `superdesk-wire-fixtures not found at ${corpusDir} (set DATELINE_SHARED to the shared folder)`;
const corpusFiles = corpusMissing ? [] : readdirSync(join(corpusDir, 'fixtures')).filter((n) => /^(?:ap_)?anpa-.*\.tst$/.test(n)).sort();
const parseCorpus = (name: string): WireParseResult => parseAnpa(readFileSync(join(corpusDir, 'fixtures', name)), { fileName: name });

type Truth = Record<string, string | number | Record<string, string> | undefined>;
const groundTruth = (): [string, Truth][] => {
  const all = JSON.parse(readFileSync(join(corpusDir, 'expected-from-superdesk-tests.json'), 'utf8')) as Record<string, Truth>;
  return Object.entries(all).filter(([name]) => corpusFiles.includes(name));
};

/** Lower case, letters and digits only. */
const loose = (s: string): string => s.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const looseMatch = (a: string, b: string): boolean => loose(a) !== '' && loose(b) !== '' && (loose(a).includes(loose(b)) || loose(b).includes(loose(a)));
const quoted = (note: unknown, field: string): string | undefined => new RegExp(`${field} '([^']+)'`).exec(typeof note === 'string' ? note : '')?.[1];
const expectedByline = (t: Truth): string | undefined => (typeof t.byline === 'string' ? t.byline : quoted(t.note, 'byline'));
const expectedDateline = (t: Truth): string | undefined =>
  (typeof t.dateline_raw_in_file === 'string' ? t.dateline_raw_in_file : quoted(t.note, 'dateline'))?.replace(/\s*\([^()]*\)\s*[-_–—]?\s*$/, '');
const bylineText = (r: WireParseResult): string => `By ${r.article.bylines.map((b) => b.name).join(' and ')}`;
const recognisedValue = (r: WireParseResult, key: string): string => r.report.recognised.find((l) => l.startsWith(`${key}: `))?.slice(key.length + 2) ?? '';

describe('the Superdesk ANPA corpus', { skip: corpusMissing }, () => {
  test('holds the eleven ANPA items, all recognised by isAnpa and none by isIptc7901', () => {
    const bytes = corpusFiles.map((n) => readFileSync(join(corpusDir, 'fixtures', n)));
    assert.equal(corpusFiles.length, 11);
    assert.deepEqual(bytes.map(isAnpa), bytes.map(() => true));
    assert.deepEqual(bytes.map(isIptc7901), bytes.map(() => false));
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
    assert.deepEqual(misses, []);
  });

  test('matches the bylines named in the ground truth for most items', (t) => {
    const items = groundTruth().filter(([, truth]) => expectedByline(truth) !== undefined);
    const hits = items.filter(([name, truth]) => looseMatch(bylineText(parseCorpus(name)), expectedByline(truth) ?? ''));
    t.diagnostic(`byline matches ground truth on ${hits.length}/${items.length}`);
    assert.ok(items.length >= 3 && hits.length >= items.length * 0.75, `${hits.length}/${items.length}`);
  });

  test('matches the datelines printed in the ground truth for most items', (t) => {
    const items = groundTruth().filter(([, truth]) => expectedDateline(truth) !== undefined);
    const hits = items.filter(([name, truth]) => loose(parseCorpus(name).article.dateline?.text ?? '') === loose(expectedDateline(truth) ?? ''));
    t.diagnostic(`dateline matches ground truth on ${hits.length}/${items.length}`);
    assert.ok(items.length >= 3 && hits.length >= items.length * 0.75, `${hits.length}/${items.length}`);
  });

  test('matches the ground-truth slugline of every item that has one', (t) => {
    const items = groundTruth().filter(([, truth]) => typeof truth.slugline === 'string');
    const misses = items.filter(([name, truth]) => !looseMatch(recognisedValue(parseCorpus(name), 'slugline'), String(truth.slugline)));
    t.diagnostic(`slugline matches ground truth on ${items.length - misses.length}/${items.length}`);
    assert.deepEqual(misses, []);
  });

  test('matches the ground-truth creation time, body start, body text and word count where given', () => {
    const anpa1 = parseCorpus('anpa-1.tst');
    const truth = Object.fromEntries(groundTruth());
    assert.equal(anpa1.article.publishedAt, new Date(String(truth['anpa-1.tst']?.firstcreated)).toISOString());
    assert.ok(`${anpa1.article.dateline?.text} ${paragraphs(anpa1.article.body)[0]}`.startsWith(String(truth['anpa-1.tst']?.body_starts_with)));
    assert.equal(recognisedValue(anpa1, 'word count'), `${truth['anpa-1.tst']?.word_count} (header)`);
    assert.ok(paragraphs(parseCorpus('anpa-4.tst').article.body).includes(String(truth['anpa-4.tst']?.body_contains)));
    assert.equal(paragraphs(parseCorpus('ap_anpa-5.tst').article.body)[0], truth['ap_anpa-5.tst']?.alert_text_in_file);
  });

  test('drops the editors\u2019 notes the ground truth lists', () => {
    const truth = Object.fromEntries(groundTruth());
    for (const name of ['anpa-2.tst', 'ap_anpa-4.tst']) {
      const ednote = String(truth[name]?.ednote).replace(/^\(|\)$/g, '');
      assert.ok(parseCorpus(name).report.dropped.some((d) => d.includes(ednote)), `${name}: ${ednote}`);
    }
  });

  test('keeps the tables of the preformatted items as one paragraph per row, with a warning', () => {
    for (const name of ['anpa-3.tst', 'ap_anpa-2.tst', 'ap_anpa-6.tst']) {
      const { article, report } = parseCorpus(name);
      assert.ok(paragraphs(article.body).some((p) => p.split('\t').length >= 4), name);
      assert.ok(report.warnings.some((w) => /table rows/.test(w)), name);
    }
  });

  test('finds a filing time in the trailer of every item', () => {
    assert.deepEqual(corpusFiles.filter((n) => parseCorpus(n).article.publishedAt === null), []);
  });
});
