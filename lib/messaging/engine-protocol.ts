/**
 * The engine port: a long-lived `runtime.connect` channel between the side panel (client) and the
 * offscreen document (host). Tasks stream events; RPCs answer once. Both ends parse every message.
 */
import { z } from 'zod';
import { chatMessageSchema, cloudProposalSchema } from './cloud-protocol';
import {
  libraryAskRequestSchema,
  libraryQuestionRequestSchema,
  libraryEventSchemas,
  libraryFollowRequestSchema,
  libraryRpcResultSchemas,
  libraryRpcSchemas,
  librarySaveRequestSchema,
} from './library-protocol';
import { noticeSchema } from './notice-protocol';
import { recommendationWhySchema, storageWarningSchema } from './recommendation-protocol';
import { MAX_CAPTURE_CHARS, MAX_SELECTION_CHARS, errorInfoSchema, replySchema } from './protocol';

export const SUMMARY_MODES = ['tldr', 'key-points', 'study-notes', 'eli5'] as const;
export type SummaryMode = (typeof SUMMARY_MODES)[number];

export const ENGINE_PORT_NAME = 'locus-engine';

export const pageInputSchema = z.object({
  url: z.string(),
  title: z.string(),
  lang: z.string(),
  text: z.string(),
});
export type PageInput = z.infer<typeof pageInputSchema>;

/** A page's facts without its text (tasks on a selection or a problem). */
export const pageMetaSchema = z.object({ url: z.string(), title: z.string(), lang: z.string() });

/** Highlight-and-ask (lib/tasks/selection-task.ts). */
export const selectionTaskSchema = z.object({
  kind: z.literal('selection'),
  action: z.enum(['explain', 'define', 'simplify', 'translate', 'ask']),
  selection: z.string().max(MAX_SELECTION_CHARS),
  context: z.string().max(20_000),
  /**
   * The selection was inside a text field: it (and the section around it) is the student's own
   * writing, not page text (what a cloud request may keep as written differs: lib/privacy/kept-names.ts).
   */
  inEditable: z.boolean(),
  question: z.string().max(4000),
  targetLanguage: z.string().max(35),
  page: pageMetaSchema,
  outputLanguage: z.string(),
});
export type SelectionTaskRequest = z.infer<typeof selectionTaskSchema>;

/** Graduated hints (lib/tasks/hint-task.ts): level 4 is the solution, asked for explicitly. */
export const hintTaskSchema = z.object({
  kind: z.literal('hint'),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  problem: z.string().max(MAX_CAPTURE_CHARS),
  context: z.string().max(20_000),
  previous: z.array(z.string().max(20_000)).max(10),
  page: pageMetaSchema,
  outputLanguage: z.string(),
});
export type HintTaskRequest = z.infer<typeof hintTaskSchema>;

/** Flashcards or multiple-choice questions (lib/tasks/cards-task.ts). */
export const cardsTaskSchema = z.object({
  kind: z.literal('quiz'),
  format: z.enum(['flashcards', 'multiple-choice']),
  count: z.number().int().min(1).max(30),
  text: z.string().max(MAX_CAPTURE_CHARS),
  fromSelection: z.boolean(),
  page: pageMetaSchema,
  outputLanguage: z.string(),
});

/** Follow-up chat about a page (lib/tasks/chat-task.ts). */
export const chatTaskSchema = z.object({
  kind: z.literal('chat'),
  page: pageInputSchema,
  summary: z.string().max(50_000),
  history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(50_000) })).max(400),
  question: z.string().min(1).max(4000),
  outputLanguage: z.string(),
});

export const taskRequestSchema = z.discriminatedUnion('kind', [
  /** Download a model now (from the Models page), to use it later or offline. */
  z.object({ kind: z.literal('download'), modelId: z.string().min(1) }),
  z.object({
    kind: z.literal('summarize'),
    mode: z.enum(SUMMARY_MODES),
    page: pageInputSchema,
    /** Language to answer in; '' means the page's own language. */
    outputLanguage: z.string(),
  }),
  /**
   * Send a cloud proposal the student agreed to (the consent dialog's "Send once"). The hash is the
   * one the dialog showed: the engine worker refuses if its stored body has another.
   */
  z.object({
    kind: z.literal('cloud'),
    proposalId: z.string().min(1),
    bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** "Always allow for this site" was ticked. */
    alwaysAllowSite: z.boolean(),
  }),
  selectionTaskSchema,
  hintTaskSchema,
  cardsTaskSchema,
  chatTaskSchema,
  librarySaveRequestSchema,
  libraryAskRequestSchema,
  libraryQuestionRequestSchema,
  libraryFollowRequestSchema,
]);
export type TaskRequest = z.infer<typeof taskRequestSchema>;

/** 'browser': the model runs inside the browser itself (Chrome's built-in model), not on Locus's runtime. */
export const DEVICES = ['webgpu', 'wasm', 'cpu', 'browser'] as const;
export type Device = (typeof DEVICES)[number];

export const generationStatsSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  /** 'cloud': answered by a cloud provider after consent. */
  device: z.enum([...DEVICES, 'cloud']),
  dtype: z.string(),
  promptTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  ttftMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  parts: z.number().int().positive(),
  /** Tokens of every generation of the task (map-reduce parts included), for Insights. */
  allPromptTokens: z.number().int().nonnegative().optional(),
  allOutputTokens: z.number().int().nonnegative().optional(),
});
export type GenerationStats = z.infer<typeof generationStatsSchema>;

export const downloadProgressSchema = z.object({
  modelId: z.string(),
  file: z.string(),
  loaded: z.number().nonnegative(),
  total: z.number().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  /** Seconds left at the current speed; null until there is a speed to go by. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type DownloadProgress = z.infer<typeof downloadProgressSchema>;

export const taskEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('download'), progress: downloadProgressSchema }),
  z.object({ kind: z.literal('loading'), modelId: z.string(), device: z.enum(DEVICES), dtype: z.string() }),
  z.object({ kind: z.literal('plan'), parts: z.number().int().positive() }),
  z.object({
    kind: z.literal('part'),
    index: z.number().int().nonnegative(),
    total: z.number().int().positive(),
    stage: z.enum(['map', 'reduce']),
    /** A 'map' step reads this part of the page (index from 1, of `total` parts of the page). */
    pagePart: z.object({ index: z.number().int().positive(), total: z.number().int().positive() }).optional(),
  }),
  /** The notes written on one part of the page, shown while the rest is read (`index` from 1). */
  z.object({ kind: z.literal('part-notes'), index: z.number().int().positive(), text: z.string() }),
  z.object({ kind: z.literal('text'), delta: z.string() }),
  /** `message`: English, for logs; the panel words `notice` (the engine host has no i18n API). */
  z.object({ kind: z.literal('notice'), message: z.string(), notice: noticeSchema }),
  /**
   * The task starts again from its beginning (the GPU was lost: now on the CPU): the text streamed
   * so far belongs to an abandoned answer and is replaced by what follows.
   */
  z.object({ kind: z.literal('restart'), reason: z.enum(['gpu-lost']) }),
  z.object({ kind: z.literal('done'), text: z.string(), stats: generationStatsSchema }),
  /**
   * The router proposes a bigger (cloud) model: the panel shows it as a quiet suggestion, and the
   * consent dialog only when the student clicks it; nothing is sent without "Send once".
   */
  z.object({ kind: z.literal('cloud-proposal'), proposal: cloudProposalSchema }),
  z.object({ kind: z.literal('error'), error: errorInfoSchema }),
  ...libraryEventSchemas,
]);
export type TaskEvent = z.infer<typeof taskEventSchema>;
export type NoticeEvent = Extract<TaskEvent, { kind: 'notice' }>;

// ── RPCs ───────────────────────────────────────────────────────────────────────────────────────
export const ENGINE_NAMES = ['transformers', 'llama-cpp', 'web-llm', 'chrome-ai'] as const;

/** How a model's files are checked (lib/model-files/verification.ts). */
export const verificationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('catalog') }),
  z.object({ kind: z.literal('first-use'), commit: z.string() }),
  z.object({ kind: z.literal('on-first-download') }),
  z.object({ kind: z.literal('engine-managed') }),
  z.object({ kind: z.literal('browser') }),
]);

/** Why a model runs where it does: what the panel words (lib/panel/model-words.ts). */
export const DEVICE_WHY = [
  'chosen-wasm',
  'chosen-webgpu',
  'chosen-webgpu-software',
  'no-webgpu-browser',
  'gpu',
  'software-adapter-only',
  'no-adapter',
  'chrome-ai',
  'llamacpp',
  'webllm',
  'webllm-no-gpu',
] as const;
export const deviceWhySchema = z.object({
  code: z.enum(DEVICE_WHY),
  /** The quantization (llama.cpp) or build (web-llm) named in the sentence. */
  value: z.string().optional(),
});
export type DeviceWhy = z.infer<typeof deviceWhySchema>;

export const modelStatusSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  engine: z.enum(ENGINE_NAMES),
  device: z.enum(DEVICES),
  dtype: z.string(),
  downloadBytes: z.number().nonnegative(),
  cachedBytes: z.number().nonnegative(),
  cached: z.boolean(),
  loaded: z.boolean(),
  /** Being loaded ahead of the first task (warm start, lib/engine-host/warm-start.ts). */
  preparing: z.boolean().optional(),
  /** Every file has an exact size and a SHA-256 pinned in the catalog. */
  pinned: z.boolean(),
  verification: verificationSchema,
  /** Why this device was chosen, in a sentence (English: logs, and a panel too old for the code). */
  deviceReason: z.string(),
  /** The same, as a code the panel words in the student's language (the engine host has no i18n). */
  deviceWhy: deviceWhySchema.optional(),
  /** The device recommendation, in a sentence ("WebGPU with f16 and 8 GB: Llama 3.2 3B, …"). */
  recommendation: z.string(),
  /** English, for logs; the panel words `warningWhy`. */
  warning: z.string().optional(),
  warningWhy: storageWarningSchema.optional(),
});
export type ModelStatus = z.infer<typeof modelStatusSchema>;

export const modelOverviewSchema = z.object({
  device: z.object({
    gpu: z.string(),
    memoryGB: z.number().nullable(),
    cores: z.number(),
    freeStorageBytes: z.number().nullable(),
    chromeAiReady: z.boolean(),
    /** Chrome's built-in model here: 'downloadable' means Chrome can download it on the student's click. */
    chromeAi: z.enum(['unavailable', 'downloadable', 'downloading', 'available']),
  }),
  /** `reason` and `warning` in English (logs); the panel words `why` and `warningWhy`. */
  recommendation: z.object({
    modelId: z.string(),
    reason: z.string(),
    why: recommendationWhySchema.optional(),
    warning: z.string().optional(),
    warningWhy: storageWarningSchema.optional(),
  }),
  current: z.object({
    modelId: z.string(),
    engine: z.enum(ENGINE_NAMES),
    device: z.enum(['webgpu', 'wasm', 'browser']),
    variant: z.string(),
  }),
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      params: z.string(),
      license: z.string(),
      contextWindow: z.number(),
      engines: z.array(z.enum(ENGINE_NAMES)),
      purpose: z.literal('test').nullable(),
      /** What this device would download for it in all (estimated for web-llm). */
      downloadBytes: z.number(),
      /** What is still missing of that (0: downloaded, works offline). */
      remainingBytes: z.number(),
      storedBytes: z.number(),
      runnable: z.boolean(),
      note: z.string().nullable(),
      /** How its files are checked, for the engine this device would use. */
      verification: verificationSchema,
      /** What would run it here by default (engine, device, build): null when nothing can. */
      plan: z
        .object({ engine: z.enum(ENGINE_NAMES), device: z.enum(['webgpu', 'wasm', 'browser']), variant: z.string() })
        .nullable()
        .optional(),
    }),
  ),
  storage: z.object({ usage: z.number(), quota: z.number() }).nullable(),
});
export type ModelOverview = z.infer<typeof modelOverviewSchema>;

export const rpcRequestSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('model.status') }),
  /** The panel opened: load the chosen model now if it is downloaded and memory allows (warm start). */
  z.object({ method: z.literal('model.warm') }),
  z.object({ method: z.literal('models.overview') }),
  z.object({ method: z.literal('models.delete'), modelId: z.string().min(1) }),
  /**
   * Builds a cloud proposal for a task (redacted body, hash, size, cost) without sending anything.
   * `edited`: the student's edit of the previous proposal `previousId`'s messages.
   */
  z.object({
    method: z.literal('cloud.prepare'),
    /** The task to propose; absent with `edited` (the previous proposal's task is kept). */
    request: taskRequestSchema.optional(),
    edited: z.array(chatMessageSchema).optional(),
    previousId: z.string().optional(),
    /** With `previousId` alone: the same request with the page's names replaced too ("Hide these too"). */
    hideKept: z.boolean().optional(),
  }),
  /** The student cancelled: the worker forgets the proposal. */
  z.object({ method: z.literal('cloud.discard'), proposalId: z.string().min(1) }),
  ...libraryRpcSchemas,
]);
export type RpcRequest = z.infer<typeof rpcRequestSchema>;

/** The library's share of the requests: the engine host routes these to lib/library/library-service.ts. */
export type LibraryTaskRequest = Extract<TaskRequest, { kind: 'library.save' | 'library.ask' | 'library.follow' }>;
export type LibraryRpcRequest = Extract<RpcRequest, { method: `library.${string}` }>;

export function isLibraryTask(request: TaskRequest): request is LibraryTaskRequest {
  return request.kind === 'library.save' || request.kind === 'library.ask' || request.kind === 'library.follow';
}

export function isLibraryRpc(request: RpcRequest): request is LibraryRpcRequest {
  return request.method.startsWith('library.');
}

export const rpcResultSchemas = {
  'model.status': modelStatusSchema,
  'model.warm': modelStatusSchema,
  'models.overview': modelOverviewSchema,
  'models.delete': z.object({ freedBytes: z.number() }),
  'cloud.prepare': cloudProposalSchema,
  'cloud.discard': z.null(),
  ...libraryRpcResultSchemas,
} satisfies Record<RpcRequest['method'], z.ZodType>;
export type RpcResult<M extends RpcRequest['method']> = z.infer<(typeof rpcResultSchemas)[M]>;

// ── the wire ───────────────────────────────────────────────────────────────────────────────────
export const engineClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('task.start'), id: z.string().min(1), request: taskRequestSchema }),
  z.object({ type: z.literal('task.cancel'), id: z.string().min(1) }),
  z.object({ type: z.literal('rpc'), id: z.string().min(1), request: rpcRequestSchema }),
]);
export type EngineClientMessage = z.infer<typeof engineClientMessageSchema>;

export const engineHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('task.event'), id: z.string(), event: taskEventSchema }),
  z.object({ type: z.literal('rpc.result'), id: z.string(), reply: replySchema(z.unknown()) }),
]);
export type EngineHostMessage = z.infer<typeof engineHostMessageSchema>;
