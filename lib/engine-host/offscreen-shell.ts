/**
 * Starts the engine host inside the offscreen document: verified model store, transformers.js
 * pointed at it with ONNX Runtime's WASM files from inside the package, and the engine port.
 */
import { TransformersEngine, configureTransformers } from '../engines/transformers-engine';
import { probeGpu } from '../engines/device';
import { VerifiedFileCache } from '../engines/verified-file-cache';
import { serveEnginePort } from '../messaging/engine-channel';
import { ENGINE_PORT_NAME } from '../messaging/engine-protocol';
import type { PortLike } from '../messaging/port';
import type { OffscreenToBackground } from '../messaging/protocol';
import { mayConnectToEngine, senderContext } from '../messaging/senders';
import { OpfsModelStore } from '../model-files/opfs-store';
import { browser } from '../platform/extension-api';
import { createNetworkGate } from '../privacy/network-gate';
import { loadSettings } from '../settings/settings';
import { database } from '../store/db';
import { EngineHost } from './engine-host';

export const ORT_WASM_DIR = '/ort/';

function tell(message: OffscreenToBackground): void {
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

export function startEngineHost(): EngineHost {
  const store = new OpfsModelStore();
  const cache = new VerifiedFileCache(store);
  configureTransformers({
    cache,
    wasmPaths: {
      mjs: browser.runtime.getURL(`${ORT_WASM_DIR}ort-wasm-simd-threaded.asyncify.mjs` as '/'),
      wasm: browser.runtime.getURL(`${ORT_WASM_DIR}ort-wasm-simd-threaded.asyncify.wasm` as '/'),
    },
    threads: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)),
  });
  const readSettings = () => loadSettings(database());
  const host = new EngineHost({
    readSettings,
    store,
    cache,
    gate: createNetworkGate(readSettings),
    probeGpu: () => probeGpu(),
    createEngine: (model, device, dtype) => new TransformersEngine(model, device, dtype),
    requestClose: () => tell({ type: 'offscreen.idle' }),
  });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== ENGINE_PORT_NAME) return;
    const context = senderContext(port.sender ?? {}, browser.runtime.id, browser.runtime.getURL(''));
    if (!mayConnectToEngine(context)) {
      port.disconnect();
      return;
    }
    serveEnginePort(port as unknown as PortLike, host);
  });
  tell({ type: 'offscreen.ready' });
  return host;
}
