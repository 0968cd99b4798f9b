/**
 * The library's search indexes in memory (in the engine worker, never on a UI thread): BM25 over
 * every chunk (Bm25Index), int8 vectors of the current embedding model (DenseIndex), and the pages'
 * metadata for filters. Loaded from IndexedDB once, then kept current on every save and delete.
 *
 * Loading: the lexical index comes back from its snapshot (typed arrays in `libraryMeta`, ~1 s at
 * 200,000 chunks instead of re-analysing every chunk's text, ~1 min), then is reconciled with the
 * pages table (pages saved or deleted since the snapshot are added or removed: the snapshot is a
 * cache, never the truth). Vectors are read from their rows, already int8, into the dense index.
 * Memory at 200,000 chunks: see tests/bench/library-scale.mjs.
 */
import { Bm25Index, type Bm25Snapshot } from '../search/bm25-index';
import { chunkContext } from './chunk-document';
import { DenseIndex } from '../search/dense-index';
import { HybridRetriever, isFilterEmpty, matchesFilter, type ChunkMetadata, type HybridHit, type SearchFilter } from '../search/fusion';
import { chunkIdsOf, pageIdOf, type LibraryStore, type PageMeta } from './library-store';
import type { ChunkRow, VectorRow } from '../store/db';

export const LEXICAL_SNAPSHOT_KEY = 'lexical-snapshot';
export const centerKey = (model: string) => `center:${model}`;

interface LexicalSnapshotRow {
  /** savedAt of each page the snapshot holds: a page saved again since then is re-indexed. */
  pages: Record<string, number>;
  index: Bm25Snapshot;
}

export interface CenterRow {
  dims: number;
  center: Float32Array;
}

export interface LoadProgress {
  stage: 'pages' | 'words' | 'vectors';
  done: number;
  total: number;
}

export interface LibrarySearch {
  text: string;
  vector?: ArrayLike<number>;
  filter?: SearchFilter;
  limit?: number;
  depth?: number;
}

export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** What the lexical index reads of a chunk: its context (page title, headings) and its text. */
export function lexicalDocument(page: Pick<PageMeta, 'title'>, chunk: Pick<ChunkRow, 'id' | 'text' | 'headingPath'>) {
  return { id: chunk.id, title: chunkContext({ headings: chunk.headingPath }, page.title), text: chunk.text };
}

export class LibraryIndex {
  readonly pages = new Map<string, PageMeta>();
  lexical = new Bm25Index();
  dense: DenseIndex | undefined;
  /** The model whose vectors `dense` holds. */
  denseModel = '';
  /** Pages added or removed since the last snapshot. */
  #dirty = 0;

  /** Loads everything from the store (see the file comment). */
  static async load(store: LibraryStore, model: string, onProgress: (p: LoadProgress) => void = () => {}): Promise<LibraryIndex> {
    const index = new LibraryIndex();
    for (const page of await store.allPages()) index.pages.set(page.id, page);
    onProgress({ stage: 'pages', done: index.pages.size, total: index.pages.size });
    await index.#loadLexical(store, onProgress);
    await index.loadDense(store, model, onProgress);
    return index;
  }

  async #loadLexical(store: LibraryStore, onProgress: (p: LoadProgress) => void): Promise<void> {
    const saved = await store.meta<LexicalSnapshotRow>(LEXICAL_SNAPSHOT_KEY).catch(() => undefined);
    let known: Record<string, number> = {};
    if (saved) {
      try {
        this.lexical = Bm25Index.fromSnapshot(saved.index);
        known = saved.pages;
      } catch {
        this.lexical = new Bm25Index(); // From another version: rebuilt below.
      }
    }
    // Pages the snapshot has that are gone or were saved again since: their chunks leave.
    const stale = new Set(Object.keys(known).filter((id) => this.pages.get(id)?.savedAt !== known[id]));
    if (stale.size) for (const id of this.lexical.ids()) if (stale.has(pageIdOf(id))) this.lexical.remove(id);
    // Pages the snapshot lacks: their chunks come in from the store.
    const missing = [...this.pages.values()].filter((p) => known[p.id] !== p.savedAt).map((p) => p.id);
    const total = missing.reduce((n, id) => n + (this.pages.get(id)?.totalChunks ?? 0), 0);
    let done = 0;
    const add = (rows: ChunkRow[]) => {
      for (const row of rows) {
        const page = this.pages.get(row.pageId);
        if (page) this.lexical.add(lexicalDocument(page, row));
      }
      done += rows.length;
      onProgress({ stage: 'words', done, total });
    };
    if (missing.length === this.pages.size && missing.length > 0) await store.eachChunk(add);
    else if (missing.length) await store.eachChunk(add, missing);
    this.#dirty += missing.length + stale.size;
  }

  /** (Re)loads the vectors of `model` (when the student picks another embedding model). */
  async loadDense(store: LibraryStore, model: string, onProgress: (p: LoadProgress) => void = () => {}): Promise<void> {
    this.dense = undefined;
    this.denseModel = model;
    const center = await store.meta<CenterRow>(centerKey(model));
    if (!center) return; // Nothing embedded with this model yet.
    const dense = new DenseIndex(center.dims, { center: center.center });
    const total = [...this.pages.values()].reduce((n, p) => n + (p.embeddingModel === model ? p.embeddedChunks : 0), 0);
    let done = 0;
    await store.eachVector(model, (rows: VectorRow[]) => {
      for (const row of rows) if (this.pages.has(row.pageId)) dense.addQuantized(row.chunkId, row.data, row.scale);
      done += rows.length;
      onProgress({ stage: 'vectors', done, total });
    });
    this.dense = dense;
  }

  /** Starts the dense index of `model` with its center (first vectors of a model). */
  useCenter(model: string, center: CenterRow): DenseIndex {
    if (this.denseModel !== model || !this.dense) {
      this.dense = new DenseIndex(center.dims, { center: center.center });
      this.denseModel = model;
    }
    return this.dense;
  }

  /** A page just saved (or saved again): its chunks replace whatever the page had. */
  putPage(page: PageMeta, chunks: ReadonlyArray<Pick<ChunkRow, 'id' | 'text' | 'headingPath'>>): void {
    const previous = this.pages.get(page.id);
    if (previous) this.#removeChunks(previous);
    this.pages.set(page.id, page);
    for (const chunk of chunks) this.lexical.add(lexicalDocument(page, chunk));
    this.#dirty += 1;
  }

  removePage(id: string): boolean {
    const page = this.pages.get(id);
    if (!page) return false;
    this.#removeChunks(page);
    this.pages.delete(id);
    this.#dirty += 1;
    return true;
  }

  #removeChunks(page: PageMeta): void {
    for (const id of chunkIdsOf(page)) {
      this.lexical.remove(id);
      this.dense?.remove(id);
    }
  }

  get dirty(): boolean {
    return this.#dirty > 0;
  }

  /** Writes the lexical snapshot (after saves and deletes; a cache: losing it costs a rebuild). */
  async saveSnapshot(store: LibraryStore): Promise<void> {
    if (!this.#dirty) return;
    const dirty = this.#dirty;
    const pages: Record<string, number> = {};
    for (const page of this.pages.values()) pages[page.id] = page.savedAt;
    const row: LexicalSnapshotRow = { pages, index: this.lexical.snapshot() };
    await store.setMeta(LEXICAL_SNAPSHOT_KEY, row);
    this.#dirty = Math.max(0, this.#dirty - dirty);
  }

  metadata(id: string): ChunkMetadata | undefined {
    const page = this.pages.get(pageIdOf(id));
    return page ? { pageId: page.id, course: page.course, tags: page.tags, site: page.site } : undefined;
  }

  /** The pages a filter lets through (all of them without one). */
  pagesMatching(filter: SearchFilter | undefined): PageMeta[] {
    const all = [...this.pages.values()];
    if (isFilterEmpty(filter)) return all;
    return all.filter((p) => matchesFilter({ pageId: p.id, course: p.course, tags: p.tags, site: p.site }, filter));
  }

  /** Hybrid search (lexical only without a query vector or vectors), filters resolved to chunk ids. */
  search(query: LibrarySearch): HybridHit[] {
    let allow: Set<string> | undefined;
    if (!isFilterEmpty(query.filter)) {
      allow = new Set();
      for (const page of this.pagesMatching(query.filter)) for (const id of chunkIdsOf(page)) allow.add(id);
      if (allow.size === 0) return [];
    }
    const dense = query.vector && this.dense && this.dense.size > 0 ? this.dense : undefined;
    const retriever = new HybridRetriever(this.lexical, dense, (id) => this.metadata(id));
    return retriever.search({
      text: query.text,
      ...(dense && query.vector ? { vector: query.vector, mode: 'hybrid' as const } : { mode: 'lexical' as const }),
      ...(allow ? { allow } : {}),
      limit: query.limit ?? 10,
      depth: query.depth ?? 100,
    });
  }
}
