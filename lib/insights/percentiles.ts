/**
 * Percentiles by linear interpolation between closest ranks: Hyndman & Fan (1996) definition 7,
 * the default of numpy.percentile ("linear"), R's quantile(type = 7) and Excel's PERCENTILE.INC.
 *
 * For the n values sorted ascending, x[0] ≤ … ≤ x[n-1], the p-th percentile (0 ≤ p ≤ 100) is
 *
 *     h = (n − 1) · p / 100,   Q(p) = x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋])
 *
 * so Q(0) is the minimum, Q(100) the maximum, and Q(50) the usual median. With one value every
 * percentile is that value. With no values there is no percentile: the functions return null
 * (never 0 or NaN, which a chart would draw as a real figure). Values that are not finite numbers
 * (a missing figure read back as NaN) are left out before counting.
 */

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

function finiteSorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** Q(p) of values already sorted ascending and all finite; `sorted` must not be empty. */
function fromSorted(sorted: readonly number[], p: number): number {
  const h = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  const fraction = h - lo;
  if (fraction === 0) return below;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return below + fraction * (above - below);
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`A percentile must be between 0 and 100 (got ${p}).`);
}

/** The p-th percentile (0 to 100) of `values` in any order; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  checkP(p);
  const sorted = finiteSorted(values);
  return sorted.length ? fromSorted(sorted, p) : null;
}

/** The median, p90 and p99 of `values` (sorted once); null when there are none. */
export function percentiles(values: readonly number[]): Percentiles | null {
  const sorted = finiteSorted(values);
  if (!sorted.length) return null;
  return { p50: fromSorted(sorted, 50), p90: fromSorted(sorted, 90), p99: fromSorted(sorted, 99) };
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/** Arithmetic mean of the finite values; null when there are none. */
export function mean(values: readonly number[]): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : null;
}
