/**
 * What a lexical (BM25) index takes and gives: the shapes shared by the library's index
 * (lib/search/bm25-index.ts), the hybrid search (fusion.ts) and the MiniSearch reference the tests
 * and evaluations check it against (tests/support/lexical-index.ts).
 */

export interface LexicalDocument {
  id: string;
  /** The chunk's text. */
  text: string;
  /** Its context: page title and heading path (indexed with the text, or apart with fields: 'separate'). */
  title?: string;
}

export interface Bm25Params {
  /** Term-frequency saturation (typical 0.9-1.2). */
  k1: number;
  /** Length normalization (typical 0.4-0.75). */
  b: number;
}

export interface LexicalHit {
  id: string;
  /** BM25 score: comparable within one query only. */
  score: number;
  /** The query's index terms this chunk contains. */
  matchedTerms: string[];
  /**
   * Share of the query's meaning this chunk contains: the IDF-weighted fraction of the query's
   * distinct terms found in it (0..1). Comparable across queries, unlike the BM25 score; used by the
   * "nothing relevant" decision (see citations.ts).
   */
  coverage: number;
}

export interface LexicalSearchOptions {
  limit?: number;
  /** Only chunks for which this returns true (course, tag, site filters). */
  filter?: (id: string) => boolean;
}

/**
 * Lucene/Elasticsearch's defaults. SciFact train claims are insensitive to them: nDCG@10 0.693-0.698
 * for k1 ∈ {0.9, 1.2} × b ∈ {0.4, 0.75} (tests/eval/retrieval.ts), so the standard values stay.
 */
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/** Either lexical index: the compact Bm25Index or the MiniSearch reference (same scores). */
export interface LexicalSearcher {
  search(query: string, options?: LexicalSearchOptions): LexicalHit[];
}
