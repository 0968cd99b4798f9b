/**
 * Streaming answer formats of the two provider kinds, parsed incrementally from text chunks cut
 * anywhere (inside a line, inside a UTF-8 sequence: decoding is the caller's TextDecoder's job).
 *
 * - OpenAI chat completions with `stream: true`: Server-Sent Events. Each event's `data:` is a JSON
 *   chunk `{ choices: [{ delta: { content }, finish_reason }] , usage? }`; the stream ends with
 *   `data: [DONE]`. An error may arrive as `data: {"error": {...}}`.
 * - Ollama /api/chat: newline-delimited JSON, one object per line
 *   `{ message: { content }, done: false }`, the last with `done: true` and token counts.
 *
 * A malformed line (not JSON, wrong shape) is skipped and counted, never fatal on its own: a proxy
 * may inject comments or keep-alives. A stream with no usable event at all is an error.
 */

export interface StreamPiece {
  /** Answer text, in order. */
  text?: string;
  /** The provider says the answer is complete. */
  finish?: 'stop' | 'length';
  promptTokens?: number;
  outputTokens?: number;
  /** An error reported inside the stream. */
  error?: string;
}

export interface StreamParser {
  push(chunk: string): StreamPiece[];
  /** The end of the byte stream: flushes a last line without a newline. */
  end(): StreamPiece[];
  /** Lines or events that could not be understood. */
  readonly malformed: number;
  /** Events understood (text or not). */
  readonly understood: number;
  /** The terminator was seen ([DONE], or done: true). */
  readonly finished: boolean;
}

/** Splits text into lines across chunks ("\n", "\r\n" or "\r"). */
class LineSplitter {
  #rest = '';
  #pendingCr = false;

  push(chunk: string): string[] {
    let text = chunk;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    const data = this.#rest + text;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === '\n' || c === '\r') {
        lines.push(data.slice(start, i));
        if (c === '\r') {
          if (i + 1 < data.length) {
            if (data[i + 1] === '\n') i++;
          } else this.#pendingCr = true;
        }
        start = i + 1;
      }
    }
    this.#rest = data.slice(start);
    return lines;
  }

  end(): string[] {
    const last = this.#rest;
    this.#rest = '';
    return last ? [last] : [];
  }
}

function errorText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return 'unknown error';
}

function finishOf(reason: unknown): 'stop' | 'length' | undefined {
  if (reason === 'length') return 'length';
  if (typeof reason === 'string' && reason) return 'stop';
  return undefined;
}

/** One OpenAI chat-completions chunk (already JSON-parsed) as a piece; null if not understood. */
export function openAiPiece(json: unknown): StreamPiece | null {
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  if ('error' in o && o.error) return { error: errorText(o.error) };
  const piece: StreamPiece = {};
  let understood = false;
  const choices = o.choices;
  if (Array.isArray(choices)) {
    understood = true;
    const first = choices[0] as { delta?: { content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown } | undefined;
    const content = first?.delta?.content ?? first?.message?.content;
    if (typeof content === 'string' && content) piece.text = content;
    const finish = finishOf(first?.finish_reason);
    if (finish) piece.finish = finish;
  }
  const usage = o.usage as { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined | null;
  if (usage && typeof usage === 'object') {
    understood = true;
    if (typeof usage.prompt_tokens === 'number') piece.promptTokens = usage.prompt_tokens;
    if (typeof usage.completion_tokens === 'number') piece.outputTokens = usage.completion_tokens;
  }
  return understood ? piece : null;
}

/** One Ollama /api/chat line (already JSON-parsed) as a piece; null if not understood. */
export function ollamaPiece(json: unknown): StreamPiece | null {
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  if (typeof o.error === 'string' || (o.error && typeof o.error === 'object')) return { error: errorText(o.error) };
  const message = o.message as { content?: unknown } | undefined;
  const hasMessage = Boolean(message && typeof message === 'object');
  if (!hasMessage && typeof o.done !== 'boolean') return null;
  const piece: StreamPiece = {};
  if (hasMessage && typeof message!.content === 'string' && message!.content) piece.text = message!.content;
  if (o.done === true) {
    piece.finish = o.done_reason === 'length' ? 'length' : 'stop';
    if (typeof o.prompt_eval_count === 'number') piece.promptTokens = o.prompt_eval_count;
    if (typeof o.eval_count === 'number') piece.outputTokens = o.eval_count;
  }
  return piece;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** What a parser has counted so far (the StreamParser's read-only figures, written by its format). */
interface Counts {
  malformed: number;
  understood: number;
  finished: boolean;
}

/**
 * A StreamParser from a format's line reader: `feed` turns complete lines into pieces, `flush`
 * (SSE only: the last event may lack its blank line) runs once at the end of the stream.
 */
function lineParser(
  counts: Counts,
  feed: (lines: string[], out: StreamPiece[]) => void,
  flush?: (out: StreamPiece[]) => void,
): StreamParser {
  const lines = new LineSplitter();
  return {
    push(chunk) {
      const out: StreamPiece[] = [];
      feed(lines.push(chunk), out);
      return out;
    },
    end() {
      const out: StreamPiece[] = [];
      feed(lines.end(), out);
      flush?.(out);
      return out;
    },
    get malformed() {
      return counts.malformed;
    },
    get understood() {
      return counts.understood;
    },
    get finished() {
      return counts.finished;
    },
  };
}

/** Server-Sent Events carrying OpenAI chat-completion chunks. */
export function openAiSseParser(): StreamParser {
  const counts: Counts = { malformed: 0, understood: 0, finished: false };
  let data: string[] = [];

  const dispatch = (out: StreamPiece[]) => {
    if (!data.length) return;
    const payload = data.join('\n');
    data = [];
    if (counts.finished) return;
    if (payload.trim() === '[DONE]') {
      counts.finished = true;
      counts.understood += 1;
      return;
    }
    const parsed = tryJson(payload);
    const piece = parsed.ok ? openAiPiece(parsed.value) : null;
    if (!piece) {
      counts.malformed += 1;
      return;
    }
    counts.understood += 1;
    out.push(piece);
  };

  const feed = (input: string[], out: StreamPiece[]) => {
    for (const line of input) {
      if (line === '') {
        dispatch(out);
        continue;
      }
      if (line.startsWith(':')) continue; // an SSE comment (keep-alive)
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field !== 'event' && field !== 'id' && field !== 'retry') counts.malformed += 1;
    }
  };

  return lineParser(counts, feed, dispatch);
}

/** Newline-delimited JSON of Ollama's /api/chat. */
export function ollamaNdjsonParser(): StreamParser {
  const counts: Counts = { malformed: 0, understood: 0, finished: false };
  const feed = (input: string[], out: StreamPiece[]) => {
    for (const line of input) {
      if (!line.trim() || counts.finished) continue;
      const parsed = tryJson(line);
      const piece = parsed.ok ? ollamaPiece(parsed.value) : null;
      if (!piece) {
        counts.malformed += 1;
        continue;
      }
      counts.understood += 1;
      if (piece.finish) counts.finished = true;
      out.push(piece);
    }
  };
  return lineParser(counts, feed);
}
