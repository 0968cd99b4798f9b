/** Messages between the offscreen document (main thread) and the engine worker it starts. */
export type ToEngineWorker = { type: 'connect'; name: string; senderUrl: string };
export type FromEngineWorker = { type: 'idle' } | { type: 'ready' };
