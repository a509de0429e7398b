import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { plainTextFixtures, readWireFixture } from '../../test/fixtures/wire/fixtures.js';
import { articleSchema, bylineLine, bylineWithLocations, type Block } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { parseWireItems } from './parse.js';
import { looksLikePlainText, MAX_WIRE_BYTES, parsePlainText } from './plain-text.js';
import type { WireParseResult } from './types.js';

const paragraphs = (body: Block[]): string[] => body.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
const crossheads = (body: Block[]): string[] => body.flatMap((b) => (b.type === 'crosshead' ? [b.text] : []));
const fixture = (name: string): WireParseResult => parsePlainText(readWireFixture(name), { fileName: name });

/** Asserts that parsing throws an invalid_wire_copy AppError whose message names the file and matches `pattern`. */
function assertRefused(input: Buffer | string, fileName: string, pattern: RegExp): void {
  assert.throws(
    () => parsePlainText(input, { fileName }),
    (error: unknown) => {
      assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
      assert.equal(error.code, 'invalid_wire_copy');
      assert.ok(error.message.includes(fileName), `the message names the file: ${error.message}`);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

// The seed is third-party text: it is read from the shared folder beside the repo (or $DATELINE_SHARED), never copied.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const seedPath = join(sharedDir, 'seed', '000_c6a78940a3395d3e.txt');
const seedMissing = existsSync(seedPath) ? false : `seed document not found at ${seedPath} (set DATELINE_SHARED to the shared folder)`;

describe('the seed article', { skip: seedMissing }, () => {
  const seedText = () => readFileSync(seedPath, 'utf8');
  const seedLines = () => seedText().split('\n').map((l) => l.trim());
  const parseSeed = () => parsePlainText(readFileSync(seedPath), { fileName: '000_c6a78940a3395d3e.txt' });

  test('takes the first line as the headline', () => {
    assert.equal(parseSeed().article.headline, seedLines()[0]);
  });

  test('reads the dateline SOCHI, RUSSIA with its city and country', () => {
    assert.deepEqual(parseSeed().article.dateline, { text: 'SOCHI, RUSSIA', city: 'Sochi', country: 'Russia' });
  });

  test('reads both bylines with their locations from the lead', () => {
    assert.deepEqual(parseSeed().article.bylines, [
      { name: 'Jo Biddle', location: 'Sochi' },
      { name: 'Anna Smolchenko', location: 'Moscow' },
    ]);
  });

  test('starts the lead paragraph right after the dash that ends the bylines', () => {
    const { article } = parseSeed();
    const lead = paragraphs(article.body)[0] ?? '';
    const leadLine = `${article.dateline?.text}, ${bylineWithLocations(article.bylines)}- ${lead}`;
    assert.match(lead, /^\p{Lu}/u);
    assert.ok(seedLines().includes(leadLine), 'dateline, bylines, dash and lead make up the printed line');
  });

  test('keeps 27 paragraphs and 2 crossheads, in order', () => {
    const { body } = parseSeed().article;
    assert.equal(paragraphs(body).length, 27);
    // The seed prints its two crossheads as -'Words'-; the expected texts are read from it rather than copied here.
    const crossheadLines = seedLines().filter((l) => l.startsWith("-'") && l.endsWith("'-"));
    assert.equal(crossheadLines.length, 2);
    assert.deepEqual(crossheads(body), crossheadLines.map((l) => l.slice(2, -2)));
    // Each crosshead sits where its line sits among the seed's story lines (headline to separator, blanks left out).
    const storyLines = seedLines().slice(1, seedLines().findIndex((l) => l.startsWith('-----'))).filter((l) => l !== '');
    const expectedAt = storyLines.flatMap((l, i) => (l.startsWith("-'") ? [i] : []));
    const crossheadAt = body.flatMap((b, i) => (b.type === 'crosshead' ? [i] : []));
    assert.deepEqual(crossheadAt, expectedAt);
  });

  test('keeps every paragraph after the lead exactly as printed, typographic apostrophes included', () => {
    const lines = new Set(seedLines());
    const rest = paragraphs(parseSeed().article.body).slice(1);
    for (const text of rest) assert.ok(lines.has(text), `not verbatim: ${text.slice(0, 40)}`);
    const curly = seedLines().find((l) => l.includes('\u2019'));
    assert.ok(curly, 'the seed has a line with a typographic apostrophe');
    assert.ok(rest.includes(curly));
  });

  test('sets publishedAt to noon UTC on the date line’s day', () => {
    assert.equal(parseSeed().article.publishedAt, '2015-05-13T12:00:00.000Z');
  });

  test('drops the page clutter and lists it in the report', () => {
    const { report } = parseSeed();
    for (const line of ['New comment:', 'Twitter', 'News | Politics | Features | Arts | Entertainment | Society | Sport', 'At a glance']) {
      assert.ok(report.dropped.includes(line), `dropped: ${line}`);
    }
  });

  test('leaves no clutter, date or byline line in the body', () => {
    const { article } = parseSeed();
    const texts = article.body.map((b) => (b.type === 'paragraph' || b.type === 'crosshead' ? b.text : ''));
    for (const clutter of ['New comment', 'Twitter', 'At a glance', 'News | Politics', 'Wednesday', bylineLine(article.bylines)]) {
      assert.ok(!texts.some((t) => t.startsWith(clutter)), `no body block starts with ${clutter}`);
    }
  });

  test('confirms the bylines from the closing byline line without warnings', () => {
    const { report } = parseSeed();
    assert.ok(report.recognised.includes('closing byline line confirms the bylines'));
    assert.ok(report.recognised.includes('dateline: SOCHI, RUSSIA'));
    assert.ok(report.recognised.includes('byline: Jo Biddle (Sochi)'));
    assert.ok(report.recognised.includes('date: 2015-05-13'));
    assert.deepEqual(report.warnings, []);
  });

  test('leaves keyPoints and tags empty, sets English and names the source file', () => {
    const { article, report } = parseSeed();
    assert.deepEqual(article.keyPoints, []);
    assert.deepEqual(article.tags, []);
    assert.equal(article.language, 'en');
    assert.equal(article.source, '000_c6a78940a3395d3e.txt');
    assert.equal(report.format, 'plain-text');
  });

  test('gives the same result for the text as for its bytes', () => {
    assert.deepEqual(parsePlainText(seedText(), { fileName: '000_c6a78940a3395d3e.txt' }), parseSeed());
  });
});

describe('agency layouts', () => {
  test('reads an AFP-style lead with one byline and no location', () => {
    const { article, report } = fixture('afp-one-byline.txt');
    assert.equal(article.headline, 'Paris opens floating library on the Seine for the summer');
    assert.deepEqual(article.dateline, { text: 'PARIS, FRANCE', city: 'Paris', country: 'France' });
    assert.deepEqual(article.bylines, [{ name: 'Claire Marchetti' }]);
    assert.match(paragraphs(article.body)[0] ?? '', /^A converted cargo barge/);
    assert.deepEqual(crossheads(article.body), ['A river for everyone']);
    assert.equal(article.publishedAt, '2014-10-02T12:00:00.000Z');
    assert.deepEqual(report.dropped, ['New comment:', 'Facebook', 'News | Politics | Culture | Sport']);
    assert.deepEqual(report.warnings, []);
  });

  test('reads three bylines joined by commas and "and", each with its location', () => {
    const { article } = fixture('afp-three-bylines.txt');
    assert.deepEqual(article.dateline, { text: 'GENEVA, SWITZERLAND', city: 'Geneva', country: 'Switzerland' });
    assert.deepEqual(article.bylines, [
      { name: 'Tomas Reinholt', location: 'Geneva' },
      { name: 'Amina Wekesa', location: 'Nairobi' },
      { name: 'Dewi Hartono', location: 'Jakarta' },
    ]);
    assert.match(paragraphs(article.body)[0] ?? '', /^Trade ministers failed/);
  });

  test('treats blank-line runs as nothing more than gaps between paragraphs', () => {
    const { article } = fixture('afp-three-bylines.txt');
    assert.equal(paragraphs(article.body).length, 7);
    assert.deepEqual(crossheads(article.body), ['Talks will resume']);
  });

  test('drops AFP desk initials at the end of the body into the report', () => {
    const { article, report } = fixture('afp-three-bylines.txt');
    assert.ok(!paragraphs(article.body).includes('tr/aw/dh'));
    assert.ok(report.dropped.includes('tr/aw/dh'));
    assert.ok(report.recognised.includes('closing byline line confirms the bylines'));
  });

  test('reads a single byline with a location before a spaced dash', () => {
    const { article, report } = fixture('lagos-spaced-dash.txt');
    assert.deepEqual(article.dateline, { text: 'LAGOS, NIGERIA', city: 'Lagos', country: 'Nigeria' });
    assert.deepEqual(article.bylines, [{ name: 'Chinedu Okonkwo', location: 'Lagos' }]);
    assert.match(paragraphs(article.body)[0] ?? '', /^Hundreds of traders/);
    assert.deepEqual(report.dropped, ['jm/ok', 'Twitter', 'At a glance']);
  });

  test('reads an AP dateline of only a city and takes AP as the credit', () => {
    const { article, report } = fixture('ap-city-only.txt');
    assert.deepEqual(article.dateline, { text: 'WASHINGTON', city: 'Washington' });
    assert.equal(article.credit, 'AP');
    assert.deepEqual(article.bylines, []);
    assert.match(paragraphs(article.body)[0] ?? '', /^A Senate committee on Tuesday/);
    assert.equal(paragraphs(article.body).length, 5);
    assert.ok(report.dropped.includes('AP'));
    assert.ok(report.dropped.includes('Advertisement'));
  });

  test('reads a date line with a GMT time as that instant', () => {
    assert.equal(fixture('ap-city-only.txt').article.publishedAt, '2016-03-03T14:05:00.000Z');
  });

  test('reads an AP dateline with a state, a "By NAME, role" line and an ISO date', () => {
    const { article } = fixture('ap-state-by.txt');
    assert.deepEqual(article.dateline, { text: 'SPRINGFIELD, Ill.', city: 'Springfield' });
    assert.deepEqual(article.bylines, [{ name: 'Marcus Feld', role: 'AP Staff Writer' }]);
    assert.equal(article.credit, 'AP');
    assert.equal(article.publishedAt, '2015-05-11T23:30:00.000Z');
    assert.equal(paragraphs(article.body).length, 4);
  });

  test('reads a Reuters dateline with a month and day', () => {
    const { article, report } = fixture('reuters-london.txt');
    assert.deepEqual(article.dateline, { text: 'LONDON', city: 'London' });
    assert.equal(article.credit, 'Reuters');
    assert.match(paragraphs(article.body)[0] ?? '', /^Britain's supermarkets/);
    assert.ok(report.recognised.includes('dateline date: March 3'));
    assert.equal(article.publishedAt, '2017-06-21T12:00:00.000Z');
  });

  test('drops the Reuters "(Reporting by ...)" sign-off without adding bylines', () => {
    const { article, report } = fixture('reuters-london.txt');
    assert.deepEqual(article.bylines, []);
    assert.ok(!paragraphs(article.body).some((p) => p.startsWith('(Reporting')));
    assert.ok(report.dropped.includes('(Reporting by Tom Ashby; Editing by Priya Nandakumar)'));
    assert.ok(report.dropped.includes('Read more: Retail stocks slip in early trade'));
  });

  test('reads an AFP dateline in parentheses and drops the copyright sign-off', () => {
    const { article, report } = fixture('afp-paren.txt');
    assert.deepEqual(article.dateline, { text: 'NAIROBI', city: 'Nairobi' });
    assert.equal(article.credit, 'AFP');
    assert.match(paragraphs(article.body)[0] ?? '', /^Kenya began handing out/);
    assert.equal(paragraphs(article.body).length, 5);
    assert.deepEqual(report.dropped, ['© AFP 2015', 'More from Africa', 'Share on WhatsApp']);
    assert.equal(article.publishedAt, '2015-05-13T12:00:00.000Z');
  });

  test('reads a dpa dateline with the country in mixed case', () => {
    const { article, report } = fixture('dpa-region.txt');
    assert.deepEqual(article.dateline, { text: 'BERLIN, Germany', city: 'Berlin', country: 'Germany' });
    assert.equal(article.credit, 'dpa');
    assert.equal(paragraphs(article.body).length, 3);
    assert.deepEqual(report.dropped, ['dpa', 'Share on Facebook']);
  });
});

describe('"By" lines and the closing byline line', () => {
  test('reads "By NAME and NAME" above the lead as two bylines, not as a paragraph', () => {
    const { article, report } = fixture('by-line-two-names.txt');
    assert.deepEqual(article.bylines, [{ name: 'Helen Garrow' }, { name: 'Tomasz Wielgus' }]);
    assert.ok(!paragraphs(article.body).some((p) => p.startsWith('By Helen')));
    assert.ok(report.recognised.includes('closing byline line confirms the bylines'));
  });

  test('keeps a lead that begins "By the time" as a paragraph', () => {
    const { article } = fixture('by-line-two-names.txt');
    assert.match(paragraphs(article.body)[0] ?? '', /^By the time the polls closed/);
    assert.equal(article.dateline, null);
  });

  test('reads "By NAME, Agency" in capitals as a byline and a credit, and a date line above the lead', () => {
    const { article, report } = fixture('by-line-agency.txt');
    assert.deepEqual(article.bylines, [{ name: 'Jane Okafor' }]);
    assert.equal(article.credit, 'Reuters');
    assert.deepEqual(article.dateline, { text: 'ACCRA', city: 'Accra' });
    assert.equal(article.publishedAt, '2018-04-04T09:30:00.000Z');
    assert.equal(paragraphs(article.body).length, 3);
    assert.deepEqual(report.warnings, []);
  });

  test('reads "By NAME, Reuters." with a full stop after the agency', () => {
    const { article } = parsePlainText('Rates rise\n\nBy Colm Darby, Reuters.\nRates rose.\n', { fileName: 'by-stop.txt' });
    assert.deepEqual(article.bylines, [{ name: 'Colm Darby' }]);
    assert.equal(article.credit, 'Reuters');
  });

  test('reads a name typed in lower case before the agency, in title case', () => {
    const { article } = parsePlainText('Rates rise\n\nBy colm darby, Reuters\nRates rose.\n', { fileName: 'by-lower.txt' });
    assert.deepEqual(article.bylines, [{ name: 'Colm Darby' }]);
  });

  test('does not read a lower-case phrase after "By" as a byline when no agency follows', () => {
    const { article } = parsePlainText('Rates rise\n\nBy the way\nRates rose.\n', { fileName: 'by-phrase.txt' });
    assert.deepEqual(article.bylines, []);
    assert.deepEqual(paragraphs(article.body), ['By the way', 'Rates rose.']);
  });

  test('takes the bylines from the closing byline line when the lead has none', () => {
    const copy = 'Harbour reopens\n\nThe harbour reopened on Monday.\n-----\nMay 4, 2020\nRosa Lind with Piet Maas\n';
    const { article, report } = parsePlainText(copy, { fileName: 'closing.txt' });
    assert.deepEqual(article.bylines, [{ name: 'Rosa Lind' }, { name: 'Piet Maas' }]);
    assert.ok(report.recognised.includes('bylines taken from the closing byline line'));
  });

  test('warns when the closing byline line names other people than the lead', () => {
    const copy = 'Harbour reopens\n\nOSLO, NORWAY, Rosa Lind- The harbour reopened.\n-----\nMay 4, 2020\nPiet Maas\n';
    const { article, report } = parsePlainText(copy, { fileName: 'mismatch.txt' });
    assert.deepEqual(article.bylines, [{ name: 'Rosa Lind' }]);
    assert.match(report.warnings.join('\n'), /closing byline line names Piet Maas, but the lead names Rosa Lind/);
  });
});

describe('leads without a dateline', () => {
  test('does not take an ordinary sentence with dashes for a dateline', () => {
    const { article } = fixture('no-dateline.txt');
    assert.equal(article.dateline, null);
    assert.deepEqual(article.bylines, []);
    assert.match(paragraphs(article.body)[0] ?? '', /^On a warm evening at the end of June - the busiest week/);
  });

  test('reads a time without a zone as UTC and warns', () => {
    const { article, report } = fixture('no-dateline.txt');
    assert.equal(article.publishedAt, '2018-01-09T14:05:00.000Z');
    assert.match(report.warnings.join('\n'), /without a time zone; it was read as UTC/);
    assert.deepEqual(report.dropped, ['Copyright 2018 Riverside Gazette', 'Terms of use']);
  });

  test('reads a dateline that stands on a line of its own', () => {
    const { article } = parsePlainText('Storm closes schools\n\nDENVER (AP) —\nSchools closed on Friday.\n', { fileName: 'own-line.txt' });
    assert.deepEqual(article.dateline, { text: 'DENVER', city: 'Denver' });
    assert.deepEqual(paragraphs(article.body), ['Schools closed on Friday.']);
  });

  test('does not read a capitalised word like BREAKING as a dateline', () => {
    const { article } = parsePlainText('Bridge shut\n\nBREAKING - The bridge is shut.\n', { fileName: 'breaking.txt' });
    assert.equal(article.dateline, null);
    assert.deepEqual(paragraphs(article.body), ['BREAKING - The bridge is shut.']);
  });
});

describe('datelines with a day and no agency credit', () => {
  const variants: [string, { text: string; city: string; country?: string }, string][] = [
    ['SALVADOR, Feb 26 -', { text: 'SALVADOR', city: 'Salvador' }, 'Feb 26'],
    ['PORTLAND, Ore., Feb 26 -', { text: 'PORTLAND, Ore.', city: 'Portland' }, 'Feb 26'],
    ['ROCHESTER, N.Y., Feb 26 -', { text: 'ROCHESTER, N.Y.', city: 'Rochester' }, 'Feb 26'],
    ['NEW YORK, March 3 -', { text: 'NEW YORK', city: 'New York' }, 'March 3'],
    ['New York, Sept 14 -', { text: 'New York', city: 'New York' }, 'Sept 14'],
    ['SANTA CRUZ, Calif., Oct. 20 -', { text: 'SANTA CRUZ, Calif.', city: 'Santa Cruz' }, 'Oct. 20'],
    ['VANCOUVER, British Columbia, April 9 -', { text: 'VANCOUVER, British Columbia', city: 'Vancouver' }, 'April 9'],
    ['KASSEL, West Germany, March 26 -', { text: 'KASSEL, West Germany', city: 'Kassel', country: 'West Germany' }, 'March 26'],
    ['RIO DE JANEIRO, MARCH 11 -', { text: 'RIO DE JANEIRO', city: 'Rio de Janeiro' }, 'MARCH 11'],
    ['AMSTERDAM, 2 March -', { text: 'AMSTERDAM', city: 'Amsterdam' }, '2 March'],
    ['RICHMOND, Va. Feb 26 -', { text: 'RICHMOND, Va.', city: 'Richmond' }, 'Feb 26'],
    ['CHICAGO, March 9 --', { text: 'CHICAGO', city: 'Chicago' }, 'March 9'],
    ['MONTREAL, Feb 26-', { text: 'MONTREAL', city: 'Montreal' }, 'Feb 26'],
  ];
  for (const [opening, dateline, day] of variants) {
    test(`reads "${opening}" as the dateline ${dateline.text} and strips it from the lead`, () => {
      const copy = `Committee meets\n\n${opening} The committee met on Tuesday.\n`;
      const { article, report } = parsePlainText(copy, { fileName: 'dated.txt' });
      assert.deepEqual(article.dateline, dateline);
      assert.deepEqual(paragraphs(article.body), ['The committee met on Tuesday.']);
      assert.ok(report.recognised.includes(`dateline date: ${day}`), report.recognised.join(' | '));
    });
  }

  test('leaves publishedAt empty, as the dateline gives no year', () => {
    const { article, report } = fixture('wrapped-indented.txt');
    assert.equal(article.publishedAt, null);
    assert.ok(report.recognised.includes('dateline date: Feb 26'));
    assert.match(report.warnings.join('\n'), /no date line found/);
  });

  test('takes publishedAt from the date line under the rule when the dateline has only a day', () => {
    const { article, report } = fixture('wrapped-dated-trailer.txt');
    assert.deepEqual(article.dateline, { text: 'LEEDS', city: 'Leeds' });
    assert.ok(report.recognised.includes('dateline date: Sept 14'));
    assert.equal(article.publishedAt, '2020-09-14T12:00:00.000Z');
  });

  test('takes the agency after the day ("WASHINGTON, March 12, Reuter -") as the credit', () => {
    const { article } = parsePlainText('Budget talks\n\nWASHINGTON, March 12, Reuter - Talks resumed.\n', { fileName: 'credit.txt' });
    assert.deepEqual(article.dateline, { text: 'WASHINGTON', city: 'Washington' });
    assert.equal(article.credit, 'Reuters');
  });

  test('reads a city and a state with no day ("CALGARY, Alberta -")', () => {
    const { article } = parsePlainText('Pipeline approved\n\nCALGARY, Alberta - The pipeline was approved.\n', { fileName: 'region.txt' });
    assert.deepEqual(article.dateline, { text: 'CALGARY, Alberta', city: 'Calgary' });
    assert.deepEqual(paragraphs(article.body), ['The pipeline was approved.']);
  });

  for (const lead of ['On March 3 - the committee met.', 'Since Feb 26 - prices have risen.', 'Monday, March 3 - a day to remember.', 'Net income, March 3 - up sharply.']) {
    test(`does not take "${lead.slice(0, 20)}..." for a dateline`, () => {
      const { article } = parsePlainText(`Committee meets\n\n${lead}\n`, { fileName: 'not-dated.txt' });
      assert.equal(article.dateline, null);
      assert.deepEqual(paragraphs(article.body), [lead]);
    });
  }
});

describe('hard-wrapped copy', () => {
  test('joins the lines of each indented paragraph with single spaces', () => {
    const { article, report } = fixture('wrapped-indented.txt');
    assert.deepEqual(paragraphs(article.body), [
      'The harbour board of the port city said it would raise dock fees by eight pct from April 1, citing higher dredging costs and a fall in container traffic last year.',
      'The board said the increase would add about 1.2 mln dlrs a year to its revenues, and that smaller fishing vessels would be exempt from it.',
      'Shipping lines using the port said they had expected a rise but not one of this size, and would ask the board to phase it in over two years.',
    ]);
    assert.ok(report.recognised.includes('hard-wrapped lines joined into paragraphs (paragraphs start with an indent)'));
  });

  test('drops the 1980s sign-off "Reuter" and takes Reuters as the credit', () => {
    const { article, report } = fixture('wrapped-indented.txt');
    assert.ok(!paragraphs(article.body).some((p) => /Reuter/.test(p)));
    assert.deepEqual(report.dropped, ['Reuter']);
    assert.equal(article.credit, 'Reuters');
  });

  test('drops the sign-off in capitals, "REUTER"', () => {
    const { article, report } = fixture('wrapped-digest.txt');
    assert.ok(!paragraphs(article.body).includes('REUTER'));
    assert.deepEqual(report.dropped, ['REUTER']);
  });

  test('reads "By NAME, Reuter" above an indented lead as a byline and a credit', () => {
    const { article } = fixture('wrapped-byline.txt');
    assert.deepEqual(article.bylines, [{ name: 'Marta Quill' }]);
    assert.equal(article.credit, 'Reuters');
    assert.deepEqual(article.dateline, { text: 'New York', city: 'New York' });
    assert.equal(paragraphs(article.body).length, 2);
  });

  test('keeps each row of a preformatted table as its own paragraph', () => {
    const { article } = fixture('wrapped-preformatted-table.txt');
    assert.deepEqual(paragraphs(article.body), [
      'Terminal prices for grain delivered to the three river terminals this week, in dlrs per bushel, were as follows -',
      'WHEAT    CORN    OATS',
      'Topeka         2.61    1.44    1.32',
      'Wichita        2.58    1.41      --',
      'Salina         2.60    1.43    1.30',
      'Prices are set daily by the terminal operators and apply to grain delivered on the next business day only.',
    ]);
  });

  test('keeps indented one-line results apart and joins only the wrapped note', () => {
    const { article } = fixture('results-angle-headline.txt');
    assert.deepEqual(paragraphs(article.body), [
      'Shr 31 cts vs 27 cts',
      'Net 2.4 mln vs 2.1 mln',
      'Revs 41.6 mln vs 38.0 mln',
      'Note: results restated for a two-for-one stock split paid in November.',
    ]);
    assert.deepEqual(article.dateline, { text: 'Scarborough, Ontario', city: 'Scarborough' });
  });

  test('joins wrapped lines into paragraphs that blank lines separate', () => {
    const { article, report } = fixture('wrapped-blank-lines.txt');
    assert.equal(paragraphs(article.body).length, 3);
    assert.match(paragraphs(article.body)[0] ?? '', /^The city library will stay open until nine in the evening on weekdays from next month, the council/);
    assert.ok(report.recognised.includes('hard-wrapped lines joined into paragraphs (paragraphs end at a blank line)'));
  });

  test('keeps one paragraph per line when short lines each end a sentence', () => {
    const copy = 'Ferry news\n\nThe ferry sailed at noon on Monday.\nIt reached the island two hours later.\nPassengers said the crossing was calm.\n';
    const { article, report } = parsePlainText(copy, { fileName: 'sentences.txt' });
    assert.equal(paragraphs(article.body).length, 3);
    assert.ok(!report.recognised.some((r) => r.startsWith('hard-wrapped')));
  });

  test('keeps one paragraph per line for a list of short items all indented alike', () => {
    const copy = 'Dividend declared\n\n    Qtly div 12 cts vs 11 cts prior\n    Pay April 1\n    Record March 15\n';
    const { article } = parsePlainText(copy, { fileName: 'list.txt' });
    assert.deepEqual(paragraphs(article.body), ['Qtly div 12 cts vs 11 cts prior', 'Pay April 1', 'Record March 15']);
  });

  test('does not join a flush line to an indented quotation in unwrapped copy', () => {
    const copy = 'Council votes\n\nThe council voted on Monday.\n    "We will build it," the mayor said.\nWork starts in May.\n';
    const { article } = parsePlainText(copy, { fileName: 'quote.txt' });
    assert.deepEqual(paragraphs(article.body), ['The council voted on Monday.', '"We will build it," the mayor said.', 'Work starts in May.']);
  });

  test('gives the same paragraphs for tab indents as for space indents', () => {
    const spaces = readWireFixture('wrapped-indented.txt').toString('utf8');
    const tabs = spaces.replace(/^ {4}/gm, '\t');
    assert.deepEqual(parsePlainText(tabs, { fileName: 'x.txt' }).article.body, parsePlainText(spaces, { fileName: 'x.txt' }).article.body);
  });
});

describe('rules inside the body', () => {
  test('goes on after a "- - - -" rule between digest items and keeps the rule out of the body', () => {
    const { article, report } = fixture('wrapped-digest.txt');
    assert.equal(paragraphs(article.body).length, 3);
    assert.match(paragraphs(article.body)[2] ?? '', /^DAKAR - Senegal said/);
    assert.ok(!paragraphs(article.body).some((p) => p.includes('- - -')));
    assert.ok(report.recognised.includes('rule inside the body (line 6)'));
  });

  test('goes on after a rule that a notebook item follows', () => {
    const copy = 'Market notes\n\nCopper rose on Monday.\n-----\nTraders said nickel stocks in the main warehouses fell for a third week.\n';
    const { article } = parsePlainText(copy, { fileName: 'notebook.txt' });
    assert.equal(paragraphs(article.body).length, 2);
  });

  test('ends the body at a rule followed only by a sign-off', () => {
    const { article, report } = parsePlainText('Market notes\n\nCopper rose.\nTin fell.\n-----\nReuter\n', { fileName: 'rule-end.txt' });
    assert.deepEqual(paragraphs(article.body), ['Copper rose.', 'Tin fell.']);
    assert.ok(report.recognised.includes('separator (line 5)'));
    assert.deepEqual(report.dropped, ['Reuter']);
  });

  test('reads a file of many rules and clutter lines in linear time', { timeout: 10_000 }, () => {
    const copy = `Head\n\nA paragraph.\n${'-----\nTwitter\n'.repeat(100_000)}A closing line with well over eight words in it, to end.\n`;
    assert.equal(paragraphs(parsePlainText(copy, { fileName: 'rules.txt' }).article.body).length, 2);
  });
});

describe('crossheads', () => {
  test('reads crossheads in curly quotes, straight double quotes and spaced dashes', () => {
    const { article } = fixture('crossheads.txt');
    assert.deepEqual(crossheads(article.body), ['Faster and safer', 'Tourists and commuters', 'Cost overruns']);
    assert.deepEqual(
      article.body.map((b) => b.type),
      ['paragraph', 'paragraph', 'crosshead', 'paragraph', 'paragraph', 'crosshead', 'paragraph', 'paragraph', 'crosshead', 'paragraph'],
    );
  });
});

describe('date lines', () => {
  const variants: [string, string][] = [
    ['Wednesday, May 13th 2015', '2015-05-13T12:00:00.000Z'],
    ['May 13, 2015', '2015-05-13T12:00:00.000Z'],
    ['13 May 2015', '2015-05-13T12:00:00.000Z'],
    ['Wednesday 13 May 2015', '2015-05-13T12:00:00.000Z'],
    ['2015-05-13', '2015-05-13T12:00:00.000Z'],
    ['Wed, 13th of May, 2015', '2015-05-13T12:00:00.000Z'],
    ['May 13, 2015 14:05 GMT', '2015-05-13T14:05:00.000Z'],
    ['13 May 2015, 14:05 UTC', '2015-05-13T14:05:00.000Z'],
    ['2015-05-13T14:05:00Z', '2015-05-13T14:05:00.000Z'],
    ['May 13, 2015 2:05 pm GMT', '2015-05-13T14:05:00.000Z'],
    ['13 May 2015 16:05 +02:00', '2015-05-13T14:05:00.000Z'],
  ];
  for (const [line, iso] of variants) {
    test(`reads "${line}" as ${iso}`, () => {
      const copy = `Ferry timetable changes\n\nThe ferry will sail hourly.\n-----\n${line}\n`;
      const { article, report } = parsePlainText(copy, { fileName: 'date.txt' });
      assert.equal(article.publishedAt, iso);
      assert.deepEqual(report.dropped, []);
    });
  }

  test('warns when the weekday does not match the date', () => {
    const { article, report } = fixture('lagos-spaced-dash.txt');
    assert.equal(article.publishedAt, '2015-05-13T12:00:00.000Z');
    assert.match(report.warnings.join('\n'), /says Tuesday, but 2015-05-13 is a Wednesday/);
  });

  test('reads a date line printed before the body and never makes it a paragraph', () => {
    const copy = 'Ferry timetable changes\n13 May 2015\nThe ferry will sail hourly.\n';
    const { article } = parsePlainText(copy, { fileName: 'date-first.txt' });
    assert.equal(article.publishedAt, '2015-05-13T12:00:00.000Z');
    assert.deepEqual(paragraphs(article.body), ['The ferry will sail hourly.']);
  });

  test('keeps a paragraph that only mentions a time', () => {
    const { article } = fixture('ap-state-by.txt');
    assert.ok(paragraphs(article.body).some((p) => p.startsWith('Monday 7:45 pm was when')));
  });

  test('leaves publishedAt empty for a date that does not exist and warns', () => {
    const { article, report } = parsePlainText('Leap day\n\nA paragraph.\n-----\nFebruary 30, 2015\n', { fileName: 'feb30.txt' });
    assert.equal(article.publishedAt, null);
    assert.match(report.warnings.join('\n'), /not a real date/);
  });
});

describe('clutter before the separator', () => {
  test('drops exact clutter lines from the body but keeps sentences that mention them', () => {
    const copy = 'Council meets\n\nThe council met.\nShare this\nA post on the council’s Twitter account was deleted.\nAdvertisement\nMembers left at noon.\n';
    const { article, report } = parsePlainText(copy, { fileName: 'inline-clutter.txt' });
    assert.deepEqual(paragraphs(article.body), ['The council met.', 'A post on the council’s Twitter account was deleted.', 'Members left at noon.']);
    assert.deepEqual(report.dropped, ['Share this', 'Advertisement']);
  });

  test('keeps a closing paragraph that starts with the word "Copyright"', () => {
    const copy = 'Court rules on song\n\nThe court ruled on Monday.\nCopyright lawyers said the ruling would stand.\n';
    const { article, report } = parsePlainText(copy, { fileName: 'copyright-word.txt' });
    assert.equal(paragraphs(article.body).length, 2);
    assert.deepEqual(report.dropped, []);
  });

  test('takes the credit from a copyright sign-off when the lead names no agency', () => {
    const copy = 'Court rules on song\n\nThe court ruled on Monday.\nCopyright 2016 The Associated Press. All rights reserved.\n';
    const { article, report } = parsePlainText(copy, { fileName: 'copyright-credit.txt' });
    assert.equal(article.credit, 'Associated Press');
    assert.deepEqual(report.dropped, ['Copyright 2016 The Associated Press. All rights reserved.']);
  });
});

describe('every fixture', () => {
  test('has at least ten stories', () => {
    assert.ok(plainTextFixtures.length >= 10, `found ${plainTextFixtures.length}`);
  });

  for (const name of plainTextFixtures) {
    test(`${name} gives fields that pass the article schema`, () => {
      const { article } = fixture(name);
      const stored = { ...article, slug: 'story', section: 'news', status: 'draft', createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z' };
      const result = articleSchema.safeParse(stored);
      assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
      assert.equal(article.source, name);
      assert.deepEqual(article.keyPoints, []);
    });
  }
});

describe('encodings and line endings', () => {
  test('gives the same result for Windows line endings as for Unix ones', () => {
    const lf = readWireFixture('afp-three-bylines.txt').toString('utf8');
    const crlf = Buffer.from(lf.replace(/\n/g, '\r\n'));
    assert.deepEqual(parsePlainText(crlf, { fileName: 'x.txt' }), parsePlainText(lf, { fileName: 'x.txt' }));
  });

  test('gives the same result for old Mac line endings as for Unix ones', () => {
    const lf = readWireFixture('crossheads.txt').toString('utf8');
    assert.deepEqual(parsePlainText(lf.replace(/\n/g, '\r'), { fileName: 'x.txt' }), parsePlainText(lf, { fileName: 'x.txt' }));
  });

  test('strips a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readWireFixture('dpa-region.txt')]);
    assert.equal(parsePlainText(bytes, { fileName: 'bom.txt' }).article.headline, 'Berlin tests night buses that run on demand');
  });

  test('decodes Latin-1 bytes as Windows-1252 and warns', () => {
    const bytes = Buffer.from('Caf\xe9 reopens\n\nThe Caf\xe9 \x93Rouge\x94 reopened on Monday.\n', 'latin1');
    const { article, report } = parsePlainText(bytes, { fileName: 'latin1.txt' });
    assert.equal(article.headline, 'Café reopens');
    assert.deepEqual(paragraphs(article.body), ['The Café “Rouge” reopened on Monday.']);
    assert.match(report.warnings.join('\n'), /not valid UTF-8; it was decoded as Windows-1252/);
  });

  test('treats a line of non-breaking spaces as blank', () => {
    const { article } = parsePlainText('Headline here\n\u00a0 \u00a0\nOne paragraph.\n', { fileName: 'nbsp.txt' });
    assert.deepEqual(paragraphs(article.body), ['One paragraph.']);
  });
});

describe('unusable input', () => {
  test('refuses an empty file', () => {
    assertRefused(Buffer.alloc(0), 'empty.txt', /no headline: the file is empty/);
  });

  test('refuses a file of only whitespace', () => {
    assertRefused(Buffer.from(' \n\t\r\n\u00a0\n\n'), 'blank.txt', /no headline: the file is empty/);
  });

  test('refuses random bytes with NULs as binary data', () => {
    const bytes = randomBytes(4096);
    bytes[100] = 0;
    assertRefused(bytes, 'random.bin', /binary data/);
  });

  test('refuses text full of control characters as binary data', () => {
    assertRefused(Buffer.from('Head\x01\x02\x03\x04\x05line\n\x06\x07\x08\x0e\x0f\n'), 'controls.txt', /binary data/);
  });

  test('refuses a 20 MB buffer by its size without reading it', { timeout: 5000 }, () => {
    assertRefused(Buffer.alloc(20 * 1024 * 1024, 'a'), 'huge.txt', /20\.0 MB, over the 5\.0 MB limit/);
  });

  test('refuses a string over the size limit', { timeout: 5000 }, () => {
    assertRefused('a'.repeat(MAX_WIRE_BYTES + 1), 'huge-string.txt', /over the 5\.0 MB limit/);
  });

  test('refuses a file with only a separator and clutter as having no headline', () => {
    assertRefused('\n------\nTwitter\nNew comment:\n', 'no-headline.txt', /no-headline\.txt:2: no headline/);
  });

  test('refuses a file with only page clutter as having no headline', () => {
    assertRefused('Twitter\nShare this\n', 'clutter.txt', /no headline/);
  });

  test('refuses a first line that is a paragraph, not a headline, naming the line', () => {
    assertRefused(`${'The minister said the plan would go ahead. '.repeat(10)}\nMore text.\n`, 'long.txt', /long\.txt:1: no headline/);
  });

  test('refuses a headline with no body', () => {
    assertRefused('A headline alone\n\n------\nMay 13, 2015\nTwitter\n', 'no-body.txt', /no-body\.txt:1: no body/);
  });

  test('refuses a paragraph longer than the article model allows', () => {
    assertRefused(`Headline\n${'word '.repeat(5000)}\n`, 'long-line.txt', /long-line\.txt:2: a paragraph of \d+ characters/);
  });

  test('refuses a body that is one megabyte-long rule without overflowing the stack', () => {
    assertRefused(`Headline\n${'-'.repeat(4_000_000)}\n`, 'rule.txt', /rule\.txt:1: no body/);
  });

  test('refuses input that is neither bytes nor text', () => {
    assertRefused(42 as unknown as string, 'number.txt', /expected the file as bytes or text/);
  });

  test('names the file "wire copy" when no file name is given', () => {
    assert.throws(() => parsePlainText(''), /^AppError: wire copy: no headline: the file is empty$/);
  });
});

describe('looksLikePlainText', () => {
  test('accepts wire copy', () => {
    assert.equal(looksLikePlainText(readWireFixture('afp-one-byline.txt')), true);
  });

  test('accepts Latin-1 text', () => {
    assert.equal(looksLikePlainText(Buffer.from('Caf\xe9 reopens\n', 'latin1')), true);
  });

  test('rejects XML, HTML and JSON', () => {
    assert.equal(looksLikePlainText(Buffer.from('<?xml version="1.0"?><newsItem/>')), false);
    assert.equal(looksLikePlainText(Buffer.from('\n<!DOCTYPE html><html></html>')), false);
    assert.equal(looksLikePlainText(Buffer.from('{"type":"text"}')), false);
    assert.equal(looksLikePlainText(Buffer.from('[{"type":"text"}]')), false);
  });

  test('accepts a headline that opens with a company name in angle brackets', () => {
    assert.equal(looksLikePlainText(readWireFixture('results-angle-headline.txt')), true);
    assert.equal(looksLikePlainText(Buffer.from("<HARBOUR CO'S LTD>\n\n    TORONTO, March 3 - Shr 5 cts\n")), true);
  });

  test('rejects markup that opens with a bare element, a closing tag, attributes or a declaration', () => {
    for (const markup of ['<p>Text with no closing tag', '<P>Text', '<newsItem>\n<headline>Text</headline>', '<story id="1">Text', '<!doctype html>', '<html>', '<?xml version="1.0"?>', '<br/>Text', '<Eurotunnel>']) {
      assert.equal(looksLikePlainText(Buffer.from(markup)), false, markup);
    }
  });

  test('lets the dispatcher read a headline in angle brackets as plain text', () => {
    const [item] = parseWireItems(readWireFixture('results-angle-headline.txt'), 'results-angle-headline.txt');
    assert.equal(item?.report.format, 'plain-text');
    assert.equal(item?.article.headline, '<TALLOW CREEK MILLS LTD> 4TH QTR NET');
  });

  test('rejects binary data and empty files', () => {
    assert.equal(looksLikePlainText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01])), false);
    assert.equal(looksLikePlainText(Buffer.alloc(0)), false);
  });
});
