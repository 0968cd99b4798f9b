// The library's own code at scale, in a dedicated worker of a cross-origin-isolated page (as in the
// engine worker): IndexedDB writes through LibraryStore (the product's transactions and batches),
// the in-memory indexes (LibraryIndex: compact BM25 + int8 dense + filters), hybrid retrieval with
// the "nothing relevant" decision, and loading the indexes back from IndexedDB.
//
// The chunks are SYNTHETIC: ~150 words drawn from SciFact's vocabulary with a Zipf-like skew (every
// chunk shares many frequent words, the hard case for an inverted index), and random 384-dim
// vectors with a common direction (as real embeddings have). Deterministic per page, so the same
// library is written to IndexedDB and built in memory without keeping it around.
import { judgeRelevance } from '../../../lib/library/citations';
import { DenseIndex } from '../../../lib/search/dense-index';
import { LibraryIndex, centerKey, siteOf } from '../../../lib/library/library-index';
import { LibraryStore, chunkId, type PageMeta } from '../../../lib/library/library-store';
import { LocusDatabase, type ChunkRow } from '../../../lib/store/db';

const DIMS = 384;
const MODEL = 'bench/synthetic-384';
const COURSES = 20;

let words: string[] = [];
let chunksPerPage = 20;
let wordsPerChunk = 150;
let db: LocusDatabase | undefined;
let store: LibraryStore | undefined;
let index: LibraryIndex | undefined;
let built = 0;
let center: Float32Array | undefined;
let direction: Float32Array | undefined;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(r: () => number) {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

const pick = (r: () => number) => words[Math.min(words.length - 1, Math.floor(Math.pow(r(), 2.5) * words.length))]!;

function vectorFor(r: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = gaussian(r) * 0.05 + direction![i]!;
  return v;
}

/** Page `p` of the synthetic library: its metadata, text, chunk rows and vectors. */
function page(p: number) {
  const r = rng(1000 + p);
  const id = `bench-${p.toString(36).padStart(5, '0')}`;
  const blocks: string[] = [];
  for (let c = 0; c < chunksPerPage; c++) {
    const n = wordsPerChunk - 20 + Math.floor(r() * 40);
    blocks.push(Array.from({ length: n }, () => pick(r)).join(' '));
  }
  let text = '';
  const chunks: ChunkRow[] = blocks.map((block, c) => {
    if (c) text += '\n\n';
    const start = text.length;
    text += block;
    return {
      id: chunkId(id, c),
      pageId: id,
      start,
      end: text.length,
      text: block,
      headingPath: [`Section ${c + 1}`],
      tokens: block.split(' ').length,
    };
  });
  const url = `https://course${p % COURSES}.example.edu/page/${p}`;
  const meta: PageMeta = {
    id,
    url,
    title: `Page ${p}`,
    lang: 'en',
    course: `Course ${p % COURSES}`,
    tags: [`week ${p % 14}`],
    site: siteOf(url),
    kind: 'web',
    savedAt: 1_700_000_000_000 + p,
    chars: text.length,
    embeddedChunks: 0,
    totalChunks: chunks.length,
    embeddingModel: MODEL,
  };
  const vectors = chunks.map(() => vectorFor(r));
  return { meta, text, chunks, vectors };
}

function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
}

function denseFor(): DenseIndex {
  return new DenseIndex(DIMS, { center: center! });
}

const ops = {
  env() {
    return {
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      simd: typeof WebAssembly !== 'undefined',
    };
  },

  async setup(args: { words: string[]; chunksPerPage: number; wordsPerChunk: number }) {
    words = args.words;
    chunksPerPage = args.chunksPerPage;
    wordsPerChunk = args.wordsPerChunk;
    const r = rng(7);
    direction = new Float32Array(DIMS);
    for (let i = 0; i < DIMS; i++) direction[i] = gaussian(r);
    let norm = 0;
    for (const x of direction) norm += x * x;
    for (let i = 0; i < DIMS; i++) direction[i] = (direction[i]! / Math.sqrt(norm)) * 0.15;
    center = DenseIndex.centerOf(
      Array.from({ length: 256 }, () => vectorFor(r)),
      DIMS,
    );
    if (db) {
      db.close();
      await db.delete();
    }
    db = new LocusDatabase('locus-bench-library');
    await db.delete();
    db = new LocusDatabase('locus-bench-library');
    store = new LibraryStore(db);
    await store.setMeta(centerKey(MODEL), { dims: DIMS, center });
    index = new LibraryIndex();
    index.useCenter(MODEL, { dims: DIMS, center });
    index.denseModel = MODEL;
    built = 0;
    return { words: words.length };
  },

  /**
   * Writes pages [from, to) as the product does: each page with its text and chunks in one
   * transaction (putPage), then its vectors in batches of `batch` with the page's counter
   * (addVectors), like the embedding queue.
   */
  async write(args: { from: number; to: number; batch: number }) {
    const quantizer = denseFor();
    let pagesMs = 0;
    let vectorsMs = 0;
    let chunks = 0;
    let bytes = 0;
    for (let p = args.from; p < args.to; p++) {
      const { meta, text, chunks: rows, vectors } = page(p);
      let t = performance.now();
      await store!.putPage(meta, text, rows);
      pagesMs += performance.now() - t;
      bytes += text.length * 2;
      t = performance.now();
      for (let i = 0; i < rows.length; i += args.batch) {
        const part = rows.slice(i, i + args.batch).map((row, j) => ({ chunkId: row.id, ...quantizer.quantize(vectors[i + j]!) }));
        await store!.addVectors(meta, MODEL, part, Math.min(rows.length, i + args.batch));
      }
      vectorsMs += performance.now() - t;
      chunks += rows.length;
    }
    return { chunks, pagesMs, vectorsMs, textBytes: bytes };
  },

  /** Adds pages [built, upTo) to the in-memory indexes, as a save then its embedding would. */
  build(args: { upTo: number }) {
    const t = performance.now();
    const dense = index!.dense!;
    const quantizer = denseFor();
    for (let p = built; p < args.upTo; p++) {
      const { meta, chunks, vectors } = page(p);
      index!.putPage({ ...meta, embeddedChunks: meta.totalChunks }, chunks);
      chunks.forEach((row, i) => {
        const q = quantizer.quantize(vectors[i]!);
        dense.addQuantized(row.id, q.data, q.scale);
      });
    }
    built = args.upTo;
    return { ms: performance.now() - t, chunks: index!.lexical.size, vectors: dense.size };
  },

  /** Hybrid retrieval + the relevance decision, one query at a time, as "Ask my library" runs it. */
  query(args: { n: number; filter: boolean; seed: number }) {
    const r = rng(args.seed);
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < args.n + 5; i++) {
      const text = Array.from({ length: 4 + Math.floor(r() * 4) }, () => pick(r)).join(' ');
      const vector = vectorFor(r);
      const filter = args.filter ? { courses: [`Course ${i % COURSES}`] } : {};
      const t = performance.now();
      const hits = index!.search({ text, vector, filter, limit: 8, depth: 100 });
      const decision = judgeRelevance(hits);
      const ms = performance.now() - t;
      if (i >= 5) times.push(ms); // the first few warm the JIT
      if (decision.found) found += 1;
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), n: times.length, found };
  },

  stats() {
    const dense = index!.dense!;
    return {
      pages: index!.pages.size,
      chunks: index!.lexical.size,
      terms: index!.lexical.termCount,
      postings: index!.lexical.postingCount,
      denseBytes: dense.size * dense.bytesPerVector,
      denseAllocatedBytes: dense.allocatedBytes,
    };
  },

  /** Drops the in-memory indexes (for a memory baseline). */
  drop() {
    index = undefined;
    (globalThis as { gc?: () => void }).gc?.();
    return true;
  },

  /** Loads the indexes from IndexedDB: without a snapshot (rebuilt from chunk rows), then with one. */
  async load() {
    (globalThis as { gc?: () => void }).gc?.();
    let t = performance.now();
    let loaded = await LibraryIndex.load(store!, MODEL);
    const coldMs = performance.now() - t;
    t = performance.now();
    await loaded.saveSnapshot(store!);
    const snapshotMs = performance.now() - t;
    loaded = undefined as never;
    (globalThis as { gc?: () => void }).gc?.();
    t = performance.now();
    index = await LibraryIndex.load(store!, MODEL);
    const warmMs = performance.now() - t;
    return { coldMs, snapshotMs, warmMs, chunks: index.lexical.size, vectors: index.dense?.size ?? 0 };
  },

  async counts() {
    return store!.counts();
  },

  async cleanup() {
    db?.close();
    await db?.delete();
    db = undefined;
    index = undefined;
    return true;
  },
};

self.addEventListener('message', async (event: MessageEvent<{ id: number; op: keyof typeof ops; args: never }>) => {
  const { id, op, args } = event.data;
  try {
    self.postMessage({ id, ok: true, result: await (ops[op] as (a: never) => unknown)(args) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
});
