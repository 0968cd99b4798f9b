/**
 * The engine host inside a dedicated worker of the offscreen document. Inference runs here, off
 * every main thread: extension pages share one renderer process, so a model busy on the offscreen
 * document's main thread would freeze the side panel too.
 */
import { TransformersEngine, configureTransformers } from '../engines/transformers-engine';
import { probeGpu } from '../engines/device';
import { VerifiedFileCache } from '../engines/verified-file-cache';
import { serveEnginePort } from '../messaging/engine-channel';
import { messagePortAsPortLike } from '../messaging/message-port-adapter';
import { OpfsModelStore } from '../model-files/opfs-store';
import { createNetworkGate, installGateAsFetch } from '../privacy/network-gate';
import { loadSettings } from '../settings/settings';
import { database } from '../store/db';
import { EngineHost } from './engine-host';
import type { FromEngineWorker, ToEngineWorker } from './worker-protocol';

export const ORT_WASM_DIR = '/ort/';

/** What the engine needs of a dedicated worker's global scope (the DOM lib does not type it). */
export interface WorkerScope {
  location: { origin: string };
  fetch: typeof fetch;
  navigator: { hardwareConcurrency: number; gpu?: unknown };
  postMessage(message: FromEngineWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToEngineWorker>) => void): void;
}

export function startEngineWorker(scope: WorkerScope): EngineHost {
  const tell = (message: FromEngineWorker) => scope.postMessage(message);
  const store = new OpfsModelStore();
  const cache = new VerifiedFileCache(store);
  const origin = scope.location.origin;
  configureTransformers({
    cache,
    wasmPaths: {
      mjs: `${origin}${ORT_WASM_DIR}ort-wasm-simd-threaded.asyncify.mjs`,
      wasm: `${origin}${ORT_WASM_DIR}ort-wasm-simd-threaded.asyncify.wasm`,
    },
    threads: Math.max(1, Math.min(4, scope.navigator.hardwareConcurrency || 1)),
  });
  const readSettings = () => loadSettings(database());
  const gate = createNetworkGate(readSettings, { packageOrigin: origin });
  // Everything this worker fetches (ONNX Runtime's files, web-llm's downloads) passes the gate.
  installGateAsFetch(scope, gate);
  const host = new EngineHost({
    readSettings,
    store,
    cache,
    gate,
    probeGpu: () => probeGpu(scope.navigator.gpu as Parameters<typeof probeGpu>[0]),
    createEngine: (model, device, dtype) => new TransformersEngine(model, device, dtype),
    requestClose: () => tell({ type: 'idle' }),
  });
  scope.addEventListener('message', (event: MessageEvent<ToEngineWorker>) => {
    const port = event.ports[0];
    if (event.data?.type !== 'connect' || !port) return;
    // The offscreen document checked the sender before handing the port over.
    serveEnginePort(messagePortAsPortLike(port, event.data.name, { url: event.data.senderUrl }), host);
  });
  tell({ type: 'ready' });
  return host;
}
