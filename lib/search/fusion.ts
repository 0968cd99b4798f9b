/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009) and the hybrid search that uses it:
 * lexical (BM25) and dense (cosine) candidate lists, each filtered by the chunk's metadata, fused by
 * rank. RRF needs no score calibration between the two retrievers, which is why it is used: BM25
 * scores are unbounded and query-dependent, cosines depend on the embedding model.
 *
 *   RRF(d) = Σ_lists  w_list / (k + rank_list(d)),   rank starting at 1, k = 60 by default;
 *   a document missing from a list gets nothing from it.
 */
import type { DenseIndex } from './dense-index';
import type { LexicalSearcher } from './lexical-search';

export interface Ranked {
  id: string;
}

export interface FusedHit {
  id: string;
  score: number;
  /** 1-based rank of the id in each input list (undefined where absent), in input order. */
  ranks: Array<number | undefined>;
}

export interface RrfOptions {
  /** The RRF constant (default 60, the paper's value). */
  k?: number;
  /** One weight per list (default 1 each). */
  weights?: number[];
  /** Keep this many (default: all). */
  limit?: number;
}

/** Fuses ranked lists (best first). Ties are broken by the best single rank, then by id. */
export function reciprocalRankFusion(lists: ReadonlyArray<ReadonlyArray<Ranked>>, options: RrfOptions = {}): FusedHit[] {
  const k = options.k ?? 60;
  if (!(k >= 0)) throw new Error('RRF k must be a non-negative number');
  const fused = new Map<string, FusedHit>();
  lists.forEach((list, li) => {
    const w = options.weights?.[li] ?? 1;
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.id)) return; // A list ranks an id once; later duplicates are ignored.
      seen.add(item.id);
      const rank = index + 1;
      let hit = fused.get(item.id);
      if (!hit) {
        hit = { id: item.id, score: 0, ranks: lists.map(() => undefined) };
        fused.set(item.id, hit);
      }
      hit.score += w / (k + rank);
      hit.ranks[li] = rank;
    });
  });
  const bestRank = (h: FusedHit) => Math.min(...h.ranks.map((r) => r ?? Infinity));
  const out = [...fused.values()].sort(
    (a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return options.limit === undefined ? out : out.slice(0, options.limit);
}

/** What a chunk is filed under: the fields the library's filters use. */
export interface ChunkMetadata {
  pageId: string;
  course?: string;
  tags?: readonly string[];
  /** The page's host name (e.g. "ocw.mit.edu"). */
  site?: string;
}

/**
 * Filters: within a field any listed value matches (OR), across fields all must match (AND); an
 * absent or empty field does not filter. Sites match the host or any subdomain of it.
 */
export interface SearchFilter {
  courses?: readonly string[];
  tags?: readonly string[];
  sites?: readonly string[];
  pageIds?: readonly string[];
}

export function isFilterEmpty(filter: SearchFilter | undefined): boolean {
  return !filter || ['courses', 'tags', 'sites', 'pageIds'].every((key) => !filter[key as keyof SearchFilter]?.length);
}

export function matchesFilter(meta: ChunkMetadata | undefined, filter: SearchFilter | undefined): boolean {
  if (isFilterEmpty(filter)) return true;
  if (!meta || !filter) return false;
  if (filter.pageIds?.length && !filter.pageIds.includes(meta.pageId)) return false;
  if (filter.courses?.length && (meta.course === undefined || !filter.courses.includes(meta.course))) return false;
  if (filter.tags?.length && !(meta.tags ?? []).some((t) => filter.tags!.includes(t))) return false;
  if (filter.sites?.length) {
    const host = meta.site?.toLowerCase();
    if (!host || !filter.sites.some((s) => host === s.toLowerCase() || host.endsWith(`.${s.toLowerCase()}`))) return false;
  }
  return true;
}

export type SearchMode = 'lexical' | 'dense' | 'hybrid';

export interface HybridQuery {
  text: string;
  /** The query's embedding (same model as the chunks'); without it the search is lexical only. */
  vector?: ArrayLike<number>;
  filter?: SearchFilter;
  /**
   * Only these chunk ids (a filter already resolved to chunks, e.g. a course's pages): cheaper than
   * `filter` at scale, and the dense side visits only these when they are few.
   */
  allow?: ReadonlySet<string>;
  /** Results wanted (default 10). */
  limit?: number;
  /** Candidates taken from each retriever before fusion (default 100). */
  depth?: number;
  /** RRF constant (default 60). */
  rrfK?: number;
  /** Weights of [lexical, dense] in the fusion (default [1, 1]). */
  weights?: [number, number];
  mode?: SearchMode;
}

export interface HybridHit {
  id: string;
  /** The fused score (RRF), or the single retriever's score in lexical/dense mode. */
  score: number;
  lexical?: { rank: number; score: number; coverage: number };
  /** rank is absent when the chunk came from the lexical list only (its cosine is still given). */
  dense?: { rank?: number; score: number };
}

/**
 * Hybrid retrieval over a lexical and an optional dense index that hold the same chunk ids, with
 * metadata filters resolved through `metadata(id)`.
 */
export class HybridRetriever {
  constructor(
    readonly lexical: LexicalSearcher,
    readonly dense: DenseIndex | undefined,
    readonly metadata: (id: string) => ChunkMetadata | undefined = () => undefined,
  ) {}

  search(query: HybridQuery): HybridHit[] {
    const limit = query.limit ?? 10;
    const depth = Math.max(query.depth ?? 100, limit);
    const mode: SearchMode = query.mode ?? (query.vector && this.dense ? 'hybrid' : 'lexical');
    if (mode !== 'lexical' && (!query.vector || !this.dense)) throw new Error(`A ${mode} search needs a query vector and a dense index`);
    const byMetadata = isFilterEmpty(query.filter) ? undefined : (id: string) => matchesFilter(this.metadata(id), query.filter);
    const allow = query.allow;
    const filter = allow ? (byMetadata ? (id: string) => allow.has(id) && byMetadata(id) : (id: string) => allow.has(id)) : byMetadata;

    const lexical = mode === 'dense' ? [] : this.lexical.search(query.text, { limit: depth, ...(filter ? { filter } : {}) });
    const dense =
      mode === 'lexical'
        ? []
        : this.dense!.search(query.vector!, depth, { ...(allow ? { allow } : {}), ...(byMetadata ? { predicate: byMetadata } : {}) });
    const lexicalById = new Map(lexical.map((h, i) => [h.id, { rank: i + 1, score: h.score, coverage: h.coverage }]));
    const denseById = new Map(dense.map((h, i) => [h.id, { rank: i + 1, score: h.score }]));
    const annotate = (id: string, score: number): HybridHit => {
      const hit: HybridHit = { id, score };
      const l = lexicalById.get(id);
      const d = denseById.get(id);
      if (l) hit.lexical = l;
      if (d) hit.dense = d;
      else if (mode === 'hybrid') {
        const cosine = this.dense!.similarity(id, query.vector!);
        if (cosine !== undefined) hit.dense = { score: cosine };
      }
      return hit;
    };
    if (mode === 'lexical') return lexical.slice(0, limit).map((h) => annotate(h.id, h.score));
    if (mode === 'dense') return dense.slice(0, limit).map((h) => annotate(h.id, h.score));
    return reciprocalRankFusion([lexical, dense], { k: query.rrfK ?? 60, weights: query.weights ?? [1, 1], limit }).map((h) =>
      annotate(h.id, h.score),
    );
  }
}
