/**
 * The Embedder on transformers.js (ONNX Runtime: WebGPU or WASM in the browser, native in Node).
 * Files come from the verified store, like the chat engine's (configureTransformers).
 *
 * The forward pass is written out (tokenize → model → pooling → L2 norm, what the
 * feature-extraction pipeline does) because the pipeline always truncates at the tokenizer's
 * model_max_length (512), while models like all-MiniLM-L6-v2 were trained at 256 tokens and
 * sentence-transformers truncates there: the catalog's `embedding.maxTokens` decides here.
 */
import {
  AutoModel,
  AutoTokenizer,
  mean_pooling,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import type { CatalogModel, Dtype } from '../catalog/catalog';
import { LocusError, cancelled } from '../errors';
import type { Device } from '../messaging/engine-protocol';
import type { Embedder, EmbedderInfo } from '../engine-api/embedder';

export class TransformersEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  #tokenizer: PreTrainedTokenizer | undefined;
  #model: PreTrainedModel | undefined;
  #loading: Promise<void> | undefined;

  readonly #revision: string;

  constructor(
    model: CatalogModel,
    device: Exclude<Device, 'browser'>,
    private readonly dtype: Dtype,
  ) {
    this.#revision = model.revision;
    const facts = model.embedding;
    if (!facts) throw new LocusError('model-not-in-catalog', `${model.name} is not an embedding model.`);
    this.info = {
      modelId: model.id,
      modelName: model.name,
      device,
      dtype,
      dims: facts.dims,
      maxTokens: facts.maxTokens,
      pooling: facts.pooling,
      normalize: facts.normalize,
    };
  }

  get loaded(): boolean {
    return this.#model !== undefined;
  }

  async load(): Promise<void> {
    if (this.#model) return;
    this.#loading ??= (async () => {
      try {
        // The catalog's pinned revision: the verified store keys files by it (see VerifiedFileCache).
        const revision = this.#revision;
        this.#tokenizer = await AutoTokenizer.from_pretrained(this.info.modelId, { revision });
        this.#model = await AutoModel.from_pretrained(this.info.modelId, { dtype: this.dtype, device: this.info.device, revision });
      } catch (error) {
        this.#loading = undefined;
        this.#tokenizer = undefined;
        throw new LocusError(
          'engine-failed',
          `Locus could not start the embedding model ${this.info.modelName} on ${this.info.device.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    })();
    await this.#loading;
  }

  #require(): { tokenizer: PreTrainedTokenizer; model: PreTrainedModel } {
    if (!this.#tokenizer || !this.#model) throw new LocusError('engine-failed', 'The embedding model is not loaded.');
    return { tokenizer: this.#tokenizer, model: this.#model };
  }

  async countTokens(text: string): Promise<number> {
    return this.#require().tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    if (options.signal?.aborted) throw cancelled();
    if (texts.length === 0) return [];
    const { tokenizer, model } = this.#require();
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: this.info.maxTokens });
    let outputs: { last_hidden_state: Tensor };
    try {
      outputs = (await model(inputs)) as { last_hidden_state: Tensor };
    } catch (error) {
      throw new LocusError('engine-failed', `The embedding model failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    let pooled: Tensor =
      this.info.pooling === 'mean'
        ? mean_pooling(outputs.last_hidden_state, inputs.attention_mask as Tensor)
        : outputs.last_hidden_state.slice(null, 0);
    if (this.info.normalize) pooled = pooled.normalize(2, -1);
    const data = pooled.data as Float32Array;
    const dims = pooled.dims.at(-1)!;
    const vectors = texts.map((_, i) => data.slice(i * dims, (i + 1) * dims));
    outputs.last_hidden_state.dispose?.();
    if (options.signal?.aborted) throw cancelled();
    return vectors;
  }

  async unload(): Promise<void> {
    const model = this.#model;
    this.#model = undefined;
    this.#tokenizer = undefined;
    this.#loading = undefined;
    await model?.dispose();
  }
}
