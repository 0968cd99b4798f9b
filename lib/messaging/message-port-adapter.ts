/**
 * A DOM MessagePort (offscreen document ↔ engine worker) seen as a PortLike, so the engine channel
 * runs unchanged on either side of the worker boundary.
 */
import type { PortLike } from './port';

type ControlMessage = { __locus: 'disconnect' };

function isControl(data: unknown): data is ControlMessage {
  return typeof data === 'object' && data !== null && (data as { __locus?: unknown }).__locus === 'disconnect';
}

export function messagePortAsPortLike(port: MessagePort, name: string, sender?: PortLike['sender']): PortLike {
  const messageListeners: Array<(message: unknown) => void> = [];
  const disconnectListeners: Array<() => void> = [];
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    port.close();
    for (const listener of disconnectListeners) listener();
  };
  port.onmessage = (event: MessageEvent) => {
    if (isControl(event.data)) close();
    else for (const listener of messageListeners) listener(event.data);
  };
  return {
    name,
    sender,
    postMessage(message) {
      if (!open) throw new Error('port closed');
      port.postMessage(message);
    },
    disconnect() {
      if (!open) return;
      port.postMessage({ __locus: 'disconnect' } satisfies ControlMessage);
      open = false;
      port.close();
    },
    onMessage: { addListener: (l) => void messageListeners.push(l) },
    onDisconnect: { addListener: (l) => void disconnectListeners.push(l) },
  };
}

/** Tells the other end of a MessagePort that this side is gone. */
export function sendDisconnect(port: MessagePort): void {
  port.postMessage({ __locus: 'disconnect' } satisfies ControlMessage);
  port.close();
}
