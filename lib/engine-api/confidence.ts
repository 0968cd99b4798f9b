/**
 * How sure a model was of what it wrote, from its next-token distributions. For each generated
 * token the engine hands over the scores (logits) it chose from; we keep
 *
 *   entropy  H = −Σ p·ln p   (nats; 0 = certain, ln V = uniform over a vocabulary of V tokens)
 *   top-2 gap  p₁ − p₂        (1 = no doubt, 0 = a coin toss between two tokens)
 *
 * averaged over the answer. These are cheap (one pass over the vocabulary per token) and honest
 * signals of a model that is guessing; they are not calibrated probabilities of being right, and
 * the thresholds that use them (lib/router/router.ts) are heuristics.
 */

export interface TokenConfidence {
  /** Generated tokens measured. */
  tokens: number;
  /** Mean entropy of the next-token distribution, in nats. */
  meanEntropy: number;
  /** Mean gap between the two most likely tokens' probabilities. */
  meanTop2Gap: number;
  /** Mean probability of the most likely token. */
  meanTop1: number;
  /** Share of tokens whose top-2 gap was below LOW_GAP. */
  lowGapShare: number;
}

export const LOW_GAP = 0.1;

export interface StepStats {
  entropy: number;
  top1: number;
  top2: number;
}

/** Softmax statistics of one row of logits (`values[offset .. offset+length)`), numerically stable. */
export function stepStats(values: ArrayLike<number>, offset = 0, length = values.length - offset): StepStats {
  let max = -Infinity;
  for (let i = offset; i < offset + length; i++) {
    const v = values[i]!;
    if (v > max) max = v;
  }
  if (!Number.isFinite(max)) return { entropy: 0, top1: 0, top2: 0 };
  let sum = 0;
  let weighted = 0; // Σ e^(l−max) · (l−max)
  let e1 = 0;
  let e2 = 0;
  for (let i = offset; i < offset + length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue; // a masked token (−∞) has probability 0
    const d = v - max;
    const e = Math.exp(d);
    sum += e;
    weighted += e * d;
    if (e > e1) {
      e2 = e1;
      e1 = e;
    } else if (e > e2) e2 = e;
  }
  // H = ln Z − Σ p·(l−max), with Z = Σ e^(l−max)
  const entropy = Math.max(0, Math.log(sum) - weighted / sum);
  return { entropy, top1: e1 / sum, top2: e2 / sum };
}

/** Accumulates step statistics over an answer. */
export class ConfidenceMeter {
  #tokens = 0;
  #entropy = 0;
  #gap = 0;
  #top1 = 0;
  #low = 0;

  add(step: StepStats): void {
    this.#tokens += 1;
    this.#entropy += step.entropy;
    const gap = step.top1 - step.top2;
    this.#gap += gap;
    this.#top1 += step.top1;
    if (gap < LOW_GAP) this.#low += 1;
  }

  addLogits(values: ArrayLike<number>, offset = 0, length = values.length - offset): void {
    this.add(stepStats(values, offset, length));
  }

  result(): TokenConfidence | undefined {
    const n = this.#tokens;
    if (n === 0) return undefined;
    return { tokens: n, meanEntropy: this.#entropy / n, meanTop2Gap: this.#gap / n, meanTop1: this.#top1 / n, lowGapShare: this.#low / n };
  }
}
