/**
 * The Engine on a cloud provider: an OpenAI-compatible chat-completions endpoint (SSE streaming) or
 * an Ollama server (/api/chat, NDJSON streaming). It runs in the engine worker and reaches the
 * network only through the gate, with the consent record of the exact body it sends: the body is
 * built by `buildCloudRequest`, the same function that built what the consent dialog showed, and
 * the gate compares hashes before anything leaves.
 *
 * It never sees page text unredacted (the caller redacts) and never restores placeholders (the
 * caller does, on the device). Token counts are the provider's when it reports them, else an
 * estimate of 4 characters per token: there is no cloud tokenizer on the device.
 */
import { buildCloudRequest } from './request-body';
import { contextWindowOf, originOf, type Provider } from './providers';
import { ollamaNdjsonParser, openAiPiece, openAiSseParser, type StreamParser, type StreamPiece } from './streams';
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

/** Removes anything that looks like the key from a provider's error text before it is shown. */
function scrub(text: string, key: string): string {
  let out = text.slice(0, 300);
  if (key) out = out.split(key).join('[key]');
  return out.replace(/\b(sk|gsk|or|key)[-_][A-Za-z0-9*_-]{6,}/gi, '[key]');
}

async function errorDetail(response: Response, key: string): Promise<string> {
  try {
    const text = (await response.text()).slice(0, 4000);
    try {
      const json = JSON.parse(text) as { error?: unknown; message?: unknown };
      const e = json.error;
      const message = typeof e === 'string' ? e : e && typeof e === 'object' ? (e as { message?: unknown }).message : json.message;
      if (typeof message === 'string' && message) return scrub(message, key);
    } catch {
      // not JSON
    }
    return scrub(text.trim(), key);
  } catch {
    return '';
  }
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
    const { signal, onText, consent } = callbacks;
    if (signal?.aborted) throw cancelled();
    const now = this.options.now ?? (() => performance.now());
    const started = now();
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
      throw this.#unreachable(error);
    }
    if (!response.ok) throw await this.#httpError(response);

    const parser: StreamParser = this.provider.kind === 'ollama' ? ollamaNdjsonParser() : openAiSseParser();
    const contentType = response.headers.get('content-type') ?? '';
    // A server that ignores `stream: true` answers with one JSON document: read it as one piece.
    const whole = this.provider.kind !== 'ollama' && /application\/json/i.test(contentType);

    let text = '';
    let firstAt: number | undefined;
    let finish: GenerateResult['finish'] | undefined;
    let promptTokens: number | undefined;
    let outputTokens: number | undefined;
    let pieces = 0;
    const take = (piece: StreamPiece) => {
      if (piece.error)
        throw new LocusError(
          'cloud-failed',
          `${this.provider.name} reported an error while answering: ${scrub(piece.error, this.provider.apiKey)}`,
        );
      if (piece.text) {
        firstAt ??= now();
        text += piece.text;
        pieces += 1;
        onText?.(piece.text);
      }
      if (piece.finish) finish = piece.finish;
      if (piece.promptTokens !== undefined) promptTokens = piece.promptTokens;
      if (piece.outputTokens !== undefined) outputTokens = piece.outputTokens;
    };

    const reader = response.body?.getReader();
    if (!reader) throw new LocusError('cloud-failed', `${this.provider.name} sent an empty answer.`);
    const decoder = new TextDecoder();
    const onAbort = () => void reader.cancel().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    let raw = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (signal?.aborted) throw cancelled();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        if (whole) raw += chunk;
        else for (const piece of parser.push(chunk)) take(piece);
      }
      const tail = decoder.decode();
      if (whole) {
        raw += tail;
        const json = (() => {
          try {
            return JSON.parse(raw) as unknown;
          } catch {
            return undefined;
          }
        })();
        const piece = json === undefined ? null : openAiPiece(json);
        if (!piece) throw new LocusError('cloud-failed', `${this.provider.name} answered in a form Locus does not understand.`);
        take(piece);
      } else {
        for (const piece of parser.push(tail)) take(piece);
        for (const piece of parser.end()) take(piece);
        if (parser.understood === 0) {
          throw new LocusError(
            'cloud-failed',
            parser.malformed > 0
              ? `${this.provider.name} answered in a form Locus does not understand (${parser.malformed} unreadable line${parser.malformed > 1 ? 's' : ''}).`
              : `${this.provider.name} sent an empty answer.`,
          );
        }
      }
    } catch (error) {
      if (signal?.aborted || isAbort(error)) throw cancelled();
      if (error instanceof LocusError) throw error;
      throw new LocusError(
        'cloud-failed',
        `The answer from ${this.provider.name} was cut off: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const ended = now();
    const outTokens = outputTokens ?? Math.max(pieces, text ? estimateTokens(text) : 0);
    return {
      text,
      promptTokens: promptTokens ?? estimatePromptTokens(request.messages),
      outputTokens: outTokens,
      ttftMs: (firstAt ?? ended) - started,
      totalMs: ended - started,
      finish: finish ?? (outTokens >= request.maxNewTokens ? 'length' : 'stop'),
    };
  }

  #unreachable(error: unknown): LocusError {
    const origin = originOf(this.provider.baseUrl);
    const detail = error instanceof Error ? error.message : String(error);
    const ollama =
      this.provider.kind === 'ollama'
        ? ` Is Ollama running? It must also accept this extension's origin: start it with OLLAMA_ORIGINS=${this.options.extensionOrigin ?? 'chrome-extension://<id>'}.`
        : '';
    return new LocusError(
      'cloud-failed',
      `Locus could not reach ${origin} (${detail}).${ollama} Nothing was answered; your page stays on this device.`,
    );
  }

  async #httpError(response: Response): Promise<LocusError> {
    const name = this.provider.name;
    const status = response.status;
    const detail = await errorDetail(response, this.provider.apiKey);
    const said = detail ? ` It said: "${detail}"` : '';
    if (status === 401 || (status === 403 && this.provider.kind !== 'ollama')) {
      return new LocusError(
        'cloud-auth-failed',
        `${name} refused the request (HTTP ${status}): the cloud key is wrong. Check the API key in Privacy → Cloud providers.${said}`,
      );
    }
    if (status === 403) {
      return new LocusError(
        'cloud-failed',
        `Ollama refused this extension (HTTP 403). Start Ollama with OLLAMA_ORIGINS=${this.options.extensionOrigin ?? 'chrome-extension://<id>'} so it accepts requests from Locus.`,
      );
    }
    if (status === 404)
      return new LocusError(
        'cloud-failed',
        `${name} does not know the model "${this.provider.model}" or the address is wrong (HTTP 404).${said}`,
      );
    if (status === 429)
      return new LocusError('cloud-failed', `${name} is limiting requests right now (HTTP 429). Try again in a minute.${said}`);
    return new LocusError('cloud-failed', `${name} could not answer (HTTP ${status}).${said}`);
  }
}
