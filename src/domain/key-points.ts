import type { Block } from './article.js';

/**
 * Extractive key points for the "At a glance" box of an article that has none of its own.
 *
 * A centroid-style method: every content word of the body is weighted by its frequency in the body
 * (relative to the most frequent one), each sentence scores the mean weight of its content words, plus a
 * bonus for sharing words with the headline and for coming early. Very short (< 8 words) and very long
 * (> 45 words) sentences, quotations without an attribution outside the quote marks (blockquotes included,
 * their attribution being elsewhere) and, mildly, sentences opening on a pronoun or conjunction are penalised.
 * The best sentences are picked greedily, skipping near-duplicates (Jaccard > 0.5 on content words), and
 * returned in document order, verbatim (only trimmed). Pure and deterministic.
 */

export interface SuggestKeyPointsOptions {
  /** How many sentences at most (default 3). */
  count?: number;
  /** The article's headline: sentences sharing its words score higher. */
  headline?: string;
}

const DEFAULT_COUNT = 3;
const SHORT_WORDS = 8;
const LONG_WORDS = 45;
const SHORT_FACTOR = 0.45;
const LONG_FACTOR = 0.6;
const QUOTE_FRAGMENT_FACTOR = 0.4;
/** For sentences that lean on the one before ("He said…", "But…"), which read oddly on their own. */
const DANGLING_FACTOR = 0.85;
/** Added in full when a sentence holds every content word of the headline. */
const HEADLINE_BONUS = 0.5;
/** Added in full to the first sentence, fading to nothing over the first POSITION_SPAN sentences. */
const POSITION_BONUS = 0.15;
const POSITION_SPAN = 8;
const DUPLICATE_JACCARD = 0.5;

const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its itself just me more most my myself no ' +
    'nor not now of off on once only or other our ours ourselves out over own same she should so some such than ' +
    'that the their theirs them themselves then there these they this those through to too under until up very ' +
    'was we were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'said says say told tells according added adds mr mrs ms dr one two three yet still however since ' +
    'may might must shall us many much even well back around among upon onto within without like'
  ).split(' '),
);

/** Abbreviations after which Intl.Segmenter breaks a sentence that has not ended ("Mr. Smith"). */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr st mt gen sen rep gov lt col capt sgt cpl prof rev hon jr sr no nos vs fig approx dept est inc ltd co corp'.split(' '),
);

const ATTRIBUTION =
  /\b(said|says|say|told|tells|according to|added|adds|asked|asks|explained|explains|wrote|writes|insisted|insists|warned|warns|stressed|stresses|noted|notes|argued|argues|claimed|claims|announced|announces|declared|declares|replied|replies|recalled|recalls|admitted|admits|conceded|concedes|quipped|continued|urged|urges|acknowledged|acknowledges)\b/i;

const DANGLING = /^["“‘']?(?:he|she|they|it|his|her|their|its|this|these|those|but|and|also|however)\b/i;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

interface Sentence {
  /** Position in the body, across all blocks. */
  index: number;
  text: string;
  wordCount: number;
  content: string[];
  contentSet: Set<string>;
  quoteFragment: boolean;
  dangling: boolean;
}

export function suggestKeyPoints(body: readonly Block[], opts: SuggestKeyPointsOptions = {}): string[] {
  const requested = opts.count ?? DEFAULT_COUNT;
  const count = Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : DEFAULT_COUNT;
  if (count === 0 || body.length === 0) return [];

  const sentences = collectSentences(body).filter((s) => s.content.length > 0);
  if (sentences.length === 0) return [];

  const frequency = new Map<string, number>();
  for (const s of sentences) for (const w of s.content) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  let maxFrequency = 1;
  for (const f of frequency.values()) maxFrequency = Math.max(maxFrequency, f);

  const headlineWords = new Set(contentWords(opts.headline ?? ''));

  const scored = sentences.map((s) => {
    const meanWeight = s.content.reduce((sum, w) => sum + (frequency.get(w) ?? 0) / maxFrequency, 0) / s.content.length;
    let shared = 0;
    for (const w of headlineWords) if (s.contentSet.has(w)) shared += 1;
    const headlineBonus = headlineWords.size ? (HEADLINE_BONUS * shared) / headlineWords.size : 0;
    const positionBonus = POSITION_BONUS * Math.max(0, 1 - s.index / POSITION_SPAN);
    let score = meanWeight + headlineBonus + positionBonus;
    if (s.wordCount < SHORT_WORDS) score *= SHORT_FACTOR;
    else if (s.wordCount > LONG_WORDS) score *= LONG_FACTOR;
    if (s.quoteFragment) score *= QUOTE_FRAGMENT_FACTOR;
    if (s.dangling) score *= DANGLING_FACTOR;
    return { sentence: s, score };
  });

  scored.sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index);

  const chosen: Sentence[] = [];
  for (const { sentence } of scored) {
    if (chosen.length >= count) break;
    if (chosen.some((c) => jaccard(c.contentSet, sentence.contentSet) > DUPLICATE_JACCARD)) continue;
    chosen.push(sentence);
  }
  return chosen.sort((a, b) => a.index - b.index).map((s) => s.text);
}

/** The sentences of the body's paragraphs and blockquotes, in document order. */
function collectSentences(body: readonly Block[]): Sentence[] {
  const out: Sentence[] = [];
  for (const block of body) {
    if (block.type !== 'paragraph' && block.type !== 'blockquote') continue;
    for (const piece of splitSentences(block.text)) {
      const words = piece.text.match(WORD) ?? [];
      if (words.length === 0) continue;
      const content = contentWords(piece.text);
      const startsQuoted = piece.insideQuote || /^["“‘'«]/.test(piece.text);
      out.push({
        index: out.length,
        text: piece.text,
        wordCount: words.length,
        content,
        contentSet: new Set(content),
        // A blockquote's attribution lives outside its text, so its sentences read as bare quotes too.
        quoteFragment: (block.type === 'blockquote' || startsQuoted) && !ATTRIBUTION.test(outsideQuotes(piece.text, piece.insideQuote)),
        dangling: DANGLING.test(piece.text),
      });
    }
  }
  return out;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Splits text into trimmed sentences with Intl.Segmenter, rejoining the breaks it makes after common
 * abbreviations and initials ("Dr. Amis", "John F. Kennedy"); notes whether each starts inside a quotation.
 */
function splitSentences(text: string): { text: string; insideQuote: boolean }[] {
  const ranges: { start: number; end: number }[] = [];
  let pending: { start: number; end: number } | undefined;
  for (const seg of segmenter.segment(text)) {
    const range = { start: pending?.start ?? seg.index, end: seg.index + seg.segment.length };
    pending = undefined;
    if (endsWithAbbreviation(text.slice(range.start, range.end).trimEnd())) pending = range;
    else ranges.push(range);
  }
  if (pending) ranges.push(pending);

  const out: { text: string; insideQuote: boolean }[] = [];
  for (const { start, end } of ranges) {
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: trimmed, insideQuote: insideQuotation(text.slice(0, start + lead)) });
  }
  return out;
}

function endsWithAbbreviation(segment: string): boolean {
  const m = /(?:^|[\s(“"‘'])([\p{L}]+)\.$/u.exec(segment);
  if (!m?.[1]) return false;
  const word = m[1];
  if (ABBREVIATIONS.has(word.toLowerCase()) && /^\p{Lu}/u.test(word)) return true;
  // An initial after a capitalised name: "John F." or "J. R."
  if (/^\p{Lu}$/u.test(word)) {
    const before = segment.slice(0, segment.length - word.length - 1).trimEnd();
    return /(?:^|\s)(?:\p{Lu}[\p{L}'’-]*|\p{Lu}\.)$/u.test(before);
  }
  return false;
}

/** The parts of a sentence outside double quotation marks, where an attribution ("she said") would be. */
function outsideQuotes(sentence: string, startsInside: boolean): string {
  let inside = startsInside;
  let out = '';
  for (const ch of sentence) {
    if (ch === '"' || ch === '“' || ch === '«' || ch === '”' || ch === '»') {
      inside = ch === '"' ? !inside : ch === '“' || ch === '«';
      out += ' ';
    } else if (!inside) {
      out += ch;
    }
  }
  return out;
}

/** Whether a double quotation opened in `before` is still open at its end. */
function insideQuotation(before: string): boolean {
  let straight = 0;
  let curly = 0;
  for (const ch of before) {
    if (ch === '"') straight += 1;
    else if (ch === '“' || ch === '«') curly += 1;
    else if (ch === '”' || ch === '»') curly = Math.max(0, curly - 1);
  }
  return straight % 2 === 1 || curly > 0;
}

/** Lower-cased, lightly stemmed words of a text, without stop words, numbers and single letters. */
function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const token of text.match(WORD) ?? []) {
    const word = normalise(token);
    if (word.length < 2 || /^\d+$/.test(word) || STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

function normalise(token: string): string {
  return token
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/'s$/, '')
    .replace(/'/g, '');
}

/** A deliberately small suffix stripper: enough to match "repairs"/"repair" and "reopened"/"reopens". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('sses')) return word.slice(0, -2);
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}
