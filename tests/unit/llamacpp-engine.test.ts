/**
 * What the llama.cpp engine asks wllama for, with wllama replaced by a recording fake (Node has no
 * JSPI to run the real one; the e2e tests run it in Chromium): the any-text grammar and the banned
 * tokens of the real stories260K GGUF in every completion, and the plain error when wllama still
 * fails on invalid UTF-8.
 */
import { openAsBlob } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llamacppVariant, requireModel } from '../../lib/catalog/catalog';
import { LlamaCppEngine, VALID_TEXT_GRAMMAR, type LlamaCppSetup } from '../../lib/engines/llamacpp-engine';
import { LocusError } from '../../lib/errors';
import { errorText } from '../../lib/panel/error-text';
import { useMessages, type MessageFile } from '../../lib/i18n/t';
import { sharedPath } from '../support/shared-data.mjs';
import vietnamese from '../../public/_locales/vi/messages.json';

type Options = Record<string, unknown> & { onData?: (chunk: unknown) => void };

/** Records what the engine sends; answers "Once" and then a stop, or fails as told. */
function fakeRuntime(fail?: Error) {
  const calls: Options[] = [];
  class Wllama {
    setCompat() {}
    async loadModel() {}
    async exit() {}
    async createCompletion(options: Options) {
      calls.push(options);
      if (fail) throw fail;
      options.onData?.({ choices: [{ text: 'Once', finish_reason: null }] });
      options.onData?.({ choices: [{ text: '', finish_reason: 'stop' }], timings: { cache_n: 0, prompt_n: 5, predicted_n: 1 } });
    }
  }
  class CacheManager {}
  class WllamaAbortError extends Error {}
  const loadRuntime = async () =>
    ({ Wllama, CacheManager, WllamaAbortError }) as unknown as Awaited<ReturnType<LlamaCppSetup['loadRuntime']>>;
  return { calls, loadRuntime };
}

const stories = requireModel('stories260K');

async function engineWith(runtime: ReturnType<typeof fakeRuntime>): Promise<LlamaCppEngine> {
  const gguf = await openAsBlob(sharedPath('models/stories260K/stories260K-Q8_0.gguf'));
  const engine = new LlamaCppEngine(stories, llamacppVariant(stories), 'wasm', {
    wasmUrl: 'wllama.wasm',
    threads: 1,
    readFile: async () => gguf,
    loadRuntime: runtime.loadRuntime,
  });
  await engine.load();
  return engine;
}

const wasm = WebAssembly as unknown as Record<string, unknown>;
beforeAll(() => {
  // JSPI, which the engine checks for before loading (Chromium has it; Node 20 does not).
  wasm.Suspending ??= class {};
});
afterAll(() => {
  delete wasm.Suspending;
});

describe('the llama.cpp engine and invalid UTF-8', () => {
  it('sends the any-text grammar and bans the tokens that break UTF-8 in every completion', async () => {
    const runtime = fakeRuntime();
    const engine = await engineWith(runtime);
    const request = { messages: [{ role: 'user' as const, content: 'Tell a story.' }], maxNewTokens: 8 };
    expect((await engine.generate(request)).text).toBe('Once');
    await engine.generate({ ...request, temperature: 0.7 });
    expect(runtime.calls).toHaveLength(2);
    for (const call of runtime.calls) {
      expect(call.grammar).toBe(VALID_TEXT_GRAMMAR);
      // stories260K's byte tokens <0x00>… are ids 3…258: the bans are C0, C1, E0, F0, F5-FF, as [id, false].
      const bias = call.logit_bias as Array<[number, boolean]>;
      expect(bias.every(([, b]) => b === false)).toBe(true);
      const bytes = bias.map(([id]) => id - 3);
      expect(bytes).toEqual([0xc0, 0xc1, 0xe0, 0xf0, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff]);
    }
  });

  it('says plainly that the model wrote text Locus could not read when wllama still fails on it', async () => {
    const engine = await engineWith(fakeRuntime(new Error('RangeError: Invalid typed array length: 1163217991')));
    const failure = await engine.generate({ messages: [{ role: 'user', content: 'Hi' }], maxNewTokens: 4 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LocusError);
    expect((failure as LocusError).toInfo()).toEqual({
      code: 'unreadable-output',
      message: `${stories.name} wrote text Locus could not read. Try again, or pick another model in Models.`,
    });
    // The panel in Vietnamese says it in Vietnamese, with the English sentence as the detail.
    useMessages(vietnamese as MessageFile, 'vi');
    try {
      expect(errorText((failure as LocusError).toInfo()).message).toBe(vietnamese.error_unreadableOutput.message);
    } finally {
      useMessages(undefined);
    }
  });

  it('keeps other runtime failures as they were', async () => {
    const engine = await engineWith(fakeRuntime(new Error('out of memory')));
    const failure = await engine.generate({ messages: [{ role: 'user', content: 'Hi' }], maxNewTokens: 4 }).catch((e: unknown) => e);
    expect((failure as LocusError).toInfo()).toEqual({
      code: 'engine-failed',
      message: `${stories.name} failed while writing: out of memory`,
    });
  });
});
