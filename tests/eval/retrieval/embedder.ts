/**
 * Text embeddings in Node with transformers.js (onnxruntime-node), from a local model folder only,
 * with an on-disk cache so that reruns skip the minutes of embedding.
 *
 * The feature-extraction pipeline loads the model and tokenizer; the forward pass is run here
 * (tokenize → model → pooling → L2 norm, what the pipeline's own call does) because the pipeline
 * always truncates at the tokenizer's model_max_length (512), while all-MiniLM-L6-v2 was trained
 * at 256 tokens and sentence-transformers truncates there (the catalog's `embedding.maxTokens`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, mean_pooling, pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { findModel, type Dtype } from '../../../lib/catalog/catalog';
import { sharedRoot } from '../../support/shared-data.mjs';

export interface EmbeddingModelSpec {
  /** The id transformers.js loads (a folder name under `root`). */
  id: string;
  /** Folder holding `id/` (env.localModelPath). */
  root: string;
  dtype: Dtype;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  maxTokens: number;
  /** Prepended to queries (BGE's retrieval instruction), empty for symmetric models. */
  queryPrefix: string;
  /** True when the folder is a random-weight stand-in (STANDIN.md present). */
  standin: boolean;
  /** Where the folder was found. */
  dir: string;
}

/** Retrieval instructions by model (from the models' cards); not in the catalog yet. */
const QUERY_PREFIX: Record<string, string> = {
  'Xenova/bge-small-en-v1.5': 'Represent this sentence for searching relevant passages: ',
};

export const cacheRoot = path.join(os.homedir(), '.cache', 'locus');

/**
 * Resolves `--model <catalog id>` or `--model-dir <folder>` to a local folder: ../shared/models,
 * then ~/.cache/locus/models, then the random-weight stand-ins in ~/.cache/locus/standins.
 */
export function resolveModel(options: {
  model?: string;
  modelDir?: string;
  dtype?: Dtype;
  pooling?: 'mean' | 'cls';
}): EmbeddingModelSpec | { missing: string } {
  const dtype = options.dtype ?? 'q8';
  if (options.modelDir) {
    const dir = path.resolve(options.modelDir);
    if (!existsSync(path.join(dir, 'config.json'))) return { missing: `no model folder (config.json) at ${dir}` };
    // Catalog facts (pooling, max tokens) by --model, or by the folder's last two names (owner/name).
    const catalogId =
      options.model ??
      path
        .relative(path.dirname(path.dirname(dir)), dir)
        .split(path.sep)
        .join('/');
    return spec(catalogId, path.basename(dir), path.dirname(dir), dir, dtype, options.pooling);
  }
  const id = options.model ?? 'Xenova/all-MiniLM-L6-v2';
  const candidates = [path.join(sharedRoot, 'models'), path.join(cacheRoot, 'models'), path.join(cacheRoot, 'standins')];
  for (const root of candidates) {
    if (existsSync(path.join(root, id, 'config.json'))) return spec(id, id, root, path.join(root, id), dtype, options.pooling);
  }
  return {
    missing:
      `embedding model ${id}: not found in ${candidates.join(', ')}. Real weights are not on this machine; ` +
      `a random-weight stand-in (speed only) can be made with /usr/bin/python3 ../shared/tools/make-standins.py ${path.join(cacheRoot, 'standins')} --only minilm`,
  };
}

function spec(catalogId: string, loadId: string, root: string, dir: string, dtype: Dtype, pooling?: 'mean' | 'cls'): EmbeddingModelSpec {
  const facts = findModel(catalogId)?.embedding;
  return {
    id: loadId,
    root,
    dtype,
    pooling: pooling ?? facts?.pooling ?? 'mean',
    normalize: facts?.normalize ?? true,
    maxTokens: facts?.maxTokens ?? 512,
    queryPrefix: QUERY_PREFIX[catalogId] ?? '',
    standin: existsSync(path.join(dir, 'STANDIN.md')),
    dir,
  };
}

const WEIGHT_FILE: Record<Dtype, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  q4: 'model_q4.onnx',
  q4f16: 'model_q4f16.onnx',
};

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export class Embedder {
  #extractor: FeatureExtractionPipeline | undefined;
  #weightsHash: string | undefined;
  dims = 0;
  /** Seconds spent computing embeddings (not reading the cache). */
  computeSeconds = 0;

  constructor(readonly spec: EmbeddingModelSpec) {}

  async load(): Promise<void> {
    if (this.#extractor) return;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = this.spec.root;
    const weights = path.join(this.spec.dir, 'onnx', WEIGHT_FILE[this.spec.dtype]);
    if (!existsSync(weights)) throw new Error(`${weights} is missing (dtype ${this.spec.dtype})`);
    this.#weightsHash = sha256(readFileSync(weights));
    this.#extractor = (await pipeline('feature-extraction', this.spec.id, {
      dtype: this.spec.dtype,
      device: 'cpu',
    })) as FeatureExtractionPipeline;
    const probe = await this.#forward(['probe']);
    this.dims = probe[0]!.length;
  }

  /** Token count by the model's tokenizer (no special tokens), for chunking. */
  countTokens = async (text: string): Promise<number> => {
    await this.load();
    return this.#extractor!.tokenizer.encode(text, { add_special_tokens: false }).length;
  };

  async #forward(texts: string[]): Promise<Float32Array[]> {
    const { tokenizer, model } = this.#extractor!;
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: this.spec.maxTokens });
    const outputs = (await model(inputs)) as { last_hidden_state: Tensor };
    let pooled: Tensor =
      this.spec.pooling === 'mean'
        ? mean_pooling(outputs.last_hidden_state, inputs.attention_mask as Tensor)
        : outputs.last_hidden_state.slice(null, 0);
    if (this.spec.normalize) pooled = pooled.normalize(2, -1);
    const data = pooled.data as Float32Array;
    const dims = pooled.dims.at(-1)!;
    return texts.map((_, i) => data.slice(i * dims, (i + 1) * dims));
  }

  /**
   * Embeddings of `texts` (documents, or queries with `query: true`), cached on disk under
   * ~/.cache/locus/embeddings keyed by the model's weights hash, its settings and the exact texts.
   */
  async embed(
    texts: string[],
    options: { query?: boolean; batchSize?: number; label?: string; cache?: boolean } = {},
  ): Promise<Float32Array[]> {
    await this.load();
    const inputs = options.query ? texts.map((t) => this.spec.queryPrefix + t) : texts;
    const { id, dtype, pooling, normalize, maxTokens } = this.spec;
    const key = sha256(
      JSON.stringify({ v: 1, id, dtype, pooling, normalize, maxTokens, weights: this.#weightsHash, texts: sha256(inputs.join('\u0000')) }),
    );
    const dir = path.join(cacheRoot, 'embeddings');
    const file = path.join(dir, `${key}.f32`);
    const cache = options.cache ?? true;
    if (cache && existsSync(file)) {
      const buf = readFileSync(file);
      const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      if (all.length === inputs.length * this.dims) return inputs.map((_, i) => all.slice(i * this.dims, (i + 1) * this.dims));
    }
    // Batches of similar length (less padding), in the original order at the end.
    const order = inputs.map((t, i) => ({ t, i })).sort((a, b) => a.t.length - b.t.length);
    const out: Float32Array[] = new Array(inputs.length);
    const batchSize = options.batchSize ?? 32;
    const started = performance.now();
    let lastReport = started;
    for (let b = 0; b < order.length; b += batchSize) {
      const batch = order.slice(b, b + batchSize);
      const vectors = await this.#forward(batch.map((x) => x.t));
      batch.forEach((x, j) => (out[x.i] = vectors[j]!));
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const done = Math.min(order.length, b + batchSize);
        process.stderr.write(
          `  embedding ${options.label ?? ''} ${done}/${order.length} (${((done / (lastReport - started)) * 1000).toFixed(1)}/s)\n`,
        );
      }
    }
    this.computeSeconds += (performance.now() - started) / 1000;
    if (!cache) return out;
    mkdirSync(dir, { recursive: true });
    const all = new Float32Array(inputs.length * this.dims);
    out.forEach((v, i) => all.set(v, i * this.dims));
    writeFileSync(file, Buffer.from(all.buffer));
    return out;
  }

  async dispose(): Promise<void> {
    await this.#extractor?.dispose();
    this.#extractor = undefined;
  }
}
