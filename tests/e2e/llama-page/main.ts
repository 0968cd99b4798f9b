/**
 * Locus's own LlamaCppEngine in a plain page (cross-origin isolated, served from 127.0.0.1), driven
 * by tests/e2e/llama-engine.test.ts: the real engine code, the real wllama and the real stories260K
 * GGUF, without the extension around them. Bundled by the test with esbuild.
 */
import { requireModel, llamacppVariant } from '../../../lib/catalog/catalog';
import type { ChatMessage } from '../../../lib/engine-api/engine';
import { LlamaCppEngine } from '../../../lib/engines/llamacpp-engine';

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
  generate,
  countTokens: (text: string) => engine!.countTokens(text),
  unload: async () => {
    await engine?.unload();
    return engine?.loaded ?? false;
  },
};
document.title = 'ready';
