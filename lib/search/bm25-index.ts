/**
 * BM25 over chunks in compact arrays: the library's lexical index at the scale of a student's whole
 * library (10,000 pages, 200,000 chunks), with the same analysis and the same scores as
 * `LexicalIndex` (tests/support/lexical-index.ts, on MiniSearch).
 *
 * Why a second index next to MiniSearch's. Measured with 200,000 synthetic chunks of ~150 words
 * (tests/bench/library-scale.mjs; Node 20, 2 cores): MiniSearch held 1.28 GB of heap, took 117 s to
 * build and 17 s to load from its 313 MB JSON, and a 4-term query took up to 536 ms, because it keeps
 * one Map entry per (term, document) and builds one result object per matching document. Here a
 * posting is one small integer in a plain array (4 bytes in Chromium), a query adds scores into one
 * reused Float64Array, and persistence is a handful of typed arrays (structured-cloned into
 * IndexedDB, no JSON). `LexicalIndex` stays the reference (the BEIR evaluation and its tests); this
 * one is checked against it score for score (tests/unit/library-bm25.test.ts).
 *
 * Scoring, as LexicalIndex configures MiniSearch: classic Okapi BM25 (Lucene's IDF
 * ln(1 + (N − df + 0.5)/(df + 0.5)), no BM25+ δ, no coordination factor), the chunk's context (title,
 * headings) and text as one field whose length is its number of index terms, a query term repeated
 * in the query counted as often as it appears. Coverage (for "nothing relevant") as LexicalHit's.
 *
 * Removal marks a slot dead (its postings are skipped) and the arrays are compacted once a quarter
 * of the slots are dead, so memory stays proportional to the live chunks.
 */
import { TopK } from './top-k';
import { DEFAULT_BM25, type Bm25Params, type LexicalDocument, type LexicalHit, type LexicalSearchOptions } from './lexical-search';
import { analyze, analyzeQuery, type AnalyzerOptions } from './text-analysis';

/** A posting packs (slot << TF_BITS) | min(tf, TF_MAX): one small integer per (term, chunk). */
const TF_BITS = 10;
const TF_MAX = (1 << TF_BITS) - 1;
/** Slots must fit the 22 bits left of an unsigned 32-bit posting. */
const MAX_SLOTS = 1 << (32 - TF_BITS);
const COMPACT_MIN_DEAD = 1024;

const FORMAT = 'locus-bm25';
const VERSION = 1;

/** The index as plain data: structured-clone friendly (IndexedDB, postMessage), no JSON needed. */
export interface Bm25Snapshot {
  format: typeof FORMAT;
  version: number;
  params: Bm25Params;
  analyzer: { stem: boolean; stopWords?: string[] };
  /** Chunk ids by slot. */
  ids: string[];
  /** Index terms per chunk, by slot. */
  lengths: Uint32Array;
  /** Every term, joined by ' ' (index terms never contain spaces). */
  terms: string;
  /** Term i's postings are postings[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
  postings: Uint32Array;
}

export interface Bm25IndexOptions {
  bm25?: Partial<Bm25Params>;
  analyzer?: AnalyzerOptions;
}

export class Bm25Index {
  readonly #params: Bm25Params;
  readonly #analyzer: AnalyzerOptions;
  readonly #termIds = new Map<string, number>();
  #terms: string[] = [];
  #postings: number[][] = [];
  #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  #lengths = new Uint32Array(1024);
  #alive = new Uint8Array(1024);
  #slots = 0;
  #live = 0;
  #dead = 0;
  #totalLength = 0;
  #scores = new Float64Array(0);
  #touched = new Int32Array(0);

  constructor(options: Bm25IndexOptions = {}) {
    this.#params = { ...DEFAULT_BM25, ...options.bm25 };
    this.#analyzer = { ...options.analyzer };
  }

  get size(): number {
    return this.#live;
  }

  get params(): Bm25Params {
    return { ...this.#params };
  }

  /** Distinct index terms (dead chunks' terms included until the next compaction). */
  get termCount(): number {
    return this.#terms.length;
  }

  /** Postings held (one per distinct term of each chunk, dead ones until the next compaction). */
  get postingCount(): number {
    let n = 0;
    for (const p of this.#postings) n += p.length;
    return n;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  ids(): string[] {
    return [...this.#slotOf.keys()];
  }

  /** Adds a chunk, replacing any chunk with the same id. */
  add(doc: LexicalDocument): void {
    this.remove(doc.id);
    if (this.#slots >= MAX_SLOTS) this.#compact();
    if (this.#slots >= MAX_SLOTS) throw new Error(`The lexical index holds at most ${MAX_SLOTS} chunks`);
    const terms = analyze(doc.title ? `${doc.title}\n${doc.text}` : doc.text, this.#analyzer);
    const slot = this.#slots++;
    this.#ensureSlotCapacity(this.#slots);
    this.#ids[slot] = doc.id;
    this.#slotOf.set(doc.id, slot);
    this.#lengths[slot] = terms.length;
    this.#alive[slot] = 1;
    this.#live += 1;
    this.#totalLength += terms.length;
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let id = this.#termIds.get(term);
      if (id === undefined) {
        id = this.#terms.length;
        this.#termIds.set(term, id);
        this.#terms.push(term);
        this.#postings.push([]);
      }
      this.#postings[id]!.push((slot << TF_BITS) | Math.min(tf, TF_MAX));
    }
  }

  addAll(docs: Iterable<LexicalDocument>): void {
    for (const doc of docs) this.add(doc);
  }

  /** Removes a chunk by id. Returns false when it was not there. */
  remove(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    this.#slotOf.delete(id);
    this.#alive[slot] = 0;
    this.#ids[slot] = '';
    this.#live -= 1;
    this.#dead += 1;
    this.#totalLength -= this.#lengths[slot]!;
    if (this.#dead >= COMPACT_MIN_DEAD && this.#dead * 4 >= this.#slots) this.#compact();
    return true;
  }

  /** The query's index terms, as the index sees them (question words dropped: see analyzeQuery). */
  queryTerms(query: string): string[] {
    return analyzeQuery(query, this.#analyzer);
  }

  #ensureSlotCapacity(n: number): void {
    if (n <= this.#lengths.length) return;
    const capacity = Math.max(n, this.#lengths.length * 2);
    const lengths = new Uint32Array(capacity);
    lengths.set(this.#lengths);
    this.#lengths = lengths;
    const alive = new Uint8Array(capacity);
    alive.set(this.#alive);
    this.#alive = alive;
  }

  /** Drops dead slots: renumbers live chunks in order and rewrites the postings without the dead. */
  #compact(): void {
    if (this.#dead === 0) return;
    const remap = new Int32Array(this.#slots).fill(-1);
    let next = 0;
    for (let s = 0; s < this.#slots; s++) {
      if (!this.#alive[s]) continue;
      remap[s] = next;
      this.#ids[next] = this.#ids[s]!;
      this.#slotOf.set(this.#ids[s]!, next);
      this.#lengths[next] = this.#lengths[s]!;
      next += 1;
    }
    this.#ids.length = next;
    this.#alive.fill(0);
    this.#alive.fill(1, 0, next);
    const terms: string[] = [];
    const postings: number[][] = [];
    this.#termIds.clear();
    for (let t = 0; t < this.#terms.length; t++) {
      const kept: number[] = [];
      for (const p of this.#postings[t]!) {
        const slot = remap[p >>> TF_BITS]!;
        if (slot >= 0) kept.push((slot << TF_BITS) | (p & TF_MAX));
      }
      if (!kept.length) continue;
      this.#termIds.set(this.#terms[t]!, terms.length);
      terms.push(this.#terms[t]!);
      postings.push(kept);
    }
    this.#terms = terms;
    this.#postings = postings;
    this.#slots = next;
    this.#dead = 0;
    const capacity = Math.max(1024, next * 2);
    if (this.#lengths.length > capacity * 2) {
      this.#lengths = this.#lengths.slice(0, capacity);
      this.#alive = this.#alive.slice(0, capacity);
    }
  }

  search(query: string, options: LexicalSearchOptions = {}): LexicalHit[] {
    const queryTerms = this.queryTerms(query);
    if (queryTerms.length === 0 || this.#live === 0) return [];
    const weights = new Map<string, number>();
    for (const t of queryTerms) weights.set(t, (weights.get(t) ?? 0) + 1);
    const { k1, b } = this.#params;
    const n = this.#live;
    const avgdl = this.#totalLength / n || 1;
    if (this.#scores.length < this.#slots) {
      this.#scores = new Float64Array(Math.max(this.#slots, this.#scores.length * 2, 1024));
      this.#touched = new Int32Array(this.#scores.length);
    }
    const scores = this.#scores;
    const touched = this.#touched;
    const lengths = this.#lengths;
    const alive = this.#alive;
    const checkAlive = this.#dead > 0;
    let touchedCount = 0;
    const idfOf = new Map<string, number>();
    for (const [term, weight] of weights) {
      const id = this.#termIds.get(term);
      const list = id === undefined ? undefined : this.#postings[id]!;
      let df = 0;
      if (list) {
        if (!checkAlive) df = list.length;
        else for (const p of list) df += alive[p >>> TF_BITS]!;
      }
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      idfOf.set(term, idf);
      if (!list || df === 0) continue;
      const norm = k1 * (1 - b);
      const perLength = (k1 * b) / avgdl;
      const scale = weight * idf * (k1 + 1);
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        const slot = p >>> TF_BITS;
        if (checkAlive && !alive[slot]) continue;
        const tf = p & TF_MAX;
        if (scores[slot] === 0) touched[touchedCount++] = slot;
        scores[slot] = scores[slot]! + (scale * tf) / (tf + norm + perLength * lengths[slot]!);
      }
    }
    const limit = options.limit ?? 100;
    const top = new TopK(limit);
    const filter = options.filter;
    for (let i = 0; i < touchedCount; i++) {
      const slot = touched[i]!;
      const score = scores[slot]!;
      scores[slot] = 0;
      // The filter only runs for chunks that would enter the top k (it may be costly).
      if (score <= top.threshold) continue;
      if (filter && !filter(this.#ids[slot]!)) continue;
      top.push(slot, score);
    }
    const distinct = [...weights.keys()];
    const totalIdf = distinct.reduce((sum, t) => sum + idfOf.get(t)!, 0);
    return top.sorted().map(({ item: slot, score }) => {
      const matchedTerms = distinct.filter((t) => this.#contains(t, slot));
      const coverage = totalIdf > 0 ? matchedTerms.reduce((s, t) => s + idfOf.get(t)!, 0) / totalIdf : 0;
      return { id: this.#ids[slot]!, score, matchedTerms, coverage };
    });
  }

  /** Whether a slot has `term`: binary search, postings being in slot order. */
  #contains(term: string, slot: number): boolean {
    const id = this.#termIds.get(term);
    if (id === undefined) return false;
    const list = this.#postings[id]!;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]! >>> TF_BITS;
      if (s === slot) return true;
      if (s < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The whole index as typed arrays (compacted first). */
  snapshot(): Bm25Snapshot {
    this.#compact();
    const offsets = new Uint32Array(this.#terms.length + 1);
    let total = 0;
    this.#postings.forEach((list, i) => {
      offsets[i] = total;
      total += list.length;
    });
    offsets[this.#terms.length] = total;
    const postings = new Uint32Array(total);
    this.#postings.forEach((list, i) => postings.set(list, offsets[i]!));
    const stopWords = this.#analyzer.stopWords;
    return {
      format: FORMAT,
      version: VERSION,
      params: { ...this.#params },
      analyzer: { stem: this.#analyzer.stem ?? true, ...(stopWords ? { stopWords: [...stopWords] } : {}) },
      ids: this.#ids.slice(0, this.#slots),
      lengths: this.#lengths.slice(0, this.#slots),
      terms: this.#terms.join(' '),
      offsets,
      postings,
    };
  }

  static fromSnapshot(s: Bm25Snapshot): Bm25Index {
    if (s.format !== FORMAT || s.version !== VERSION)
      throw new Error('This saved search index is from another version of Locus; it has to be rebuilt.');
    const terms = s.terms ? s.terms.split(' ') : [];
    if (s.offsets.length !== terms.length + 1 || s.lengths.length !== s.ids.length)
      throw new Error('The saved search index is damaged; it has to be rebuilt.');
    const index = new Bm25Index({
      bm25: s.params,
      analyzer: { stem: s.analyzer.stem, ...(s.analyzer.stopWords ? { stopWords: new Set(s.analyzer.stopWords) } : {}) },
    });
    index.#ensureSlotCapacity(s.ids.length);
    index.#ids = s.ids.slice();
    s.ids.forEach((id, slot) => index.#slotOf.set(id, slot));
    index.#lengths.set(s.lengths);
    index.#alive.fill(1, 0, s.ids.length);
    index.#slots = s.ids.length;
    index.#live = s.ids.length;
    let total = 0;
    for (let i = 0; i < s.lengths.length; i++) total += s.lengths[i]!;
    index.#totalLength = total;
    index.#terms = terms;
    terms.forEach((t, i) => index.#termIds.set(t, i));
    index.#postings = terms.map((_, i) => Array.from(s.postings.subarray(s.offsets[i]!, s.offsets[i + 1]!)));
    return index;
  }
}
