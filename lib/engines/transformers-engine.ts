/**
 * The Engine on transformers.js (ONNX Runtime: WebGPU or WASM in the browser, native CPU in Node).
 * Files come from the verified store (VerifiedFileCache); downloading them is the caller's job.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  DynamicCache,
  InterruptableStoppingCriteria,
  LogitsProcessor,
  TextStreamer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { CatalogModel, Dtype } from '../catalog/catalog';
import { ConfidenceMeter } from '../engine-api/confidence';
import { LocusError, cancelled, writingFailed } from '../errors';
import type { Device } from '../messaging/engine-protocol';
import type { ChatMessage, Engine, EngineInfo, GenerateCallbacks, GenerateRequest, GenerateResult } from '../engine-api/engine';
import { reusableTokens } from './prompt-prefix';
import type { CacheLike } from './verified-file-cache';

export interface TransformersSetup {
  cache: CacheLike;
  /** ONNX Runtime's WASM files, shipped inside the extension (never a CDN). */
  wasmPaths?: string | { mjs?: string; wasm?: string };
  threads?: number;
}

/** Points transformers.js at Locus's verified files and forbids it any download of its own. */
export function configureTransformers(setup: TransformersSetup): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true; // Remote *names* resolve to our cache; the fetch below refuses.
  env.useBrowserCache = false;
  env.useFSCache = false;
  env.useCustomCache = true;
  env.customCache = setup.cache as never;
  env.useWasmCache = false;
  // Anything not in the verified store is "not found": optional files are skipped, required ones fail.
  env.fetch = async () => new Response(null, { status: 404, statusText: 'Not in the verified model store' });
  const onnx = env.backends.onnx;
  if (onnx?.wasm) {
    if (setup.wasmPaths) onnx.wasm.wasmPaths = setup.wasmPaths as never;
    if (setup.threads) onnx.wasm.numThreads = setup.threads;
  }
}

/**
 * Points ONNX Runtime at another of its WASM builds (lib/engines/ort-build.ts). It takes effect only
 * if no session was created yet in this worker: ONNX Runtime loads its WASM once.
 */
export function useOrtWasmPaths(paths: { mjs: string; wasm: string }): void {
  const wasm = env.backends.onnx?.wasm;
  if (wasm) wasm.wasmPaths = paths as never;
}

type TensorLike = { dims: number[]; data: ArrayLike<number | bigint> };

type CacheTensor = TensorLike & { location?: string; slice(...slices: Array<number | number[] | null>): CacheTensor };

/** The KV cache of the last prompt (and answer), with the token ids it holds: one per engine. */
interface HeldPrefix {
  ids: bigint[];
  cache: DynamicCache;
}

/**
 * The first `keep` positions of a KV cache (tensors [batch, heads, sequence, head size]). Only on the
 * CPU: a cache in GPU buffers cannot be cut here, so there only an exact prefix is reused.
 */
function cropCache(cache: DynamicCache, keep: number): DynamicCache | undefined {
  const entries: Record<string, CacheTensor> = {};
  for (const [name, value] of Object.entries(cache as unknown as Record<string, CacheTensor>)) {
    if (value.location === 'gpu-buffer') return undefined;
    entries[name] = name.startsWith('past_key_values.') ? value.slice(null, null, [0, keep], null) : value;
  }
  return new DynamicCache(entries as never);
}

/**
 * Sees the scores of every generation step (transformers.js has no `output_scores` yet) and feeds
 * the first row's distribution to a ConfidenceMeter; the scores pass through unchanged.
 */
class ConfidenceProbe extends LogitsProcessor {
  constructor(private readonly meter: ConfidenceMeter) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: never): never {
    const tensor = logits as unknown as TensorLike;
    const vocab = tensor.dims.at(-1) ?? 0;
    if (vocab > 0 && tensor.data.length >= vocab) this.meter.addLogits(tensor.data as ArrayLike<number>, 0, vocab);
    return logits;
  }
}

export class TransformersEngine implements Engine {
  readonly info: EngineInfo;
  #tokenizer: PreTrainedTokenizer | undefined;
  #model: PreTrainedModel | undefined;
  #loading: Promise<void> | undefined;
  readonly #dtype: Dtype;
  #prefix: HeldPrefix | undefined;

  constructor(model: CatalogModel, device: Exclude<Device, 'browser'>, dtype: Dtype) {
    this.#dtype = dtype;
    this.info = {
      engine: 'transformers',
      modelId: model.id,
      modelName: model.name,
      device,
      dtype,
      contextWindow: model.contextWindow,
    };
  }

  get loaded(): boolean {
    return this.#model !== undefined;
  }

  #lostHandlers: Array<(reason: string) => void> = [];
  #lostReason: string | undefined;

  onDeviceLost(handler: (reason: string) => void): void {
    if (this.#lostReason !== undefined) handler(this.#lostReason);
    else this.#lostHandlers.push(handler);
  }

  /** ONNX Runtime owns the GPUDevice; its `lost` promise tells when the GPU went away. */
  async #watchGpu(): Promise<void> {
    try {
      const webgpu = (env.backends.onnx as { webgpu?: { device?: Promise<{ lost: Promise<{ message: string; reason?: string }> }> } })
        .webgpu;
      const device = await webgpu?.device;
      const info = await device?.lost;
      if (!info) return;
      this.#lostReason = info.message || info.reason || 'device lost';
      for (const handler of this.#lostHandlers) handler(this.#lostReason);
    } catch {
      // No device to watch (a CPU session): nothing can be lost.
    }
  }

  async load(): Promise<void> {
    if (this.#model) return;
    this.#loading ??= (async () => {
      try {
        const { modelId } = this.info;
        const device = this.info.device as Exclude<Device, 'browser'>; // set from the constructor's, never 'cloud'
        const dtype = this.#dtype;
        this.#tokenizer = await AutoTokenizer.from_pretrained(modelId);
        this.#model = await AutoModelForCausalLM.from_pretrained(modelId, { dtype, device });
        if (device === 'webgpu') void this.#watchGpu();
      } catch (error) {
        this.#loading = undefined;
        throw new LocusError(
          'engine-failed',
          `Locus could not start ${this.info.modelName} on ${this.info.device.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    })();
    await this.#loading;
  }

  #requireLoaded(): { tokenizer: PreTrainedTokenizer; model: PreTrainedModel } {
    if (!this.#tokenizer || !this.#model) throw new LocusError('engine-failed', 'The model is not loaded.');
    return { tokenizer: this.#tokenizer, model: this.#model };
  }

  async countTokens(text: string): Promise<number> {
    const { tokenizer } = this.#requireLoaded();
    return tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  async countPromptTokens(messages: ChatMessage[]): Promise<number> {
    const { tokenizer } = this.#requireLoaded();
    const ids = tokenizer.apply_chat_template(messages, {
      add_generation_prompt: true,
      tokenize: true,
      return_tensor: false,
      return_dict: false,
    });
    return (ids as unknown as number[]).length;
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
    const { tokenizer, model } = this.#requireLoaded();
    const { signal, onText } = callbacks;
    if (signal?.aborted) throw cancelled();
    const started = performance.now();
    const inputs = tokenizer.apply_chat_template(request.messages, { add_generation_prompt: true, return_dict: true }) as unknown as {
      input_ids: TensorLike;
      attention_mask: TensorLike;
    };
    const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
    this.#checkFits(promptTokens, request.maxNewTokens);

    const stopper = new InterruptableStoppingCriteria();
    const onAbort = () => stopper.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    let firstTokenAt: number | undefined;
    let outputTokens = 0;
    let text = '';
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      token_callback_function: () => {
        firstTokenAt ??= performance.now();
        outputTokens += 1;
      },
      callback_function: (piece: string) => {
        if (!piece) return;
        text += piece;
        onText?.(piece);
      },
    });
    const temperature = request.temperature ?? 0;
    const meter = new ConfidenceMeter();
    const { past, reused } = await this.#takePrefix(Array.from(inputs.input_ids.data as ArrayLike<bigint>));
    let output: { sequences: TensorLike; past_key_values: DynamicCache } | undefined;
    try {
      output = (await model.generate({
        ...inputs,
        ...(past ? { past_key_values: past } : {}),
        return_dict_in_generate: true,
        max_new_tokens: request.maxNewTokens,
        do_sample: temperature > 0,
        ...(temperature > 0 ? { temperature } : {}),
        streamer,
        stopping_criteria: [stopper],
        logits_processor: [new ConfidenceProbe(meter)],
      } as never)) as unknown as typeof output;
    } catch (error) {
      throw writingFailed(this.info.modelName, error, signal?.aborted === true);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) {
      await output?.past_key_values.dispose();
      throw cancelled();
    }
    if (output) {
      // The cache holds every token fed to the model: the prompt, and the answer but its last token.
      const length = output.past_key_values.get_seq_length();
      this.#prefix = { ids: Array.from(output.sequences.data as ArrayLike<bigint>).slice(0, length), cache: output.past_key_values };
    }
    const ended = performance.now();
    return {
      text,
      promptTokens,
      outputTokens,
      ttftMs: (firstTokenAt ?? ended) - started,
      totalMs: ended - started,
      finish: outputTokens >= request.maxNewTokens ? 'length' : 'stop',
      reusedPromptTokens: reused,
      ...(meter.result() ? { confidence: meter.result()! } : {}),
    };
  }

  #checkFits(promptTokens: number, maxNewTokens: number): void {
    if (promptTokens + maxNewTokens <= this.info.contextWindow) return;
    throw new LocusError(
      'input-too-large',
      `The prompt (${promptTokens} tokens) does not fit ${this.info.modelName}'s window of ${this.info.contextWindow} tokens.`,
    );
  }

  /**
   * The KV cache of the prefix this prompt shares with the previous one (not processed again), cropped
   * to that prefix; the held cache is taken (generate changes it in place) and kept again afterwards.
   */
  async #takePrefix(ids: bigint[]): Promise<{ past: DynamicCache | undefined; reused: number }> {
    const held = this.#prefix;
    this.#prefix = undefined;
    if (!held) return { past: undefined, reused: 0 };
    const length = held.cache.get_seq_length();
    const keep = Math.min(reusableTokens(held.ids, ids), length);
    const past = keep === 0 ? undefined : keep === length ? held.cache : cropCache(held.cache, keep);
    if (past !== held.cache) await held.cache.dispose();
    return { past, reused: past ? keep : 0 };
  }

  /** Drops the cached prompt prefix (its memory), e.g. when the engine goes idle. */
  async forgetPrompt(): Promise<void> {
    const held = this.#prefix;
    this.#prefix = undefined;
    await held?.cache.dispose();
  }

  async unload(): Promise<void> {
    await this.forgetPrompt();
    const model = this.#model;
    this.#model = undefined;
    this.#tokenizer = undefined;
    this.#loading = undefined;
    await model?.dispose();
  }
}
