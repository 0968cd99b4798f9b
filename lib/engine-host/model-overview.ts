/**
 * What the panel shows about models (the status line and the Models page): the model the settings
 * choose, how much of it is stored and how much is left to download, every chat model of the catalog
 * with whether this device can run it, and the browser's storage figures.
 */
import {
  catalog,
  engineKindsOf,
  fullyPinned,
  transformersFiles,
  totalSize,
  type CatalogModel,
  type Dtype,
  type EngineKind,
} from '../catalog/catalog';
import { planFor, ruledVariant, type DeviceProfile } from '../catalog/recommend';
import type { ModelOverview, ModelStatus } from '../messaging/engine-protocol';
import { missingFiles } from '../model-files/download';
import type { PinStore } from '../model-files/pins';
import type { ModelFileStore } from '../model-files/store';
import { verificationOf, type Verification } from '../model-files/verification';
import type { Settings } from '../settings/settings';
import type { EngineChoice } from './choose-engine';
import { downloadPlanOf, storedRepositoriesOf } from './model-downloads';

/** Where model files live: Locus's verified store, and the caches engines keep themselves. */
export interface ModelStorage {
  store: ModelFileStore;
  /** Pins of models first downloaded without catalog checksums (lib/model-files/pins.ts). */
  pins?: PinStore;
  /** Storage of engines that keep their own cache (web-llm): bytes per model id, and delete. */
  otherCaches?: { usage(modelId: string): Promise<number>; delete(modelId: string): Promise<number> };
  storageEstimate?(): Promise<{ usage: number; quota: number }>;
}

/** The status line: the chosen model, its engine and device, and what is stored of it. */
export async function modelStatus(
  storage: ModelStorage,
  settings: Settings,
  profile: DeviceProfile,
  choice: EngineChoice,
  /** Read after the storage figures, as the status is sent. */
  loaded: () => boolean,
): Promise<ModelStatus> {
  const { downloadBytes, cachedBytes, pinned } = await storageOf(storage, choice, settings, profile);
  const verification = await verificationFor(storage, choice.model, choice.engine, choice.variant);
  return {
    modelId: choice.model.id,
    modelName: choice.model.name,
    engine: choice.engine,
    device: choice.device,
    dtype: choice.variant,
    downloadBytes,
    cachedBytes,
    cached: downloadBytes === 0,
    loaded: loaded(),
    pinned,
    verification,
    deviceReason: choice.reason,
    deviceWhy: choice.why,
    recommendation: choice.recommendation.reason,
    ...(choice.recommendation.warning ? { warning: choice.recommendation.warning } : {}),
    ...(choice.recommendation.warningWhy ? { warningWhy: choice.recommendation.warningWhy } : {}),
  };
}

/** The Models page: this device, the recommendation, every chat model and the storage figures. */
export async function modelsOverview(
  storage: ModelStorage,
  settings: Settings,
  profile: DeviceProfile,
  current: EngineChoice,
): Promise<ModelOverview> {
  const stored = await storage.store.usage();
  const models = [];
  for (const model of catalog.models.filter((m) => m.task === 'chat')) {
    const kinds = engineKindsOf(model);
    const plans = kinds
      .map((k) => ({
        engine: k,
        plan:
          k === 'chrome-ai' && !profile.chromeAiReady
            ? null
            : planFor(model, k, profile.gpu, k === 'transformers' ? ruledVariant(model, k, profile) : undefined),
      }))
      .filter((p): p is { engine: EngineKind; plan: NonNullable<ReturnType<typeof planFor>> } => p.plan !== null);
    const plan = plans.find((p) => p.engine === 'transformers') ?? plans[0];
    const storedBytes =
      storedRepositoriesOf(model.id).reduce((sum, repo) => sum + (stored.get(repo) ?? 0), 0) +
      ((await storage.otherCaches?.usage(model.id)) ?? 0);
    let remainingBytes = plan?.plan.downloadBytes ?? 0;
    const files = plan ? downloadPlanOf(model, plan.engine, plan.plan.variant, settings.modelHost) : null;
    if (files) remainingBytes = totalSize(await missingFiles(files, storage.store));
    else if (plan?.engine === 'web-llm' && storedBytes > 0) remainingBytes = 0;
    models.push({
      id: model.id,
      name: model.name,
      params: model.params,
      license: model.license,
      contextWindow: model.contextWindow,
      engines: kinds,
      purpose: model.purpose ?? null,
      downloadBytes: plan?.plan.downloadBytes ?? 0,
      remainingBytes,
      storedBytes,
      runnable: plans.length > 0,
      note:
        plans.length > 0
          ? null
          : kinds.includes('chrome-ai')
            ? profile.chromeAi === 'downloadable' || profile.chromeAi === 'downloading'
              ? 'Chrome has not downloaded its built-in model yet: Chrome can download it (a few GB) when you ask.'
              : "Needs Google Chrome's built-in AI, which this browser does not offer."
            : 'Needs a graphics chip this computer does not have.',
      verification: await verificationFor(storage, model, plan?.engine ?? kinds[0]!, plan?.plan.variant ?? ''),
      plan: plan ? { engine: plan.engine, device: plan.plan.device, variant: plan.plan.variant } : null,
    });
  }
  const estimate = (await storage.storageEstimate?.()) ?? null;
  return {
    device: {
      gpu: profile.gpu.available
        ? `${profile.gpu.description}${profile.gpu.isFallback ? ' (software)' : ''}${profile.gpu.shaderF16 ? ', shader-f16' : ''}`
        : 'none',
      memoryGB: profile.memoryGB,
      cores: profile.cores,
      freeStorageBytes: profile.freeStorageBytes,
      chromeAiReady: profile.chromeAiReady,
      chromeAi: profile.chromeAi ?? (profile.chromeAiReady ? 'available' : 'unavailable'),
    },
    recommendation: {
      modelId: current.recommendation.modelId,
      reason: current.recommendation.reason,
      why: current.recommendation.why,
      ...(current.recommendation.warning ? { warning: current.recommendation.warning } : {}),
      ...(current.recommendation.warningWhy ? { warningWhy: current.recommendation.warningWhy } : {}),
    },
    current: { modelId: current.model.id, engine: current.engine, device: current.device, variant: current.variant },
    models,
    storage: estimate,
  };
}

/** How `model`'s files are checked when `engine` runs it (the Models view says it). */
async function verificationFor(storage: ModelStorage, model: CatalogModel, engine: EngineKind, variant: string): Promise<Verification> {
  if (engine === 'chrome-ai') return { kind: 'browser' };
  if (engine === 'web-llm') return { kind: 'engine-managed' };
  const dtype = variant as Dtype;
  if (!model.engines.transformers?.dtypes[dtype]) return { kind: 'on-first-download' };
  return verificationOf(model.id, model.revision, transformersFiles(model, dtype), storage.pins);
}

async function storageOf(
  storage: ModelStorage,
  choice: EngineChoice,
  settings: Settings,
  profile: DeviceProfile,
): Promise<{ downloadBytes: number; cachedBytes: number; pinned: boolean }> {
  const plan = downloadPlanOf(choice.model, choice.engine, choice.variant, settings.modelHost);
  if (plan) {
    const downloadBytes = totalSize(await missingFiles(plan, storage.store));
    return { downloadBytes, cachedBytes: totalSize(plan.files) - downloadBytes, pinned: fullyPinned(plan.files) };
  }
  if (choice.engine === 'web-llm') {
    const stored = (await storage.otherCaches?.usage(choice.model.id)) ?? 0;
    const planned = planFor(choice.model, 'web-llm', profile.gpu)?.downloadBytes ?? 0;
    return { downloadBytes: stored > 0 ? 0 : planned, cachedBytes: stored, pinned: false };
  }
  return { downloadBytes: 0, cachedBytes: 0, pinned: false };
}
