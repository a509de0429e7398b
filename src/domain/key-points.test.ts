import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from './article.js';
import { blockText } from './article.js';
import { suggestKeyPoints } from './key-points.js';

const p = (text: string): Block => ({ type: 'paragraph', text });

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const sentencesOf = (body: readonly Block[]): string[] =>
  body
    .filter((b) => b.type === 'paragraph' || b.type === 'blockquote')
    .flatMap((b) => [...segmenter.segment(blockText(b))].map((s) => s.segment.trim()))
    .filter(Boolean);

const HARBOUR: Block[] = [
  p('The Kestrel Harbour ferry terminal reopened on Monday after a six-month rebuild that cost the town council nearly four million marks.'),
  p('Passengers queued from early morning, and the first sailing to Saltmere left eleven minutes late because of a jammed ticket gate.'),
  { type: 'crosshead', text: 'Council defends the rebuild budget in full' },
  p('Councillor Ada Fenwick said the terminal rebuild had come in under budget and would serve the harbour for forty years.'),
  p('Critics on the council argued that the ferry timetable still leaves Saltmere without an evening sailing in winter.'),
  { type: 'image', src: '/media/terminal.jpg', alt: 'The new terminal building', caption: 'The terminal rebuild cost four million marks and passengers liked it.' },
  p('The harbour master expects passenger numbers to double by next summer as the new terminal attracts day visitors.'),
  { type: 'list', ordered: false, items: [{ text: 'The ferry terminal rebuild cost four million marks in total, the council said.' }] },
  p('Ticket prices will stay the same until April.'),
];

test('returns an empty list for an empty body', () => {
  assert.deepEqual(suggestKeyPoints([]), []);
  assert.deepEqual(suggestKeyPoints([], { count: 5, headline: 'Anything' }), []);
});

test('returns an empty list when the body has no paragraph or blockquote text', () => {
  assert.deepEqual(suggestKeyPoints([{ type: 'crosshead', text: 'Only a crosshead here' }]), []);
});

test('returns at most the requested number of sentences', () => {
  assert.equal(suggestKeyPoints(HARBOUR).length, 3);
  assert.equal(suggestKeyPoints(HARBOUR, { count: 1 }).length, 1);
  assert.equal(suggestKeyPoints(HARBOUR, { count: 2 }).length, 2);
  assert.equal(suggestKeyPoints(HARBOUR, { count: 0 }).length, 0);
  assert.equal(suggestKeyPoints([p('A single sentence about the harbour ferry terminal rebuild and its cost.')], { count: 3 }).length, 1);
});

test('returns the chosen sentences in document order', () => {
  const all = sentencesOf(HARBOUR);
  for (const count of [2, 3, 4, 5]) {
    const points = suggestKeyPoints(HARBOUR, { count, headline: 'Ferry terminal reopens after rebuild' });
    const positions = points.map((s) => all.indexOf(s));
    assert.ok(positions.every((i) => i >= 0), 'every point is a body sentence');
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  }
});

test('returns each point as a verbatim, trimmed sentence of the body', () => {
  const body: Block[] = [
    p('  “We have waited long enough for this,” said Mara Quill, who runs the café by the quay.  '),
    p('Dr. Oren Vale, the port’s medical officer, said the new terminal’s clinic would open on weekdays from eight until six.'),
    { type: 'blockquote', text: 'A harbour is only as good as the boats that use it, and ours are busier than ever.', attribution: 'Harbour master Tobias Reyne' },
    p('The terminal’s clinic replaces a portable cabin that had stood on the quay since the storms of the previous decade.'),
  ];
  const texts = body.map(blockText);
  const points = suggestKeyPoints(body, { count: 4 });
  assert.ok(points.length > 0);
  for (const point of points) {
    assert.equal(point, point.trim());
    assert.ok(texts.some((t) => t.includes(point)), `"${point}" appears verbatim in the body`);
    assert.match(point, /[.!?]["”’]?$/);
  }
  // Abbreviations do not split a sentence: "Dr." stays with its name.
  assert.ok(!points.includes('Dr.'));
  assert.ok(points.every((pt) => !pt.startsWith('Oren Vale')));
  // Typographic quotes are kept as given.
  const quoted = suggestKeyPoints(body, { count: 4 }).find((s) => s.startsWith('“'));
  if (quoted) assert.ok(quoted.includes('”'));
});

test('skips crossheads, images and lists', () => {
  const points = suggestKeyPoints(HARBOUR, { count: 10, headline: 'Council defends the rebuild budget in full' });
  assert.ok(!points.includes('Council defends the rebuild budget in full'));
  assert.ok(points.every((s) => !s.includes('passengers liked it')), 'no image caption');
  assert.ok(points.every((s) => !s.includes('in total, the council said')), 'no list item');
});

test('prefers a sentence sharing words with the headline over a filler sentence', () => {
  const filler = 'The weather was mild and most people went about their day as usual on Tuesday morning.';
  const relevant = 'The Lantern Bridge reopened to traffic after three months of repairs, engineers confirmed.';
  const body = [p(filler), p('Shops along the promenade opened at the usual hour and the market was busy.'), p(relevant)];
  assert.deepEqual(suggestKeyPoints(body, { count: 1, headline: 'Lantern Bridge reopens after repairs' }), [relevant]);
  // Without the headline the early filler sentence wins on position, so the headline is what made the difference.
  assert.deepEqual(suggestKeyPoints(body, { count: 1 }), [filler]);
});

test('prefers an attributed sentence over a bare quote fragment', () => {
  const body = [
    p('“We always knew the cup final would be close, and it was closer than any of us dared imagine,” said coach Ilse Marr after the match.'),
    p('“Nobody at the cup final will forget the last minute, because it was closer than any of us dared imagine.”'),
  ];
  const [point] = suggestKeyPoints(body, { count: 1, headline: 'Cup final closer than imagined' });
  assert.ok(point?.includes('said coach Ilse Marr'));

  // A reporting verb inside the quotation is not an attribution.
  const leaning = '“Families were told the new sea wall would keep the harbour safe for fifty years.';
  const plain = 'The harbour sea wall was finished in 2021 and cost the town eleven million marks to build.';
  const second = [p(`${leaning} It did not,” said the harbour master, Tobias Reyne.`), p(plain)];
  assert.deepEqual(suggestKeyPoints(second, { count: 1, headline: 'Harbour sea wall fails' }), [plain]);
});

test('avoids near-duplicate sentences', () => {
  const body = [
    p('The river Tamsel burst its banks at Holloway Mill on Sunday night, flooding forty homes.'),
    p('The river Tamsel burst its banks at Holloway Mill late on Sunday night, flooding forty homes.'),
    p('Volunteers from three villages filled sandbags until dawn while the fire brigade pumped out cellars.'),
  ];
  const points = suggestKeyPoints(body, { count: 2 });
  assert.equal(points.length, 2);
  assert.ok(points.some((s) => s.startsWith('Volunteers')));
});

test('is deterministic', () => {
  const opts = { count: 3, headline: 'Ferry terminal reopens after rebuild' };
  const first = suggestKeyPoints(HARBOUR, opts);
  for (let i = 0; i < 5; i++) assert.deepEqual(suggestKeyPoints(HARBOUR, opts), first);
  assert.deepEqual(suggestKeyPoints(structuredClone(HARBOUR), opts), first);
});

// The seed document lives in the shared folder next to the repo (or where DATELINE_SHARED points).
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = process.env.DATELINE_SHARED ? resolve(process.env.DATELINE_SHARED) : resolve(repoRoot, '..', 'shared');
const seedPath = join(sharedDir, 'seed', '000_c6a78940a3395d3e.txt');
const seedMissing = existsSync(seedPath) ? false : `seed document not found at ${seedPath} (set DATELINE_SHARED to the shared folder)`;

test('picks three verbatim sentences from the seed article', { skip: seedMissing }, () => {
  const lines = readFileSync(seedPath, 'utf8').split(/\r?\n/);
  const headline = lines[0]?.trim() ?? '';
  // Lines 5..36 (1-based) are the story; lines starting with "-'" are its crossheads.
  const body = lines
    .slice(4, 36)
    .filter((line) => line.trim() !== '' && !line.startsWith("-'"))
    .map((line) => p(line));
  assert.ok(body.length > 10, 'the seed has a body');
  const points = suggestKeyPoints(body, { headline });
  assert.equal(points.length, 3);
  const all = body.map(blockText);
  for (const point of points) assert.ok(all.some((t) => t.includes(point)), 'each point is verbatim from the seed');
  assert.equal(new Set(points).size, 3);
  assert.deepEqual(suggestKeyPoints(body, { headline }), points);
});
