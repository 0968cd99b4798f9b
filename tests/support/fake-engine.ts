/**
 * An Engine for tests of the code around models: tokens are words, every generate() call is
 * recorded, and the answer is streamed word by word. It keeps the Engine contract that matters to
 * callers: a prompt that does not fit is refused, an aborted signal rejects with 'cancelled'.
 */
import type {
  ChatMessage,
  Engine,
  EngineInfo,
  GenerateCallbacks,
  GenerateRequest,
  GenerateResult,
  LoadOptions,
} from '../../lib/engine-api/engine';
import { LocusError, cancelled } from '../../lib/errors';

export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export interface GenerateCall {
  request: GenerateRequest;
  promptTokens: number;
  /** The user message of the prompt. */
  user: string;
  abortedAtStart: boolean;
}

export interface FakeEngineOptions {
  contextWindow?: number;
  /** The answer to a call, before it is cut to maxNewTokens words. Default: maxNewTokens words. */
  reply?: (call: GenerateCall, index: number) => string;
  /** Runs before the answer is produced (to abort, to fail, to wait). */
  beforeGenerate?: (call: GenerateCall, index: number) => void | Promise<void>;
  info?: Partial<EngineInfo>;
  /** The tokenizer; default: words. */
  countTokens?: (text: string) => number;
}

export class FakeEngine implements Engine {
  readonly info: EngineInfo;
  readonly calls: GenerateCall[] = [];
  loads = 0;
  unloads = 0;
  #loaded = false;

  constructor(private readonly options: FakeEngineOptions = {}) {
    this.info = {
      engine: 'transformers',
      modelId: 'fake-model',
      modelName: 'Fake model',
      device: 'wasm',
      dtype: 'q4',
      contextWindow: options.contextWindow ?? 512,
      ...options.info,
    };
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  async load(options: LoadOptions = {}): Promise<void> {
    if (options.signal?.aborted) throw cancelled();
    this.loads += 1;
    this.#loaded = true;
  }

  async unload(): Promise<void> {
    this.unloads += 1;
    this.#loaded = false;
  }

  async countTokens(text: string): Promise<number> {
    return (this.options.countTokens ?? countWords)(text);
  }

  /** Tokens of every message, plus two per message for the chat template's markers. */
  async countPromptTokens(messages: ChatMessage[]): Promise<number> {
    const count = this.options.countTokens ?? countWords;
    return messages.reduce((sum, m) => sum + count(m.content) + 2, 0);
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
    const { signal, onText } = callbacks;
    const index = this.calls.length;
    const call: GenerateCall = {
      request,
      promptTokens: await this.countPromptTokens(request.messages),
      user: request.messages.find((m) => m.role === 'user')?.content ?? '',
      abortedAtStart: signal?.aborted === true,
    };
    this.calls.push(call);
    if (signal?.aborted) throw cancelled();
    if (call.promptTokens + request.maxNewTokens > this.info.contextWindow) {
      throw new LocusError('input-too-large', `prompt of ${call.promptTokens} tokens does not fit ${this.info.contextWindow}`);
    }
    await this.options.beforeGenerate?.(call, index);
    const started = performance.now();
    const full = this.options.reply?.(call, index) ?? Array.from({ length: request.maxNewTokens }, (_, i) => `w${index}x${i}`).join(' ');
    const words = full.split(/(?<=\s)/).filter(Boolean);
    let text = '';
    let outputTokens = 0;
    let firstAt: number | undefined;
    for (const piece of words) {
      if (outputTokens >= request.maxNewTokens) break;
      if (signal?.aborted) throw cancelled();
      firstAt ??= performance.now();
      text += piece;
      outputTokens += (this.options.countTokens ?? countWords)(piece);
      onText?.(piece);
      await Promise.resolve();
    }
    const ended = performance.now();
    return {
      text,
      promptTokens: call.promptTokens,
      outputTokens,
      ttftMs: (firstAt ?? ended) - started,
      totalMs: ended - started,
      finish: outputTokens >= request.maxNewTokens ? 'length' : 'stop',
    };
  }
}
