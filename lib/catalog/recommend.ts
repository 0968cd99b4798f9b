/**
 * Which model suits this device, and why, in one sentence a student understands. The rules are
 * data (`recommendations` in models/catalog.json); this module only evaluates them.
 */
import type { RecommendationWhy, StorageWarning } from '../messaging/recommendation-protocol';
import type { GpuFacts } from './device';
import { cpuBuild, pickDtype } from './pick-dtype';
import {
  catalog as defaultCatalog,
  llamacppVariant,
  requireModel,
  totalSize,
  transformersFiles,
  webllmVariant,
  type Catalog,
  type CatalogModel,
  type EngineKind,
  type RecommendationRule,
} from './catalog';

export interface DeviceProfile {
  gpu: GpuFacts;
  /** navigator.deviceMemory: Chrome reports at most 8 (and rounds down), so "8" means "8 or more". */
  memoryGB: number | null;
  cores: number;
  /** Free storage for this extension (navigator.storage.estimate(): quota − usage), if known. */
  freeStorageBytes: number | null;
  /** Chrome's built-in model is downloaded and ready. */
  chromeAiReady: boolean;
  /**
   * This browser's WebAssembly can run llama.cpp (wllama needs JSPI and memory64); absent: assumed
   * yes (the engine says so plainly when it cannot start).
   */
  llamaCpp?: boolean;
  /** Chrome's built-in model's state, when known ('downloadable': Chrome can fetch it on a click). */
  chromeAi?: 'unavailable' | 'downloadable' | 'downloading' | 'available';
}

export interface Recommendation {
  modelId: string;
  modelName: string;
  engine: EngineKind;
  device: 'webgpu' | 'wasm' | 'browser';
  /** The dtype (transformers.js) or the web-llm model id. */
  variant: string;
  /** Bytes to download (an estimate for web-llm, from its GPU memory figure); 0 for Chrome's model. */
  downloadBytes: number;
  /** English, for logs and tests; the panel words `why`. */
  reason: string;
  why: RecommendationWhy;
  /** Set when storage ruled out the better choices (English; the panel words `warningWhy`). */
  warning?: string;
  warningWhy?: StorageWarning;
}

const GB = 1e9;

function shortName(model: CatalogModel): string {
  return model.name
    .replace(/ Instruct$| instruct$|-Instruct$|-instruct$| IT$/, '')
    .replace(/^Chrome's built-in model.*/, "Chrome's built-in model");
}

export function formatSize(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/** What running `model` with `engine` on this device would fetch, and on which device. */
export function planFor(
  model: CatalogModel,
  engine: EngineKind,
  gpu: GpuFacts,
  /** A GGUF quantization for llama.cpp (its preferred one when absent). */
  variant?: string,
): { device: Recommendation['device']; variant: string; downloadBytes: number } | null {
  const realGpu = gpu.available && !gpu.isFallback;
  switch (engine) {
    case 'llama-cpp': {
      // On the CPU: llama.cpp's WebGPU backend is not yet measured on a real GPU (see README).
      if (!model.engines.llamacpp) return null;
      try {
        const v = llamacppVariant(model, variant);
        return { device: 'wasm', variant: v.quant, downloadBytes: totalSize(v.files) };
      } catch {
        return null;
      }
    }
    case 'chrome-ai':
      return model.engines.chromeAi ? { device: 'browser', variant: 'prompt-api', downloadBytes: 0 } : null;
    case 'web-llm': {
      if (!realGpu) return null;
      const v = webllmVariant(model, gpu.shaderF16);
      return v ? { device: 'webgpu', variant: v.modelId, downloadBytes: (v.vramMB ?? 0) * 1e6 } : null;
    }
    case 'transformers': {
      if (!model.engines.transformers) return null;
      const device = realGpu ? 'webgpu' : 'wasm';
      try {
        const dtype = cpuBuild(model, device, variant) ?? pickDtype(model, device, gpu.shaderF16);
        return { device, variant: dtype, downloadBytes: totalSize(transformersFiles(model, dtype)) };
      } catch {
        return null;
      }
    }
  }
}

export function ruleHolds(rule: RecommendationRule, profile: DeviceProfile, task?: RecommendationRule['task']): boolean {
  if (rule.task !== undefined && rule.task !== task) return false;
  if (rule.engine === 'llama-cpp' && profile.llamaCpp === false) return false;
  const realGpu = profile.gpu.available && !profile.gpu.isFallback;
  const gpuOk =
    rule.gpu === 'any' ||
    (rule.gpu === 'none' && !realGpu) ||
    (rule.gpu === 'gpu' && realGpu) ||
    (rule.gpu === 'f16' && realGpu && profile.gpu.shaderF16);
  const memory = profile.memoryGB ?? 4; // Unknown memory: assume a modest laptop.
  return (
    gpuOk &&
    memory >= rule.minMemoryGB &&
    profile.cores >= rule.minCores &&
    (rule.chromeAi === undefined || rule.chromeAi === profile.chromeAiReady)
  );
}

/** This device as facts, for the panel to word (with the model and its download). */
function deviceFacts(profile: DeviceProfile): Pick<RecommendationWhy, 'gpu' | 'f16' | 'cores' | 'memoryGB'> {
  const { gpu } = profile;
  return {
    gpu: gpu.available && !gpu.isFallback ? 'gpu' : gpu.available ? 'software' : 'none',
    f16: gpu.available && gpu.shaderF16,
    cores: profile.cores,
    memoryGB: profile.memoryGB,
  };
}

/** This device in a student's words (16-bit support: WebGPU's shader-f16, which the bigger builds need). */
function describeDevice(profile: DeviceProfile): string {
  const { gpu } = profile;
  const memory =
    profile.memoryGB !== null ? `${profile.memoryGB >= 8 ? '8 GB or more' : `${profile.memoryGB} GB`} memory` : 'memory unknown';
  if (gpu.available && !gpu.isFallback) return `A graphics chip${gpu.shaderF16 ? ' with' : ' without'} 16-bit support and ${memory}`;
  if (gpu.available) return `Only a software graphics chip, ${profile.cores} processor cores and ${memory}`;
  return `No graphics chip Locus can use, ${profile.cores} processor cores and ${memory}`;
}

/**
 * The build a recommendation rule names for `model` on `engine` on this class of device (a CPU
 * build measured fastest there: cpu-builds.ts), so the model runs, and is listed, as that build
 * also when the student picks it.
 */
export function ruledVariant(
  model: CatalogModel,
  engine: EngineKind,
  profile: DeviceProfile,
  from: Catalog = defaultCatalog,
  task?: RecommendationRule['task'],
): string | undefined {
  return from.recommendations.find(
    (r) => r.model === model.id && r.engine === engine && r.variant !== undefined && ruleHolds(r, profile, task),
  )?.variant;
}

/** The recommendation for this device; for one kind of task when `task` is given (rules may be per task). */
export function recommend(profile: DeviceProfile, from: Catalog = defaultCatalog, task?: RecommendationRule['task']): Recommendation {
  const room = profile.freeStorageBytes !== null ? profile.freeStorageBytes * 0.8 : Infinity;
  let skippedForSpace: CatalogModel | undefined;
  for (const rule of from.recommendations) {
    if (!ruleHolds(rule, profile, task)) continue;
    const model = requireModel(rule.model, from);
    const plan = planFor(model, rule.engine, profile.gpu, rule.variant);
    if (!plan) continue;
    if (plan.downloadBytes > room) {
      skippedForSpace ??= model;
      continue;
    }
    const what =
      rule.engine === 'chrome-ai'
        ? `${shortName(model)}, nothing to download`
        : `${shortName(model)}${plan.device === 'wasm' ? " on this computer's processor" : ''}, ${rule.engine === 'web-llm' ? 'about ' : ''}${formatSize(plan.downloadBytes)} download`;
    const warning = skippedForSpace
      ? `Only ${formatSize(profile.freeStorageBytes ?? 0)} of storage is free, too little for ${shortName(skippedForSpace)}; free some space for a stronger model.`
      : undefined;
    const download = rule.engine === 'chrome-ai' ? 'none' : rule.engine === 'web-llm' ? 'about' : 'exact';
    const why = {
      ...deviceFacts(profile),
      model: shortName(model),
      download,
      onCpu: plan.device === 'wasm',
      bytes: plan.downloadBytes,
    } as const;
    return {
      modelId: model.id,
      modelName: model.name,
      engine: rule.engine,
      device: plan.device,
      variant: plan.variant,
      downloadBytes: plan.downloadBytes,
      reason: `${describeDevice(profile)}: ${what}.`,
      why,
      ...(warning ? { warning } : {}),
      ...(skippedForSpace
        ? { warningWhy: { code: 'too-little-for', freeBytes: profile.freeStorageBytes ?? 0, model: shortName(skippedForSpace) } as const }
        : {}),
    };
  }
  // Nothing fits the free storage: the smallest model, with the reason.
  const smallest = from.models
    .filter((m) => m.task === 'chat' && !m.purpose && m.engines.transformers)
    .map((m) => ({ m, plan: planFor(m, 'transformers', profile.gpu) }))
    .filter((x): x is { m: CatalogModel; plan: NonNullable<ReturnType<typeof planFor>> } => x.plan !== null)
    .sort((a, b) => a.plan.downloadBytes - b.plan.downloadBytes)[0];
  if (!smallest) throw new Error('catalog: no chat model runs with transformers.js');
  return {
    modelId: smallest.m.id,
    modelName: smallest.m.name,
    engine: 'transformers',
    device: smallest.plan.device,
    variant: smallest.plan.variant,
    downloadBytes: smallest.plan.downloadBytes,
    reason: `${describeDevice(profile)}: ${shortName(smallest.m)}, ${formatSize(smallest.plan.downloadBytes)} download.`,
    why: {
      ...deviceFacts(profile),
      model: shortName(smallest.m),
      download: 'exact',
      onCpu: false,
      bytes: smallest.plan.downloadBytes,
    },
    warningWhy: { code: 'smallest-may-not-fit', freeBytes: profile.freeStorageBytes ?? 0, bytes: smallest.plan.downloadBytes },
    warning: `Only ${formatSize(profile.freeStorageBytes ?? 0)} of storage is free: even the smallest model (${formatSize(smallest.plan.downloadBytes)}) may not fit. Free some disk space.`,
  };
}
