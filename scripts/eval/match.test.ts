import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bylineNames, dateMatches, datelineCity, headlineMatches, normText, sameSet } from './match.js';
import { titleAlternatives } from './readability.js';
import { reutersBodyTruth, reutersDay, reutersParagraphs, reutersWireText } from './reuters.js';
import { formatTable } from './table.js';

test('normText folds case, spaces, typographic quotes, dashes and trailing punctuation', () => {
  assert.equal(normText('  Kerry holds ‘frank’ talks — in  Sochi. '), "kerry holds 'frank' talks - in sochi");
});

test('a headline matches after normalisation but not when words differ', () => {
  assert.equal(headlineMatches('BAHIA COCOA REVIEW', ['Bahia cocoa review.']), true);
  assert.equal(headlineMatches('Bahia cocoa', ['Bahia cocoa review']), false);
});

test('byline names drop "By", agencies, roles and organisations and split on "and"', () => {
  const names = bylineNames(['By PAUL BYRNE and ALMUDENA CALATRAVA, Associated Press']);
  assert.deepEqual([...names].sort(), ['almudena calatrava', 'paul byrne']);
  assert.deepEqual([...bylineNames(['By Meredith Jameson, Staff Reporter'])], ['meredith jameson']);
  assert.deepEqual([...bylineNames(['Von Christian Hollmann, dpa'])], ['christian hollmann']);
});

test('byline names drop dates, URLs and degrees that pages print in the byline slot', () => {
  assert.deepEqual([...bylineNames(['By Nathan Willis\n   March 25, 2015'])], ['nathan willis']);
  assert.deepEqual([...bylineNames(['Bradley M. Kuhn (http://ebb.org/bkuhn/)'])], ['bradley m. kuhn']);
  assert.deepEqual([...bylineNames(['By Brenda  Goodman, MA\n WebMD Health News'])], ['brenda goodman']);
  assert.deepEqual([...bylineNames(['by Lucas Nolan22 Dec 2016651'])], ['lucas nolan']);
});

test('a name ending in a month keeps it when no digits were cut', () => {
  assert.deepEqual([...bylineNames(['By Theresa May'])], ['theresa may']);
});

test('an agency-only byline and an empty byline both read as no names', () => {
  assert.equal(sameSet(bylineNames(['/ritzau/']), bylineNames([])), true);
});

test('the dateline city is the first comma part without credit or dash', () => {
  assert.equal(datelineCity('STOCKHOLM, Aug 29, 2014 (AFP) -'), 'stockholm');
  assert.equal(datelineCity('Berlin (dpa) -'), 'berlin');
  assert.equal(datelineCity('ATLANTA (AP) _'), 'atlanta');
  assert.equal(datelineCity('PORTLAND, Ore., Feb 26 -'), 'portland');
});

test('a date-only truth matches any time on the same UTC day', () => {
  assert.equal(dateMatches('2015-05-13T12:00:00.000Z', ['2015-05-13']), true);
  assert.equal(dateMatches('2015-05-14T00:00:00.000Z', ['2015-05-13']), false);
});

test('a truth with a time matches the same instant to the second, zones resolved', () => {
  assert.equal(dateMatches('2015-07-24T04:36:09.000Z', ['2015-07-24T05:36:09+01:00']), true);
  assert.equal(dateMatches('2018-01-30T16:32:18.000Z', ['2018-01-30T16:32:18.397000+00:00']), true);
  assert.equal(dateMatches('2016-01-12T12:35:40.000Z', ['2016-01-11T23:35:40+00:00']), false);
  assert.equal(dateMatches(null, ['2015-05-13']), false);
});

test('a readability title also counts without its site-name suffix', () => {
  assert.deepEqual(titleAlternatives('How to Build a Terrarium | eHow'), ['How to Build a Terrarium | eHow', 'How to Build a Terrarium']);
  assert.deepEqual(titleAlternatives('Plain title'), ['Plain title']);
});

test('a Reuters story is rebuilt as headline, blank line, author, then the dateline before the body', () => {
  const story = { newid: 1, text_type: 'NORM', date: '26-FEB-1987 15:01:01.79', title: 'COCOA REVIEW', author: 'By Jane Doe, Reuters', dateline: 'SALVADOR, Feb 26 - ', body: 'Showers continued\nin Bahia.\n    Second paragraph.\n Reuter\n' };
  assert.equal(reutersWireText(story), 'COCOA REVIEW\n\n    By Jane Doe, Reuters\n    SALVADOR, Feb 26 - Showers continued\nin Bahia.\n    Second paragraph.\n Reuter\n');
  assert.equal(reutersBodyTruth(story.body), 'Showers continued\nin Bahia.\n    Second paragraph.\n');
  assert.equal(reutersParagraphs(story.body), 2);
  assert.equal(reutersDay(story.date), '1987-02-26');
});

test('the table pads columns, the first to the left and the rest to the right', () => {
  assert.equal(formatTable(['row', 'n'], [['a', '10'], ['long row', '2']]), 'row        n\n--------  --\na         10\nlong row   2');
});
