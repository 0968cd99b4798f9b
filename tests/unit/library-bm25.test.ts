/**
 * The compact BM25 index the library runs on (lib/search/bm25-index.ts) gives the scores of the
 * MiniSearch-based reference (tests/support/lexical-index.ts), before and after removals, compaction
 * and a snapshot round trip; and the int8 SIMD kernel of the dense scan (lib/search/int8-kernel.ts)
 * computes exact dot products, so the dense index ranks as its JavaScript scan does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../lib/search/bm25-index';
import { DenseIndex } from '../../lib/search/dense-index';
import { createInt8Kernel } from '../../lib/search/int8-kernel';
import { LexicalIndex } from '../support/lexical-index';
import { sharedPath } from '../support/shared-data.mjs';

interface Doc {
  id: string;
  title: string;
  text: string;
}

function scifact(limit: number): { docs: Doc[]; queries: string[] } {
  const dir = sharedPath('data/scifact');
  const docs = readFileSync(path.join(dir, 'corpus.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, limit)
    .map((l) => JSON.parse(l) as { _id: string; title: string; text: string })
    .map((d) => ({ id: d._id, title: d.title, text: d.text }));
  const queries = readFileSync(path.join(dir, 'queries.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, 150)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  return { docs, queries };
}

function expectSameHits(reference: LexicalIndex, compact: Bm25Index, queries: string[], filter?: (id: string) => boolean) {
  let compared = 0;
  for (const q of queries) {
    const a = reference.search(q, { limit: 20, ...(filter ? { filter } : {}) });
    const b = compact.search(q, { limit: 20, ...(filter ? { filter } : {}) });
    expect(b.length).toBe(a.length);
    const byId = new Map(b.map((h) => [h.id, h]));
    a.forEach((h, i) => {
      // Same score at each rank (ties may swap ids); same coverage and terms for each id present.
      expect(b[i]!.score).toBeCloseTo(h.score, 9);
      const o = byId.get(h.id);
      if (!o) return;
      expect(o.coverage).toBeCloseTo(h.coverage, 12);
      expect([...o.matchedTerms].sort()).toEqual([...h.matchedTerms].sort());
      compared += 1;
    });
  }
  expect(compared).toBeGreaterThan(queries.length * 5);
}

describe('Bm25Index', () => {
  const { docs, queries } = scifact(1500);

  it('scores as the MiniSearch reference: BM25, coverage, matched terms', () => {
    const reference = new LexicalIndex();
    const compact = new Bm25Index();
    for (const d of docs) {
      reference.add(d);
      compact.add(d);
    }
    expect(compact.size).toBe(reference.size);
    expectSameHits(reference, compact, queries);
    // Filters and duplicate query terms too.
    expectSameHits(reference, compact, ['cell cell cell death', 'protein protein'], (id) => Number(id) % 2 === 0);
  });

  it('after removals, replacements and compaction, scores as a reference built on what is left; and through a snapshot', () => {
    const compact = new Bm25Index();
    for (const d of docs) compact.add(d);
    // Remove more than a quarter (compaction runs), replace some.
    for (const d of docs.slice(0, 500)) compact.remove(d.id);
    const changed = (d: Doc, i: number) => (i >= 600 && i < 650 ? { ...d, text: `${d.text} mitochondria` } : d);
    docs.forEach((d, i) => i >= 600 && i < 650 && compact.add(changed(d, i)));
    // The reference is built fresh on the final documents. (MiniSearch's own replace path, discard
    // then add, scores differently from a fresh build: measured here, so it is not the reference.)
    const reference = new LexicalIndex();
    docs.forEach((d, i) => i >= 500 && reference.add(changed(d, i)));
    expect(compact.size).toBe(docs.length - 500);
    expect(compact.has(docs[0]!.id)).toBe(false);
    expectSameHits(reference, compact, [...queries.slice(0, 60), 'mitochondria']);
    const back = Bm25Index.fromSnapshot(structuredClone(compact.snapshot()));
    expect(back.size).toBe(compact.size);
    expectSameHits(reference, back, queries.slice(60, 120));
    // A snapshot is typed arrays, not JSON.
    const snap = compact.snapshot();
    expect(snap.postings).toBeInstanceOf(Uint32Array);
    expect(snap.postings.length).toBe(compact.postingCount);
  });

  it('refuses a snapshot of another format', () => {
    const snap = new Bm25Index().snapshot();
    expect(() => Bm25Index.fromSnapshot({ ...snap, version: 99 })).toThrow(/another version/);
  });

  it('returns nothing for stop words only or an empty index', () => {
    const index = new Bm25Index();
    expect(index.search('photosynthesis')).toEqual([]);
    index.add({ id: 'a', text: 'Photosynthesis makes sugar.' });
    expect(index.search('the of and')).toEqual([]);
    expect(index.search('photosynthesis').map((h) => h.id)).toEqual(['a']);
  });
});

describe('int8 SIMD kernel', () => {
  it('computes exact int8·int16 dot products', () => {
    const dims = 64;
    const kernel = createInt8Kernel(dims, 100);
    expect(kernel, 'WebAssembly SIMD is available in Node 20').toBeDefined();
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < kernel!.vectors.length; i++) kernel!.vectors[i] = Math.round(rnd() * 254 - 127);
    const q = Int16Array.from({ length: dims }, () => Math.round(rnd() * 65534 - 32767));
    const out = kernel!.scan(q, 100);
    for (let s = 0; s < 100; s++) {
      let ref = 0;
      for (let j = 0; j < dims; j++) ref += kernel!.vectors[s * dims + j]! * q[j]!;
      expect(out[s]).toBe(ref);
    }
    expect(createInt8Kernel(20, 10)).toBeUndefined(); // not a multiple of 16: JavaScript scan
  });

  it('gives the dense index the ranking of its JavaScript scan', () => {
    let seed = 11;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const withKernel = new DenseIndex(48); // 48 = 3 × 16: kernel
    const vectors = Array.from({ length: 3000 }, () => Float32Array.from({ length: 48 }, rnd));
    withKernel.addAll(vectors.map((v, i) => [`v${i}`, v] as const));
    for (let t = 0; t < 20; t++) {
      const q = Float32Array.from({ length: 48 }, rnd);
      const got = withKernel.search(q, 10);
      // Reference: the exact cosine of each stored vector, fully sorted.
      const all = withKernel
        .ids()
        .map((id) => ({ id, score: withKernel.similarity(id, q)! }))
        .sort((a, b) => b.score - a.score);
      expect(got.map((h) => h.id)).toEqual(all.slice(0, 10).map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(all[i]!.score, 6));
    }
  });
});
