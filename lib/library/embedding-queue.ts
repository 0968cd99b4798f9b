/**
 * Embeds saved pages in the background, in the engine worker: every page whose `embeddedChunks` is
 * below its `totalChunks` (or that was embedded with another model) gets its remaining chunks
 * embedded in batches. Vectors and the page's new counter are written together in one
 * transaction (grouped: see DEFAULT_WRITE_EVERY), so whatever stops the job (Pause, the offscreen
 * document closed, the browser quit) the next start resumes at the first chunk without a vector.
 *
 * Batches run one at a time in the engine host's queue, so a summary or an answer asked meanwhile
 * waits for one batch at most, not for the whole library.
 */
import type { Embedder } from '../engine-api/embedder';
import { LocusError, cancelled, isAbort, toErrorInfo, type ErrorInfo } from '../errors';
import { chunkContext } from './chunk-document';
import { DenseIndex } from '../search/dense-index';
import { centerKey, type CenterRow, type LibraryIndex } from './library-index';
import type { LibraryStore, PageMeta, VectorInput } from './library-store';
import type { ChunkRow } from '../store/db';

export const QUEUE_STATE_KEY = 'embedding-queue';

/** Chunks read from IndexedDB at a time, and when their vectors are written (see #embedPage). */
const READ_WINDOW_CHUNKS = 64;
export const DEFAULT_WRITE_EVERY: WriteEvery = { chunks: 32, ms: 500 };

/**
 * Texts whose mean embedding becomes the int8 center of a model (see DenseIndex: embeddings share a
 * common direction that would otherwise eat the 8 bits). Generic study prose from many fields, so
 * the mean is the model's "any text" direction, not one course's.
 */
export const CENTER_TEXTS = [
  'The syllabus lists the weekly readings, the problem sets and how the final grade is computed.',
  'Photosynthesis converts light energy into chemical energy stored in glucose.',
  'The French Revolution began in 1789 and transformed the political order of Europe.',
  'A derivative measures how a function changes as its input changes.',
  'Supply and demand determine the market price of a good in a competitive market.',
  'The mitochondria produce most of the energy a cell needs through respiration.',
  'Newton’s second law states that force equals mass times acceleration.',
  'Sedimentary rocks form from layers of sediment that are compacted over time.',
  'An algorithm is a finite sequence of steps that solves a class of problems.',
  'The Cold War shaped American foreign policy for more than four decades.',
  'Students must submit the lab report within one week of the experiment.',
  'A hypothesis is tested by comparing its predictions with observations.',
  'The novel explores memory, loss and the search for identity.',
  'Office hours are held on Tuesdays and Thursdays after the lecture.',
  'Chemical bonds form when atoms share or transfer electrons.',
  'The Pythagorean theorem relates the sides of a right triangle.',
  'Vaccines train the immune system to recognize a pathogen.',
  'Climate models project temperature changes under different emission scenarios.',
  'A binary search halves the range of candidates at every step.',
  'The constitution divides power between the legislative, executive and judicial branches.',
  'Plate tectonics explains earthquakes, volcanoes and the shape of the continents.',
  'Statistical significance does not by itself show that an effect is large.',
  'The exam covers chapters three to seven and the lecture notes.',
  'Design requirements must be verified by analysis, inspection or test.',
];

export interface QueueStatus {
  state: 'idle' | 'running' | 'paused' | 'error';
  /** The page being embedded now. */
  pageId: string | null;
  title: string;
  done: number;
  total: number;
  /** Pages still waiting (the current one included). */
  pending: number;
  error: ErrorInfo | null;
  /** The last finished page's figures (chunks per second over the whole job: batches and writes). */
  last: {
    pageId: string;
    chunks: number;
    ms: number;
    embedMs: number;
    batchSize: number;
    modelId: string;
    device: string;
    dtype: string;
  } | null;
}

export interface QueueDeps {
  store: LibraryStore;
  index(): Promise<LibraryIndex>;
  /** The embedding model chosen by the settings (its catalog id), without loading it. */
  modelId(): Promise<string>;
  /** The embedding model, downloaded and loaded; runs inside `exclusive`. */
  embedder(signal: AbortSignal): Promise<Embedder>;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Keeps the engine host from idling (and closing) while the queue works; returns the release. */
  hold(): () => void;
  batchSize(): Promise<number>;
  /** When embedded vectors are written (default: every WRITE_MIN_CHUNKS chunks or WRITE_MAX_MS). */
  writeEvery?: WriteEvery;
}

export interface WriteEvery {
  chunks: number;
  ms: number;
}

/** The text a chunk is embedded as: its context (page title, headings), then its text. */
export function embeddingText(page: Pick<PageMeta, 'title'>, chunk: Pick<ChunkRow, 'text' | 'headingPath'>): string {
  const context = chunkContext({ headings: chunk.headingPath }, page.title);
  return context ? `${context}\n${chunk.text}` : chunk.text;
}

/** The int8 center of `model`: stored, or computed once from CENTER_TEXTS and stored. */
export async function ensureCenter(
  store: LibraryStore,
  embedder: Embedder,
  exclusive: QueueDeps['exclusive'],
  signal?: AbortSignal,
): Promise<CenterRow> {
  const key = centerKey(embedder.info.modelId);
  const stored = await store.meta<CenterRow>(key);
  if (stored) return stored;
  const vectors = await exclusive(() => embedder.embed(CENTER_TEXTS, signal ? { signal } : {}));
  const dims = vectors[0]!.length;
  const row: CenterRow = { dims, center: DenseIndex.centerOf(vectors, dims) };
  await store.setMeta(key, row);
  return row;
}

export class EmbeddingQueue {
  #statusNow: QueueStatus = { state: 'idle', pageId: null, title: '', done: 0, total: 0, pending: 0, error: null, last: null };
  /** Told of every change of the status (the panel follows the progress through these: library-service.ts `follow`). */
  readonly #listeners = new Set<() => void>();
  #running: Promise<void> | undefined;
  #controller: AbortController | undefined;
  /** The page being embedded and when its job ends (whatever the outcome). */
  #current: { pageId: string; ended: Promise<void> } | undefined;
  #paused: boolean | undefined;

  constructor(private readonly deps: QueueDeps) {}

  get status(): QueueStatus {
    return { ...this.#status };
  }

  get #status(): QueueStatus {
    return this.#statusNow;
  }

  set #status(status: QueueStatus) {
    this.#statusNow = status;
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` on each change of the status until the returned function is called. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  isPaused(): Promise<boolean> {
    return this.#isPaused();
  }

  async #isPaused(): Promise<boolean> {
    this.#paused ??= (await this.deps.store.meta<{ paused: boolean }>(QUEUE_STATE_KEY))?.paused === true;
    return this.#paused;
  }

  /** Pages that still need vectors of `model`, oldest first. */
  static pendingPages(index: LibraryIndex, model: string): PageMeta[] {
    return [...index.pages.values()]
      .filter((p) => p.totalChunks > 0 && (p.embeddingModel !== model || p.embeddedChunks < p.totalChunks))
      .sort((a, b) => a.savedAt - b.savedAt || (a.id < b.id ? -1 : 1));
  }

  /** Starts the job if there is work and it is not paused; returns when this run ends. */
  kick(): Promise<void> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Resolves when no job is running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async pause(): Promise<void> {
    this.#paused = true;
    await this.deps.store.setMeta(QUEUE_STATE_KEY, { paused: true });
    this.#controller?.abort();
    await this.idle();
    this.#status = { ...this.#status, state: 'paused' };
  }

  async resume(): Promise<void> {
    this.#paused = false;
    await this.deps.store.setMeta(QUEUE_STATE_KEY, { paused: false });
    this.#status = { ...this.#status, state: 'idle', error: null };
    void this.kick();
  }

  /** Stops work on a page that is being deleted or replaced (the queue goes on with the others). */
  async forget(pageId: string): Promise<void> {
    const current = this.#current;
    if (current?.pageId !== pageId) return;
    this.#controller?.abort();
    await current.ended;
  }

  async #run(): Promise<void> {
    if (await this.#isPaused()) {
      this.#status = {
        ...this.#status,
        state: 'paused',
        pending: EmbeddingQueue.pendingPages(await this.deps.index(), await this.deps.modelId()).length,
      };
      return;
    }
    const release = this.deps.hold();
    try {
      for (;;) {
        const index = await this.deps.index();
        let model: string;
        try {
          model = await this.deps.modelId();
        } catch (error) {
          this.#status = { ...this.#status, state: 'error', error: toErrorInfo(error) };
          return;
        }
        const pending = EmbeddingQueue.pendingPages(index, model);
        if (!pending.length || (await this.#isPaused())) break;
        const page = pending[0]!;
        const controller = new AbortController();
        this.#controller = controller;
        this.#status = {
          ...this.#status,
          state: 'running',
          pageId: page.id,
          title: page.title,
          done: page.embeddingModel === model ? page.embeddedChunks : 0,
          total: page.totalChunks,
          pending: pending.length,
          error: null,
        };
        const job = this.#embedPage(index, page, model, controller.signal);
        this.#current = {
          pageId: page.id,
          ended: job.then(
            () => undefined,
            () => undefined,
          ),
        };
        try {
          await job;
        } catch (error) {
          if (isAbort(error)) {
            if (await this.#isPaused()) break;
            continue; // The page was deleted or replaced: go on with the next.
          }
          this.#status = { ...this.#status, state: 'error', error: toErrorInfo(error) };
          return;
        } finally {
          this.#controller = undefined;
          this.#current = undefined;
        }
      }
      const paused = await this.#isPaused();
      const left = paused ? EmbeddingQueue.pendingPages(await this.deps.index(), await this.deps.modelId()).length : 0;
      this.#status = { ...this.#status, state: paused ? 'paused' : 'idle', pageId: null, title: '', done: 0, total: 0, pending: left };
    } finally {
      release();
    }
  }

  async #embedPage(index: LibraryIndex, original: PageMeta, model: string, signal: AbortSignal): Promise<void> {
    const { store } = this.deps;
    let page = original;
    // The model first: a model that cannot be had must not cost the page the vectors it has.
    const embedder = await this.deps.exclusive(() => this.deps.embedder(signal));
    if (embedder.info.modelId !== model)
      throw new LocusError('internal', 'The embedding model changed while the library was being indexed.');
    if (page.embeddingModel !== model) {
      await store.resetEmbedding(page.id, model);
      page = { ...page, embeddedChunks: 0, embeddingModel: model };
      index.pages.set(page.id, page);
    }
    const center = await ensureCenter(store, embedder, this.deps.exclusive, signal);
    const dense = index.useCenter(model, center);
    const batchSize = Math.max(1, await this.deps.batchSize());
    const started = performance.now();
    let embedMs = 0;
    let embedded = 0;
    // Vectors embedded but not yet written. Writes are grouped (32 chunks or 500 ms of work by
    // default) apart from the model's batch size: at batch 1 a transaction per chunk cost ~10% of
    // the embedding time (npm run bench -- --library). Pending vectors are written before the job
    // stops for a pause or a cancel; a killed document loses at most that much work, embedded again
    // on resume.
    const writeEvery = this.deps.writeEvery ?? DEFAULT_WRITE_EVERY;
    let pending: VectorInput[] = [];
    let lastWrite = performance.now();
    const write = async (upTo: number): Promise<void> => {
      if (!pending.length) return;
      const rows = pending;
      pending = [];
      lastWrite = performance.now();
      if (!(await store.addVectors(page, model, rows, upTo))) throw cancelled();
      // Saved again or deleted while the batch was written: its rows went with it, and so must these.
      if (index.pages.get(page.id)?.savedAt !== page.savedAt) throw cancelled();
      for (const row of rows) dense.addQuantized(row.chunkId, row.data, row.scale);
      embedded += rows.length;
      page = { ...page, embeddedChunks: upTo };
      index.pages.set(page.id, page);
      this.#status = { ...this.#status, done: upTo };
    };
    const readWindow = Math.max(batchSize, READ_WINDOW_CHUNKS);
    let window: ChunkRow[] = [];
    let windowFrom = page.embeddedChunks;
    let next = page.embeddedChunks;
    try {
      while (next < page.totalChunks) {
        if (signal.aborted) throw cancelled();
        const to = Math.min(page.totalChunks, next + batchSize);
        if (to > windowFrom + window.length) {
          windowFrom = next;
          const windowTo = Math.min(page.totalChunks, next + readWindow);
          window = await store.chunksOf(page, next, windowTo);
          if (window.length !== windowTo - next) throw cancelled(); // Deleted meanwhile.
        }
        const chunks = window.slice(next - windowFrom, to - windowFrom);
        const texts = chunks.map((c) => embeddingText(page, c));
        const vectors = await this.deps.exclusive(async () => {
          if (signal.aborted) throw cancelled();
          const t0 = performance.now();
          const out = await embedder.embed(texts, { signal });
          embedMs += performance.now() - t0;
          return out;
        });
        for (const [i, c] of chunks.entries()) pending.push({ chunkId: c.id, ...dense.quantize(vectors[i]!) });
        next = to;
        if (next === page.totalChunks || pending.length >= writeEvery.chunks || performance.now() - lastWrite >= writeEvery.ms)
          await write(next);
      }
    } catch (error) {
      // What was embedded before the stop is kept (unless the page itself went away).
      if (pending.length && isAbort(error)) await write(next).catch(() => undefined);
      throw error;
    }
    this.#status = {
      ...this.#status,
      last: {
        pageId: page.id,
        chunks: embedded,
        ms: performance.now() - started,
        embedMs,
        batchSize,
        modelId: model,
        device: embedder.info.device,
        dtype: embedder.info.dtype,
      },
    };
  }
}
