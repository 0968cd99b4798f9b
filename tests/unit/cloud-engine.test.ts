/**
 * The cloud engine and its streaming parsers: OpenAI chat-completions SSE and Ollama NDJSON, cut
 * into chunks anywhere; malformed lines skipped; errors in the stream; HTTP errors with messages a
 * student understands (a wrong key says "the cloud key is wrong"), never echoing the key; and the
 * body it sends is the one buildCloudRequest builds (what the consent dialog showed).
 */
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../lib/cloud/providers';
import { buildCloudRequest } from '../../lib/cloud/request-body';
import { ollamaNdjsonParser, openAiSseParser, type StreamParser, type StreamPiece } from '../../lib/cloud/streams';
import { CloudEngine } from '../../lib/cloud/cloud-engine';
import { LocusError } from '../../lib/errors';
import { sha256Hex, type CloudConsent } from '../../lib/privacy/consent';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS } from '../../lib/settings/settings';

const KEY = 'sk-test-0123456789abcdefSECRET';
const OPENAI: Provider = {
  id: 'p1',
  kind: 'openai-compatible',
  name: 'Example AI',
  baseUrl: 'https://api.example.com/v1',
  model: 'big-1',
  apiKey: KEY,
  inputPricePerMTok: 0.15,
  outputPricePerMTok: 0.6,
};
const OLLAMA: Provider = {
  id: 'p2',
  kind: 'ollama',
  name: 'Ollama',
  baseUrl: 'http://localhost:11434',
  model: 'llama3.2',
  apiKey: '',
  inputPricePerMTok: 0,
  outputPricePerMTok: 0,
};
const MESSAGES = [
  { role: 'system' as const, content: 'You are Locus.' },
  { role: 'user' as const, content: 'Summarize: rivers carry sand to [EMAIL_1].' },
];

/** Feeds `text` in chunks of `size` characters, gathering the pieces. */
function feed(parser: StreamParser, text: string, size: number): StreamPiece[] {
  const out: StreamPiece[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
  out.push(...parser.end());
  return out;
}
const textOf = (pieces: StreamPiece[]) => pieces.map((p) => p.text ?? '').join('');

const sse = (chunks: string[], extra = '') =>
  chunks
    .map(
      (c) =>
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: c }, finish_reason: null }] })}\n\n`,
    )
    .join('') +
  extra +
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 21, completion_tokens: 5 } })}\n\ndata: [DONE]\n\n`;

const ndjson = (chunks: string[], extra = '') =>
  chunks.map((c) => JSON.stringify({ model: 'llama3.2', message: { role: 'assistant', content: c }, done: false })).join('\n') +
  '\n' +
  extra +
  JSON.stringify({
    model: 'llama3.2',
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: 30,
    eval_count: 7,
  }) +
  '\n';

describe('OpenAI SSE parser', () => {
  const stream = sse(['Rivers ', 'carry ', 'sand ', 'to the séa ', '🌊.']);
  it.each([1, 2, 3, 7, 64, 100_000])('gives the same text whatever the chunk size (%i)', (size) => {
    const parser = openAiSseParser();
    const pieces = feed(parser, stream, size);
    expect(textOf(pieces)).toBe('Rivers carry sand to the séa 🌊.');
    expect(pieces.find((p) => p.finish)?.finish).toBe('stop');
    expect(pieces.find((p) => p.promptTokens)?.promptTokens).toBe(21);
    expect(parser.finished).toBe(true);
    expect(parser.malformed).toBe(0);
  });

  it('accepts CRLF, comments, event names and multi-line data; skips malformed events', () => {
    const text =
      ': keep-alive\r\n\r\n' +
      'event: message\r\ndata: {"choices":[{"delta":{"content":"A"}}]}\r\n\r\n' +
      'data: {not json}\n\n' +
      'data: {"unexpected": true}\n\n' +
      'data: {"choices":[{"delta":\ndata: {"content":"B"}}]}\n\n' +
      'garbage line\n\n' +
      'data: [DONE]\n\n' +
      'data: {"choices":[{"delta":{"content":"after done"}}]}\n\n';
    const parser = openAiSseParser();
    expect(textOf(feed(parser, text, 5))).toBe('AB');
    expect(parser.malformed).toBe(3);
  });

  it('reports an error sent inside the stream', () => {
    const pieces = feed(openAiSseParser(), 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n', 10);
    expect(pieces).toEqual([{ error: 'overloaded' }]);
  });
});

describe('Ollama NDJSON parser', () => {
  const stream = ndjson(['Rivers ', 'carry ', 'sand ', 'to the séa ', '🌊.']);
  it.each([1, 4, 9, 100_000])('gives the same text whatever the chunk size (%i)', (size) => {
    const parser = ollamaNdjsonParser();
    const pieces = feed(parser, stream, size);
    expect(textOf(pieces)).toBe('Rivers carry sand to the séa 🌊.');
    const last = pieces.at(-1)!;
    expect(last).toMatchObject({ finish: 'stop', promptTokens: 30, outputTokens: 7 });
    expect(parser.finished).toBe(true);
  });

  it('skips malformed lines and reads a last line without a newline', () => {
    const parser = ollamaNdjsonParser();
    const text =
      '{"message":{"content":"A"},"done":false}\n{oops\n\n["array"]\n{"message":{"content":"B"},"done":false}\r\n{"done":true,"eval_count":2}';
    const pieces = feed(parser, text, 3);
    expect(textOf(pieces)).toBe('AB');
    expect(parser.malformed).toBe(2);
    expect(pieces.at(-1)).toMatchObject({ finish: 'stop', outputTokens: 2 });
  });

  it('reports an error line', () => {
    expect(feed(ollamaNdjsonParser(), '{"error":"model \\"x\\" not found"}\n', 4)).toEqual([{ error: 'model "x" not found' }]);
  });
});

/** A provider behind a real gate (privacy off) and a fake network that streams `body` in pieces. */
async function engineWith(provider: Provider, respond: (req: { url: string; init: RequestInit }) => Response) {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, privacyMode: false }), {
    baseFetch: async (input, init) => {
      const req = { url: String(input), init: init ?? {} };
      seen.push(req);
      return respond(req);
    },
  });
  const request = { messages: MESSAGES, maxNewTokens: 64 };
  const { url, body } = buildCloudRequest(provider, MESSAGES, 64);
  const consent: CloudConsent = {
    id: `c${Math.random()}`,
    kind: 'once',
    trigger: 'student',
    url,
    bodySha256: await sha256Hex(body),
    providerId: provider.id,
    providerName: provider.name,
    model: provider.model,
    site: '',
    redactions: {},
    grantedAt: Date.now(),
  };
  const engine = new CloudEngine(provider, gate, { extensionOrigin: 'chrome-extension://abcdefgh' });
  return { engine, seen, request, consent, body, url };
}

function streamed(text: string, type: string, status = 200, pieceSize = 7): Response {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(i, i + pieceSize)); // cuts UTF-8 sequences too
        i += pieceSize;
      },
    }),
    { status, headers: { 'content-type': type } },
  );
}

async function failure(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe('CloudEngine', () => {
  it('streams an OpenAI-compatible answer, sending exactly the consented body with the key in a header', async () => {
    const { engine, seen, request, consent, body, url } = await engineWith(OPENAI, () =>
      streamed(sse(['Rivers ', 'carry ', 'sand.']), 'text/event-stream'),
    );
    const deltas: string[] = [];
    const result = await engine.generate(request, { consent, onText: (d) => deltas.push(d) });
    expect(deltas).toEqual(['Rivers ', 'carry ', 'sand.']);
    expect(result).toMatchObject({ text: 'Rivers carry sand.', promptTokens: 21, outputTokens: 5, finish: 'stop' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(url);
    expect(url).toBe('https://api.example.com/v1/chat/completions');
    expect(seen[0]!.init.body).toBe(body);
    expect(JSON.parse(body)).toEqual({ model: 'big-1', messages: MESSAGES, stream: true, max_tokens: 64 });
    expect((seen[0]!.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${KEY}`);
    expect(body).not.toContain(KEY);
    expect(engine.info).toMatchObject({ engine: 'cloud', device: 'cloud', modelId: 'big-1' });
  });

  it('streams an Ollama answer from /api/chat, without any Authorization header', async () => {
    const { engine, seen, request, consent, body } = await engineWith(OLLAMA, () =>
      streamed(ndjson(['Sand ', 'moves.']), 'application/x-ndjson'),
    );
    const result = await engine.generate(request, { consent });
    expect(result).toMatchObject({ text: 'Sand moves.', promptTokens: 30, outputTokens: 7, finish: 'stop' });
    expect(seen[0]!.url).toBe('http://localhost:11434/api/chat');
    expect(JSON.parse(body)).toEqual({ model: 'llama3.2', messages: MESSAGES, stream: true, options: { num_predict: 64 } });
    expect((seen[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('a wrong key (HTTP 401) says so clearly, without repeating the key', async () => {
    const { engine, request, consent } = await engineWith(OPENAI, () =>
      Response.json(
        {
          error: {
            message: `Incorrect API key provided: ${KEY}. You can find your API key at …`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
        { status: 401 },
      ),
    );
    const error = await failure(engine.generate(request, { consent }));
    expect(error.code).toBe('cloud-auth-failed');
    expect(error.message).toMatch(/the cloud key is wrong/);
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain('0123456789abcdef');
  });

  it("Ollama's 403 names OLLAMA_ORIGINS; other statuses say what happened", async () => {
    const ollama = await engineWith(OLLAMA, () => new Response('', { status: 403 }));
    expect((await failure(ollama.engine.generate(ollama.request, { consent: ollama.consent }))).message).toMatch(
      /OLLAMA_ORIGINS=chrome-extension:\/\/abcdefgh/,
    );
    const missing = await engineWith(OPENAI, () =>
      Response.json({ error: { message: 'The model `big-1` does not exist' } }, { status: 404 }),
    );
    expect((await failure(missing.engine.generate(missing.request, { consent: missing.consent }))).message).toMatch(
      /does not know the model "big-1".*does not exist/,
    );
    const limited = await engineWith(OPENAI, () => new Response('slow down', { status: 429 }));
    expect((await failure(limited.engine.generate(limited.request, { consent: limited.consent }))).message).toMatch(/limiting requests/);
  });

  it('a stream of nothing but malformed lines is an error; a few malformed lines are not', async () => {
    const bad = await engineWith(OPENAI, () => streamed('data: {oops\n\ndata: <html>\n\n', 'text/event-stream'));
    expect((await failure(bad.engine.generate(bad.request, { consent: bad.consent }))).message).toMatch(
      /does not understand \(2 unreadable lines\)/,
    );
    const some = await engineWith(OPENAI, () => streamed(sse(['ok'], 'data: {oops\n\n'), 'text/event-stream'));
    expect((await some.engine.generate(some.request, { consent: some.consent })).text).toBe('ok');
    const ollamaBad = await engineWith(OLLAMA, () => streamed('not json\n', 'application/x-ndjson'));
    expect((await failure(ollamaBad.engine.generate(ollamaBad.request, { consent: ollamaBad.consent }))).code).toBe('cloud-failed');
  });

  it('an error inside the stream stops the answer with the provider’s words', async () => {
    const { engine, request, consent } = await engineWith(OPENAI, () =>
      streamed(sse(['Half '], 'data: {"error":{"message":"context length exceeded"}}\n\n'), 'text/event-stream'),
    );
    expect((await failure(engine.generate(request, { consent }))).message).toMatch(/context length exceeded/);
  });

  it('reads a server that ignores stream: true and answers with one JSON document', async () => {
    const { engine, request, consent } = await engineWith(OPENAI, () =>
      Response.json({
        choices: [{ message: { role: 'assistant', content: 'Whole answer.' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 9, completion_tokens: 2 },
      }),
    );
    expect(await engine.generate(request, { consent })).toMatchObject({ text: 'Whole answer.', promptTokens: 9, outputTokens: 2 });
  });

  it('without consent the gate refuses and nothing is sent', async () => {
    const { engine, seen, request } = await engineWith(OPENAI, () => streamed(sse(['x']), 'text/event-stream'));
    const error = await failure(engine.generate(request, {}));
    expect(error.code).toBe('not-allowed');
    expect(seen).toEqual([]);
  });

  it('Stop cancels the stream', async () => {
    const controller = new AbortController();
    const { engine, request, consent } = await engineWith(OPENAI, () =>
      streamed(sse(Array.from({ length: 200 }, () => 'word ')), 'text/event-stream', 200, 16),
    );
    let n = 0;
    const error = await failure(
      engine.generate(request, {
        consent,
        signal: controller.signal,
        onText: () => {
          n += 1;
          if (n === 3) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('cancelled');
    expect(n).toBeLessThan(10);
  });

  it('cannot reach the provider: a message naming the origin (and OLLAMA_ORIGINS for Ollama)', async () => {
    const { engine, request, consent } = await engineWith(OLLAMA, () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await failure(engine.generate(request, { consent }));
    expect(error.message).toMatch(/could not reach http:\/\/localhost:11434.*Is Ollama running\?.*OLLAMA_ORIGINS/);
  });
});
