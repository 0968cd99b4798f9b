/**
 * Reading a cloud provider's answer from its response body as it streams in: SSE (OpenAI-compatible)
 * or NDJSON (Ollama) through the incremental parsers of ./streams, or one JSON document from a
 * server that ignores `stream: true`. Text is handed on piece by piece; Stop cancels the body's
 * reader at once; a stream with nothing understandable, an error inside the stream and a cut
 * connection each end in a LocusError that names the provider.
 */
import { LocusError, cancelled, isAbort } from '../errors';
import { scrub } from './cloud-errors';
import type { Provider } from './providers';
import { ollamaNdjsonParser, openAiPiece, openAiSseParser, type StreamParser, type StreamPiece } from './streams';

/** What the stream said: the answer, and the provider's own figures when it gave them. */
export interface CloudAnswer {
  text: string;
  /** The clock's time when the first text arrived, if any did. */
  firstAt: number | undefined;
  finish: 'stop' | 'length' | undefined;
  promptTokens: number | undefined;
  outputTokens: number | undefined;
  /** Pieces of text received (each is at least one token). */
  pieces: number;
}

export interface ReadAnswerOptions {
  signal?: AbortSignal | undefined;
  onText?: ((delta: string) => void) | undefined;
  now: () => number;
}

/** Gathers the pieces of an answer in order, handing each piece of text on as it comes. */
class AnswerCollector {
  readonly answer: CloudAnswer = {
    text: '',
    firstAt: undefined,
    finish: undefined,
    promptTokens: undefined,
    outputTokens: undefined,
    pieces: 0,
  };

  constructor(
    private readonly provider: Provider,
    private readonly options: ReadAnswerOptions,
  ) {}

  take(piece: StreamPiece): void {
    const answer = this.answer;
    if (piece.error)
      throw new LocusError(
        'cloud-failed',
        `${this.provider.name} reported an error while answering: ${scrub(piece.error, this.provider.apiKey)}`,
      );
    if (piece.text) {
      answer.firstAt ??= this.options.now();
      answer.text += piece.text;
      answer.pieces += 1;
      this.options.onText?.(piece.text);
    }
    if (piece.finish) answer.finish = piece.finish;
    if (piece.promptTokens !== undefined) answer.promptTokens = piece.promptTokens;
    if (piece.outputTokens !== undefined) answer.outputTokens = piece.outputTokens;
  }
}

/** Where the body's text goes: a streaming parser, or a buffer read as one JSON document at the end. */
interface AnswerSink {
  push(chunk: string): void;
  end(tail: string): void;
}

function streamSink(provider: Provider, collector: AnswerCollector): AnswerSink {
  const parser: StreamParser = provider.kind === 'ollama' ? ollamaNdjsonParser() : openAiSseParser();
  const take = (pieces: StreamPiece[]) => pieces.forEach((piece) => collector.take(piece));
  return {
    push: (chunk) => take(parser.push(chunk)),
    end(tail) {
      take(parser.push(tail));
      take(parser.end());
      if (parser.understood > 0) return;
      const lines = parser.malformed;
      throw new LocusError(
        'cloud-failed',
        lines > 0
          ? `${provider.name} answered in a form Locus does not understand (${lines} unreadable line${lines > 1 ? 's' : ''}).`
          : `${provider.name} sent an empty answer.`,
      );
    },
  };
}

function wholeJsonSink(provider: Provider, collector: AnswerCollector): AnswerSink {
  let raw = '';
  return {
    push: (chunk) => void (raw += chunk),
    end(tail) {
      raw += tail;
      let json: unknown;
      try {
        json = JSON.parse(raw) as unknown;
      } catch {
        json = undefined;
      }
      const piece = json === undefined ? null : openAiPiece(json);
      if (!piece) throw new LocusError('cloud-failed', `${provider.name} answered in a form Locus does not understand.`);
      collector.take(piece);
    },
  };
}

/** Reads the whole answer from a successful response; rejects with `cancelled` when the signal aborts. */
export async function readCloudAnswer(response: Response, provider: Provider, options: ReadAnswerOptions): Promise<CloudAnswer> {
  const { signal } = options;
  const collector = new AnswerCollector(provider, options);
  // A server that ignores `stream: true` answers with one JSON document: read it as one piece.
  const whole = provider.kind !== 'ollama' && /application\/json/i.test(response.headers.get('content-type') ?? '');
  const sink = whole ? wholeJsonSink(provider, collector) : streamSink(provider, collector);
  const reader = response.body?.getReader();
  if (!reader) throw new LocusError('cloud-failed', `${provider.name} sent an empty answer.`);
  const decoder = new TextDecoder();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (signal?.aborted) throw cancelled();
      if (done) break;
      sink.push(decoder.decode(value, { stream: true }));
    }
    sink.end(decoder.decode());
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw cancelled();
    if (error instanceof LocusError) throw error;
    throw new LocusError(
      'cloud-failed',
      `The answer from ${provider.name} was cut off: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return collector.answer;
}
