/**
 * Two connected in-memory ports that behave like `runtime.connect` ports where the engine channel
 * cares: messages arrive asynchronously, in order, as structured clones; `disconnect()` on one end
 * fires `onDisconnect` on the other end only (as in Chrome); posting on a disconnected port throws.
 */
import type { PortLike } from '../../lib/messaging/port';

export class FakePort implements PortLike {
  peer: FakePort | undefined;
  connected = true;
  /** Everything this end posted, in order. */
  readonly sent: unknown[] = [];
  readonly #messageListeners: Array<(message: unknown) => void> = [];
  readonly #disconnectListeners: Array<() => void> = [];

  constructor(
    readonly name: string,
    readonly sender?: PortLike['sender'],
  ) {}

  readonly onMessage = { addListener: (listener: (message: unknown) => void) => void this.#messageListeners.push(listener) };
  readonly onDisconnect = { addListener: (listener: () => void) => void this.#disconnectListeners.push(listener) };

  postMessage(message: unknown): void {
    if (!this.connected) throw new Error('Attempting to use a disconnected port object');
    const copy = structuredClone(message);
    this.sent.push(copy);
    const peer = this.peer!;
    queueMicrotask(() => {
      if (!peer.connected) return;
      for (const listener of [...peer.#messageListeners]) listener(structuredClone(copy));
    });
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    const peer = this.peer!;
    peer.connected = false;
    queueMicrotask(() => {
      for (const listener of [...peer.#disconnectListeners]) listener();
    });
  }
}

/** [client end, host end] of one connection. */
export function createPortPair(name = 'test-port', sender?: PortLike['sender']): [FakePort, FakePort] {
  const a = new FakePort(name);
  const b = new FakePort(name, sender);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
