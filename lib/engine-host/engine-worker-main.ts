/**
 * The engine host inside a dedicated worker of the offscreen document. Inference runs here, off
 * every main thread: extension pages share one renderer process, so a model busy on the offscreen
 * document's main thread would freeze the side panel too.
 */
import { PACKAGED_WEBLLM_LIBRARIES, catalog, llamacppVariant, requireModel, webllmVariant } from '../catalog/catalog';
import type { DeviceProfile } from '../catalog/recommend';
import { llamaCppThreads } from '../catalog/cpu-threads';
import { ChromeAiEngine, type PromptApi } from '../engines/chrome-ai-engine';
import { remotePromptApi } from '../engines/chrome-ai-bridge';
import { probeGpu, type GpuFacts } from '../catalog/device';
import type { Engine } from '../engine-api/engine';
import { TransformersEmbedder } from '../engines/transformers-embedder';
import { LlamaCppEngine, jspiAvailable } from '../engines/llamacpp-engine';
import { ortBuildFor, ortWasmPaths } from '../engines/ort-build';
import { TransformersEngine, configureTransformers, useOrtWasmPaths } from '../engines/transformers-engine';
import { VerifiedFileCache } from '../engines/verified-file-cache';
import { WebLlmEngine, buildWebLlmConfig } from '../engines/webllm-engine';
import { loadWebLlm } from '../platform/webllm-runtime';
import { LocusError } from '../errors';
import { serveEnginePort } from '../messaging/engine-channel';
import { messagePortAsPortLike } from '../messaging/message-port-adapter';
import { OpfsPinStore } from '../model-files/opfs-pins';
import { OpfsModelStore } from '../model-files/opfs-store';
import { createNetworkGate, installGateAsFetch, type NetworkGate } from '../privacy/network-gate';
import { databaseAuditor } from '../privacy/audit';
import { hasStandingConsent } from '../privacy/consent';
import { NerModel } from '../privacy/ner-model';
import { CloudService } from '../cloud/cloud-service';
import { loadSettings, type Settings } from '../settings/settings';
import { database } from '../store/db';
import { keepRecord, markCloudDeclined } from '../insights/record-store';
import { LibraryService } from '../library/library-service';
import { opfsLibraryFiles } from '../library/opfs-library-files';
import type { EngineChoice } from './choose-engine';
import { cancelPoller } from './cancel-flags';
import { EngineHost } from './engine-host';
import type { FromEngineWorker, ToEngineWorker } from './worker-protocol';

export const ORT_WASM_DIR = '/ort/';
/** llama.cpp's WebAssembly (wllama), shipped in the package (wxt.config.ts). */
export const WLLAMA_WASM = '/wllama/wllama.wasm';

/** What the engine needs of a dedicated worker's global scope (the DOM lib does not type it). */
export interface WorkerScope {
  location: { origin: string };
  fetch: typeof fetch;
  navigator: { hardwareConcurrency: number; gpu?: unknown; deviceMemory?: number; storage?: StorageManager };
  postMessage(message: FromEngineWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToEngineWorker>) => void): void;
}

/** What the worker's parts share: the model files, the settings and the network gate. */
interface WorkerBase {
  scope: WorkerScope;
  origin: string;
  threads: number;
  store: OpfsModelStore;
  pins: OpfsPinStore;
  cache: VerifiedFileCache;
  readSettings: () => Promise<Settings>;
  gate: NetworkGate;
}

/** Chrome's built-in model, reached through a port the offscreen document hands over (once it does). */
interface ChromeAiLink {
  api?: PromptApi;
}

export function startEngineWorker(scope: WorkerScope): EngineHost {
  const tell = (message: FromEngineWorker) => scope.postMessage(message);
  const base = setUpWorkerBase(scope);
  const chromeAi: ChromeAiLink = {};
  const host = createEngineHost(base, chromeAi, tell);
  startLibrary(base, host);
  listenForPorts(scope, host, chromeAi);
  tell({ type: 'ready' });
  return host;
}

/** The model store, ONNX Runtime's files and threads, and the gate every fetch of this worker passes. */
function setUpWorkerBase(scope: WorkerScope): WorkerBase {
  const store = new OpfsModelStore();
  // Models pinned on first use (no checksums in the catalog): kept across restarts and deletes.
  const pins = new OpfsPinStore();
  const cache = new VerifiedFileCache(store);
  const origin = scope.location.origin;
  const threads = Math.max(1, Math.min(4, scope.navigator.hardwareConcurrency || 1));
  configureTransformers({
    cache,
    // Until the GPU probe says otherwise (createEngineHost): the build WebGPU needs.
    wasmPaths: ortWasmPaths(origin, ORT_WASM_DIR, 'asyncify'),
    threads,
  });
  const readSettings = () => loadSettings(database());
  const gate = createNetworkGate(readSettings, {
    packageOrigin: origin,
    // Every cloud request is in the audit log before it leaves; "always allow" is checked when it does.
    auditor: databaseAuditor(database),
    standingConsent: (site, providerId) => hasStandingConsent(database(), site, providerId),
  });
  // Everything this worker fetches (ONNX Runtime's files, web-llm's downloads) passes the gate.
  installGateAsFetch(scope, gate);
  return { scope, origin, threads, store, pins, cache, readSettings, gate };
}

/** Where web-llm finds its models and its packaged libraries. */
function webllmHosts(origin: string, settings: Settings) {
  return {
    modelHost: settings.modelHost,
    packagedLibraryBase: `${origin}/webllm/`,
    packagedLibraries: PACKAGED_WEBLLM_LIBRARIES,
  };
}

function storageEstimate(scope: WorkerScope) {
  return async () => {
    const e = await scope.navigator.storage?.estimate();
    return { usage: e?.usage ?? 0, quota: e?.quota ?? 0 };
  };
}

/** The engine host: device facts, engines, the cloud, and the records it keeps. */
function createEngineHost(base: WorkerBase, chromeAi: ChromeAiLink, tell: (message: FromEngineWorker) => void): EngineHost {
  const { scope, store, pins, cache, gate, readSettings } = base;
  let gpu: Promise<GpuFacts> | undefined;
  const probe = () => (gpu ??= probeGpu(scope.navigator.gpu as Parameters<typeof probeGpu>[0]));
  // Every engine choice awaits this probe first, and this reaction was registered first: the build is
  // set before the first ONNX Runtime session.
  probe()
    .then((facts) => useOrtWasmPaths(ortWasmPaths(base.origin, ORT_WASM_DIR, ortBuildFor(facts))))
    .catch(() => undefined);
  return new EngineHost({
    cloud: createCloud(base),
    readSettings,
    store,
    pins,
    cache,
    gate,
    deviceProfile: deviceProfile(scope, probe, chromeAi),
    createEngine: engineFactory(base, probe, chromeAi),
    otherCaches: webllmCaches(base),
    storageEstimate: storageEstimate(scope),
    requestClose: () => tell({ type: 'idle' }),
    createEmbedder: (choice) => new TransformersEmbedder(choice.model, choice.device, choice.variant as never),
    recordRequest: (record) => keepRecord(database(), record),
    markCloudDeclined: async (recordId) => {
      await markCloudDeclined(database(), recordId);
    },
  });
}

/** The cloud path: reached only through the gate, with the student's consent. */
function createCloud({ store, pins, cache, gate, readSettings, origin }: WorkerBase): CloudService {
  // Names are found by the on-device name finder; the catalog's NER model joins it when the student
  // chooses it in Privacy (downloaded on first use through the gate and the verified store, like every model).
  const nerModelId = catalog.defaults.ner;
  const nerModel = nerModelId
    ? new NerModel(requireModel(nerModelId), {
        store,
        register: (id, revision) => cache.register(id, revision),
        fetch: (url, init) => gate.fetch(url, init, 'model-download'),
        pins,
        modelHost: async () => (await readSettings()).modelHost,
        device: 'wasm',
      })
    : undefined;
  return new CloudService({
    db: database,
    readSettings,
    gate,
    extensionOrigin: origin,
    ...(nerModel ? { ner: () => nerModel.recognizer() } : {}),
  });
}

/** What the recommendation needs to know of this device. */
function deviceProfile(scope: WorkerScope, probe: () => Promise<GpuFacts>, chromeAi: ChromeAiLink) {
  return async (): Promise<DeviceProfile> => {
    const estimate = await scope.navigator.storage?.estimate().catch(() => undefined);
    const promptApi = chromeAi.api;
    const availability = promptApi ? await promptApi.availability().catch(() => 'unavailable' as const) : 'unavailable';
    return {
      gpu: await probe(),
      memoryGB: scope.navigator.deviceMemory ?? null,
      cores: scope.navigator.hardwareConcurrency || 1,
      freeStorageBytes: estimate?.quota !== undefined ? estimate.quota - (estimate.usage ?? 0) : null,
      chromeAiReady: availability === 'available',
      llamaCpp: jspiAvailable(),
      chromeAi: availability,
    };
  };
}

/** Makes the engine a choice names. */
function engineFactory({ origin, scope, store }: WorkerBase, probe: () => Promise<GpuFacts>, chromeAi: ChromeAiLink) {
  return (choice: EngineChoice, settings: Settings): Engine => {
    switch (choice.engine) {
      case 'transformers':
        return new TransformersEngine(choice.model, choice.device === 'webgpu' ? 'webgpu' : 'wasm', choice.variant as never);
      case 'web-llm': {
        const variant = (choice.model.engines.webllm ?? []).find((v) => v.modelId === choice.variant) ?? webllmVariant(choice.model, false);
        if (!variant) throw new LocusError('model-not-in-catalog', `${choice.model.name} has no web-llm build.`);
        return new WebLlmEngine(choice.model, variant, webllmHosts(origin, settings), { probeGpu: probe, loadRuntime: loadWebLlm });
      }
      case 'chrome-ai': {
        if (!chromeAi.api) throw new LocusError('engine-failed', "Chrome's built-in model is not reachable.");
        return new ChromeAiEngine(choice.model, chromeAi.api);
      }
      case 'llama-cpp':
        return new LlamaCppEngine(choice.model, llamacppVariant(choice.model, choice.variant), 'wasm', {
          wasmUrl: `${origin}${WLLAMA_WASM}`,
          // Fewer than ONNX Runtime gets: llama.cpp's threads spin while they wait on each other (cpu-threads.ts).
          threads: llamaCppThreads(scope.navigator.hardwareConcurrency || 1),
          readFile: (key) => store.read(key),
          loadRuntime: () => import('@wllama/wllama/esm/index.js'),
        });
    }
  };
}

/**
 * web-llm keeps its own IndexedDB cache; it reports presence, not bytes, so the catalog's estimate
 * stands in for the size.
 */
function webllmCaches({ origin, readSettings }: WorkerBase) {
  const cacheConfig = async (modelId: string) => {
    const settings = await readSettings();
    const variants = requireModel(modelId).engines.webllm ?? [];
    return { settings, variants: variants.map((v) => ({ v, config: buildWebLlmConfig(v, webllmHosts(origin, settings)) })) };
  };
  return {
    async usage(modelId: string) {
      const model = requireModel(modelId);
      if (!model.engines.webllm?.length) return 0;
      const { hasModelInCache } = await loadWebLlm();
      const { variants } = await cacheConfig(modelId);
      let bytes = 0;
      for (const { v, config } of variants) if (await hasModelInCache(v.modelId, config).catch(() => false)) bytes += (v.vramMB ?? 0) * 1e6;
      return bytes;
    },
    async delete(modelId: string) {
      const model = requireModel(modelId);
      if (!model.engines.webllm?.length) return 0;
      const { deleteModelAllInfoInCache, hasModelInCache } = await loadWebLlm();
      const { variants } = await cacheConfig(modelId);
      let bytes = 0;
      for (const { v, config } of variants) {
        if (!(await hasModelInCache(v.modelId, config).catch(() => false))) continue;
        await deleteModelAllInfoInCache(v.modelId, config);
        bytes += (v.vramMB ?? 0) * 1e6;
      }
      return bytes;
    },
  };
}

/**
 * The library: its indexes live in this worker; embedding that a closed document or browser
 * interrupted resumes now (pages with fewer vectors than chunks).
 */
function startLibrary({ scope, readSettings }: WorkerBase, host: EngineHost): void {
  const library = new LibraryService({
    db: database(),
    embeddingModelId: async () => (await host.embeddingChoice()).model.id,
    prepareEmbedder: (emit, signal) => host.prepareEmbedder(emit, signal),
    prepareChat: (emit, signal) => host.prepareChat(emit, signal),
    exclusive: (work) => host.runExclusive(work),
    hold: () => host.hold(),
    embeddingBatchSize: async () => (await readSettings()).embeddingBatchSize,
    storageEstimate: storageEstimate(scope),
    files: opfsLibraryFiles,
  });
  host.attachLibrary(library);
  void library.start().catch(() => undefined);
}

/** The offscreen document's messages: the cancel flags, Chrome's built-in model, and engine ports. */
function listenForPorts(scope: WorkerScope, host: EngineHost, chromeAi: ChromeAiLink): void {
  let cancelFlags: Int32Array | undefined;
  scope.addEventListener('message', (event: MessageEvent<ToEngineWorker>) => {
    if (event.data?.type === 'cancel-flags') {
      cancelFlags = event.data.flags;
      return;
    }
    const port = event.ports[0];
    if (!port) return;
    if (event.data?.type === 'chrome-ai') {
      chromeAi.api = remotePromptApi(port);
      return;
    }
    if (event.data?.type !== 'connect') return;
    // The offscreen document checked the sender before handing the port over.
    serveEnginePort(messagePortAsPortLike(port, event.data.name, { url: event.data.senderUrl }), host, {
      poller: (id, controller) => (cancelFlags ? cancelPoller(cancelFlags, id, controller) : () => undefined),
    });
  });
}
