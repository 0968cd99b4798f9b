/**
 * Which model, engine, device and build serve a task: the student's settings first, the device
 * recommendation for 'auto', and what this device can actually run. Pure, so every combination is
 * unit-tested.
 */
import {
  catalog as defaultCatalog,
  engineKindsOf,
  llamacppVariant,
  requireModel,
  webllmVariant,
  type Catalog,
  type CatalogModel,
  type EngineKind,
} from '../catalog/catalog';
import { cpuBuild, pickDtype } from '../catalog/pick-dtype';
import { recommend, ruleHolds, ruledVariant, type DeviceProfile, type Recommendation } from '../catalog/recommend';
import { chooseDevice, type DeviceDecision } from '../catalog/device';
import { LocusError } from '../errors';
import type { DeviceWhy, TaskRequest } from '../messaging/engine-protocol';
import type { Settings, TaskClass } from '../settings/settings';

export interface EngineChoice {
  model: CatalogModel;
  engine: EngineKind;
  device: 'webgpu' | 'wasm' | 'browser';
  /** transformers.js dtype, GGUF quantization (llama.cpp), or the web-llm model id. */
  variant: string;
  /** Why this device, in a sentence (English, for logs). */
  reason: string;
  /** The same as a code, worded by the panel. */
  why: DeviceWhy;
  notice?: DeviceDecision['notice'];
  recommendation: Recommendation;
}

/** The settings' task class of a request: which model setting serves it. */
export function taskClassOf(request: TaskRequest): TaskClass {
  switch (request.kind) {
    case 'summarize':
      return 'summarize';
    case 'download':
      return 'summarize';
    case 'quiz':
      return 'summarize';
    case 'selection':
    case 'hint':
    case 'chat':
    case 'cloud':
      return 'ask';
    case 'library.save':
    case 'library.ask':
    case 'library.follow':
    case 'library.question':
      return 'library';
  }
}

export interface ChoiceContext {
  profile: DeviceProfile;
  /** The GPU failed earlier in this session: stay on the CPU. */
  gpuLost?: boolean;
}

/**
 * The engine (and build) for a model the student chose, with the engine left on automatic: llama.cpp
 * when a recommendation rule runs that model with llama.cpp on this class of device (rules hold only
 * engines with real-model end-to-end evidence: tests/unit/engines-by-evidence.test.ts); otherwise the
 * engine with that evidence (transformers.js) when the model has it; another only for a model nothing
 * else runs (the student picked that model).
 */
function defaultEngine(
  model: CatalogModel,
  settings: Settings,
  profile: DeviceProfile,
  from: Catalog,
  task: TaskClass,
): { engine: EngineKind; variant?: string } {
  const kinds = engineKindsOf(model);
  const forDevice = (rule: Catalog['recommendations'][number]) =>
    rule.model === model.id &&
    rule.engine === 'llama-cpp' &&
    kinds.includes('llama-cpp') &&
    settings.device !== 'webgpu' &&
    ruleHolds(rule, profile, task);
  const rule = from.recommendations.find(forDevice);
  if (rule) return { engine: rule.engine, ...(rule.variant ? { variant: rule.variant } : {}) };
  const engine = evidencedEngine(kinds, model);
  const variant = ruledVariant(model, engine, profile, from, task);
  return { engine, ...(variant ? { variant } : {}) };
}

function evidencedEngine(kinds: EngineKind[], model: CatalogModel): EngineKind {
  if (kinds.includes('transformers')) return 'transformers';
  if (!kinds[0])
    throw new LocusError('model-not-in-catalog', `This build of Locus cannot run ${model.name}. Pick another model in Models.`);
  return kinds[0];
}

export function chooseEngine(settings: Settings, task: TaskClass, context: ChoiceContext, from: Catalog = defaultCatalog): EngineChoice {
  const gpu = context.gpuLost ? { ...context.profile.gpu, available: false } : context.profile.gpu;
  const profile = { ...context.profile, gpu };
  const recommendation = recommend(profile, from, task);
  const wanted = settings.taskModels[task] ?? settings.chatModel;
  const auto = wanted === 'auto';
  const model = requireModel(auto ? recommendation.modelId : wanted, from);

  let engine: EngineKind;
  let variant: string | undefined;
  if (settings.engine !== 'auto') {
    if (!engineKindsOf(model).includes(settings.engine)) {
      throw new LocusError(
        'model-not-in-catalog',
        `${model.name} cannot run with ${settings.engine}. Choose another engine or model in Models.`,
      );
    }
    engine = settings.engine;
  } else if (auto) {
    engine = recommendation.engine;
    // A build recommended for a GPU is not the CPU's (a student who asks for the CPU gets its own).
    variant = recommendation.device === 'webgpu' ? undefined : recommendation.variant;
  } else {
    ({ engine, variant } = defaultEngine(model, settings, profile, from, task));
  }
  const lostNotice: DeviceDecision['notice'] = context.gpuLost
    ? { message: 'The GPU stopped responding earlier, so Locus runs on the CPU (WASM) for now.', notice: { code: 'gpu-lost-earlier' } }
    : undefined;

  switch (engine) {
    case 'chrome-ai':
      return {
        model,
        engine,
        device: 'browser',
        variant: 'prompt-api',
        reason: "Chrome's built-in model runs inside Chrome itself.",
        why: { code: 'chrome-ai' },
        recommendation,
      };
    case 'llama-cpp': {
      const gguf = llamacppVariant(model, variant);
      return {
        model,
        engine,
        device: 'wasm',
        variant: gguf.quant,
        reason: `llama.cpp on this computer's processor (${gguf.quant}).`,
        why: { code: 'llamacpp', value: gguf.quant },
        ...(lostNotice ? { notice: lostNotice } : {}),
        recommendation,
      };
    }
    case 'web-llm': {
      const variant = webllmVariant(model, gpu.shaderF16);
      if (!variant) throw new LocusError('model-not-in-catalog', `${model.name} has no web-llm build for this GPU.`);
      return {
        model,
        engine,
        device: 'webgpu',
        variant: variant.modelId,
        reason: gpu.available ? `WebGPU with web-llm (${variant.modelId}).` : 'web-llm needs WebGPU, which this browser does not offer.',
        why: gpu.available ? { code: 'webllm', value: variant.modelId } : { code: 'webllm-no-gpu' },
        recommendation,
      };
    }
    case 'transformers': {
      const decision = chooseDevice(settings.device, gpu);
      const dtype = cpuBuild(model, decision.device, variant) ?? pickDtype(model, decision.device, gpu.shaderF16);
      const notice = lostNotice ?? decision.notice;
      return {
        model,
        engine,
        device: decision.device,
        variant: dtype,
        reason: decision.reason,
        why: decision.why,
        ...(notice ? { notice } : {}),
        recommendation,
      };
    }
  }
}

/** The library's embedding model, device and build (transformers.js only). */
export interface EmbeddingChoice {
  model: CatalogModel;
  device: 'webgpu' | 'wasm';
  variant: string;
  reason: string;
}

export function chooseEmbedding(settings: Settings, context: ChoiceContext, from: Catalog = defaultCatalog): EmbeddingChoice {
  const wanted = settings.embeddingModel === 'auto' ? from.defaults.embedding : settings.embeddingModel;
  if (!wanted)
    throw new LocusError(
      'model-not-in-catalog',
      'This build of Locus has no embedding model in its catalog, so the library cannot be searched by meaning.',
    );
  const model = requireModel(wanted, from);
  if (model.task !== 'embedding' || !model.embedding)
    throw new LocusError('model-not-in-catalog', `${model.name} is not an embedding model. Pick one in the Library tab's settings.`);
  const gpu = context.gpuLost ? { ...context.profile.gpu, available: false } : context.profile.gpu;
  const decision = chooseDevice(settings.device, gpu);
  return { model, device: decision.device, variant: pickDtype(model, decision.device, gpu.shaderF16), reason: decision.reason };
}
