/**
 * Model files onto the device and off it: the verified download of a transformers.js or llama.cpp
 * build through the network gate (lib/model-files/download.ts), "download for later" from the Models
 * page for any engine, and deleting a model's files.
 */
import { catalog, llamacppVariant, transformersFiles, type CatalogModel, type Dtype, type EngineKind } from '../catalog/catalog';
import type { Engine } from '../engine-api/engine';
import { statsWithoutText } from '../engine-api/generation-stats';
import type { VerifiedFileCache } from '../engines/verified-file-cache';
import type { TaskEvent } from '../messaging/engine-protocol';
import { downloadModelFiles, type DownloadPlan } from '../model-files/download';
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
  // Chat models' decoders are served with last-position logits only (VerifiedFileCache).
  deps.cache.register(model.id, model.revision, { decoder: model.task === 'chat' });
}

/** Where an engine's build of a model is downloaded from (null: the engine manages its own files). */
export function downloadPlanOf(model: CatalogModel, engine: EngineKind, variant: string, host: string): DownloadPlan | null {
  if (engine === 'transformers') {
    return { modelId: model.id, revision: model.revision, host, files: transformersFiles(model, variant as Dtype) };
  }
  if (engine === 'llama-cpp') {
    // GGUF builds are kept under the repository that publishes them (often not the model's own).
    const gguf = llamacppVariant(model, variant);
    return { modelId: gguf.repo, revision: gguf.revision, host, files: gguf.files };
  }
  return null;
}

/** The files of the engine's build (transformers.js or llama.cpp), downloaded and verified on first use. */
export async function fetchFilesOf(
  deps: Omit<ModelDownloadDeps, 'createEngine'>,
  choice: EngineChoice,
  settings: Settings,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  if (choice.engine === 'transformers') return fetchModelFiles(deps, choice.model, choice.variant as Dtype, settings, emit, signal);
  const plan = downloadPlanOf(choice.model, choice.engine, choice.variant, settings.modelHost);
  if (!plan) return;
  await downloadModelFiles(plan, {
    store: deps.store,
    fetch: (url, init) => deps.gate.fetch(url, init, 'model-download'),
    signal,
    onProgress: (progress) => emit({ kind: 'download', progress: { ...progress, modelId: choice.model.id } }),
  });
}

/** The repositories a model's files are stored under: its own, and the one publishing its GGUF builds. */
export function storedRepositoriesOf(modelId: string): string[] {
  const ggufRepo = catalog.models.find((m) => m.id === modelId)?.engines.llamacpp?.repo;
  return ggufRepo && ggufRepo !== modelId ? [modelId, ggufRepo] : [modelId];
}

/** Deletes a model's files from Locus's store (both repositories); returns the bytes freed. */
export async function deleteModelFiles(store: ModelFileStore, modelId: string): Promise<number> {
  let freed = 0;
  for (const repo of storedRepositoriesOf(modelId)) freed += await store.deleteModel(repo);
  return freed;
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
  if (choice.engine === 'transformers' || choice.engine === 'llama-cpp') await fetchFilesOf(deps, choice, settings, emit, signal);
  else if (choice.engine === 'web-llm') {
    // web-llm downloads as it loads: load once, then give the memory back.
    const engine = deps.createEngine(choice, settings);
    await engine.load({ signal, onDownload: (progress) => emit({ kind: 'download', progress }) });
    await engine.unload();
  }
  const model = { modelId: choice.model.id, modelName: choice.model.name, device: choice.device, dtype: choice.variant };
  emit({ kind: 'done', text: '', stats: statsWithoutText(model, performance.now() - started) });
}
