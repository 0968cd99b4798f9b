/**
 * The optional NER model (Privacy → "names: + NER model"): a token-classification model of the
 * catalog (`task: 'token-classification'`, e.g. Xenova/bert-base-NER), downloaded on first use
 * through Locus's verified downloader and the network gate like every other model, then run by
 * transformers.js in the engine worker from the verified store. Its per-token output becomes
 * PERSON / LOCATION / ORGANIZATION spans (./ner.ts); the cloud service merges them with the
 * name finder's and the rules'.
 */
import { pipeline } from '@huggingface/transformers';
import { transformersFiles, type CatalogModel, type Dtype } from '../catalog/catalog';
import { LocusError } from '../errors';
import type { DownloadProgress } from '../messaging/engine-protocol';
import { downloadModelFiles, type FetchLike } from '../model-files/download';
import type { PinStore } from '../model-files/pins';
import type { ModelFileStore } from '../model-files/store';
import { nerRecognizer, type TokenClassification } from './ner';
import type { NerRecognizer } from './pii';

export interface NerModelDeps {
  store: ModelFileStore;
  /** Makes the downloaded files visible to transformers.js (VerifiedFileCache.register). */
  register: (modelId: string, revision: string) => void;
  /** The network gate's fetch for model downloads. */
  fetch: FetchLike;
  /** Where a model without catalog checksums is pinned on first use (kept across restarts). */
  pins?: PinStore;
  /** The model host of the settings ('https://huggingface.co' or a school mirror). */
  modelHost: () => Promise<string>;
  /** Where ONNX Runtime runs it: 'wasm' in the worker ('cpu' in Node). */
  device: 'wasm' | 'webgpu' | 'cpu';
  onProgress?: (progress: DownloadProgress) => void;
}

type Classify = (text: string) => Promise<TokenClassification[]>;

/** One NER model: files fetched once, the pipeline loaded once, reused for every proposal. */
export class NerModel {
  #classify: Promise<Classify> | undefined;
  readonly dtype: Dtype;

  constructor(
    readonly model: CatalogModel,
    private readonly deps: NerModelDeps,
  ) {
    if (model.task !== 'token-classification' || !model.ner || !model.engines.transformers)
      throw new LocusError('model-not-in-catalog', `${model.name} is not a name-recognition model.`);
    const preferred = model.engines.transformers.preferred;
    this.dtype = (deps.device === 'webgpu' ? preferred.webgpu : preferred.wasm) ?? 'q8';
  }

  /** Downloads what is missing (verified, resumable, through the gate). */
  async ensureFiles(signal?: AbortSignal): Promise<void> {
    const { model } = this;
    await downloadModelFiles(
      { modelId: model.id, revision: model.revision, host: await this.deps.modelHost(), files: transformersFiles(model, this.dtype) },
      {
        store: this.deps.store,
        fetch: this.deps.fetch,
        ...(this.deps.pins ? { pins: this.deps.pins } : {}),
        ...(signal ? { signal } : {}),
        ...(this.deps.onProgress ? { onProgress: this.deps.onProgress } : {}),
      },
    );
    this.deps.register(model.id, model.revision);
  }

  /** The recognizer: files first, then the pipeline; a failure is thrown, so nothing is sent without it. */
  async recognizer(signal?: AbortSignal): Promise<NerRecognizer> {
    this.#classify ??= (async () => {
      await this.ensureFiles(signal);
      const run = await pipeline('token-classification', this.model.id, {
        dtype: this.dtype,
        device: this.deps.device,
        revision: this.model.revision,
      });
      return async (text: string) => (await run(text)) as unknown as TokenClassification[];
    })().catch((error: unknown) => {
      this.#classify = undefined;
      throw error instanceof LocusError
        ? error
        : new LocusError(
            'engine-failed',
            `The name-recognition model could not start: ${error instanceof Error ? error.message : String(error)}`,
            {
              cause: error,
            },
          );
    });
    const classify = await this.#classify;
    return nerRecognizer(classify, { labels: this.model.ner!.labels });
  }
}
