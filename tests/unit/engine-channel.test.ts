/**
 * The engine port between the side panel (EngineClient) and the offscreen document
 * (serveEnginePort), over in-memory ports that deliver asynchronously like runtime ports.
 */
import { describe, expect, it } from 'vitest';
import { LocusError, cancelled } from '../../lib/errors';
import { EngineClient, serveEnginePort, type EngineHandlers } from '../../lib/messaging/engine-channel';
import type { ModelStatus, RpcRequest, TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { createPortPair, type FakePort } from '../support/fake-port';

const request: TaskRequest = {
  kind: 'summarize',
  mode: 'tldr',
  page: { url: 'https://example.org/', title: 'T', lang: 'en', text: 'Some text.' },
  outputLanguage: '',
};

const stats = {
  modelId: 'm',
  modelName: 'M',
  device: 'wasm' as const,
  dtype: 'q4',
  promptTokens: 3,
  outputTokens: 3,
  ttftMs: 1,
  totalMs: 2,
  tokensPerSecond: 1,
  parts: 1,
};

const status: ModelStatus = {
  modelId: 'stories260K',
  modelName: 'stories',
  device: 'wasm',
  dtype: 'q4',
  downloadBytes: 0,
  cachedBytes: 100,
  cached: true,
  loaded: false,
  pinned: true,
  verification: { kind: 'catalog' },
  deviceReason: 'CPU',
  engine: 'transformers',
  recommendation: 'No usable GPU: SmolLM2 135M.',
};

/** A promise and its resolver, for steering the fake host step by step. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A client wired to a host serving `handlers`; every connection is recorded. */
function setup(handlers: Partial<EngineHandlers>) {
  const full: EngineHandlers = {
    handle: handlers.handle ?? (async () => {}),
    rpc: handlers.rpc ?? (async () => status),
  };
  const connections: Array<{ client: FakePort; host: FakePort }> = [];
  let prepared = 0;
  const busy: number[] = [];
  const late: TaskEvent[] = [];
  const client = new EngineClient(
    () => {
      const [clientEnd, hostEnd] = createPortPair('locus-engine');
      serveEnginePort(hostEnd, full, { onBusyChange: (n) => busy.push(n), onLateEvent: (_id, e) => late.push(e) });
      connections.push({ client: clientEnd, host: hostEnd });
      return clientEnd;
    },
    async () => {
      prepared += 1;
    },
  );
  return { client, connections, busy, late, prepared: () => prepared };
}

describe('engine channel: tasks', () => {
  it('streams every event to the client in order and resolves with the final one', async () => {
    const emitted: TaskEvent[] = [
      { kind: 'loading', modelId: 'm', device: 'wasm', dtype: 'q4' },
      ...Array.from({ length: 20 }, (_, i): TaskEvent => ({ kind: 'text', delta: `w${i} ` })),
      { kind: 'done', text: 'all', stats },
    ];
    const { client, busy } = setup({
      async handle(_req, emit) {
        for (const [i, event] of emitted.entries()) {
          emit(event);
          if (i % 5 === 0) await tick(); // some synchronously, some after a pause
        }
      },
    });
    const seen: TaskEvent[] = [];
    const final = await client.start(request, (e) => seen.push(e));
    expect(seen).toEqual(emitted);
    expect(final).toEqual({ kind: 'done', text: 'all', stats });
    await tick();
    expect(busy).toEqual([1, 0]);
  });

  it('passes the request through unchanged', async () => {
    let received: TaskRequest | undefined;
    const { client } = setup({
      async handle(req, emit) {
        received = req;
        emit({ kind: 'done', text: '', stats });
      },
    });
    await client.start(request, () => {});
    expect(received).toEqual(request);
  });

  it('turns a host-side failure into an error event with its code', async () => {
    const { client } = setup({
      async handle() {
        throw new LocusError('model-host-unreachable', 'No host.');
      },
    });
    const seen: TaskEvent[] = [];
    const final = await client.start(request, (e) => seen.push(e));
    expect(final).toEqual({ kind: 'error', error: { code: 'model-host-unreachable', message: 'No host.' } });
    expect(seen).toEqual([final]);
  });

  it('sends one terminal event: what a handler emits after it is reported as late, not sent', async () => {
    const { client, late } = setup({
      async handle(_req, emit) {
        emit({ kind: 'done', text: 'first', stats });
        emit({ kind: 'text', delta: 'stray' });
        throw new LocusError('internal', 'after the end');
      },
    });
    const seen: TaskEvent[] = [];
    const final = await client.start(request, (e) => seen.push(e));
    await tick();
    expect(final).toEqual({ kind: 'done', text: 'first', stats });
    expect(seen).toEqual([final]);
    expect(late.map((e) => e.kind)).toEqual(['text', 'error']);
  });

  it('ends the wait with an error when a handler returns without a terminal event', async () => {
    const { client, busy } = setup({
      async handle(_req, emit) {
        emit({ kind: 'text', delta: 'half' });
      },
    });
    const seen: TaskEvent[] = [];
    const final = await client.start(request, (e) => seen.push(e));
    expect(final).toMatchObject({ kind: 'error', error: { code: 'internal' } });
    expect(seen.map((e) => e.kind)).toEqual(['text', 'error']);
    await tick();
    expect(busy).toEqual([1, 0]);
  });

  it("carries a cancel from the client's AbortSignal to the host's signal", async () => {
    const started = deferred();
    let hostSignal: AbortSignal | undefined;
    const { client } = setup({
      async handle(_req, emit, signal) {
        hostSignal = signal;
        emit({ kind: 'text', delta: 'Once' });
        started.resolve();
        await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(cancelled())));
      },
    });
    const controller = new AbortController();
    const seen: TaskEvent[] = [];
    const run = client.start(request, (e) => seen.push(e), controller.signal);
    await started.promise;
    expect(hostSignal?.aborted).toBe(false);
    controller.abort();
    const final = await run;
    expect(hostSignal?.aborted).toBe(true);
    expect(final).toMatchObject({ kind: 'error', error: { code: 'cancelled' } });
    expect(seen.map((e) => e.kind)).toEqual(['text', 'error']);
  });

  it('cancels at once when the signal was aborted before the task started', async () => {
    let hostSignal: AbortSignal | undefined;
    const { client } = setup({
      async handle(_req, emit, signal) {
        hostSignal = signal;
        await tick();
        if (signal.aborted) throw cancelled();
        emit({ kind: 'done', text: 'ran anyway', stats });
      },
    });
    const controller = new AbortController();
    controller.abort();
    const final = await client.start(request, () => {}, controller.signal);
    expect(final).toMatchObject({ kind: 'error', error: { code: 'cancelled' } });
    expect(hostSignal?.aborted).toBe(true);
  });

  it('cancels a task whose signal aborts while the host is still being prepared', async () => {
    const gate = deferred();
    let hostSignal: AbortSignal | undefined;
    const client = new EngineClient(
      () => {
        const [clientEnd, hostEnd] = createPortPair('locus-engine');
        serveEnginePort(hostEnd, {
          async handle(_req, emit, signal) {
            hostSignal = signal;
            await tick();
            if (signal.aborted) throw cancelled();
            emit({ kind: 'done', text: 'ran anyway', stats });
          },
          rpc: async () => status,
        });
        return clientEnd;
      },
      () => gate.promise, // the offscreen document is being created
    );
    const controller = new AbortController();
    const run = client.start(request, () => {}, controller.signal);
    controller.abort();
    gate.resolve();
    expect(await run).toMatchObject({ kind: 'error', error: { code: 'cancelled' } });
    expect(hostSignal?.aborted).toBe(true);
  });

  it("ends an open task with 'engine-gone' when the host goes away, and reconnects on the next call", async () => {
    const started = deferred();
    let calls = 0;
    const { client, connections, prepared } = setup({
      async handle(_req, emit) {
        calls += 1;
        if (calls === 1) {
          emit({ kind: 'text', delta: 'Once upon' });
          started.resolve();
          await new Promise(() => {}); // the host never finishes: it is closed below
        }
        emit({ kind: 'done', text: 'second', stats });
      },
    });
    const seen: TaskEvent[] = [];
    const first = client.start(request, (e) => seen.push(e));
    await started.promise;
    expect(prepared()).toBe(1);
    connections[0]!.host.disconnect(); // Chrome closed the offscreen document
    const final = await first;
    expect(final).toMatchObject({ kind: 'error', error: { code: 'engine-gone' } });
    expect(seen.map((e) => e.kind)).toEqual(['text', 'error']);

    const again = await client.start(request, () => {});
    expect(again).toMatchObject({ kind: 'done', text: 'second' });
    expect(prepared()).toBe(2);
    expect(connections).toHaveLength(2);
  });

  it("ends an open RPC with 'engine-gone' when the host goes away", async () => {
    const { client, connections } = setup({ rpc: () => new Promise(() => {}) });
    const pending = client.rpc({ method: 'model.status' });
    await tick();
    connections[0]!.host.disconnect();
    await expect(pending).rejects.toMatchObject({ code: 'engine-gone' });
  });

  it('aborts the host-side work when the client disconnects', async () => {
    const started = deferred();
    let hostSignal: AbortSignal | undefined;
    const { client } = setup({
      async handle(_req, _emit, signal) {
        hostSignal = signal;
        started.resolve();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    const run = client.start(request, () => {});
    await started.promise;
    client.disconnect();
    expect(await run).toMatchObject({ kind: 'error', error: { code: 'engine-gone' } });
    await tick();
    expect(hostSignal?.aborted).toBe(true);
  });

  it('reports a failure to prepare the host as an error event', async () => {
    const client = new EngineClient(
      () => {
        throw new Error('should not connect');
      },
      async () => {
        throw new LocusError('engine-failed', 'Could not create the offscreen document.');
      },
    );
    const seen: TaskEvent[] = [];
    const final = await client.start(request, (e) => seen.push(e));
    expect(final).toEqual({ kind: 'error', error: { code: 'engine-failed', message: 'Could not create the offscreen document.' } });
    expect(seen).toEqual([final]);
  });
});

describe('engine channel: malformed messages', () => {
  it('ignores malformed or foreign host messages', async () => {
    const { client, connections } = setup({
      async handle(_req, emit) {
        const host = connections[0]!.host;
        const id = lastTaskId(connections[0]!.client); // the running task's own id
        for (const junk of [
          null,
          'text',
          { type: 'task.event', id, event: { kind: 'text', delta: 5 } },
          { type: 'task.event', id, event: { kind: 'done', text: 'fake', stats: { bogus: true } } },
          { type: 'task.event', id, event: { kind: 'run-shell', command: 'x' } },
          { type: 'task.event', id: 'someone-else', event: { kind: 'done', text: 'not yours', stats } },
          { type: 'settings.write', privacyMode: false },
          { type: 'rpc.result', id: 'unknown', reply: { ok: true, value: 1 } },
        ]) {
          host.postMessage(junk);
        }
        emit({ kind: 'text', delta: 'real' });
        emit({ kind: 'done', text: 'real', stats });
      },
    });
    const seen: TaskEvent[] = [];
    const final = await client.start(request, (e) => seen.push(e));
    expect(seen).toEqual([
      { kind: 'text', delta: 'real' },
      { kind: 'done', text: 'real', stats },
    ]);
    expect(final).toMatchObject({ kind: 'done', text: 'real' });
  });

  it("answers a malformed client message with 'invalid-message' and runs nothing", async () => {
    let ran = 0;
    const [clientEnd, hostEnd] = createPortPair('locus-engine');
    serveEnginePort(hostEnd, {
      handle: async () => void (ran += 1),
      rpc: async () => (ran += 1),
    });
    const received: unknown[] = [];
    clientEnd.onMessage.addListener((m) => received.push(m));
    clientEnd.postMessage({ type: 'task.start', id: 'bad-1', request: { ...request, mode: 'poem' } });
    clientEnd.postMessage({ type: 'task.start', id: 'bad-2', request: { kind: 'delete-library' } });
    clientEnd.postMessage({ type: 'rpc', id: 'bad-3', request: { method: 'settings.write' } });
    clientEnd.postMessage({ hello: 'world' });
    await tick();
    await tick();
    expect(ran).toBe(0);
    expect(received).toHaveLength(4);
    const ids = received.map((m) => (m as { id: string }).id);
    expect(ids).toEqual(['bad-1', 'bad-2', 'bad-3', '']);
    for (const message of received) {
      expect(message).toMatchObject({ type: 'task.event', event: { kind: 'error', error: { code: 'invalid-message' } } });
    }
  });
});

describe('engine channel: RPCs', () => {
  it('round-trips a request and its checked result', async () => {
    const asked: RpcRequest[] = [];
    const { client } = setup({
      async rpc(req) {
        asked.push(req);
        return status;
      },
    });
    await expect(client.rpc({ method: 'model.status' })).resolves.toEqual(status);
    expect(asked).toEqual([{ method: 'model.status' }]);
  });

  it('rejects with the host error code', async () => {
    const { client } = setup({
      async rpc() {
        throw new LocusError('model-not-in-catalog', 'No such model.');
      },
    });
    const error = await client.rpc({ method: 'model.status' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocusError);
    expect(error).toMatchObject({ code: 'model-not-in-catalog', message: 'No such model.' });
  });

  it("rejects a result of the wrong shape with 'invalid-message'", async () => {
    const { client } = setup({ rpc: async () => ({ ...status, cached: 'yes' }) });
    await expect(client.rpc({ method: 'model.status' })).rejects.toMatchObject({ code: 'invalid-message' });
  });

  it('keeps concurrent RPCs apart', async () => {
    let n = 0;
    const { client } = setup({
      async rpc() {
        n += 1;
        const mine = n;
        await new Promise((r) => setTimeout(r, mine === 1 ? 20 : 0)); // the first answers last
        return { ...status, cachedBytes: mine };
      },
    });
    const [a, b] = await Promise.all([client.rpc({ method: 'model.status' }), client.rpc({ method: 'model.status' })]);
    expect([a.cachedBytes, b.cachedBytes]).toEqual([1, 2]);
  });
});

/** The id of the last task.start a client end sent. */
function lastTaskId(port: FakePort): string {
  const starts = port.sent.filter((m): m is { type: string; id: string } => (m as { type?: string }).type === 'task.start');
  return starts.at(-1)?.id ?? '';
}
