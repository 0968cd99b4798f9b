/**
 * The reference lexical index for tests and evaluations (the extension uses lib/search/bm25-index.ts,
 * checked against this one score for score): BM25 over chunks, on MiniSearch (an established, dependency-free full-text index that runs in
 * Node, in pages and in Workers, and serializes to JSON).
 *
 * Three things MiniSearch does differently from textbook BM25, and what this module does about them:
 *   - It takes a field's length to be its number of distinct terms: tokens are made distinct so that
 *     the length is the number of tokens, as in BM25 (nDCG@10 0.698 vs 0.694 on SciFact train claims).
 *   - It scores BM25+ (a lower bound δ = 0.5 on the term-frequency part): set to δ = 0 here, so the
 *     score is classic Okapi BM25 as in Lucene/Anserini.
 *   - It multiplies each document's score by the number of distinct query terms it matched (a
 *     "coordination" factor). That is divided out again unless `coordination: true`; pure BM25
 *     measured better on SciFact (nDCG@10 0.697 vs 0.671; see tests/eval/retrieval.ts).
 * The chunk's context (page title, heading path) is indexed together with its text as one field by
 * default ('combined', Anserini's "flat" BEIR setting). 'separate' scores title and text each with its
 * own length normalization and sums them (Anserini's "multifield"); on SciFact train claims combined
 * measured nDCG@10 0.697 vs 0.672 separate (k1 1.2, b 0.75; tests/eval/retrieval.ts).
 * Queries drop question words ("how", "what", "explain"…: text-analysis.ts QUESTION_WORDS).
 */
import MiniSearch, { type Options as MiniSearchOptions, type SearchResult } from 'minisearch';
import {
  DEFAULT_BM25,
  type Bm25Params,
  type LexicalDocument,
  type LexicalHit,
  type LexicalSearchOptions,
} from '../../lib/search/lexical-search';
import { analyze, analyzeQuery, type AnalyzerOptions } from '../../lib/search/text-analysis';

export interface LexicalIndexOptions {
  bm25?: Partial<Bm25Params>;
  /** Title and text as one field (default) or as two fields whose scores add up. */
  fields?: 'combined' | 'separate';
  /** 'separate' only: weight of the title field relative to the text (default 1). */
  titleBoost?: number;
  /** Keep MiniSearch's coordination factor (score × matched query terms). Default false. */
  coordination?: boolean;
  analyzer?: AnalyzerOptions;
}

const FORMAT = 'locus-lexical-index';
const VERSION = 1;

interface Serialized {
  format: typeof FORMAT;
  version: number;
  options: Required<Pick<LexicalIndexOptions, 'fields' | 'titleBoost' | 'coordination'>> & {
    bm25: Bm25Params;
    analyzer: { stem: boolean; stopWords?: string[] };
  };
  index: unknown;
}

export class LexicalIndex {
  readonly #search: MiniSearch<LexicalDocument>;
  readonly #bm25: Bm25Params;
  readonly #titleBoost: number;
  readonly #fields: 'combined' | 'separate';
  readonly #coordination: boolean;
  readonly #analyzer: AnalyzerOptions;

  constructor(options: LexicalIndexOptions = {}, loaded?: unknown) {
    this.#bm25 = { ...DEFAULT_BM25, ...options.bm25 };
    this.#titleBoost = options.titleBoost ?? 1;
    this.#fields = options.fields ?? 'combined';
    this.#coordination = options.coordination ?? false;
    this.#analyzer = { ...options.analyzer };
    const msOptions = this.#miniSearchOptions();
    this.#search = loaded === undefined ? new MiniSearch(msOptions) : MiniSearch.loadJS(loaded as never, msOptions);
  }

  #miniSearchOptions(): MiniSearchOptions<LexicalDocument> {
    const analyzer = this.#analyzer;
    const combined = this.#fields === 'combined';
    return {
      idField: 'id',
      fields: combined ? ['text'] : ['title', 'text'],
      storeFields: [],
      extractField: (doc, field) => {
        const d = doc as LexicalDocument;
        if (field === 'id') return d.id;
        if (field === 'title') return d.title ?? '';
        return combined && d.title ? `${d.title}\n${d.text}` : d.text;
      },
      // All analysis happens in `tokenize`. MiniSearch takes a field's length to be its number of
      // distinct tokens; BM25's is its number of tokens. Making every token distinct (a position
      // suffix that processTerm strips again) gives it the textbook length, with the same terms.
      tokenize: (text) => analyze(text, analyzer).map((t, i) => `${t}\u0000${i}`),
      processTerm: (term) => {
        const cut = term.indexOf('\u0000');
        return cut < 0 ? term : term.slice(0, cut);
      },
      searchOptions: {
        bm25: { k: this.#bm25.k1, b: this.#bm25.b, d: 0 },
        boost: combined ? { text: 1 } : { title: this.#titleBoost, text: 1 },
        combineWith: 'OR',
        prefix: false,
        fuzzy: false,
      },
    };
  }

  get size(): number {
    return this.#search.documentCount;
  }

  get params(): Bm25Params {
    return { ...this.#bm25 };
  }

  has(id: string): boolean {
    return this.#search.has(id);
  }

  /** Adds a chunk, replacing any chunk with the same id. */
  add(doc: LexicalDocument): void {
    if (this.#search.has(doc.id)) this.#search.discard(doc.id);
    this.#search.add({ id: doc.id, text: doc.text, title: doc.title ?? '' });
  }

  addAll(docs: Iterable<LexicalDocument>): void {
    for (const doc of docs) this.add(doc);
  }

  /** Removes a chunk by id (its text is not needed). Returns false when it was not there. */
  remove(id: string): boolean {
    if (!this.#search.has(id)) return false;
    this.#search.discard(id);
    return true;
  }

  /** The query's index terms, as the index sees them (question words dropped: see analyzeQuery). */
  queryTerms(query: string): string[] {
    return analyzeQuery(query, this.#analyzer);
  }

  search(query: string, options: LexicalSearchOptions = {}): LexicalHit[] {
    const queryTerms = this.queryTerms(query);
    const terms = [...new Set(queryTerms)];
    if (terms.length === 0 || this.size === 0) return [];
    // No MiniSearch filter: the unfiltered result list gives each term's document frequency for
    // free (every document that contains a query term is in it), which `coverage` needs.
    const results: SearchResult[] = this.#search.search(query, { tokenize: () => queryTerms });
    const df = new Map<string, number>();
    for (const r of results) for (const t of r.queryTerms) df.set(t, (df.get(t) ?? 0) + 1);
    const n = this.size;
    const idf = (t: string) => {
      const f = df.get(t) ?? 0;
      return Math.log(1 + (n - f + 0.5) / (f + 0.5));
    };
    const totalIdf = terms.reduce((sum, t) => sum + idf(t), 0);
    const limit = options.limit ?? 100;
    const hits: LexicalHit[] = [];
    for (const r of results) {
      const id = r.id as string;
      if (options.filter && !options.filter(id)) continue;
      const score = this.#coordination ? r.score : r.score / Math.max(1, r.queryTerms.length);
      hits.push({ id, score, matchedTerms: r.queryTerms, coverage: 0 });
    }
    if (!this.#coordination) hits.sort((a, b) => b.score - a.score);
    const top = hits.slice(0, limit);
    for (const h of top) h.coverage = totalIdf > 0 ? h.matchedTerms.reduce((s, t) => s + idf(t), 0) / totalIdf : 0;
    return top;
  }

  /** The whole index as JSON, for persistence (IndexedDB or a file). */
  toJSON(): string {
    const serialized: Serialized = {
      format: FORMAT,
      version: VERSION,
      options: {
        bm25: this.#bm25,
        fields: this.#fields,
        titleBoost: this.#titleBoost,
        coordination: this.#coordination,
        analyzer: { stem: this.#analyzer.stem ?? true, ...(this.#analyzer.stopWords ? { stopWords: [...this.#analyzer.stopWords] } : {}) },
      },
      index: this.#search.toJSON(),
    };
    return JSON.stringify(serialized);
  }

  static fromJSON(json: string): LexicalIndex {
    const parsed = JSON.parse(json) as Partial<Serialized>;
    if (parsed.format !== FORMAT || parsed.version !== VERSION || !parsed.options) {
      throw new Error('This saved search index is from another version of Locus; it has to be rebuilt.');
    }
    const { bm25, fields, titleBoost, coordination, analyzer } = parsed.options;
    return new LexicalIndex(
      {
        bm25,
        fields,
        titleBoost,
        coordination,
        analyzer: { stem: analyzer.stem, ...(analyzer.stopWords ? { stopWords: new Set(analyzer.stopWords) } : {}) },
      },
      parsed.index,
    );
  }
}
