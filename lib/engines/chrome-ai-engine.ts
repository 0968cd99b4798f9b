/**
 * The Engine on Chrome's built-in model (the Prompt API: `LanguageModel`). Chrome downloads and runs
 * the model itself; Locus only asks. The API exists in documents, not in workers, so the engine
 * worker reaches it through `PromptApi`, served by the offscreen document (chrome-ai-bridge.ts).
 */
import type { CatalogModel } from '../catalog/catalog';
import { LocusError, cancelled } from '../errors';
import type { ChatMessage, Engine, EngineInfo, GenerateCallbacks, GenerateRequest, GenerateResult } from '../engine-api/engine';

export type PromptAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

/**
 * The part of the Prompt API Locus uses: one session per generation, and one session kept for
 * counting tokens (created on the first count, destroyed by `release`).
 */
export interface PromptApi {
  availability(): Promise<PromptAvailability>;
  /** Streams the answer to `messages` (the last one is the prompt); resolves with token usage. */
  generate(
    messages: ChatMessage[],
    onText: (delta: string) => void,
    signal?: AbortSignal,
  ): Promise<{ inputTokens: number | null; inputQuota: number | null }>;
  countTokens(text: string): Promise<number | null>;
  /** Destroys the counting session (the model is being unloaded). */
  release(): Promise<void>;
}

/** What the student reads when Chrome has not downloaded its model yet (the panel offers the button). */
export const CHROME_AI_DOWNLOAD_NEEDED =
  'Chrome has not downloaded its built-in model on this computer yet. In Models, press "Download Chrome\'s model": Chrome downloads it itself (it needs a few GB of disk), then Locus can use it. Or pick another model there.';

export class ChromeAiEngine implements Engine {
  readonly info: EngineInfo;
  #ready = false;

  constructor(
    model: CatalogModel,
    private readonly api: PromptApi,
  ) {
    this.info = {
      engine: 'chrome-ai',
      modelId: model.id,
      modelName: model.name,
      // It runs inside Chrome (on whatever Chrome chose), not on Locus's WASM or WebGPU runtime.
      device: 'browser',
      dtype: 'built-in',
      contextWindow: model.contextWindow,
    };
  }

  get loaded(): boolean {
    return this.#ready;
  }

  /** No options: Chrome downloads and loads its model itself, so there is no progress to report or download to stop. */
  async load(): Promise<void> {
    const state = await this.api.availability();
    if (state === 'unavailable') {
      throw new LocusError(
        'engine-failed',
        "Chrome's built-in model is not available in this browser (it needs Google Chrome 138 or later on a supported device). Pick another model in Models.",
      );
    }
    // Chrome starts its download only on a click in a page (user activation): never from here.
    if (state === 'downloadable') throw new LocusError('chrome-ai-download-needed', CHROME_AI_DOWNLOAD_NEEDED);
    if (state !== 'available') {
      throw new LocusError(
        'engine-failed',
        'Chrome is still downloading its built-in model. Try again when it is ready, or pick another model in Models.',
      );
    }
    this.#ready = true;
  }

  async countTokens(text: string): Promise<number> {
    return (await this.api.countTokens(text)) ?? Math.ceil(text.length / 2.5);
  }

  async countPromptTokens(messages: ChatMessage[]): Promise<number> {
    let total = 0;
    for (const m of messages) total += (await this.countTokens(m.content)) + 4;
    return total;
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
    if (!this.#ready) throw new LocusError('engine-failed', 'The model is not loaded.');
    const { signal, onText } = callbacks;
    if (signal?.aborted) throw cancelled();
    const started = performance.now();
    let firstAt: number | undefined;
    let text = '';
    let pieces = 0;
    let usage: { inputTokens: number | null; inputQuota: number | null };
    try {
      usage = await this.api.generate(
        request.messages,
        (delta) => {
          firstAt ??= performance.now();
          text += delta;
          pieces += 1;
          onText?.(delta);
        },
        signal,
      );
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      throw new LocusError('engine-failed', `Chrome's built-in model failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (usage.inputQuota) this.info.contextWindow = usage.inputQuota;
    const ended = performance.now();
    return {
      text,
      promptTokens: usage.inputTokens ?? (await this.countPromptTokens(request.messages)),
      // The Prompt API reports no output token count; counted with its own tokenizer instead.
      outputTokens: (await this.api.countTokens(text)) ?? pieces,
      ttftMs: (firstAt ?? ended) - started,
      totalMs: ended - started,
      finish: 'stop',
    };
  }

  async unload(): Promise<void> {
    this.#ready = false;
    await this.api.release().catch(() => undefined);
  }
}
