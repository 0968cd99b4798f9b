/**
 * ROUGE-1, ROUGE-2 and ROUGE-L (Lin, "ROUGE: A Package for Automatic Evaluation of Summaries",
 * ACL Workshop on Text Summarization Branches Out, 2004), computed as Google's `rouge-score` Python
 * package computes them (its RougeScorer.score and score_multi), so figures can be compared with
 * published ones:
 *
 * - Tokens: the text is lower-cased, every run of characters other than [a-z0-9] becomes a space,
 *   and the text is split on spaces. With stemming, tokens longer than 3 characters are replaced by
 *   their Porter stem (NLTK's default mode, see porter.ts). Non-ASCII letters are separators, as
 *   in rouge-score: this metric is for English.
 * - ROUGE-N: n-gram counts of reference and candidate; overlap = Σ min(count_ref, count_cand);
 *   precision = overlap / candidate n-grams, recall = overlap / reference n-grams (each over at
 *   least 1), F1 = 2PR / (P + R), or 0 when P + R = 0.
 * - ROUGE-L: the longest common subsequence of the two token lists (not necessarily contiguous);
 *   precision = LCS / candidate length, recall = LCS / reference length; 0 when either is empty.
 *   (Sentence-level ROUGE-L, rouge-score's "rougeL", not the summary-level "rougeLsum".)
 * - Several references: each ROUGE type takes the score of the reference with the highest F1
 *   (rouge-score's score_multi; the first on ties), as SciTLDR reports "max over references".
 */
import { porterStem } from './porter';

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

export const ROUGE_TYPES = ['rouge1', 'rouge2', 'rougeL'] as const;
export type RougeType = (typeof ROUGE_TYPES)[number];
export type RougeScores = Record<RougeType, RougeScore>;

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (rouge-score's use_stemmer). Default false, as there. */
  stem?: boolean;
}

const ZERO: RougeScore = { precision: 0, recall: 0, f1: 0 };

export function f1(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** rouge-score's tokenizer. */
export function rougeTokens(text: string, options: RougeOptions = {}): string[] {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/);
  const stemmed = options.stem ? words.map((w) => (w.length > 3 ? porterStem(w) : w)) : words;
  return stemmed.filter((w) => /^[a-z0-9]+$/.test(w));
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N of token lists (`reference` is the human summary, `candidate` the model's). */
export function rougeN(reference: readonly string[], candidate: readonly string[], n: number): RougeScore {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ROUGE-N needs a positive n (got ${n}).`);
  const ref = ngramCounts(reference, n);
  const cand = ngramCounts(candidate, n);
  let overlap = 0;
  for (const [gram, c] of ref) overlap += Math.min(c, cand.get(gram) ?? 0);
  const refTotal = Math.max(0, reference.length - n + 1);
  const candTotal = Math.max(0, candidate.length - n + 1);
  const precision = overlap / Math.max(candTotal, 1);
  const recall = overlap / Math.max(refTotal, 1);
  return { precision, recall, f1: f1(precision, recall) };
}

/** Length of the longest common subsequence (dynamic programming, two rows). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  let prev = new Uint32Array(b.length + 1);
  let row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

/** ROUGE-L (sentence level) of token lists. */
export function rougeL(reference: readonly string[], candidate: readonly string[]): RougeScore {
  if (!reference.length || !candidate.length) return { ...ZERO };
  const lcs = lcsLength(reference, candidate);
  const precision = lcs / candidate.length;
  const recall = lcs / reference.length;
  return { precision, recall, f1: f1(precision, recall) };
}

/** ROUGE-1, ROUGE-2 and ROUGE-L of a candidate summary against one reference. */
export function rouge(reference: string, candidate: string, options: RougeOptions = {}): RougeScores {
  const ref = rougeTokens(reference, options);
  const cand = rougeTokens(candidate, options);
  return { rouge1: rougeN(ref, cand, 1), rouge2: rougeN(ref, cand, 2), rougeL: rougeL(ref, cand) };
}

/** Against several references: per ROUGE type, the score of the reference with the highest F1. */
export function rougeMax(references: readonly string[], candidate: string, options: RougeOptions = {}): RougeScores {
  if (!references.length) throw new RangeError('ROUGE needs at least one reference summary.');
  const all = references.map((r) => rouge(r, candidate, options));
  const best = (type: RougeType) => all.reduce((top, s) => (s[type].f1 > top[type].f1 ? s : top))[type];
  return { rouge1: best('rouge1'), rouge2: best('rouge2'), rougeL: best('rougeL') };
}
