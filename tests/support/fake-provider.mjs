// A fake cloud model provider on 127.0.0.1, speaking the two wire formats Locus supports:
//   POST /v1/chat/completions  OpenAI chat completions with `stream: true` (Server-Sent Events)
//   POST /api/chat             Ollama's native chat API (newline-delimited JSON)
// It records every request byte for byte (method, path, headers, body), so a test can compare what
// arrived with what the consent dialog showed. Like the real services: OpenAI answers 401 to a wrong
// key and sends CORS headers; Ollama refuses (403) an Origin it was not told to allow (OLLAMA_ORIGINS).
import http from 'node:http';

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Buffer, at: number }} RecordedRequest
 * @param {{ apiKey?: string, ollamaOrigins?: string[], answer?: (body: any, path: string) => string, chunkDelayMs?: number, chunkChars?: number }} [options]
 */
export async function startFakeProvider(options = {}) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  const sockets = new Set();
  let apiKey = options.apiKey ?? 'sk-test-key';
  let ollamaOrigins = options.ollamaOrigins ?? [];
  const answerFor = options.answer ?? defaultAnswer;
  const delay = options.chunkDelayMs ?? 40;
  const chunkChars = options.chunkChars ?? 12;

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const pieces = (text) => text.match(new RegExp(`[\\s\\S]{1,${chunkChars}}`, 'g')) ?? [];

  const originAllowed = (origin) =>
    !origin ||
    /^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)(:\d+)?$/.test(origin) ||
    ollamaOrigins.some((p) => p === '*' || (p.endsWith('*') ? origin.startsWith(p.slice(0, -1)) : origin === p));

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record = {
      method: req.method ?? '',
      path: url.pathname,
      headers: { ...req.headers },
      body: Buffer.concat(chunks),
      at: Date.now(),
    };
    requests.push(record);
    const origin = /** @type {string | undefined} */ (req.headers.origin);

    if (url.pathname === '/v1/chat/completions') {
      const cors = {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'authorization, content-type',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
      };
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      if (req.method !== 'POST') return void res.writeHead(405, cors).end();
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        const given = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        res.writeHead(401, { ...cors, 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            error: {
              message: `Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-4)}.`,
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          }),
        );
        return;
      }
      let body;
      try {
        body = JSON.parse(record.body.toString('utf8'));
      } catch {
        return void res.writeHead(400, cors).end('{"error":{"message":"bad json"}}');
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write(': fake provider\n\n');
      for (const piece of pieces(answerFor(body, url.pathname))) {
        res.write(
          `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model: body.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
        );
        await sleep(delay);
      }
      res.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      return;
    }

    if (url.pathname === '/api/chat') {
      if (!originAllowed(origin)) return void res.writeHead(403).end();
      const cors = origin
        ? {
            'Access-Control-Allow-Origin': origin,
            'Access-Control-Allow-Headers': 'content-type',
            'Access-Control-Allow-Methods': 'POST, OPTIONS',
          }
        : {};
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      let body;
      try {
        body = JSON.parse(record.body.toString('utf8'));
      } catch {
        return void res.writeHead(400, cors).end('{"error":"invalid JSON"}');
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/x-ndjson' });
      for (const piece of pieces(answerFor(body, url.pathname))) {
        res.write(
          `${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: piece }, done: false })}\n`,
        );
        await sleep(delay);
      }
      res.end(
        `${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 42, eval_count: 17 })}\n`,
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    origin,
    /** Every request received, in order. */
    requests,
    /** Requests that carried a body (POSTs), i.e. that could have carried page text. */
    posts: () => requests.filter((r) => r.method === 'POST'),
    setApiKey(key) {
      apiKey = key;
    },
    setOllamaOrigins(origins) {
      ollamaOrigins = origins;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** An answer that uses the placeholders it was given, so restoration on the device shows. */
function defaultAnswer(body, path) {
  const text = JSON.stringify(body.messages ?? []);
  const placeholders = [...new Set(text.match(/\[[A-Z_]+_\d+\]/g) ?? [])];
  const who = path === '/api/chat' ? 'Ollama' : 'the big model';
  const mention = placeholders.length ? ` Questions go to ${placeholders.join(' or ')}.` : '';
  return `A summary from ${who}: the page explains how rivers carry sand to the sea and build deltas over many years.${mention} The end.`;
}
