/**
 * Carries PromptApi calls from the engine worker to the offscreen document, where Chrome exposes
 * `LanguageModel`. One MessagePort, request ids, streamed deltas; the document side is the only
 * code that touches the real API.
 */
import type { ChatMessage } from '../engine-api/engine';
import type { PromptApi, PromptAvailability } from './chrome-ai-engine';

type Request =
  | { id: number; op: 'availability' }
  | { id: number; op: 'count'; text: string }
  | { id: number; op: 'release' }
  | { id: number; op: 'generate'; messages: ChatMessage[] }
  | { id: number; op: 'cancel' };
type Reply =
  { id: number; op: 'result'; value: unknown } | { id: number; op: 'delta'; text: string } | { id: number; op: 'error'; message: string };

/** What Locus uses of Chrome's `LanguageModel` global (Chrome 138+). */
export interface LanguageModelGlobal {
  availability(options?: unknown): Promise<PromptAvailability>;
  create(options?: {
    initialPrompts?: Array<{ role: string; content: string }>;
    signal?: AbortSignal;
    /** Chrome's download progress (`downloadprogress` events with `loaded` from 0 to 1). */
    monitor?: (monitor: EventTarget) => void;
  }): Promise<{
    promptStreaming(input: string, options?: { signal?: AbortSignal }): AsyncIterable<string> | ReadableStream<string>;
    measureInputUsage?(input: string): Promise<number>;
    inputUsage?: number;
    inputQuota?: number;
    destroy(): void;
  }>;
}

async function* chunks(stream: AsyncIterable<string> | ReadableStream<string>): AsyncGenerator<string> {
  if (Symbol.asyncIterator in stream) {
    yield* stream as AsyncIterable<string>;
    return;
  }
  const reader = (stream as ReadableStream<string>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** Document side: answers the worker's requests with the real API (or 'unavailable' without it). */
export function serveChromeAi(port: MessagePort, api: LanguageModelGlobal | undefined): void {
  const running = new Map<number, AbortController>();
  // One session answers every token count (a session per count costs a model setup each time).
  let counter: Promise<Awaited<ReturnType<LanguageModelGlobal['create']>>> | undefined;
  const reply = (message: Reply) => port.postMessage(message);
  port.onmessage = async (event: MessageEvent<Request>) => {
    const request = event.data;
    try {
      switch (request.op) {
        case 'availability':
          reply({ id: request.id, op: 'result', value: api ? await api.availability() : 'unavailable' });
          return;
        case 'count': {
          if (!api) throw new Error('unavailable');
          counter ??= api.create();
          const session = await counter.catch((error: unknown) => {
            counter = undefined;
            throw error;
          });
          reply({
            id: request.id,
            op: 'result',
            value: session.measureInputUsage ? await session.measureInputUsage(request.text) : null,
          });
          return;
        }
        case 'release': {
          const session = counter;
          counter = undefined;
          (await session?.catch(() => undefined))?.destroy();
          reply({ id: request.id, op: 'result', value: null });
          return;
        }
        case 'cancel':
          running.get(request.id)?.abort();
          return;
        case 'generate': {
          if (!api) throw new Error('unavailable');
          const controller = new AbortController();
          running.set(request.id, controller);
          const history = request.messages.slice(0, -1).map((m) => ({ role: m.role, content: m.content }));
          const last = request.messages.at(-1)?.content ?? '';
          const session = await api.create({ initialPrompts: history, signal: controller.signal });
          try {
            let sent = '';
            for await (const piece of chunks(session.promptStreaming(last, { signal: controller.signal }))) {
              // Older Chrome versions stream the whole answer so far; newer ones stream deltas.
              const delta = piece.startsWith(sent) && sent.length > 0 ? piece.slice(sent.length) : piece;
              sent = piece.startsWith(sent) && sent.length > 0 ? piece : sent + piece;
              if (delta) reply({ id: request.id, op: 'delta', text: delta });
            }
            reply({
              id: request.id,
              op: 'result',
              value: { inputTokens: session.inputUsage ?? null, inputQuota: session.inputQuota ?? null },
            });
          } finally {
            session.destroy();
            running.delete(request.id);
          }
          return;
        }
      }
    } catch (error) {
      reply({ id: request.id, op: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** Worker side: a PromptApi whose calls travel over `port`. */
export function remotePromptApi(port: MessagePort): PromptApi {
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; onDelta?: (t: string) => void }>();
  port.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const entry = pending.get(reply.id);
    if (!entry) return;
    if (reply.op === 'delta') {
      entry.onDelta?.(reply.text);
      return;
    }
    pending.delete(reply.id);
    if (reply.op === 'result') entry.resolve(reply.value);
    else entry.reject(new Error(reply.message));
  };
  const call = (request: Omit<Request, 'id'> & { op: Request['op'] }, onDelta?: (t: string) => void, signal?: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject, onDelta });
      signal?.addEventListener('abort', () => port.postMessage({ id, op: 'cancel' } satisfies Request), { once: true });
      port.postMessage({ ...request, id } as Request);
    });
  return {
    availability: async () => (await call({ op: 'availability' })) as PromptAvailability,
    countTokens: async (text) => (await call({ op: 'count', text } as Omit<Request, 'id'>)) as number | null,
    release: async () => {
      await call({ op: 'release' });
    },
    generate: async (messages, onText, signal) =>
      (await call({ op: 'generate', messages } as Omit<Request, 'id'>, onText, signal)) as {
        inputTokens: number | null;
        inputQuota: number | null;
      },
  };
}
