/**
 * Model files onto the device: the verified download of a transformers.js build through the network
 * gate (lib/model-files/download.ts), and "download for later" from the Models page for any engine.
 */
import { transformersFiles, type CatalogModel, type Dtype } from '../catalog/catalog';
import type { Engine } from '../engine-api/engine';
import type { VerifiedFileCache } from '../engines/verified-file-cache';
import type { TaskEvent } from '../messaging/engine-protocol';
import { downloadModelFiles } from '../model-files/download';
import type { PinStore } from '../model-files/pins';
import type { ModelFileStore } from '../model-files/store';
import type { NetworkGate } from '../privacy/network-gate';
import type { Settings } from '../settings/settings';
import type { EngineChoice } from './choose-engine';

export interface ModelDownloadDeps {
  store: ModelFileStore;
  /** Pins of models first downloaded without catalog checksums (lib/model-files/pins.ts). */
  pins?: PinStore;
  cache: VerifiedFileCache;
  gate: NetworkGate;
  /** A new engine for `choice` (the worker knows the engines this build has). */
  createEngine(choice: EngineChoice, settings: Settings): Engine;
}

/** Downloads (or finds stored) and verifies a transformers.js build, then lets the engines read it. */
export async function fetchModelFiles(
  deps: Omit<ModelDownloadDeps, 'createEngine'>,
  model: CatalogModel,
  dtype: Dtype,
  settings: Settings,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  await downloadModelFiles(
    { modelId: model.id, revision: model.revision, host: settings.modelHost, files: transformersFiles(model, dtype) },
    {
      store: deps.store,
      ...(deps.pins ? { pins: deps.pins } : {}),
      fetch: (url, init) => deps.gate.fetch(url, init, 'model-download'),
      signal,
      onProgress: (progress) => emit({ kind: 'download', progress }),
    },
  );
  deps.cache.register(model.id, model.revision);
}

/** Downloads the model of `choice` for later (the Models page), without keeping it loaded. */
export async function downloadForLater(
  deps: ModelDownloadDeps,
  choice: EngineChoice,
  settings: Settings,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  if (choice.engine === 'transformers') await fetchModelFiles(deps, choice.model, choice.variant as Dtype, settings, emit, signal);
  else if (choice.engine === 'web-llm') {
    // web-llm downloads as it loads: load once, then give the memory back.
    const engine = deps.createEngine(choice, settings);
    await engine.load({ signal, onDownload: (progress) => emit({ kind: 'download', progress }) });
    await engine.unload();
  }
  emit({
    kind: 'done',
    text: '',
    stats: {
      modelId: choice.model.id,
      modelName: choice.model.name,
      device: choice.device,
      dtype: choice.variant,
      promptTokens: 0,
      outputTokens: 0,
      ttftMs: 0,
      totalMs: performance.now() - started,
      tokensPerSecond: 0,
      parts: 1,
    },
  });
}
