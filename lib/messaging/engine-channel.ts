/**
 * Both ends of the engine port. The client (side panel) starts tasks and RPCs and receives their
 * events; the host (offscreen document) runs them. If the host goes away mid-task (Chrome closed
 * the offscreen document, or it crashed), every open task ends with a clear `engine-gone` error
 * and the next call reconnects.
 */
import { LocusError, panelClosed, toErrorInfo, type ErrorInfo } from '../errors';
import {
  engineClientMessageSchema,
  engineHostMessageSchema,
  rpcResultSchemas,
  type EngineClientMessage,
  type EngineHostMessage,
  type RpcRequest,
  type RpcResult,
  type TaskEvent,
  type TaskRequest,
} from './engine-protocol';
import type { PortLike } from './port';

export const ENGINE_GONE_MESSAGE =
  'The on-device model stopped unexpectedly (its background page was closed). Nothing you saved is lost; try again and Locus restarts it.';

type TaskListener = (event: TaskEvent) => void;
type Terminal = Extract<TaskEvent, { kind: 'done' | 'error' }>;

interface PendingTask {
  onEvent: TaskListener;
  resolve: (event: Terminal) => void;
}
interface PendingRpc {
  method: RpcRequest['method'];
  resolve: (value: unknown) => void;
  reject: (error: LocusError) => void;
}

let counter = 0;
function nextId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

export class EngineClient {
  #port: PortLike | undefined;
  #tasks = new Map<string, PendingTask>();
  #rpcs = new Map<string, PendingRpc>();

  /**
   * @param connect opens a new port to the host; `prepare` runs before each new connection
   *   (the panel asks the background to create the offscreen document).
   */
  constructor(
    private readonly connect: () => PortLike,
    private readonly prepare: () => Promise<void> = async () => {},
  ) {}

  /** Starts a task on the host; resolves with its final event (done or error), never rejects. */
  async start(request: TaskRequest, onEvent: TaskListener, signal?: AbortSignal): Promise<Terminal> {
    const id = nextId();
    let port: PortLike;
    try {
      port = await this.#ensurePort();
    } catch (error) {
      const terminal: Terminal = { kind: 'error', error: toErrorInfo(error) };
      onEvent(terminal);
      return terminal;
    }
    return new Promise<Terminal>((resolve) => {
      this.#tasks.set(id, { onEvent, resolve });
      // Start first: a cancel that reaches the host before its task.start is for an unknown id and
      // is dropped, so a signal aborted while the port was opening must cancel after the start.
      this.#send(port, { type: 'task.start', id, request });
      const cancel = () => this.#send(port, { type: 'task.cancel', id });
      if (signal?.aborted) cancel();
      else signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  async rpc<M extends RpcRequest['method']>(request: RpcRequest & { method: M }): Promise<RpcResult<M>> {
    const port = await this.#ensurePort();
    const id = nextId();
    return new Promise<RpcResult<M>>((resolve, reject) => {
      this.#rpcs.set(id, { method: request.method, resolve: resolve as (v: unknown) => void, reject });
      this.#send(port, { type: 'rpc', id, request });
    });
  }

  disconnect(): void {
    this.#port?.disconnect();
    this.#onGone();
  }

  async #ensurePort(): Promise<PortLike> {
    if (this.#port) return this.#port;
    await this.prepare();
    const port = this.connect();
    port.onMessage.addListener((raw) => this.#receive(raw));
    port.onDisconnect.addListener(() => {
      if (this.#port === port) this.#onGone();
    });
    this.#port = port;
    return port;
  }

  #send(port: PortLike, message: EngineClientMessage): void {
    try {
      port.postMessage(message);
    } catch {
      // A port whose other end is gone throws; treat it like a disconnect.
      if (this.#port === port) this.#onGone();
    }
  }

  #receive(raw: unknown): void {
    const parsed = engineHostMessageSchema.safeParse(raw);
    if (!parsed.success) return; // Not ours or malformed: never act on it.
    const message: EngineHostMessage = parsed.data;
    if (message.type === 'task.event') {
      const task = this.#tasks.get(message.id);
      if (!task) return;
      task.onEvent(message.event);
      if (message.event.kind === 'done' || message.event.kind === 'error') {
        this.#tasks.delete(message.id);
        task.resolve(message.event);
      }
      return;
    }
    const rpc = this.#rpcs.get(message.id);
    if (!rpc) return;
    this.#rpcs.delete(message.id);
    if (!message.reply.ok) {
      rpc.reject(new LocusError(message.reply.error.code, message.reply.error.message, { reason: message.reply.error.reason }));
      return;
    }
    const checked = rpcResultSchemas[rpc.method].safeParse(message.reply.value);
    if (checked.success) rpc.resolve(checked.data);
    else rpc.reject(new LocusError('invalid-message', 'The model host answered in a form Locus does not understand.'));
  }

  #onGone(): void {
    this.#port = undefined;
    const error: ErrorInfo = { code: 'engine-gone', message: ENGINE_GONE_MESSAGE };
    for (const [id, task] of this.#tasks) {
      this.#tasks.delete(id);
      const terminal: Terminal = { kind: 'error', error };
      task.onEvent(terminal);
      task.resolve(terminal);
    }
    for (const [id, rpc] of this.#rpcs) {
      this.#rpcs.delete(id);
      rpc.reject(new LocusError('engine-gone', ENGINE_GONE_MESSAGE));
    }
  }
}

export interface EngineHandlers {
  /**
   * Runs a task, emitting its events; must end by resolving (done) or throwing (error). `poll`
   * aborts `signal` when a Stop arrived by a path that needs no event-loop turn (cancel-flags.ts);
   * long synchronous work should call it often.
   */
  handle(request: TaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal, poll: () => void): Promise<void>;
  rpc(request: RpcRequest): Promise<unknown>;
}

/** Serves one connected client port; returns the number of tasks in flight, for idle tracking. */
export interface ServeHooks {
  onBusyChange?: (busy: number) => void;
  /** A check that aborts the task's controller when its Stop arrived out of band. */
  poller?: (id: string, controller: AbortController) => () => void;
  /** Told of an event a handler emitted after its task ended (dropped: the client has moved on). */
  onLateEvent?: (id: string, event: TaskEvent) => void;
}

/** A handler that emits after its task ended has a bug: say so where a developer looks. */
const warnLateEvent = (id: string, event: TaskEvent) =>
  console.warn(`Locus engine: task ${id} emitted '${event.kind}' after it ended; dropped.`);

const ENDED_WITHOUT_ANSWER: TaskEvent = {
  kind: 'error',
  error: { code: 'internal', message: 'The model stopped without an answer. Please try again.' },
};

export function serveEnginePort(port: PortLike, handlers: EngineHandlers, hooks: ServeHooks = {}): void {
  const running = new Map<string, AbortController>();
  let open = true;
  const post = (message: EngineHostMessage) => {
    if (!open) return;
    try {
      port.postMessage(message);
    } catch {
      open = false;
    }
  };
  const busyChanged = () => hooks.onBusyChange?.(running.size);

  port.onDisconnect.addListener(() => {
    open = false;
    // Not the student's Stop: work worth keeping (a half-downloaded file) stays for next time.
    for (const controller of running.values()) controller.abort(panelClosed());
  });

  port.onMessage.addListener((raw) => {
    const parsed = engineClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '';
      post({
        type: 'task.event',
        id,
        event: { kind: 'error', error: { code: 'invalid-message', message: 'Locus received a request it does not understand.' } },
      });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'task.cancel':
        running.get(message.id)?.abort();
        return;
      case 'rpc':
        handlers.rpc(message.request).then(
          (value) => post({ type: 'rpc.result', id: message.id, reply: { ok: true, value } }),
          (error: unknown) => post({ type: 'rpc.result', id: message.id, reply: { ok: false, error: toErrorInfo(error) } }),
        );
        return;
      case 'task.start': {
        if (running.has(message.id)) return;
        const controller = new AbortController();
        running.set(message.id, controller);
        busyChanged();
        // Exactly one terminal event per task: later events are reported, not sent (the client
        // forgot the task), and a handler that returns without one still ends the student's wait.
        let ended = false;
        const emit = (event: TaskEvent) => {
          if (ended) return (hooks.onLateEvent ?? warnLateEvent)(message.id, event);
          if (event.kind === 'done' || event.kind === 'error') ended = true;
          post({ type: 'task.event', id: message.id, event });
        };
        const poll = hooks.poller?.(message.id, controller) ?? (() => undefined);
        handlers
          .handle(message.request, emit, controller.signal, poll)
          .then(
            () => ended || emit(ENDED_WITHOUT_ANSWER),
            (error: unknown) => emit({ kind: 'error', error: toErrorInfo(error) }),
          )
          .finally(() => {
            ended = true;
            running.delete(message.id);
            busyChanged();
          });
        return;
      }
    }
  });
}
