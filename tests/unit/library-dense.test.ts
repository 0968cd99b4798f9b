/**
 * The dense index (lib/search/dense-index.ts): top-k equals a brute-force reference, filters,
 * add/remove/replace without rebuilding, snapshots.
 */
import { describe, expect, it } from 'vitest';
import { DenseIndex, type Precision } from '../../lib/search/dense-index';
import { TopK } from '../../lib/search/top-k';
import { l2Normalize } from '../../lib/search/vector-encoding';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

const randomVector = (r: () => number, dims: number) => Float32Array.from({ length: dims }, r);

/** Reference: every cosine, fully sorted. */
function bruteForce(
  vectors: Map<string, ArrayLike<number>>,
  query: ArrayLike<number>,
  k: number,
  keep: (id: string) => boolean = () => true,
) {
  const q = l2Normalize(query);
  return [...vectors]
    .filter(([id]) => keep(id))
    .map(([id, v]) => {
      const u = l2Normalize(v);
      return { id, score: u.reduce((s, x, i) => s + x * q[i]!, 0) };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

describe('TopK', () => {
  it('keeps the k best of a stream, best first', () => {
    const r = rng(1);
    const scores = Array.from({ length: 1000 }, r);
    const top = new TopK(7);
    scores.forEach((s, i) => top.push(i, s));
    const expected = scores
      .map((score, item) => ({ item, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 7);
    expect(top.sorted()).toEqual(expected);
    expect(new TopK(0).sorted()).toEqual([]);
  });
});

describe('DenseIndex', () => {
  const dims = 48;

  it('float32: top-k equals the brute-force reference exactly', () => {
    const r = rng(7);
    const vectors = new Map<string, Float32Array>();
    const index = new DenseIndex(dims, { precision: 'float32' });
    for (let i = 0; i < 500; i++) {
      const v = randomVector(r, dims);
      vectors.set(`c${i}`, v);
      index.add(`c${i}`, v);
    }
    for (let t = 0; t < 20; t++) {
      const q = randomVector(r, dims);
      const got = index.search(q, 10);
      const want = bruteForce(vectors, q, 10);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 5));
    }
  });

  it('int8: equals brute force over its own stored vectors, and stays close to float32', () => {
    const r = rng(11);
    const index = new DenseIndex(dims, { precision: 'int8' });
    const original = new Map<string, Float32Array>();
    for (let i = 0; i < 500; i++) {
      const v = randomVector(r, dims);
      original.set(`c${i}`, v);
      index.add(`c${i}`, v);
    }
    const stored = new Map(index.ids().map((id) => [id, index.vector(id)!]));
    for (const [id, v] of original) {
      const u = l2Normalize(v);
      const back = stored.get(id)!;
      for (let i = 0; i < dims; i++) expect(Math.abs(back[i]! - u[i]!)).toBeLessThanOrEqual(Math.max(...u.map(Math.abs)) / 254 + 1e-7);
    }
    let agree = 0;
    for (let t = 0; t < 20; t++) {
      const q = randomVector(r, dims);
      const got = index.search(q, 10);
      // Reference over the dequantized vectors (unnormalized: the index scores stored values as they are).
      const qn = l2Normalize(q);
      const want = [...stored]
        .map(([id, v]) => ({ id, score: v.reduce((s, x, i) => s + x * qn[i]!, 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 5));
      const exact = new Set(bruteForce(original, q, 10).map((h) => h.id));
      agree += got.filter((h) => exact.has(h.id)).length;
    }
    expect(agree / 200).toBeGreaterThan(0.9);
  });

  it.each<Precision>(['float32', 'int8'])('%s: filters by an allowed set (small or large) and a predicate', (precision) => {
    const r = rng(3);
    const vectors = new Map<string, Float32Array>();
    const index = new DenseIndex(dims, { precision });
    for (let i = 0; i < 200; i++) {
      const v = randomVector(r, dims);
      vectors.set(`c${i}`, v);
      index.add(`c${i}`, v);
    }
    const q = randomVector(r, dims);
    const small = new Set(['c3', 'c50', 'c199', 'missing']);
    expect(
      index
        .search(q, 10, { allow: small })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['c199', 'c3', 'c50']);
    const large = new Set([...vectors.keys()].filter((_, i) => i % 2 === 0));
    const even = index.search(q, 5, { allow: large });
    expect(even.every((h) => large.has(h.id))).toBe(true);
    const ref = precision === 'float32' ? bruteForce(vectors, q, 5, (id) => large.has(id)).map((h) => h.id) : undefined;
    if (ref) expect(even.map((h) => h.id)).toEqual(ref);
    const odd = index.search(q, 5, { predicate: (id) => Number(id.slice(1)) % 2 === 1 });
    expect(odd.every((h) => Number(h.id.slice(1)) % 2 === 1)).toBe(true);
    expect(
      index
        .search(q, 5, { allow: small, predicate: (id) => id !== 'c3' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['c199', 'c50']);
  });

  it.each<Precision>(['float32', 'int8'])('%s: adds, replaces and removes by id; memory follows the count', (precision) => {
    const r = rng(5);
    const index = new DenseIndex(dims, { precision });
    const vectors = new Map<string, Float32Array>();
    for (let i = 0; i < 1000; i++) {
      const v = randomVector(r, dims);
      vectors.set(`c${i}`, v);
      index.add(`c${i}`, v);
    }
    expect(index.bytesPerVector).toBe(precision === 'float32' ? 4 * dims : dims + 4);
    const full = index.allocatedBytes;
    expect(full).toBeLessThanOrEqual(2 * 1000 * index.bytesPerVector);
    // Replace: the same id now points at the query itself.
    const q = randomVector(r, dims);
    index.add('c10', q);
    expect(index.size).toBe(1000);
    expect(index.search(q, 1)[0]).toMatchObject({ id: 'c10' });
    expect(index.search(q, 1)[0]!.score).toBeCloseTo(1, 2);
    // Remove most: the rest still found correctly, memory shrinks.
    for (let i = 0; i < 950; i++) expect(index.remove(`c${i}`)).toBe(true);
    expect(index.remove('c0')).toBe(false);
    expect(index.size).toBe(50);
    expect(index.allocatedBytes).toBeLessThan(full / 4);
    const rest = new Map([...vectors].filter(([id]) => Number(id.slice(1)) >= 950));
    const q2 = randomVector(r, dims);
    const got = index.search(q2, 5).map((h) => h.id);
    if (precision === 'float32') expect(got).toEqual(bruteForce(rest, q2, 5).map((h) => h.id));
    expect(got.every((id) => rest.has(id))).toBe(true);
    expect(index.has('c0')).toBe(false);
    expect(index.has('c999')).toBe(true);
  });

  it.each<Precision>(['float32', 'int8'])('%s: snapshot round trip gives identical results', (precision) => {
    const r = rng(9);
    const index = new DenseIndex(dims, { precision });
    for (let i = 0; i < 100; i++) index.add(`c${i}`, randomVector(r, dims));
    index.remove('c5');
    const snapshot = structuredClone(index.snapshot());
    const loaded = DenseIndex.fromSnapshot(snapshot);
    const q = randomVector(r, dims);
    expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
    expect(loaded.size).toBe(99);
    loaded.add('new', q);
    expect(loaded.search(q, 1)[0]!.id).toBe('new');
  });

  it('int8 with a center: exact cosines of its stored vectors, and precise on anisotropic embeddings', () => {
    // Embeddings that share one big direction (as real ones do): common + small noise.
    const r = rng(21);
    const common = randomVector(r, dims);
    const make = () => {
      const noise = randomVector(r, dims);
      return Float32Array.from(common, (c, i) => c + 0.15 * noise[i]!);
    };
    const entries = Array.from({ length: 400 }, (_, i) => [`c${i}`, make()] as const);
    const original = new Map(entries);
    const centered = new DenseIndex(dims);
    centered.addAll(entries);
    expect(centered.center).toBeDefined();
    const plain = new DenseIndex(dims);
    for (const [id, v] of entries) plain.add(id, v);
    expect(plain.center).toBeUndefined();
    let agreeCentered = 0;
    let agreePlain = 0;
    for (let t = 0; t < 30; t++) {
      const q = make();
      const exact = new Set(bruteForce(original, q, 10).map((h) => h.id));
      const got = centered.search(q, 10);
      // Against the stored (dequantized, center added back) vectors the scan is exact.
      const qn = l2Normalize(q);
      const want = centered.ids().map((id) => ({ id, score: centered.vector(id)!.reduce((s, x, i) => s + x * qn[i]!, 0) }));
      want.sort((a, b) => b.score - a.score);
      expect(got.map((h) => h.id)).toEqual(want.slice(0, 10).map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 5));
      agreeCentered += got.filter((h) => exact.has(h.id)).length;
      agreePlain += plain.search(q, 10).filter((h) => exact.has(h.id)).length;
    }
    expect(agreeCentered / 300).toBeGreaterThan(0.9);
    expect(agreeCentered).toBeGreaterThan(agreePlain);
    // The center is saved, and fixed once vectors are stored.
    const loaded = DenseIndex.fromSnapshot(centered.snapshot());
    expect(loaded.center).toEqual(centered.center);
    const q = make();
    expect(loaded.search(q, 5)).toEqual(centered.search(q, 5));
    expect(() => new DenseIndex(dims, { center: [1] })).toThrow();
    expect(new DenseIndex(dims, { precision: 'float32', center: common }).center).toBeUndefined();
  });

  it('refuses wrong dimensions and keeps zero vectors harmless', () => {
    const index = new DenseIndex(3);
    expect(() => index.add('a', [1, 2])).toThrow(/3 numbers/);
    index.add('zero', [0, 0, 0]);
    index.add('x', [1, 0, 0]);
    expect(index.search([1, 0, 0], 2)).toEqual([
      { id: 'x', score: expect.closeTo(1, 5) },
      { id: 'zero', score: 0 },
    ]);
    expect(() => index.search([1, 0], 1)).toThrow();
    expect(index.similarity('x', [0, 1, 0])).toBeCloseTo(0, 5);
    expect(index.similarity('nope', [0, 1, 0])).toBeUndefined();
  });
});
