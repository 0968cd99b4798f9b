/** Messages between the offscreen document (main thread) and the engine worker it starts. */
export type ToEngineWorker =
  /** A side panel's engine port (the MessagePort travels with the message). */
  | { type: 'connect'; name: string; senderUrl: string }
  /** The port on which the document serves Chrome's Prompt API (documents have it, workers not). */
  | { type: 'chrome-ai' }
  /** Memory shared with the document, where it raises a task's Stop (cancel-flags.ts). */
  | { type: 'cancel-flags'; flags: Int32Array };
export type FromEngineWorker = { type: 'idle' } | { type: 'ready' };
