/**
 * Word-level F1 between two plain texts, for scoring a body extraction against a reference.
 * Pure and dependency-free so that evaluation scripts can reuse it.
 */

/** Han, Hiragana and Katakana are written without spaces, so each of their characters counts as one word. */
const TOKEN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;

/** Lower-cased word tokens: runs of letters, digits and combining marks (punctuation and spaces split words). */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

function counts(tokens: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const t of tokens) map.set(t, (map.get(t) ?? 0) + 1);
  return map;
}

/**
 * F1 of the multiset of lower-cased word tokens of `a` (the extraction) against `b` (the reference):
 * overlap = Σ min(count in a, count in b); precision = overlap / |a|; recall = overlap / |b|.
 * Two texts without words score 1; one empty side scores 0. Symmetric in its arguments.
 */
export function wordF1(a: string, b: string): number {
  const ta = wordTokens(a);
  const tb = wordTokens(b);
  if (ta.length === 0 && tb.length === 0) return 1;
  if (ta.length === 0 || tb.length === 0) return 0;
  const cb = counts(tb);
  let overlap = 0;
  for (const [token, n] of counts(ta)) overlap += Math.min(n, cb.get(token) ?? 0);
  if (overlap === 0) return 0;
  const precision = overlap / ta.length;
  const recall = overlap / tb.length;
  return (2 * precision * recall) / (precision + recall);
}
