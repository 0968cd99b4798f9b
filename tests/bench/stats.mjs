// Summaries of repeated measurements: the median (robust to one slow run), with min and max.

/** @param {number[]} values */
export function summary(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v.at(-1), n: v.length };
}

/** Decode speed as Locus's engine computes it: tokens after the first, over the time after the first. */
export function decodeTokensPerSecond(outputTokens, ttftMs, totalMs) {
  return outputTokens > 1 ? ((outputTokens - 1) * 1000) / Math.max(1, totalMs - ttftMs) : NaN;
}

/** The order of the sides in run `i`: A B C, then C B A, …, so a drift over time hits every side alike. */
export function rotation(sides, i) {
  return i % 2 === 0 ? [...sides] : [...sides].reverse();
}
