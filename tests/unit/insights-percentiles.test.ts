/**
 * Percentiles: numpy's default ("linear", Hyndman & Fan type 7), checked against values worked out
 * by hand below. For n sorted values x[0..n-1]: h = (n-1)·p/100, Q = x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1]-x[⌊h⌋]).
 */
import { describe, expect, it } from 'vitest';
import { mean, median, percentile, percentiles } from '../../lib/insights/percentiles';

describe('percentile (linear interpolation between closest ranks)', () => {
  it('five values', () => {
    // sorted: [15, 20, 35, 40, 50], n-1 = 4
    // p50: h = 4·0.50 = 2    → x[2] = 35
    // p90: h = 4·0.90 = 3.6  → x[3] + 0.6·(x[4]-x[3]) = 40 + 0.6·10 = 46
    // p99: h = 4·0.99 = 3.96 → 40 + 0.96·10 = 49.6
    const values = [35, 50, 15, 40, 20]; // unsorted on purpose
    expect(percentiles(values)).toEqual({ p50: 35, p90: 46, p99: expect.closeTo(49.6, 12) });
    expect(values).toEqual([35, 50, 15, 40, 20]); // the input is not sorted in place
  });

  it('1..10, as numpy.percentile(range(1, 11), [50, 90, 99]) gives', () => {
    // n-1 = 9. p50: h = 4.5 → 5 + 0.5·1 = 5.5; p90: h = 8.1 → 9 + 0.1 = 9.1; p99: h = 8.91 → 9.91
    const r = percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!;
    expect(r.p50).toBeCloseTo(5.5, 12);
    expect(r.p90).toBeCloseTo(9.1, 12);
    expect(r.p99).toBeCloseTo(9.91, 12);
  });

  it('two values interpolate between them', () => {
    // [1, 2], n-1 = 1: p50 → h = 0.5 → 1.5; p90 → h = 0.9 → 1.9; p99 → 1.99
    expect(percentiles([2, 1])).toEqual({ p50: 1.5, p90: expect.closeTo(1.9, 12), p99: expect.closeTo(1.99, 12) });
  });

  it('one value is every percentile', () => {
    expect(percentiles([7])).toEqual({ p50: 7, p90: 7, p99: 7 });
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('ties', () => {
    // [5, 5, 5, 10], n-1 = 3
    // p50: h = 1.5  → x[1] + 0.5·(x[2]-x[1]) = 5 + 0.5·0 = 5
    // p90: h = 2.7  → x[2] + 0.7·(10-5) = 8.5
    // p99: h = 2.97 → 5 + 0.97·5 = 9.85
    const r = percentiles([5, 10, 5, 5])!;
    expect(r.p50).toBe(5);
    expect(r.p90).toBeCloseTo(8.5, 12);
    expect(r.p99).toBeCloseTo(9.85, 12);
    expect(percentiles([3, 3, 3])).toEqual({ p50: 3, p90: 3, p99: 3 });
  });

  it('0 is the minimum and 100 the maximum', () => {
    expect(percentile([4, 1, 9], 0)).toBe(1);
    expect(percentile([4, 1, 9], 100)).toBe(9);
    // p25 of [1, 4, 9]: h = 2·0.25 = 0.5 → 1 + 0.5·3 = 2.5
    expect(percentile([4, 1, 9], 25)).toBe(2.5);
  });

  it('no values: null, never 0 or NaN', () => {
    expect(percentiles([])).toBeNull();
    expect(percentile([], 50)).toBeNull();
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it('values that are not finite numbers are left out', () => {
    // [NaN, 1, 3, Infinity] → [1, 3]: median h = 0.5 → 2
    expect(median([Number.NaN, 1, 3, Number.POSITIVE_INFINITY])).toBe(2);
    expect(percentiles([Number.NaN])).toBeNull();
    expect(mean([2, Number.NaN, 4])).toBe(3);
  });

  it('refuses a percentile outside 0..100', () => {
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], -1)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('median of an even count is the mean of the middle two', () => {
    // [10, 20, 30, 40]: h = 1.5 → 20 + 0.5·10 = 25
    expect(median([40, 10, 30, 20])).toBe(25);
  });
});
