/**
 * The Engine on a cloud provider: an OpenAI-compatible chat-completions endpoint (SSE streaming) or
 * an Ollama server (/api/chat, NDJSON streaming). It runs in the engine worker and reaches the
 * network only through the gate, with the consent record of the exact body it sends: the body is
 * built by `buildCloudRequest`, the same function that built what the consent dialog showed, and
 * the gate compares hashes before anything leaves.
 *
 * It never sees page text unredacted (the caller redacts) and never restores placeholders (the
 * caller does, on the device). Token counts are the provider's when it reports them, else an
 * estimate of 4 characters per token: there is no cloud tokenizer on the device. The answer's
 * stream is read by ./cloud-answer.ts; what a student reads when the provider fails, by ./cloud-errors.ts.
 */
import { buildCloudRequest } from './request-body';
import { contextWindowOf, type Provider } from './providers';
import { readCloudAnswer } from './cloud-answer';
import { httpError, unreachableError } from './cloud-errors';
import { LocusError, cancelled, isAbort } from '../errors';
import type { NetworkGate } from '../privacy/network-gate';
import type { CloudConsent } from '../privacy/consent';
import type { ChatMessage, Engine, EngineInfo, GenerateCallbacks, GenerateRequest, GenerateResult } from '../engine-api/engine';

/** Characters per token for estimates where no tokenizer of the provider's model is available. */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 2);
}

export interface CloudGenerateCallbacks extends GenerateCallbacks {
  /** The student's consent to this exact request; without it the gate refuses. */
  consent?: CloudConsent;
}

export interface CloudEngineOptions {
  /** The extension's origin, named in Ollama's "refused origin" advice. */
  extensionOrigin?: string;
  now?: () => number;
}

export class CloudEngine implements Engine {
  readonly info: EngineInfo;

  constructor(
    private readonly provider: Provider,
    private readonly gate: NetworkGate,
    private readonly options: CloudEngineOptions = {},
  ) {
    this.info = {
      engine: 'cloud',
      modelId: provider.model,
      modelName: `${provider.model} (${provider.name})`,
      device: 'cloud',
      dtype: provider.kind,
      contextWindow: contextWindowOf(provider),
    };
  }

  /** Nothing to download or start: the model runs at the provider. */
  get loaded(): boolean {
    return true;
  }

  async load(): Promise<void> {}

  async unload(): Promise<void> {}

  async countTokens(text: string): Promise<number> {
    return estimateTokens(text);
  }

  async countPromptTokens(messages: ChatMessage[]): Promise<number> {
    return estimatePromptTokens(messages);
  }

  async generate(request: GenerateRequest, callbacks: CloudGenerateCallbacks = {}): Promise<GenerateResult> {
    const { signal, onText } = callbacks;
    if (signal?.aborted) throw cancelled();
    const now = this.options.now ?? (() => performance.now());
    const started = now();
    const response = await this.#send(request, callbacks);
    const answer = await readCloudAnswer(response, this.provider, { signal, onText, now });
    const ended = now();
    const outputTokens = answer.outputTokens ?? Math.max(answer.pieces, answer.text ? estimateTokens(answer.text) : 0);
    return {
      text: answer.text,
      promptTokens: answer.promptTokens ?? estimatePromptTokens(request.messages),
      outputTokens,
      ttftMs: (answer.firstAt ?? ended) - started,
      totalMs: ended - started,
      finish: answer.finish ?? (outputTokens >= request.maxNewTokens ? 'length' : 'stop'),
    };
  }

  /** Sends the request through the gate, with the consent to its exact body; an HTTP error becomes a LocusError. */
  async #send(request: GenerateRequest, { signal, consent }: CloudGenerateCallbacks): Promise<Response> {
    const { url, body } = buildCloudRequest(this.provider, request.messages, request.maxNewTokens, request.temperature);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: this.provider.kind === 'ollama' ? 'application/x-ndjson' : 'text/event-stream',
    };
    if (this.provider.apiKey) headers.Authorization = `Bearer ${this.provider.apiKey}`;
    let response: Response;
    try {
      response = await this.gate.fetch(url, { method: 'POST', headers, body, signal }, 'cloud', { consent });
    } catch (error) {
      if (signal?.aborted || isAbort(error)) throw cancelled();
      if (error instanceof LocusError) throw error;
      throw unreachableError(this.provider, error, this.options.extensionOrigin);
    }
    if (!response.ok) throw await httpError(this.provider, response, this.options.extensionOrigin);
    return response;
  }
}
