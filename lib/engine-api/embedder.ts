/**
 * The embedding model's interface: what the library needs of it (its tokenizer, to cut pages into
 * chunks that fit; and vectors for chunks and questions). Loaded by the engine host next to the chat
 * model (lib/engine-host/engine-host.ts), from the same verified model store.
 */
import type { Device } from '../messaging/engine-protocol';
import type { LoadOptions } from './engine';

export interface EmbedderInfo {
  modelId: string;
  modelName: string;
  device: Exclude<Device, 'browser'>;
  dtype: string;
  /** Components of each vector. */
  dims: number;
  /** Tokens the model reads per text; longer texts are truncated (the catalog's `embedding.maxTokens`). */
  maxTokens: number;
  pooling: 'mean' | 'cls';
  normalize: boolean;
}

export interface Embedder {
  readonly info: EmbedderInfo;
  readonly loaded: boolean;
  load(options?: LoadOptions): Promise<void>;
  /** Tokens of `text` alone (no special tokens), with this model's tokenizer. */
  countTokens(text: string): Promise<number>;
  /** One vector per text, in order (unit length when the model normalizes). Rejects 'cancelled' on abort. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
  unload(): Promise<void>;
}
