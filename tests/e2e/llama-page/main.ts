/**
 * Locus's own LlamaCppEngine in a plain page (cross-origin isolated, served from 127.0.0.1), driven
 * by tests/e2e/llama-engine.test.ts: the real engine code, the real wllama and the real stories260K
 * GGUF, without the extension around them. Bundled by the test with esbuild.
 */
import { requireModel, llamacppVariant } from '../../../lib/catalog/catalog';
import type { ChatMessage, Engine } from '../../../lib/engine-api/engine';
import { LlamaCppEngine, VALID_TEXT_GRAMMAR } from '../../../lib/engines/llamacpp-engine';
import type { TaskEvent } from '../../../lib/messaging/engine-protocol';
import { runSummarizeTask } from '../../../lib/tasks/summarize-task';
import { summaryMessages } from '../../../lib/tasks/summary-prompt';

let engine: LlamaCppEngine | undefined;

async function load(quant: string, threads: number): Promise<void> {
  await engine?.unload();
  const model = requireModel('stories260K');
  const variant = llamacppVariant(model, quant);
  const file = variant.files[0]!.path;
  const blob = await (await fetch(`/models/${file}`)).blob();
  engine = new LlamaCppEngine(model, variant, 'wasm', {
    wasmUrl: new URL('/wllama.wasm', location.href).href,
    threads,
    readFile: async (key) => (key.path === file ? blob : undefined),
    loadRuntime: () => import('@wllama/wllama/esm/index.js'),
  });
  await engine.load();
}

/** A GGUF served at /gguf/FILE (a stand-in made by ../shared/tools/make-gguf.py), as a catalog model with SmolLM2's window. */
async function loadStandin(file: string, quant: string, threads: number): Promise<void> {
  await engine?.unload();
  const base = requireModel('stories260K');
  const model = { ...base, id: 'standin/SmolLM2-135M-Instruct', name: 'SmolLM2-135M stand-in', contextWindow: 8192 };
  const blob = await (await fetch(`/gguf/${file}`)).blob();
  engine = new LlamaCppEngine(
    model,
    { repo: model.id, revision: 'main', quant, files: [{ path: file, size: blob.size, sha256: null }] } as never,
    'wasm',
    {
      wasmUrl: new URL('/wllama.wasm', location.href).href,
      threads,
      readFile: async () => blob,
      loadRuntime: () => import('@wllama/wllama/esm/index.js'),
    },
  );
  await engine.load();
}

/** Paragraphs of `text` that fit `tokens` of the loaded model's tokenizer. */
async function pageOfTokens(text: string, tokens: number) {
  const kept: string[] = [];
  let used = 0;
  for (const p of text.split('\n\n')) {
    const n = (await engine!.countTokens(p)) + 1;
    if (used + n > tokens) continue;
    kept.push(p);
    used += n;
  }
  return { text: kept.join('\n\n'), tokens: used };
}

interface SummaryProgress {
  phase: 'idle' | 'running' | 'done' | 'error';
  streamed: string;
  steps: Array<{ promptTokens: number; outputTokens: number; finish: string }>;
  parts?: number;
  error?: string;
}
let summary: SummaryProgress = { phase: 'idle', streamed: '', steps: [] };

/** The engine, recording each step's figures (a wrapper, not a subclass: the engine's private fields stay on it). */
function recording(inner: LlamaCppEngine, steps: SummaryProgress['steps']): Engine {
  return {
    get info() {
      return inner.info;
    },
    get loaded() {
      return inner.loaded;
    },
    load: () => inner.load(),
    unload: () => inner.unload(),
    countTokens: (t) => inner.countTokens(t),
    countPromptTokens: (m) => inner.countPromptTokens(m),
    async generate(request, callbacks) {
      const result = await inner.generate(request, callbacks);
      steps.push({ promptTokens: result.promptTokens, outputTokens: result.outputTokens, finish: result.finish });
      return result;
    },
  };
}

/** The tokens of the summarize task's one-prompt TL;DR of `text` (what llama.cpp must process before the first word). */
async function summaryPromptTokens(title: string, text: string): Promise<number> {
  const input = {
    mode: 'tldr' as const,
    outputLanguage: '',
    page: { url: 'https://course.invalid/page', title, lang: 'en', text } as never,
  };
  return engine!.countPromptTokens(summaryMessages(input, text, false, engine!.info.contextWindow));
}

/**
 * Starts Locus's summarize task on `text`, as the engine host runs it, and returns at once: the test
 * waits on `summaryProgress()` (a long prompt takes minutes on a busy CPU, longer than one DevTools call may).
 */
function startSummary(title: string, text: string): void {
  const progress: SummaryProgress = { phase: 'running', streamed: '', steps: [] };
  summary = progress;
  runSummarizeTask(
    { mode: 'tldr', outputLanguage: '', page: { url: 'https://course.invalid/page', title, lang: 'en', text } as never },
    recording(engine!, progress.steps),
    (e: TaskEvent) => {
      if (e.kind === 'text') progress.streamed += e.delta;
    },
    new AbortController().signal,
  ).then(
    (outcome) => Object.assign(progress, { phase: 'done', parts: outcome.parts }),
    (error: unknown) => Object.assign(progress, { phase: 'error', error: String(error) }),
  );
}

/**
 * wllama itself, with a logit bias that makes the lone byte 0x80 (stories260K's token 131) the greedy
 * choice: the bytes of the answer are then invalid UTF-8 unless Locus's grammar keeps them out.
 */
async function loneByte(useGrammar: boolean) {
  const { Wllama, CacheManager } = await import('@wllama/wllama/esm/index.js');
  const noStorage = {
    isSupported: () => true,
    read: async () => null,
    write: async () => undefined,
    getSize: async () => -1,
    list: async () => [],
    delete: async () => undefined,
  };
  const wllama = new Wllama(
    { default: new URL('/wllama.wasm', location.href).href },
    { allowOffline: true, cacheManager: new CacheManager([noStorage] as never) },
  );
  wllama.setCompat(null);
  await wllama.loadModel([await (await fetch('/models/stories260K-F32.gguf')).blob()], { n_ctx: 256, n_threads: 2, n_parallel: 1 });
  let text = '';
  try {
    await wllama.createCompletion({
      prompt: 'Once',
      stream: true,
      max_tokens: 8,
      temperature: 0,
      top_k: 1,
      logit_bias: [[131, 100]],
      ...(useGrammar ? { grammar: VALID_TEXT_GRAMMAR } : {}),
      onData: (chunk: { choices?: Array<{ text?: string }> }) => {
        text += chunk.choices?.[0]?.text ?? '';
      },
    } as never);
    return { ok: true as const, text };
  } catch (error) {
    return { ok: false as const, error: String(error), text };
  } finally {
    await wllama.exit();
  }
}

async function generate(messages: ChatMessage[], maxNewTokens: number, stopAfterPieces = 0) {
  const controller = new AbortController();
  const pieces: string[] = [];
  try {
    const result = await engine!.generate(
      { messages, maxNewTokens },
      {
        signal: controller.signal,
        onText: (delta) => {
          pieces.push(delta);
          if (stopAfterPieces > 0 && pieces.length >= stopAfterPieces) controller.abort();
        },
      },
    );
    return { ok: true as const, result, pieces, counted: await engine!.countPromptTokens(messages), prompt: engine!.promptText(messages) };
  } catch (error) {
    return { ok: false as const, error: String((error as { code?: string }).code ?? error), message: String(error), pieces };
  }
}

(window as unknown as { locusLlama: unknown }).locusLlama = {
  load,
  loadStandin,
  pageOfTokens,
  startSummary,
  summaryPromptTokens,
  summaryProgress: () => summary,
  loneByte,
  generate,
  countTokens: (text: string) => engine!.countTokens(text),
  unload: async () => {
    await engine?.unload();
    return engine?.loaded ?? false;
  },
};
document.title = 'ready';
