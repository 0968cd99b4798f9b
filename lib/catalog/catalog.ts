/**
 * The model catalog (models/catalog.json) parsed and checked once. Everything about a model that
 * could change (files, sizes, checksums, context window, hardware needs) is data in that file, so
 * swapping the default model is a data change.
 */
import { z } from 'zod';
import rawCatalog from '../../models/catalog.json';
import { LocusError } from '../errors';

export const DTYPES = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const;
export type Dtype = (typeof DTYPES)[number];

const fileSchema = z.object({
  path: z.string().min(1),
  /** Exact byte size, or null when not confirmed (then only `approxSize` is known). */
  size: z.number().int().nonnegative().nullable(),
  /** A rounded size as the hub displays it: for download estimates, never for checks. */
  approxSize: z.number().nonnegative().optional(),
  /** SHA-256 of the file for the pinned revision, or null when not pinned (see `unconfirmed`). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type CatalogFile = z.infer<typeof fileSchema>;

const transformersSchema = z.object({
  /** The build to use per device; null when there is none (e.g. an f16-only model on the CPU). */
  preferred: z.object({ webgpuF16: z.enum(DTYPES).nullable(), webgpu: z.enum(DTYPES).nullable(), wasm: z.enum(DTYPES).nullable() }),
  shared: z.array(fileSchema),
  dtypes: z.partialRecord(z.enum(DTYPES), z.array(fileSchema)),
});

const webllmSchema = z.object({
  modelId: z.string(),
  modelUrl: z.string(),
  /**
   * The compiled model library's file name (models/webllm-libs.json says where it comes from and
   * its SHA-256). Shipped in the package or not offered: never fetched at run time.
   */
  modelLib: z.string().regex(/^[\w.-]+\.wasm$/),
  vramMB: z.number().nullable(),
  lowResource: z.boolean(),
  needsShaderF16: z.boolean(),
  contextWindow: z.number().int().positive().nullable(),
});

/** Largest single GGUF file wllama loads (a WebAssembly limit): bigger models come split in parts. */
export const GGUF_PART_LIMIT = 2 ** 31 - 1;

/** GGUF quantization names as llama.cpp writes them (Q4_0, Q4_K_M, Q8_0, F16, IQ4_XS…). */
const quantSchema = z.string().regex(/^(I?Q\d(_[0-9A-Z]+)*|[BF]F?\d{2})$/);

const llamacppSchema = z.object({
  /** The hub repository that publishes the GGUF files (often not the model's own). */
  repo: z.string().min(1),
  revision: z.string().min(1),
  /** The quantization to run when nothing else decides (a recommendation rule may name another). */
  preferred: quantSchema,
  /** Files per quantization: one GGUF, or the parts of a split one in order (llama.cpp's gguf-split). */
  quants: z.partialRecord(quantSchema, z.array(fileSchema).min(1)),
});

const modelSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** 'token-classification': a named-entity model that finds names, places and organizations for redaction. */
  task: z.enum(['chat', 'embedding', 'token-classification']),
  purpose: z.literal('test').optional(),
  params: z.string(),
  revision: z.string().min(1),
  license: z.string(),
  contextWindow: z.number().int().positive(),
  hardware: z.object({
    minMemoryGB: z.number().positive(),
    vramMB: z.number().nullable().optional(),
    needsShaderF16: z.boolean().optional(),
  }),
  sources: z.array(z.string()),
  unconfirmed: z.array(z.string()).optional(),
  engines: z.object({
    transformers: transformersSchema.optional(),
    webllm: z.array(webllmSchema).optional(),
    /** llama.cpp in WebAssembly (wllama), GGUF files from Locus's verified downloader. */
    llamacpp: llamacppSchema.optional(),
    /** Chrome's built-in model (Prompt API): Chrome downloads and manages it, not Locus. */
    chromeAi: z.object({ api: z.literal('prompt') }).optional(),
  }),
  embedding: z
    .object({ dims: z.number().int(), pooling: z.enum(['mean', 'cls']), normalize: z.boolean(), maxTokens: z.number().int() })
    .optional(),
  /** For `token-classification`: tokens per call, and the model's entity labels (without B-/I-) → redaction entities. */
  ner: z
    .object({
      maxTokens: z.number().int().positive(),
      labels: z.record(z.string().min(1), z.enum(['PERSON', 'LOCATION', 'ORGANIZATION'])),
    })
    .optional(),
});
export type CatalogModel = z.infer<typeof modelSchema>;

export const ENGINE_KINDS = ['transformers', 'llama-cpp', 'web-llm', 'chrome-ai'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/**
 * One rule of the device recommendation, tried in order: the first whose conditions hold and whose
 * download fits the free storage wins. Data, so the recommended model changes without code.
 */
const recommendationSchema = z.object({
  /** 'f16': a real GPU with shader-f16; 'gpu': any real GPU; 'none': no usable GPU; 'any'. */
  gpu: z.enum(['f16', 'gpu', 'none', 'any']),
  minMemoryGB: z.number().nonnegative().default(0),
  minCores: z.number().int().nonnegative().default(0),
  /** Only when Chrome's built-in model is ready on this device. */
  chromeAi: z.boolean().optional(),
  model: z.string(),
  engine: z.enum(ENGINE_KINDS),
  /**
   * The build for this class of device (default: the model's preferred one): a GGUF quantization for
   * llama.cpp; a dtype for transformers.js, used on the CPU only (lib/catalog/cpu-builds.ts).
   */
  variant: z.string().optional(),
  /**
   * Only for this kind of task (summaries and library answers read long prompts; questions write
   * long answers, after a prompt that mostly repeats the previous one): the engine that is fastest
   * for it may differ. A rule without one serves every task, and the device overview.
   */
  task: z.enum(['summarize', 'ask', 'library']).optional(),
});
export type RecommendationRule = z.infer<typeof recommendationSchema>;

/**
 * Language data for OCR (Tesseract's LSTM `traineddata`): either shipped in the extension package,
 * or downloaded by Locus's verified downloader from the model host like a model's files
 * ({host}/{id}/resolve/{revision}/{file}), so a school mirror can serve it too.
 */
const ocrLanguageSchema = z
  .object({
    /** Tesseract's language code ('eng', 'vie'). */
    code: z.string().regex(/^[a-z]{3}(?:_[a-z]+)?$/),
    name: z.string(),
    /** The BCP 47 language it reads ('en', 'vi'): matched with the student's language. */
    lang: z.string(),
    packaged: z
      .object({ path: z.string().min(1), size: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
      .optional(),
    download: z.object({ id: z.string().min(1), revision: z.string().min(1), files: z.array(fileSchema).min(1) }).optional(),
    license: z.string(),
    sources: z.array(z.string()),
    unconfirmed: z.array(z.string()).optional(),
  })
  .refine((l) => Boolean(l.packaged) !== Boolean(l.download), 'an OCR language is either packaged or downloaded');
export type OcrLanguageEntry = z.infer<typeof ocrLanguageSchema>;

const catalogSchema = z.object({
  version: z.number().int(),
  defaults: z.object({ chat: z.string(), embedding: z.string().optional(), ner: z.string().optional() }),
  recommendations: z.array(recommendationSchema).default([]),
  models: z.array(modelSchema),
  ocrLanguages: z.array(ocrLanguageSchema).default([]),
});
export type Catalog = z.infer<typeof catalogSchema>;

export interface CatalogOptions {
  /**
   * The web-llm model libraries this build ships ('all': every one, for tests of web-llm itself).
   * A web-llm build whose library is not shipped is not offered.
   */
  webllmLibraries?: readonly string[] | 'all';
}

export function parseCatalog(value: unknown, options: CatalogOptions = {}): Catalog {
  const catalog = catalogSchema.parse(value);
  const shipped = options.webllmLibraries ?? [];
  if (shipped !== 'all') {
    for (const m of catalog.models) {
      const variants = m.engines.webllm?.filter((v) => shipped.includes(v.modelLib));
      if (variants?.length) m.engines.webllm = variants;
      else delete m.engines.webllm;
    }
    // A model only web-llm could run is not offered by a build without its library.
    catalog.models = catalog.models.filter((m) => engineKindsOf(m).length > 0);
  }
  const ids = new Set<string>();
  for (const m of catalog.models) {
    if (ids.has(m.id)) throw new Error(`catalog: duplicate model id ${m.id}`);
    ids.add(m.id);
  }
  for (const rule of catalog.recommendations) {
    const model = catalog.models.find((m) => m.id === rule.model);
    if (!model) throw new Error(`catalog: recommendation names unknown model ${rule.model}`);
    if (!engineKindsOf(model).includes(rule.engine)) throw new Error(`catalog: ${rule.model} has no ${rule.engine} build`);
    if (rule.variant !== undefined && rule.engine === 'llama-cpp' && !model.engines.llamacpp?.quants[rule.variant])
      throw new Error(`catalog: ${rule.model} has no ${rule.variant} GGUF`);
    if (rule.variant !== undefined && rule.engine === 'transformers' && !model.engines.transformers?.dtypes[rule.variant as Dtype])
      throw new Error(`catalog: ${rule.model} has no ${rule.variant} ONNX build`);
  }
  for (const m of catalog.models) {
    const g = m.engines.llamacpp;
    if (!g) continue;
    if (!g.quants[g.preferred]) throw new Error(`catalog: ${m.id} prefers ${g.preferred}, which it does not list`);
    for (const [quant, files] of Object.entries(g.quants)) {
      for (const f of files ?? []) {
        if ((f.size ?? f.approxSize ?? 0) > GGUF_PART_LIMIT)
          throw new Error(`catalog: ${m.id} ${quant} ${f.path} is over 2 GB: list the parts of a split GGUF instead`);
      }
    }
  }
  if (!ids.has(catalog.defaults.chat)) throw new Error(`catalog: default chat model ${catalog.defaults.chat} is not in the catalog`);
  for (const m of catalog.models) {
    if (m.task === 'token-classification' && (!m.ner || !m.engines.transformers))
      throw new Error(`catalog: ${m.id} is a token-classification model without \`ner\` facts or a transformers.js build`);
  }
  const ner = catalog.defaults.ner;
  if (ner && catalog.models.find((m) => m.id === ner)?.task !== 'token-classification')
    throw new Error(`catalog: default NER model ${ner} is not a token-classification model of the catalog`);
  return catalog;
}

export function engineKindsOf(model: CatalogModel): EngineKind[] {
  const kinds: EngineKind[] = [];
  if (model.engines.transformers) kinds.push('transformers');
  if (model.engines.llamacpp) kinds.push('llama-cpp');
  if (model.engines.webllm?.length) kinds.push('web-llm');
  if (model.engines.chromeAi) kinds.push('chrome-ai');
  return kinds;
}

/** The web-llm build for this GPU: an f16 build only where shader-f16 exists. */
export function webllmVariant(model: CatalogModel, shaderF16: boolean): z.infer<typeof webllmSchema> | undefined {
  const variants = (model.engines.webllm ?? []).filter((v) => !v.modelId.endsWith('-1k'));
  return variants.find((v) => v.needsShaderF16 && shaderF16) ?? variants.find((v) => !v.needsShaderF16);
}
export type WebllmVariant = z.infer<typeof webllmSchema>;

/** One GGUF build of a model: where it is published and its files (split parts in order). */
export interface LlamaCppVariant {
  repo: string;
  revision: string;
  quant: string;
  files: CatalogFile[];
}

/** The GGUF build `quant` of `model` (its preferred one by default). */
export function llamacppVariant(model: CatalogModel, quant?: string): LlamaCppVariant {
  const g = model.engines.llamacpp;
  const chosen = quant ?? g?.preferred ?? '';
  const files = g?.quants[chosen];
  if (!g || !files) throw new LocusError('model-not-in-catalog', `${model.name} has no ${chosen || 'GGUF'} build for llama.cpp.`);
  return { repo: g.repo, revision: g.revision, quant: chosen, files };
}

/**
 * Models added at build time (`LOCUS_CATALOG_EXTRA=extra.json npm run build`): a school mirror's
 * own models, or the benchmarks' architecture-exact stand-ins. Empty in a normal build.
 */
declare const __LOCUS_EXTRA_MODELS__: unknown;
const extraModels: unknown[] =
  typeof __LOCUS_EXTRA_MODELS__ !== 'undefined' && Array.isArray(__LOCUS_EXTRA_MODELS__) ? __LOCUS_EXTRA_MODELS__ : [];

/** web-llm model libraries shipped in this build (checked against models/webllm-libs.json by wxt.config.ts); usually none. */
declare const __LOCUS_WEBLLM_LIBS__: unknown;
export const PACKAGED_WEBLLM_LIBRARIES: readonly string[] =
  typeof __LOCUS_WEBLLM_LIBS__ !== 'undefined' && Array.isArray(__LOCUS_WEBLLM_LIBS__) ? (__LOCUS_WEBLLM_LIBS__ as string[]) : [];

/** The catalog's data, before this build's filtering (tests of a build that ships web-llm use it). */
export const rawCatalogData: unknown = { ...rawCatalog, models: [...(rawCatalog as { models: unknown[] }).models, ...extraModels] };

export const catalog: Catalog = parseCatalog(rawCatalogData, { webllmLibraries: PACKAGED_WEBLLM_LIBRARIES });

/** The OCR language data of a Tesseract code, or undefined. */
export function findOcrLanguage(code: string, from: Catalog = catalog): OcrLanguageEntry | undefined {
  return from.ocrLanguages.find((l) => l.code === code);
}

export function findModel(id: string, from: Catalog = catalog): CatalogModel | undefined {
  return from.models.find((m) => m.id === id);
}

export function requireModel(id: string, from: Catalog = catalog): CatalogModel {
  const model = findModel(id, from);
  if (!model) {
    throw new LocusError('model-not-in-catalog', `The model "${id}" is not in Locus's model catalog. Pick one in Models.`);
  }
  return model;
}

/** The files transformers.js needs to run `model` at `dtype`: configs and tokenizer, then weights. */
export function transformersFiles(model: CatalogModel, dtype: Dtype): CatalogFile[] {
  const t = model.engines.transformers;
  const weights = t?.dtypes[dtype];
  if (!t || !weights) {
    throw new LocusError('model-not-in-catalog', `${model.name} has no ${dtype} build for this engine.`);
  }
  return [...t.shared, ...weights];
}

/** Bytes to download: exact sizes where known, the hub's rounded figures otherwise. */
export function totalSize(files: readonly CatalogFile[]): number {
  return files.reduce((sum, f) => sum + (f.size ?? f.approxSize ?? 0), 0);
}

/** True when every file has an exact size and a pinned checksum. */
export function fullyPinned(files: readonly CatalogFile[]): boolean {
  return files.every((f) => f.size !== null && f.sha256 !== null);
}

/** `{host}/{model}/resolve/{revision}/{file}`, the hub layout every mirror and test host follows. */
export function fileUrl(host: string, modelId: string, revision: string, path: string): string {
  const base = host.replace(/\/+$/, '');
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  const encodedModel = modelId.split('/').map(encodeURIComponent).join('/');
  return `${base}/${encodedModel}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
}
