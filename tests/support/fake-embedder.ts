/**
 * An Embedder for tests of the library around the model: tokens are words, and a text's vector is
 * its hashed bag of stemmed words (so texts sharing words are close: dense retrieval means
 * something, deterministically). Calls are recorded; a hook can make a call hang or fail.
 */
import type { Embedder, EmbedderInfo } from '../../lib/engine-api/embedder';
import { cancelled } from '../../lib/errors';
import { analyze } from '../../lib/search/text-analysis';

export interface FakeEmbedderOptions {
  dims?: number;
  modelId?: string;
  maxTokens?: number;
  /** Runs before each embed call (index from 0): may throw, or return a promise that never settles. */
  beforeEmbed?: (texts: string[], call: number) => void | Promise<void>;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class FakeEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  readonly calls: string[][] = [];
  #loaded = false;

  constructor(private readonly options: FakeEmbedderOptions = {}) {
    this.info = {
      modelId: options.modelId ?? 'test/fake-embedder',
      modelName: 'Fake embedder',
      device: 'wasm',
      dtype: 'q8',
      dims: options.dims ?? 32,
      maxTokens: options.maxTokens ?? 256,
      pooling: 'mean',
      normalize: true,
    };
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  async load(): Promise<void> {
    this.#loaded = true;
  }

  async unload(): Promise<void> {
    this.#loaded = false;
  }

  async countTokens(text: string): Promise<number> {
    return text.split(/\s+/).filter(Boolean).length;
  }

  vectorOf(text: string): Float32Array {
    const v = new Float32Array(this.info.dims);
    v[0] = 0.5; // a shared direction, as real embeddings have
    for (const term of analyze(text)) {
      const h = hash(term);
      const at = h % this.info.dims;
      v[at] = v[at]! + (h & 0x100 ? 1 : -1);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    return v.map((x) => x / Math.sqrt(norm || 1));
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    if (options.signal?.aborted) throw cancelled();
    const call = this.calls.length;
    this.calls.push([...texts]);
    await this.options.beforeEmbed?.(texts, call);
    await Promise.resolve();
    if (options.signal?.aborted) throw cancelled();
    return texts.map((t) => this.vectorOf(t));
  }
}
