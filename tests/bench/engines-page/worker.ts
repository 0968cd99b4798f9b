/**
 * Locus's two CPU engines in one dedicated worker, each running Locus's own tasks (lib/tasks): a
 * whole summary of a page, and a chat question then a follow-up on the same page. Files come from the
 * bench server (stand-ins), as they would from Locus's verified store.
 */
import { InferenceSession } from 'onnxruntime-web/webgpu';
import type { CatalogModel, LlamaCppVariant } from '../../../lib/catalog/catalog';
import type { Engine, GenerateCallbacks, GenerateRequest, GenerateResult } from '../../../lib/engine-api/engine';
import { LlamaCppEngine } from '../../../lib/engines/llamacpp-engine';
import { DECODER_GRAPH, withLastPositionLogits } from '../../../lib/engines/onnx-last-logits';
import { TransformersEngine, configureTransformers } from '../../../lib/engines/transformers-engine';
import type { TaskEvent } from '../../../lib/messaging/engine-protocol';
import { runChatTask, type ChatTurn } from '../../../lib/tasks/chat-task';
import { runSummarizeTask } from '../../../lib/tasks/summarize-task';

interface LoadArgs {
  kind: 'transformers' | 'llama-cpp';
  model: CatalogModel;
  /** transformers.js dtype or GGUF quantization */
  variant: string;
  /** GGUF file name under /gguf/ */
  ggufFile?: string;
  threads: number;
  /**
   * onnxruntime-web's WASM build for transformers.js: 'asyncify' is what its WebGPU bundle loads (and
   * Locus ships); 'plain' is the SIMD-threaded build without asyncify (no WebGPU, measured faster in Node);
   * 'jspi' reaches WebGPU through JavaScript promise integration instead of asyncify.
   */
  ortBuild?: 'asyncify' | 'plain' | 'jspi';
  /**
   * transformers.js: the decoder as the hub exports it (logits for every prompt position), as Locus
   * ran it before 2026-12-05; otherwise with last-position logits, as Locus serves chat decoders.
   */
  allLogits?: boolean;
  /** llama.cpp: n_batch / n_ubatch (LlamaCppEngine's batchTokens; default 128). */
  batchTokens?: number;
}

let engine: Engine | undefined;

/** Time inside ONNX Runtime's session.run (inputs copied in, the graph, outputs copied out), per call. */
const ortRuns: number[] = [];
// onnxruntime-web exports the session class itself (typed as its factory), the one transformers.js imports.
const sessionClass = InferenceSession as unknown as { prototype: InferenceSession };
const run = sessionClass.prototype.run;
sessionClass.prototype.run = async function (this: InferenceSession, ...args: Parameters<InferenceSession['run']>) {
  const started = performance.now();
  try {
    return await run.apply(this, args);
  } finally {
    ortRuns.push(performance.now() - started);
  }
} as InferenceSession['run'];

/** Every generation's figures, so a task's steps can be reported one by one. */
function recording(inner: Engine, results: GenerateResult[]): Engine {
  return {
    get info() {
      return inner.info;
    },
    get loaded() {
      return inner.loaded;
    },
    load: (o) => inner.load(o),
    unload: () => inner.unload(),
    countTokens: (t) => inner.countTokens(t),
    countPromptTokens: (m) => inner.countPromptTokens(m),
    async generate(request: GenerateRequest, callbacks?: GenerateCallbacks) {
      const result = await inner.generate(request, callbacks);
      results.push(result);
      return result;
    },
  };
}

/**
 * transformers.js asks its cache for `{host}/{model}/resolve/{rev}/{file}`: served from /files/, the
 * decoder rewritten as VerifiedFileCache serves it unless the configuration asks for all logits.
 */
let allLogits = false;
const benchCache = {
  async match(request: string): Promise<Response | undefined> {
    const m = /^https?:\/\/[^/]+\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(request);
    if (!m?.[2]) return undefined;
    const response = await fetch(`/files/${m[1]}/${m[2]}`);
    if (!response.ok) return undefined;
    if (allLogits || !DECODER_GRAPH.test(m[2])) return response;
    const { blob, kept } = await withLastPositionLogits(await response.blob());
    if (kept) throw new Error(`${m[2]}: not rewritten (${kept})`);
    return new Response(blob, { headers: { 'content-length': String(blob.size) } });
  },
  async put(): Promise<void> {},
};

const ops = {
  env: () => ({ crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency }),

  async load(args: LoadArgs) {
    await engine?.unload();
    const started = performance.now();
    if (args.kind === 'transformers') {
      const build = { plain: 'ort-wasm-simd-threaded', jspi: 'ort-wasm-simd-threaded.jspi', asyncify: 'ort-wasm-simd-threaded.asyncify' }[
        args.ortBuild ?? 'asyncify'
      ];
      allLogits = args.allLogits === true;
      configureTransformers({
        cache: benchCache,
        wasmPaths: { mjs: `${location.origin}/ort/${build}.mjs`, wasm: `${location.origin}/ort/${build}.wasm` },
        threads: args.threads,
      });
      engine = new TransformersEngine(args.model, 'wasm', args.variant as never);
    } else {
      const file = args.ggufFile!;
      const blob = await (await fetch(`/gguf/${file}`)).blob();
      const variant: LlamaCppVariant = {
        repo: args.model.id,
        revision: 'main',
        quant: args.variant,
        files: [{ path: file, size: blob.size, sha256: null }],
      };
      engine = new LlamaCppEngine(args.model, variant, 'wasm', {
        wasmUrl: `${location.origin}/wllama.wasm`,
        threads: args.threads,
        ...(args.batchTokens ? { batchTokens: args.batchTokens } : {}),
        readFile: async () => blob,
        loadRuntime: () => import('@wllama/wllama/esm/index.js'),
      });
    }
    await engine.load();
    return { loadMs: performance.now() - started };
  },

  /** A few tokens from a short prompt: compiles and warms what the first real request would. */
  async warm() {
    await engine!.generate({ messages: [{ role: 'user', content: 'Warm up.' }], maxNewTokens: 4 });
    return null;
  },

  /**
   * Prompt processing and decode alone: one request of `text` as the prompt and up to `maxNewTokens`
   * new tokens (the engine's own figures: time to first token, total time, token counts).
   */
  async rates({ text, maxNewTokens }: { text: string; maxNewTokens: number }) {
    ortRuns.length = 0;
    const result = slim(await engine!.generate({ messages: [{ role: 'user', content: text }], maxNewTokens }));
    // transformers.js: the first run is the prompt, the others one decode step each.
    const steps = ortRuns.slice(-(result.outputTokens - 1));
    return { ...result, ortRuns: ortRuns.length, ortPromptMs: ortRuns[0], ortDecodeMs: steps.reduce((a, b) => a + b, 0) };
  },

  /** A whole summary (click to done, less the panel): Locus's summarize task. */
  async summarize({ title, text }: { title: string; text: string }) {
    const results: GenerateResult[] = [];
    const started = performance.now();
    let firstText: number | undefined;
    const emit = (e: TaskEvent) => {
      if (e.kind === 'text') firstText ??= performance.now();
    };
    const outcome = await runSummarizeTask(
      { mode: 'tldr', outputLanguage: '', page: { url: 'https://bench.invalid/page', title, lang: 'en', text } as never },
      recording(engine!, results),
      emit,
      new AbortController().signal,
    );
    const ended = performance.now();
    return { totalMs: ended - started, ttftMs: (firstText ?? ended) - started, parts: outcome.parts, steps: results.map(slim) };
  },

  /** One chat question on a page, after `history`: Locus's chat task. */
  async chat({ title, text, history, question }: { title: string; text: string; history: ChatTurn[]; question: string }) {
    const results: GenerateResult[] = [];
    const started = performance.now();
    const outcome = await runChatTask(
      { page: { url: 'https://bench.invalid/page', title, lang: 'en', text }, summary: '', history, question, outputLanguage: '' },
      recording(engine!, results),
      () => undefined,
      new AbortController().signal,
    );
    return { totalMs: performance.now() - started, answer: outcome.text, step: slim(results.at(-1)!) };
  },

  async unload() {
    await engine?.unload();
    engine = undefined;
    return null;
  },
};

function slim(r: GenerateResult) {
  return {
    promptTokens: r.promptTokens,
    outputTokens: r.outputTokens,
    ttftMs: r.ttftMs,
    totalMs: r.totalMs,
    reusedPromptTokens: r.reusedPromptTokens ?? 0,
    finish: r.finish,
  };
}

self.addEventListener('message', async (event: MessageEvent) => {
  const { id, op, args } = event.data as { id: number; op: keyof typeof ops; args: never };
  try {
    const result = await (ops[op] as (a: never) => unknown)(args);
    (self as unknown as Worker).postMessage({ id, ok: true, result });
  } catch (error) {
    (self as unknown as Worker).postMessage({
      id,
      ok: false,
      error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
    });
  }
});
