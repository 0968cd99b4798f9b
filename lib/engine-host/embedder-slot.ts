/**
 * The library's embedding model, held next to the chat model (at most one of each, so memory stays
 * bounded to the two): downloaded through the verified downloader and the network gate on first use
 * (with progress events), loaded, and reused while it stays the settings' choice.
 */
import type { Dtype } from '../catalog/catalog';
import type { Embedder } from '../engine-api/embedder';
import { LocusError } from '../errors';
import type { TaskEvent } from '../messaging/engine-protocol';
import type { Settings } from '../settings/settings';
import { chooseEmbedding, type ChoiceContext, type EmbeddingChoice } from './choose-engine';
import { fetchModelFiles, type ModelDownloadDeps } from './model-downloads';
import { ModelSlot } from './model-slot';

export interface EmbedderSlotDeps extends Omit<ModelDownloadDeps, 'createEngine'> {
  readSettings(): Promise<Settings>;
  /** The library's embedding model (absent in a host that runs no library). */
  createEmbedder?(choice: EmbeddingChoice): Embedder;
}

export class EmbedderSlot {
  readonly #slot = new ModelSlot<Embedder>();

  /** `context` is the host's device profile and whether the GPU was lost, read when a choice is made. */
  constructor(
    private readonly deps: EmbedderSlotDeps,
    private readonly context: () => Promise<ChoiceContext>,
  ) {}

  get model(): Embedder | undefined {
    return this.#slot.model;
  }

  /** The embedding model the settings choose, without loading it. */
  async choice(): Promise<EmbeddingChoice> {
    return chooseEmbedding(await this.deps.readSettings(), await this.context());
  }

  /** The chosen embedder, loaded (downloaded first if needed). Call inside the host's `runExclusive`. */
  async prepare(emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Embedder> {
    if (!this.deps.createEmbedder) throw new LocusError('internal', 'This engine host cannot run embedding models.');
    const settings = await this.deps.readSettings();
    const choice = await this.choice();
    const key = `${choice.model.id}|${choice.device}|${choice.variant}`;
    const ready = this.#slot.loadedFor(key);
    if (ready) return ready;
    await this.#slot.release();
    await fetchModelFiles(this.deps, choice.model, choice.variant as Dtype, settings, emit, signal);
    emit({ kind: 'loading', modelId: choice.model.id, device: choice.device, dtype: choice.variant });
    const embedder = this.deps.createEmbedder(choice);
    await embedder.load({ signal });
    return this.#slot.keep(embedder, key);
  }

  release(): Promise<void> {
    return this.#slot.release();
  }
}
