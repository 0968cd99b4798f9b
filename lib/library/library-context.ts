/**
 * What the library's parts share in the engine worker: what the engine host lends the library
 * (`LibraryServiceDeps`: models, the one-at-a-time lock, the keep-alive, files) and `LibraryContext`,
 * the library's own store, queue and indexes that saving, asking and listing work on. The service
 * (./library-service.ts) builds the context once; the parts receive it, never the service itself.
 */
import type { Embedder } from '../engine-api/embedder';
import type { Engine } from '../engine-api/engine';
import type { TaskEvent } from '../messaging/engine-protocol';
import type { LIBRARY_FILES_DIR } from '../messaging/library-protocol';
import type { LocusDatabase } from '../store/db';
import type { EmbeddingQueue, WriteEvery } from './embedding-queue';
import type { LibraryIndex } from './library-index';
import type { LibraryStore } from './library-store';

export type Emit = (event: TaskEvent) => void;

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

/** The library as its parts (save, ask, list) see it. */
export interface LibraryContext {
  readonly deps: LibraryServiceDeps;
  readonly store: LibraryStore;
  readonly queue: EmbeddingQueue;
  /** The in-memory indexes, loaded from IndexedDB on first use. */
  index(): Promise<LibraryIndex>;
  /** The embedding model's id, or '' when the settings name one this build cannot run (words only). */
  modelId(): Promise<string>;
  /** Pages were added or removed: the lexical index's snapshot is written a few seconds later. */
  changed(): void;
}
