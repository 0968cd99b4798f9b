/**
 * The library in the engine worker: its store, embedding queue and in-memory indexes, and the routing
 * of its tasks and RPCs. The work itself lives beside it, one feature a file: saving pages
 * (./library-save.ts), "Ask my library" (./library-ask.ts, citing through ./library-sources.ts),
 * the list (./library-listing.ts), export and import (./library-export.ts). The engine host routes
 * the library's tasks and RPCs here and lends it its models (lib/engine-host/engine-host.ts); nothing
 * here runs on a UI thread.
 */
import { statsWithoutText } from '../engine-api/generation-stats';
import { LocusError } from '../errors';
import type { LibraryListing, LibraryPageSummary, LibrarySource, LibraryStatus, LibrarySearchFilter } from '../messaging/library-protocol';
import type { LibraryRpcRequest, LibraryTaskRequest } from '../messaging/engine-protocol';
import type { HybridHit } from '../search/fusion';
import { EmbeddingQueue } from './embedding-queue';
import { askLibrary, retrieve } from './library-ask';
import type { Emit, LibraryContext, LibraryFiles, LibraryServiceDeps } from './library-context';
import { importLibrary, parseLibraryFile, writeLibraryJson } from './library-export';
import { LibraryIndex, type LoadProgress } from './library-index';
import { listLibrary, pageSummary, type ListRequest } from './library-listing';
import { savePage, type SaveInput } from './library-save';
import { sourcesFor } from './library-sources';
import { LibraryStore } from './library-store';

const SNAPSHOT_DELAY_MS = 3000;

export class LibraryService {
  readonly store: LibraryStore;
  readonly queue: EmbeddingQueue;
  #index: Promise<LibraryIndex> | undefined;
  #loading: LoadProgress | null = null;
  #snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  #snapshotting: Promise<void> | undefined;
  /** Panels following the progress (`follow`): told of each change of the loading or the embedding. */
  readonly #followers = new Set<() => void>();
  /** What saving, asking and listing work on. */
  readonly #library: LibraryContext;

  constructor(private readonly deps: LibraryServiceDeps) {
    this.store = new LibraryStore(deps.db);
    this.queue = new EmbeddingQueue({
      store: this.store,
      index: () => this.index(),
      modelId: () => deps.embeddingModelId(),
      embedder: (signal) => deps.prepareEmbedder(() => undefined, signal),
      exclusive: (work) => deps.exclusive(work),
      hold: () => deps.hold(),
      batchSize: () => deps.embeddingBatchSize(),
      ...(deps.embeddingWrites ? { writeEvery: deps.embeddingWrites } : {}),
    });
    this.queue.onChange(() => this.#statusChanged());
    this.#library = {
      deps,
      store: this.store,
      queue: this.queue,
      index: () => this.index(),
      modelId: () => this.#modelId(),
      changed: () => this.#scheduleSnapshot(),
    };
  }

  /** The embedding model's id, or '' when the settings name one this build cannot run (words only). */
  async #modelId(): Promise<string> {
    return this.deps.embeddingModelId().catch(() => '');
  }

  /** The in-memory indexes, loaded from IndexedDB on first use. */
  index(): Promise<LibraryIndex> {
    this.#index ??= (async () => {
      const release = this.deps.hold();
      try {
        const model = await this.#modelId();
        const index = await LibraryIndex.load(this.store, model, (p) => {
          this.#loading = p;
          this.#statusChanged();
        });
        return index;
      } finally {
        this.#loading = null;
        this.#statusChanged();
        release();
      }
    })().catch((error: unknown) => {
      this.#index = undefined;
      throw error;
    });
    return this.#index;
  }

  /** At the engine host's start: resumes embedding that a closed document or browser interrupted. */
  async start(): Promise<void> {
    const model = await this.#modelId();
    if (!model) return;
    const unfinished = await this.deps.db.pages
      .filter((p) => p.totalChunks > 0 && (p.embeddedChunks < p.totalChunks || p.embeddingModel !== model))
      .count();
    if (unfinished > 0) await this.queue.kick();
  }

  async status(): Promise<LibraryStatus> {
    return { loading: this.#loading, embedding: this.queue.status, embeddingModel: await this.#modelId() };
  }

  #statusChanged(): void {
    for (const follower of this.#followers) follower();
  }

  /**
   * Pushes the status to a panel as it changes (a page's parts embedded, the indexes loading) until
   * nothing is loading or embedding, or the panel stops following: the panel never polls.
   */
  follow(emit: Emit, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    return new Promise<void>((resolve) => {
      let sent = 0;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        this.#followers.delete(push);
        signal.removeEventListener('abort', end);
        resolve();
      };
      const push = () => {
        const n = ++sent;
        void this.status().then((status) => {
          // Only the newest status is sent: an older one that answered late would move the bar back.
          if (ended || n !== sent) return;
          emit({ kind: 'library.status', status });
          if (status.loading === null && status.embedding.state !== 'running') end();
        });
      };
      this.#followers.add(push);
      signal.addEventListener('abort', end);
      push();
    }).then(() => {
      // The panel stopped following (it closed, or the tab went away): the channel expects an end.
      if (signal.aborted) throw new LocusError('cancelled', 'Stopped following the library.');
      // Following writes nothing and names no model: only the time it lasted.
      const none = { modelId: '', modelName: '', device: 'wasm', dtype: '' } as const;
      emit({ kind: 'done', text: '', stats: statsWithoutText(none, performance.now() - started) });
    });
  }

  /** The library's tasks, as the engine host routes them here. */
  handleLibraryTask(request: LibraryTaskRequest, emit: Emit, signal: AbortSignal): Promise<void> {
    switch (request.kind) {
      case 'library.save':
        return this.save({ page: request.page, course: request.course, tags: request.tags }, emit, signal);
      case 'library.ask':
        return this.ask(request.question, request.filter, emit, signal);
      case 'library.follow':
        return this.follow(emit, signal);
    }
  }

  /**
   * The library's RPCs. A plain switch over the protocol's methods, like the engine host's own (its
   * model RPCs): the two route different methods and share only that shape.
   */
  async handleLibraryRpc(request: LibraryRpcRequest): Promise<unknown> {
    switch (request.method) {
      case 'library.list':
        return this.list(request);
      case 'library.status':
        return this.status();
      case 'library.lookup':
        return this.lookup(request.url);
      case 'library.delete':
        return this.delete(request.pageIds);
      case 'library.pause':
        return this.pause();
      case 'library.resume':
        return this.resume();
      case 'library.export':
        return this.exportToFile();
      case 'library.import':
        return this.importFromFile(request.file);
    }
  }

  // ——————————————————————————————————————————— save, ask ———————————————————————————————————————————

  save(input: SaveInput, emit: Emit, signal: AbortSignal): Promise<void> {
    return savePage(this.#library, input, emit, signal);
  }

  /** Hybrid retrieval for a question, as "Ask my library" does it (lexical only without vectors). */
  retrieve(question: string, filter: LibrarySearchFilter, signal: AbortSignal = new AbortController().signal): Promise<HybridHit[]> {
    return retrieve(this.#library, question, filter, signal);
  }

  /** The sources an answer may cite, with their passages and the URLs that open them. */
  async sourcesFor(hits: readonly HybridHit[]): Promise<LibrarySource[]> {
    return sourcesFor(await this.index(), this.store, hits);
  }

  ask(question: string, filter: LibrarySearchFilter, emit: Emit, signal: AbortSignal): Promise<void> {
    return askLibrary(this.#library, question, filter, emit, signal);
  }

  // ——————————————————————————————————————————— list, delete ———————————————————————————————————————————

  async lookup(url: string): Promise<LibraryPageSummary | null> {
    const page = this.#index ? [...(await this.index()).pages.values()].find((p) => p.url === url) : await this.store.pageByUrl(url);
    return page ? pageSummary(page) : null;
  }

  async list(request: ListRequest): Promise<LibraryListing> {
    return { ...(await listLibrary(this.#library, request)), status: await this.status() };
  }

  async delete(pageIds: string[]): Promise<{ pages: number; chunks: number; vectors: number }> {
    const index = await this.index();
    for (const id of pageIds) await this.queue.forget(id);
    const removed = await this.store.deletePages(pageIds);
    for (const id of pageIds) index.removePage(id);
    this.#scheduleSnapshot();
    void this.queue.kick();
    return removed;
  }

  async pause(): Promise<LibraryStatus> {
    await this.queue.pause();
    return this.status();
  }

  async resume(): Promise<LibraryStatus> {
    await this.index();
    await this.queue.resume();
    return this.status();
  }

  // ——————————————————————————————————————————— export, import ———————————————————————————————————————————

  async exportToFile(): Promise<{ directory: string; file: string; bytes: number; pages: number }> {
    const files = this.#files();
    const date = new Date(this.deps.now?.() ?? Date.now()).toISOString().slice(0, 10);
    const file = `locus-library-${date}.json`;
    let pages = 0;
    const bytes = await files.write(file, async (write) => {
      pages = (await writeLibraryJson(this.store, write)).pages;
    });
    return { directory: files.directory, file, bytes, pages };
  }

  async importFromFile(name: string): Promise<{ pages: number; chunks: number; vectors: number; replaced: number }> {
    const files = this.#files();
    try {
      const parsed = parseLibraryFile(await files.read(name));
      const wasPaused = await this.queue.isPaused();
      await this.queue.pause();
      const result = await importLibrary(this.store, parsed).finally(async () => {
        // The in-memory indexes catch up from the store (the snapshot tells what they already had).
        await this.flushSnapshot();
        this.#index = undefined;
        await this.index();
        if (!wasPaused) await this.queue.resume();
      });
      return { pages: result.pages, chunks: result.chunks, vectors: result.vectors, replaced: result.replaced };
    } finally {
      await files.remove(name).catch(() => undefined);
    }
  }

  #files(): LibraryFiles {
    if (!this.deps.files)
      throw new LocusError('internal', "Export and import need the browser's file storage, which is not available here.");
    return this.deps.files;
  }

  // ——————————————————————————————————————————— snapshot ———————————————————————————————————————————

  #scheduleSnapshot(): void {
    if (this.#snapshotTimer !== undefined) clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = setTimeout(() => {
      this.#snapshotTimer = undefined;
      void this.flushSnapshot();
    }, SNAPSHOT_DELAY_MS);
  }

  /** Writes the lexical index's snapshot now (it is otherwise written a few seconds after changes). */
  async flushSnapshot(): Promise<void> {
    if (this.#snapshotTimer !== undefined) {
      clearTimeout(this.#snapshotTimer);
      this.#snapshotTimer = undefined;
    }
    if (!this.#index) return;
    await this.#snapshotting;
    const index = await this.#index;
    this.#snapshotting = index.saveSnapshot(this.store).catch(() => undefined);
    await this.#snapshotting;
  }

  /** Stops timers and the queue (tests; the worker simply ends). */
  async close(): Promise<void> {
    if (this.#snapshotTimer !== undefined) clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = undefined;
    await this.queue.idle();
  }
}
