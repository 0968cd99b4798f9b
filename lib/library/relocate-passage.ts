/**
 * When the page changed since it was saved: `relocatePassage` finds a cited passage in the new text,
 * exactly, or failing that by the densest window of shared word trigrams; below a similarity floor
 * the passage is reported gone rather than pointing somewhere wrong (lib/library/citations.ts builds
 * the text fragment that works while the page is unchanged). Written by hand: diff-match-patch's
 * fuzzy `match_main` (bitap) handles patterns of at most 32 characters, and a full diff of the page
 * is far more work than locating one passage.
 */

export interface Relocated {
  start: number;
  end: number;
  /** 1 for an exact match; otherwise the share of the passage's word trigrams found in the window. */
  similarity: number;
  exact: boolean;
}

function wordSpans(text: string): Array<{ start: number; end: number; key: string }> {
  return Array.from(text.matchAll(/[\p{L}\p{M}\p{N}]+/gu), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    key: m[0].toLowerCase(),
  }));
}

/** Minimum share of the passage's word trigrams for a changed passage to count as found. */
export const RELOCATE_MIN_SIMILARITY = 0.5;

/**
 * Finds a stored passage in a page's new text. Exact matches first (the one nearest `hint`, the old
 * offset, when several); then the window of the new text, as long as the passage, that shares the
 * most word trigrams with it (bigrams or words for passages too short for trigrams), trimmed to its
 * first and last shared words. Undefined when less than `minSimilarity` of the passage is there.
 */
export function relocatePassage(
  passage: string,
  newText: string,
  options: { hint?: number; minSimilarity?: number } = {},
): Relocated | undefined {
  const hint = options.hint ?? 0;
  const trimmed = passage.trim();
  if (!trimmed) return undefined;
  let best = -1;
  for (let i = newText.indexOf(trimmed); i >= 0; i = newText.indexOf(trimmed, i + 1)) {
    if (best < 0 || Math.abs(i - hint) < Math.abs(best - hint)) best = i;
  }
  if (best >= 0) return { start: best, end: best + trimmed.length, similarity: 1, exact: true };

  const p = wordSpans(trimmed);
  const t = wordSpans(newText);
  if (!p.length || !t.length) return undefined;
  const n = Math.min(3, p.length);
  const gram = (ws: typeof p, i: number) =>
    ws
      .slice(i, i + n)
      .map((w) => w.key)
      .join(' ');
  const wanted = new Map<string, number>();
  for (let i = 0; i + n <= p.length; i++) wanted.set(gram(p, i), (wanted.get(gram(p, i)) ?? 0) + 1);
  const total = p.length - n + 1;
  // hits[j] = 1 when the new text's n-gram at word j is one of the passage's.
  const hits = new Uint8Array(Math.max(0, t.length - n + 1));
  for (let j = 0; j < hits.length; j++) hits[j] = wanted.has(gram(t, j)) ? 1 : 0;
  const window = Math.min(total, hits.length);
  let sum = 0;
  for (let j = 0; j < window; j++) sum += hits[j]!;
  let bestSum = sum;
  let bestAt = 0;
  for (let j = window; j < hits.length; j++) {
    sum += hits[j]! - hits[j - window]!;
    const at = j - window + 1;
    if (sum > bestSum || (sum === bestSum && Math.abs(t[at]!.start - hint) < Math.abs(t[bestAt]!.start - hint))) {
      bestSum = sum;
      bestAt = at;
    }
  }
  const similarity = Math.min(1, bestSum / total);
  if (bestSum === 0 || similarity < (options.minSimilarity ?? RELOCATE_MIN_SIMILARITY)) return undefined;
  let first = bestAt;
  while (!hits[first]) first += 1;
  let lastGram = bestAt + window - 1;
  while (!hits[lastGram]) lastGram -= 1;
  // Widen to the punctuation attached to the first and last words ("(word", "word.").
  let start = t[first]!.start;
  let end = t[lastGram + n - 1]!.end;
  while (start > 0 && /[^\s\p{L}\p{M}\p{N}]/u.test(newText[start - 1]!)) start -= 1;
  while (end < newText.length && /[^\s\p{L}\p{M}\p{N}]/u.test(newText[end]!)) end += 1;
  return { start, end, similarity, exact: false };
}
