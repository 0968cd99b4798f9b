/**
 * The library in the engine worker: saving pages (chunked with the embedding model's tokenizer,
 * stored in IndexedDB, indexed), the background embedding queue, "Ask my library" (hybrid retrieval,
 * the "nothing relevant" decision, a grounded answer with numbered citations), listing, deleting,
 * export and import. The engine host routes the library's tasks and RPCs here and lends it its
 * models (lib/engine-host/engine-host.ts); nothing here runs on a UI thread.
 */
import type { Embedder } from '../engine-api/embedder';
import type { Engine } from '../engine-api/engine';
import { tokensPerSecond } from '../engine-api/generation-stats';
import { LocusError, cancelled, isAbort, toErrorInfo } from '../errors';
import type {
  LIBRARY_FILES_DIR,
  LibraryListing,
  LibraryPageSummary,
  LibrarySource,
  LibraryStatus,
  LibrarySearchFilter,
} from '../messaging/library-protocol';
import type { LibraryRpcRequest, LibraryTaskRequest, TaskEvent } from '../messaging/engine-protocol';
import type { LocusDatabase } from '../store/db';
import {
  EMPTY_LIBRARY,
  NOTHING_RELEVANT,
  NOTHING_RELEVANT_FILTERED,
  fitGroundedPrompt,
  generateGroundedAnswer,
} from '../tasks/library-answer-task';
import { chunkContext, chunkDocument } from './chunk-document';
import { timeOfSpan, videoTimeUrl } from '../video/transcript';
import { citationUrl, judgeRelevance } from './citations';
import { EmbeddingQueue, type WriteEvery } from './embedding-queue';
import { isFilterEmpty, type HybridHit } from '../search/fusion';
import { importLibrary, parseLibraryFile, writeLibraryJson } from './library-export';
import { LibraryIndex, siteOf, type LoadProgress } from './library-index';
import { LibraryStore, chunkId, pageIdOf, type PageMeta } from './library-store';

/** Tokens kept free in each chunk for its context (page title, headings) when it is embedded. */
const CONTEXT_TOKENS = 32;
/** Chunks longer than this cite less precisely; models that read more still get ≤ 256-token chunks. */
const MAX_CHUNK_TOKENS = 256;
/** Retrieved passages the "nothing relevant" rule looks at, and the most an answer may cite. */
const JUDGE_TOP = 8;
const MAX_SOURCES = 5;
const SNAPSHOT_DELAY_MS = 3000;

type Emit = (event: TaskEvent) => void;

/** Files in the origin-private file system (exports written, imports handed over by the panel). */
export interface LibraryFiles {
  directory: typeof LIBRARY_FILES_DIR;
  write(name: string, produce: (write: (part: string) => Promise<void>) => Promise<void>): Promise<number>;
  read(name: string): Promise<string>;
  remove(name: string): Promise<void>;
}

export interface LibraryServiceDeps {
  db: LocusDatabase;
  /** The embedding model the settings choose (catalog id), without loading anything. */
  embeddingModelId(): Promise<string>;
  /** Downloads (first time, with progress events) and loads the embedding model. Call inside `exclusive`. */
  prepareEmbedder(emit: Emit, signal: AbortSignal): Promise<Embedder>;
  /** The chat model for library answers, downloaded and loaded. Call inside `exclusive`. */
  prepareChat(emit: Emit, signal: AbortSignal): Promise<Engine>;
  /** Model work one piece at a time, shared with every other task of the engine host. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Keeps the engine host alive (not idle) while background work runs; returns the release. */
  hold(): () => void;
  embeddingBatchSize(): Promise<number>;
  /** When embedded vectors are written (tests); default DEFAULT_WRITE_EVERY. */
  embeddingWrites?: WriteEvery;
  storageEstimate?(): Promise<{ usage: number; quota: number }>;
  files?: LibraryFiles;
  newId?(): string;
  now?(): number;
}

export interface SaveInput {
  page: {
    url: string;
    title: string;
    lang: string;
    text: string;
    kind: 'web' | 'pdf';
    pageStarts?: number[] | undefined;
    textOrigin?: 'ocr' | 'transcript' | undefined;
    video?: { platform: 'youtube' | 'html5'; marks: Array<{ at: number; t: number }> } | undefined;
  };
  course: string;
  tags: string[];
}

/** A page a PDF passage starts on, from the capture's page starts (or form feeds in the text). */
export function pdfPageOf(text: string, start: number, pageStarts?: readonly number[]): number | null {
  if (pageStarts?.length) {
    let page = 0;
    while (page + 1 < pageStarts.length && pageStarts[page + 1]! <= start) page += 1;
    return page + 1;
  }
  if (!text.includes('\f')) return null;
  let n = 1;
  for (let i = text.indexOf('\f'); i >= 0 && i < start; i = text.indexOf('\f', i + 1)) n += 1;
  return n;
}

function withoutFragment(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}

function summary(page: PageMeta): LibraryPageSummary {
  return {
    id: page.id,
    url: page.url,
    title: page.title,
    course: page.course,
    tags: [...page.tags],
    site: page.site,
    kind: page.kind,
    savedAt: page.savedAt,
    chars: page.chars,
    totalChunks: page.totalChunks,
    embeddedChunks: page.embeddedChunks,
    embeddingModel: page.embeddingModel,
    ...(page.textOrigin ? { textOrigin: page.textOrigin } : {}),
  };
}

function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags.map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
    if (!out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  return out;
}

export class LibraryService {
  readonly store: LibraryStore;
  readonly queue: EmbeddingQueue;
  #index: Promise<LibraryIndex> | undefined;
  #loading: LoadProgress | null = null;
  #snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  #snapshotting: Promise<void> | undefined;

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
        const index = await LibraryIndex.load(this.store, model, (p) => (this.#loading = p));
        return index;
      } finally {
        this.#loading = null;
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

  /** The library's tasks, as the engine host routes them here. */
  handleLibraryTask(request: LibraryTaskRequest, emit: Emit, signal: AbortSignal): Promise<void> {
    switch (request.kind) {
      case 'library.save':
        return this.save({ page: request.page, course: request.course, tags: request.tags }, emit, signal);
      case 'library.ask':
        return this.ask(request.question, request.filter, emit, signal);
    }
  }

  /** The library's RPCs. */
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

  // ——————————————————————————————————————————— save ———————————————————————————————————————————

  async save(input: SaveInput, emit: Emit, signal: AbortSignal): Promise<void> {
    const text = input.page.text;
    if (!text.trim()) throw new LocusError('empty-input', 'This page has no text to save.');
    const started = performance.now();
    const release = this.deps.hold();
    try {
      const embedder = await this.deps.exclusive(() => this.deps.prepareEmbedder(emit, signal));
      const maxTokens = Math.max(32, Math.min(embedder.info.maxTokens, MAX_CHUNK_TOKENS) - CONTEXT_TOKENS);
      const count = (s: string) => {
        if (signal.aborted) throw cancelled();
        return embedder.countTokens(s);
      };
      const chunks = await chunkDocument(text, count, { maxTokens });
      if (signal.aborted) throw cancelled();
      const index = await this.index();
      const url = input.page.url;
      const existing = [...index.pages.values()].find((p) => p.url === url) ?? (await this.store.pageByUrl(url));
      if (existing) await this.queue.forget(existing.id);
      const now = this.deps.now?.() ?? Date.now();
      const id = existing?.id ?? this.deps.newId?.() ?? crypto.randomUUID();
      const meta: PageMeta = {
        id,
        url,
        title: input.page.title.trim() || url,
        lang: input.page.lang,
        course: input.course.trim(),
        tags: cleanTags(input.tags),
        site: siteOf(url),
        kind: input.page.kind,
        savedAt: existing ? Math.max(now, existing.savedAt + 1) : now,
        chars: text.length,
        embeddedChunks: 0,
        totalChunks: chunks.length,
        embeddingModel: embedder.info.modelId,
        ...(input.page.pageStarts?.length ? { pageStarts: input.page.pageStarts } : {}),
        ...(input.page.textOrigin ? { textOrigin: input.page.textOrigin } : {}),
        ...(input.page.video?.marks.length ? { video: input.page.video } : {}),
      };
      const rows = chunks.map((c) => ({
        id: chunkId(id, c.index),
        pageId: id,
        start: c.start,
        end: c.end,
        text: c.text,
        headingPath: c.headings,
        tokens: c.tokens,
      }));
      await this.store.putPage(meta, text, rows);
      index.putPage(meta, rows);
      this.#scheduleSnapshot();
      emit({ kind: 'library.saved', pageId: id, chunks: rows.length, replaced: Boolean(existing) });
      void this.queue.kick();
      emit({
        kind: 'done',
        text: '',
        stats: {
          modelId: embedder.info.modelId,
          modelName: embedder.info.modelName,
          device: embedder.info.device,
          dtype: embedder.info.dtype,
          promptTokens: rows.reduce((n, r) => n + r.tokens, 0),
          outputTokens: 0,
          ttftMs: 0,
          totalMs: performance.now() - started,
          tokensPerSecond: 0,
          parts: Math.max(1, rows.length),
        },
      });
    } finally {
      release();
    }
  }

  // ——————————————————————————————————————————— ask ———————————————————————————————————————————

  /**
   * The question's embedding, when the library has vectors of the current model (else undefined:
   * the search is lexical). Call inside `exclusive`.
   */
  async #queryVector(question: string, emit: Emit, signal: AbortSignal): Promise<Float32Array | undefined> {
    const index = await this.index();
    const model = await this.#modelId();
    if (index.denseModel !== model) await index.loadDense(this.store, model);
    if (!model || !index.dense || index.dense.size === 0) return undefined;
    try {
      const embedder = await this.deps.prepareEmbedder(emit, signal);
      const [vector] = await embedder.embed([question], { signal });
      return vector;
    } catch (error) {
      if (isAbort(error)) throw error;
      emit({
        kind: 'notice',
        message: `Searched your library by its words only: the embedding model is not available (${toErrorInfo(error).message}).`,
      });
      return undefined;
    }
  }

  /** Hybrid retrieval for a question, as "Ask my library" does it (lexical only without vectors). */
  async retrieve(question: string, filter: LibrarySearchFilter, signal: AbortSignal = new AbortController().signal): Promise<HybridHit[]> {
    const index = await this.index();
    const vector = await this.deps.exclusive(() => this.#queryVector(question, () => undefined, signal));
    return index.search({ text: question, ...(vector ? { vector } : {}), filter, limit: JUDGE_TOP, depth: 100 });
  }

  /** The sources an answer may cite, with their passages and the URLs that open them. */
  async sourcesFor(hits: readonly HybridHit[]): Promise<LibrarySource[]> {
    const index = await this.index();
    const rows = await this.store.chunks(hits.map((h) => h.id));
    const texts = new Map<string, string>();
    const sources: LibrarySource[] = [];
    for (const [i, hit] of hits.entries()) {
      const row = rows[i];
      const page = index.pages.get(pageIdOf(hit.id));
      if (!row || !page) continue;
      if (!texts.has(page.id)) texts.set(page.id, (await this.store.pageText(page.id)) ?? '');
      const text = texts.get(page.id)!;
      const pdfPage = page.kind === 'pdf' ? pdfPageOf(text, row.start, page.pageStarts) : null;
      // A video's transcript: the passage opens the video where it is said.
      const seconds = page.video ? timeOfSpan(text, page.video.marks, row.start, row.end) : null;
      const url =
        seconds !== null && page.video
          ? videoTimeUrl(page.url, seconds, page.video.platform)
          : page.kind === 'pdf'
            ? pdfPage
              ? `${withoutFragment(page.url)}#page=${pdfPage}`
              : page.url
            : text.slice(row.start, row.end) === row.text
              ? citationUrl(page.url, text, row.start, row.end)
              : page.url;
      sources.push({
        n: sources.length + 1,
        chunkId: hit.id,
        pageId: page.id,
        title: page.title,
        url: page.url,
        kind: page.kind,
        headings: [...row.headingPath],
        text: row.text,
        start: row.start,
        end: row.end,
        citationUrl: url,
        pdfPage,
        ...(page.video ? { seconds } : {}),
        coverage: hit.lexical?.coverage ?? 0,
        cosine: hit.dense?.score ?? null,
      });
    }
    return sources;
  }

  async ask(question: string, filter: LibrarySearchFilter, emit: Emit, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const index = await this.index();
    const finish = (
      text: string,
      engine?: Engine,
      figures?: { promptTokens: number; outputTokens: number; ttftMs: number; tokensPerSecond: number },
    ) =>
      emit({
        kind: 'done',
        text,
        stats: {
          modelId: engine?.info.modelId ?? '',
          modelName: engine?.info.modelName ?? 'Library search',
          device: engine && engine.info.device !== 'cloud' ? engine.info.device : 'wasm',
          dtype: engine?.info.dtype ?? '',
          promptTokens: figures?.promptTokens ?? 0,
          outputTokens: figures?.outputTokens ?? 0,
          ttftMs: figures?.ttftMs ?? 0,
          totalMs: performance.now() - started,
          tokensPerSecond: figures?.tokensPerSecond ?? 0,
          parts: 1,
        },
      });
    if (index.pages.size === 0) {
      emit({ kind: 'library.sources', found: false, sources: [] });
      emit({ kind: 'text', delta: EMPTY_LIBRARY });
      finish(EMPTY_LIBRARY);
      return;
    }
    await this.deps.exclusive(async () => {
      const vector = await this.#queryVector(question, emit, signal);
      const hits = index.search({ text: question, ...(vector ? { vector } : {}), filter, limit: JUDGE_TOP, depth: 100 });
      const decision = judgeRelevance(hits);
      if (!decision.found) {
        const text = isFilterEmpty(filter) ? NOTHING_RELEVANT : NOTHING_RELEVANT_FILTERED;
        emit({ kind: 'library.sources', found: false, sources: [] });
        emit({ kind: 'text', delta: text });
        finish(text);
        return;
      }
      const candidates = await this.sourcesFor(decision.relevant.slice(0, MAX_SOURCES));
      const engine = await this.deps.prepareChat(emit, signal);
      const passages = candidates.map((s) => ({ label: chunkContext({ headings: s.headings }, s.title), text: s.text }));
      const prompt = await fitGroundedPrompt(engine, question, passages, signal);
      const sources = candidates.slice(0, prompt.used.length);
      emit({ kind: 'library.sources', found: true, sources });
      if (prompt.cut)
        emit({ kind: 'notice', message: `${engine.info.modelName}'s window is small: it read only the beginning of source [1].` });
      else if (sources.length < candidates.length)
        emit({
          kind: 'notice',
          message: `${engine.info.modelName}'s window holds ${sources.length} of the ${candidates.length} relevant passages; the answer uses those.`,
        });
      const result = await generateGroundedAnswer(engine, prompt, (delta) => emit({ kind: 'text', delta }), signal);
      finish(result.text, engine, {
        promptTokens: result.promptTokens,
        outputTokens: result.outputTokens,
        ttftMs: result.ttftMs,
        tokensPerSecond: tokensPerSecond(result),
      });
    });
  }

  // ——————————————————————————————————————————— list, delete ———————————————————————————————————————————

  async lookup(url: string): Promise<LibraryPageSummary | null> {
    const page = this.#index ? [...(await this.index()).pages.values()].find((p) => p.url === url) : await this.store.pageByUrl(url);
    return page ? summary(page) : null;
  }

  async list(request: {
    query?: string | undefined;
    filter?: LibrarySearchFilter | undefined;
    limit?: number | undefined;
  }): Promise<LibraryListing> {
    const index = await this.index();
    const all = [...index.pages.values()];
    let pages = index.pagesMatching(request.filter);
    const query = request.query?.trim();
    if (query) {
      const allowed = new Set(pages.map((p) => p.id));
      const needle = query.toLowerCase();
      const named = pages.filter((p) => [p.title, p.url, p.course, ...p.tags].some((s) => s.toLowerCase().includes(needle)));
      const byText: PageMeta[] = [];
      const seen = new Set(named.map((p) => p.id));
      for (const hit of index.lexical.search(query, { limit: 2000, filter: (id) => allowed.has(pageIdOf(id)) })) {
        const page = index.pages.get(pageIdOf(hit.id));
        if (!page || seen.has(page.id)) continue;
        seen.add(page.id);
        byText.push(page);
      }
      pages = [...named.sort((a, b) => b.savedAt - a.savedAt), ...byText];
    } else {
      pages.sort((a, b) => b.savedAt - a.savedAt);
    }
    const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
    const counts = await this.store.counts();
    const dims = index.dense?.dims ?? 384;
    // Page texts and chunk texts (UTF-16 at worst, usually one byte per character), vectors and keys.
    const textChars = all.reduce((n, p) => n + p.chars, 0);
    const bytes = Math.round(textChars * 2.3 + counts.chunks * 120 + counts.vectors * (dims + 110) + counts.pages * 400);
    // Pages waiting for vectors (the embedding model was changed, say) and a queue at rest: start it.
    const model = await this.#modelId();
    if (model && this.queue.status.state === 'idle' && EmbeddingQueue.pendingPages(index, model).length && !(await this.queue.isPaused()))
      void this.queue.kick();
    return {
      pages: pages.slice(0, request.limit ?? 500).map(summary),
      matching: pages.length,
      facets: {
        courses: distinct(all.map((p) => p.course)),
        tags: distinct(all.flatMap((p) => p.tags)),
        sites: distinct(all.map((p) => p.site)),
      },
      totals: { ...counts, bytes },
      storage: (await this.deps.storageEstimate?.().catch(() => null)) ?? null,
      status: await this.status(),
    };
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
