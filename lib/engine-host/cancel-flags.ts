/**
 * Stop, heard at once. On the CPU, a generation in the engine worker is a chain of promises that
 * never gives the worker's event loop a turn, so a "task.cancel" message waits in the queue until
 * the whole answer is written. The offscreen document therefore also raises a flag in memory both
 * sides share (SharedArrayBuffer: the pages are cross-origin isolated), and the worker reads it
 * between tokens.
 */
import type { Engine } from '../engine-api/engine';
import { decorateEngine } from '../engine-api/engine-decorator';
import { panelClosed } from '../errors';

export const CANCEL_SLOTS = 1024;

/** The slot of a task id (FNV-1a): both sides compute it from the id alone. */
export function slotOf(id: string, slots = CANCEL_SLOTS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % slots;
}

/**
 * Shared flags where the page is cross-origin isolated (Chrome). Firefox does not isolate extension
 * pages, so it has no SharedArrayBuffer there: the flags are then the document's own copy and Stop
 * reaches the worker by the `task.cancel` message alone (between the engine's awaits).
 */
export function createCancelFlags(slots = CANCEL_SLOTS): Int32Array {
  const bytes = slots * Int32Array.BYTES_PER_ELEMENT;
  return new Int32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

const STOPPED = 1;
const PANEL_CLOSED = 2;

/** Document side: the student pressed Stop, or (`closed`) the panel that started task `id` closed. */
export function raiseCancel(flags: Int32Array, id: string, closed = false): void {
  Atomics.store(flags, slotOf(id, flags.length), closed ? PANEL_CLOSED : STOPPED);
}

/** Worker side, when a task starts: clears its slot, returns the check to run between tokens. */
export function cancelPoller(flags: Int32Array, id: string, controller: AbortController): () => void {
  const slot = slotOf(id, flags.length);
  Atomics.store(flags, slot, 0);
  return () => {
    if (controller.signal.aborted) return;
    const flag = Atomics.load(flags, slot);
    if (flag === STOPPED) controller.abort();
    else if (flag === PANEL_CLOSED) controller.abort(panelClosed());
  };
}

/**
 * The engine, checking for a Stop at every piece of text it writes and every count it makes: the
 * moments a busy CPU generation surfaces between tokens.
 */
export function polling(engine: Engine, poll: () => void): Engine {
  return decorateEngine(engine, {
    countTokens: (text) => {
      poll();
      return engine.countTokens(text);
    },
    countPromptTokens: (messages) => {
      poll();
      return engine.countPromptTokens(messages);
    },
    generate: (request, callbacks = {}) => {
      poll();
      return engine.generate(request, {
        ...callbacks,
        onText: (delta) => {
          callbacks.onText?.(delta);
          poll();
        },
      });
    },
  });
}
