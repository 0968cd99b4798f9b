/**
 * The Engine on llama.cpp compiled to WebAssembly (@wllama/wllama 3: llama.cpp's server loop in a
 * worker of its own, multi-threaded where the page is cross-origin isolated). It runs GGUF files
 * that Locus's own downloader fetched and verified: wllama gets Blobs from the verified store and is
 * never allowed to download (its cache manager has no storage), nor to load code from a CDN (its
 * "compat" build is switched off); its .wasm ships in the package.
 *
 * Tokens are counted with the GGUF's own tokenizer and the prompt is rendered from the GGUF's chat
 * template here (wllama 3 offers neither), then sent as text: the text counted is the text sent, so a
 * prompt that starts like the previous one reuses llama.cpp's cached prefix (`cache_prompt`, one slot).
 */
import type { CatalogModel, LlamaCppVariant } from '../catalog/catalog';
import { LocusError, cancelled, writingFailed } from '../errors';
import type { FileKey } from '../model-files/store';
import type { ChatMessage, Engine, EngineInfo, GenerateCallbacks, GenerateRequest, GenerateResult } from '../engine-api/engine';
import { ChatPromptRenderer } from './gguf/chat-prompt';
import { readGgufMetadata } from './gguf/gguf-metadata';
import { GgufTokenizer } from './gguf/gguf-tokenizer';
import { unreadableTokenIds } from './gguf/utf8-bans';

type WllamaModule = typeof import('@wllama/wllama/esm/index.js');
type Wllama = InstanceType<WllamaModule['Wllama']>;

/**
 * The longest window Locus asks llama.cpp for: tasks never send more than 3,072 prompt tokens plus
 * their answer (lib/tasks/budget.ts), and the KV cache is allocated for the whole window up front.
 */
export const LLAMACPP_MAX_CONTEXT = 4096;

export interface LlamaCppSetup {
  /** wllama.wasm inside the extension package. */
  wasmUrl: string;
  threads: number;
  /**
   * Prompt tokens llama.cpp evaluates per step of its loop: Stop is heard between steps, so a
   * smaller batch stops sooner during a long prompt.
   */
  batchTokens?: number;
  /** A file from the verified store, or undefined when it is not there. */
  readFile(key: FileKey): Promise<Blob | undefined>;
  /** Loaded on first use: most devices run transformers.js and never need it. */
  loadRuntime(): Promise<Pick<WllamaModule, 'Wllama' | 'CacheManager' | 'WllamaAbortError'>>;
}

/** wllama's cache, without storage: files reach it only from Locus's verified store. */
const NO_STORAGE = {
  isSupported: () => true,
  read: async () => null,
  write: async () => {
    throw new Error('Locus downloads and verifies model files itself: wllama may not download.');
  },
  getSize: async () => -1,
  list: async () => [],
  delete: async () => undefined,
};

/**
 * Any text of Unicode scalar values, in llama.cpp's grammar language: no NUL, no surrogates, nothing
 * above U+10FFFF. GBNF escapes as llama-grammar.cpp's parse_char reads them: `\x` takes 2 hex digits,
 * `\u` 4, `\U` exactly 8 (so `\U0010FFFF`); ranges go inside brackets. `\x01`, not `\x00`: llama.cpp
 * decodes token text as a C string, where NUL ends it.
 * wllama 3.8.1 serializes each streamed piece with nlohmann::json's strict dump(), which throws on
 * invalid UTF-8; the exception leaves wllama's reply length unwritten and the worker then reads its own
 * request header "GLUE" as a length ("Invalid typed array length: 1163217991"), ending the answer.
 * `.` let through what llama.cpp's UTF-8 decoding does not check (surrogates, values above U+10FFFF,
 * F5-FF leads); the ranges reject them as soon as their first bytes are sampled. What the grammar
 * cannot see (overlong forms) is banned token by token (gguf/utf8-bans.ts).
 */
export const VALID_TEXT_GRAMMAR = 'root ::= [\\x01-\\uD7FF\\uE000-\\U0010FFFF]*';

/** llama.cpp's chatter (per-layer tensor lists) stays out of the console; warnings and errors stay in. */
const QUIET_LOGGER = { debug: () => undefined, log: () => undefined, warn: console.warn, error: console.error };

interface CompletionChunk {
  choices?: Array<{ text?: string; finish_reason?: string | null }>;
  timings?: { cache_n: number; prompt_n: number; predicted_n: number };
}

export function jspiAvailable(): boolean {
  return typeof WebAssembly !== 'undefined' && 'Suspending' in WebAssembly;
}

export class LlamaCppEngine implements Engine {
  readonly info: EngineInfo;
  #wllama: Wllama | undefined;
  #tokenizer: GgufTokenizer | undefined;
  #renderer: ChatPromptRenderer | undefined;
  #loading: Promise<void> | undefined;
  #abortError: WllamaModule['WllamaAbortError'] | undefined;
  /** llama.cpp's ban list ([id, false] bans a token) for the tokens that break UTF-8 wherever written. */
  #bans: Array<[number, false]> = [];

  constructor(
    model: CatalogModel,
    private readonly variant: LlamaCppVariant,
    device: 'wasm' | 'webgpu',
    private readonly setup: LlamaCppSetup,
  ) {
    this.info = {
      engine: 'llama-cpp',
      modelId: model.id,
      modelName: model.name,
      device,
      dtype: variant.quant,
      contextWindow: Math.min(model.contextWindow, LLAMACPP_MAX_CONTEXT),
    };
  }

  get loaded(): boolean {
    return this.#wllama !== undefined;
  }

  async load(): Promise<void> {
    if (this.#wllama) return;
    this.#loading ??= this.#load().catch((error: unknown) => {
      this.#loading = undefined;
      throw error instanceof LocusError
        ? error
        : new LocusError(
            'engine-failed',
            `Locus could not start ${this.info.modelName} with llama.cpp: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
    });
    await this.#loading;
  }

  async #load(): Promise<void> {
    if (!jspiAvailable()) {
      throw new LocusError(
        'engine-failed',
        "This browser's WebAssembly cannot run llama.cpp (it lacks JavaScript promise integration). Choose the transformers.js engine in Models.",
      );
    }
    const { repo, revision, files } = this.variant;
    const blobs: Blob[] = [];
    for (const file of files) {
      const blob = await this.setup.readFile({ modelId: repo, revision, path: file.path });
      if (!blob)
        throw new LocusError('engine-failed', `${this.info.modelName}: ${file.path} is not in the model store. Download it again.`);
      // A plain Blob (no file name): wllama then keeps the catalog's order of split parts.
      blobs.push(blob.slice(0, blob.size));
    }
    // The tokenizer and the chat template travel in the first part's metadata.
    const meta = await readGgufMetadata(blobs[0]!);
    const tokenizer = new GgufTokenizer(meta);
    const bans = unreadableTokenIds(meta).map((id): [number, false] => [id, false]);
    const { Wllama, CacheManager, WllamaAbortError } = await this.setup.loadRuntime();
    const wllama = new Wllama(
      { default: this.setup.wasmUrl },
      { cacheManager: new CacheManager([NO_STORAGE]), logger: QUIET_LOGGER, allowOffline: true },
    );
    // Never the CDN build wllama falls back to on browsers without JSPI or memory64.
    wllama.setCompat(null);
    const batch = this.setup.batchTokens ?? 128;
    try {
      await wllama.loadModel(blobs, {
        n_ctx: this.info.contextWindow,
        n_threads: this.setup.threads,
        n_gpu_layers: this.info.device === 'webgpu' ? 999 : 0,
        // One slot: one cached prompt prefix, the memory of one window.
        n_parallel: 1,
        n_batch: batch,
        n_ubatch: batch,
      });
    } catch (error) {
      await wllama.exit().catch(() => undefined);
      throw error;
    }
    this.#tokenizer = tokenizer;
    this.#renderer = new ChatPromptRenderer(tokenizer.facts);
    this.#abortError = WllamaAbortError;
    this.#bans = bans;
    this.#wllama = wllama;
  }

  #requireLoaded(): { wllama: Wllama; tokenizer: GgufTokenizer; renderer: ChatPromptRenderer } {
    if (!this.#wllama || !this.#tokenizer || !this.#renderer) throw new LocusError('engine-failed', 'The model is not loaded.');
    return { wllama: this.#wllama, tokenizer: this.#tokenizer, renderer: this.#renderer };
  }

  /** The exact text llama.cpp receives for `messages` (its chat template applied). */
  promptText(messages: ChatMessage[]): string {
    return this.#requireLoaded().renderer.render(messages);
  }

  async countTokens(text: string): Promise<number> {
    return this.#requireLoaded().tokenizer.count(text);
  }

  async countPromptTokens(messages: ChatMessage[]): Promise<number> {
    const { tokenizer, renderer } = this.#requireLoaded();
    return tokenizer.countPrompt(renderer.render(messages));
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
    const { wllama, tokenizer, renderer } = this.#requireLoaded();
    const { signal, onText } = callbacks;
    if (signal?.aborted) throw cancelled();
    const started = performance.now();
    const prompt = renderer.render(request.messages);
    const counted = tokenizer.countPrompt(prompt);
    if (counted + request.maxNewTokens > this.info.contextWindow) {
      throw new LocusError(
        'input-too-large',
        `The prompt (${counted} tokens) does not fit ${this.info.modelName}'s window of ${this.info.contextWindow} tokens.`,
      );
    }
    const temperature = request.temperature ?? 0;
    let text = '';
    let firstTokenAt: number | undefined;
    let pieces = 0;
    let finish: string | null | undefined;
    let timings: CompletionChunk['timings'];
    try {
      await wllama.createCompletion({
        prompt,
        stream: true,
        max_tokens: request.maxNewTokens,
        temperature,
        ...(temperature > 0 ? {} : { top_k: 1 }),
        // llama.cpp checks the sampled token against it and filters all candidates only when it fails.
        grammar: VALID_TEXT_GRAMMAR,
        logit_bias: this.#bans,
        // The slot keeps this prompt's KV cache; a next prompt with the same beginning skips it.
        cache_prompt: true,
        abortSignal: signal,
        onData: (chunk: CompletionChunk) => {
          const choice = chunk.choices?.[0];
          if (chunk.timings) timings = chunk.timings;
          if (choice?.finish_reason) finish = choice.finish_reason;
          const piece = choice?.text ?? '';
          if (!piece) return;
          firstTokenAt ??= performance.now();
          pieces += 1;
          text += piece;
          onText?.(piece);
        },
      } as never);
    } catch (error) {
      const stopped = signal?.aborted === true || (this.#abortError !== undefined && error instanceof this.#abortError);
      throw writingFailed(this.info.modelName, error, stopped);
    }
    if (signal?.aborted) throw cancelled();
    const ended = performance.now();
    const outputTokens = timings?.predicted_n ?? pieces;
    return {
      text,
      promptTokens: timings ? timings.prompt_n + timings.cache_n : counted,
      outputTokens,
      ttftMs: (firstTokenAt ?? ended) - started,
      totalMs: ended - started,
      finish: finish === 'length' || (finish === undefined && outputTokens >= request.maxNewTokens) ? 'length' : 'stop',
      reusedPromptTokens: timings?.cache_n ?? 0,
    };
  }

  async unload(): Promise<void> {
    const wllama = this.#wllama;
    this.#wllama = undefined;
    this.#tokenizer = undefined;
    this.#renderer = undefined;
    this.#loading = undefined;
    this.#bans = [];
    await wllama?.exit();
  }
}
