/**
 * Reciprocal rank fusion against hand-computed values, metadata filters, and the hybrid retriever
 * over both indexes (lib/search/fusion.ts).
 */
import { describe, expect, it } from 'vitest';
import { DenseIndex } from '../../lib/search/dense-index';
import { HybridRetriever, matchesFilter, reciprocalRankFusion, type ChunkMetadata } from '../../lib/search/fusion';
import { LexicalIndex } from '../support/lexical-index';

const ids = (...xs: string[]) => xs.map((id) => ({ id }));

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the lists (k = 60)', () => {
    const fused = reciprocalRankFusion([ids('a', 'b', 'c'), ids('b', 'c', 'd')]);
    // a: 1/61; b: 1/62 + 1/61; c: 1/63 + 1/62; d: 1/63
    expect(fused.map((h) => h.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 63 + 1 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[3]!.score).toBeCloseTo(1 / 63, 12);
    expect(fused[0]!.ranks).toEqual([2, 1]);
    expect(fused[2]!.ranks).toEqual([1, undefined]);
  });

  it('applies k, weights and limit', () => {
    const fused = reciprocalRankFusion([ids('a', 'b'), ids('b', 'a')], { k: 0, weights: [2, 1], limit: 1 });
    // a: 2/1 + 1/2 = 2.5; b: 2/2 + 1/1 = 2
    expect(fused).toEqual([{ id: 'a', score: 2.5, ranks: [1, 2] }]);
  });

  it('counts an id once per list and breaks ties by best rank, then id', () => {
    const fused = reciprocalRankFusion([ids('x', 'x', 'y'), ids('z')]);
    expect(fused.find((h) => h.id === 'x')!.score).toBeCloseTo(1 / 61, 12);
    expect(fused.find((h) => h.id === 'y')!.ranks).toEqual([3, undefined]);
    // x (rank 1 in list 0) and z (rank 1 in list 1) tie: id order.
    expect(fused.map((h) => h.id)).toEqual(['x', 'z', 'y']);
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});

describe('matchesFilter', () => {
  const meta: ChunkMetadata = { pageId: 'p1', course: '8.01', tags: ['exam', 'week1'], site: 'ocw.mit.edu' };
  it('ORs values within a field and ANDs fields; sites match subdomains', () => {
    expect(matchesFilter(meta, undefined)).toBe(true);
    expect(matchesFilter(meta, { courses: [] })).toBe(true);
    expect(matchesFilter(meta, { courses: ['18.06', '8.01'] })).toBe(true);
    expect(matchesFilter(meta, { courses: ['18.06'] })).toBe(false);
    expect(matchesFilter(meta, { tags: ['week2', 'exam'] })).toBe(true);
    expect(matchesFilter(meta, { tags: ['week2'] })).toBe(false);
    expect(matchesFilter(meta, { sites: ['mit.edu'] })).toBe(true);
    expect(matchesFilter(meta, { sites: ['t.edu'] })).toBe(false);
    expect(matchesFilter(meta, { courses: ['8.01'], tags: ['week2'] })).toBe(false);
    expect(matchesFilter(meta, { pageIds: ['p1'] })).toBe(true);
    expect(matchesFilter(undefined, { courses: ['8.01'] })).toBe(false);
  });
});

describe('HybridRetriever', () => {
  // Three chunks; dense vectors in 3 dims chosen by hand.
  const chunks = [
    {
      id: 'k1',
      text: 'Newton second law: force equals mass times acceleration',
      v: [1, 0, 0],
      meta: { pageId: 'p1', course: '8.01', site: 'ocw.mit.edu' },
    },
    {
      id: 'k2',
      text: 'Momentum is conserved in collisions',
      v: [0.8, 0.6, 0],
      meta: { pageId: 'p2', course: '8.01', site: 'ocw.mit.edu' },
    },
    { id: 'k3', text: 'The French Revolution began in 1789', v: [0, 0, 1], meta: { pageId: 'p3', course: '21H', site: 'example.org' } },
  ];
  const lexical = new LexicalIndex();
  const dense = new DenseIndex(3, { precision: 'float32' });
  for (const c of chunks) {
    lexical.add({ id: c.id, text: c.text });
    dense.add(c.id, c.v);
  }
  const metaById = new Map(chunks.map((c) => [c.id, c.meta]));
  const retriever = new HybridRetriever(lexical, dense, (id) => metaById.get(id));

  it('fuses the two lists by RRF and annotates each hit', () => {
    const hits = retriever.search({ text: 'collisions momentum', vector: [1, 0.1, 0] });
    // lexical: [k2]; dense: [k1 (0.995), k2 (0.85), k3 (0)]
    expect(hits.map((h) => h.id)).toEqual(['k2', 'k1', 'k3']);
    expect(hits[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(hits[0]!.lexical).toMatchObject({ rank: 1, coverage: 1 });
    expect(hits[0]!.dense!.rank).toBe(2);
    expect(hits[1]!.lexical).toBeUndefined();
    expect(hits[1]!.dense!.score).toBeCloseTo(1 / Math.hypot(1, 0.1), 5);
  });

  it('gives lexical-only hits their cosine in hybrid mode', () => {
    // lexical: [k3]; dense (2 candidates): [k1, k2]; so k3's cosine is computed for it.
    const hits = retriever.search({ text: 'French revolution', vector: [1, 0, 0], limit: 2, depth: 1 });
    expect(hits.map((h) => h.id)).toEqual(['k1', 'k3']);
    const k3 = hits.find((h) => h.id === 'k3')!;
    expect(k3.dense).toEqual({ score: expect.closeTo(0, 5) });
  });

  it('filters both retrievers by metadata', () => {
    const hits = retriever.search({ text: 'revolution force momentum', vector: [0, 0, 1], filter: { courses: ['8.01'] } });
    expect(hits.map((h) => h.id).sort()).toEqual(['k1', 'k2']);
    const site = retriever.search({ text: 'revolution force', vector: [1, 0, 0], filter: { sites: ['example.org'] } });
    expect(site.map((h) => h.id)).toEqual(['k3']);
  });

  it('runs lexical or dense alone, and lexical when there is no vector', () => {
    expect(retriever.search({ text: 'force', mode: 'lexical' }).map((h) => h.id)).toEqual(['k1']);
    expect(retriever.search({ text: '', vector: [0, 0, 1], mode: 'dense', limit: 1 }).map((h) => h.id)).toEqual(['k3']);
    expect(retriever.search({ text: 'force' }).map((h) => h.id)).toEqual(['k1']);
    expect(() => retriever.search({ text: 'force', mode: 'dense' })).toThrow(/vector/);
  });
});
