// Chrome's built-in model through the document bridge, with a fake `LanguageModel` shaped like
// Chrome's (Chromium on these machines has no built-in model).
import { describe, expect, test } from 'vitest';
import { requireModel } from '../../lib/catalog/catalog';
import { ChromeAiEngine } from '../../lib/engines/chrome-ai-engine';
import { remotePromptApi, serveChromeAi, type LanguageModelGlobal } from '../../lib/engines/chrome-ai-bridge';

const model = requireModel('chrome/built-in');

function fakeLanguageModel(
  state: Awaited<ReturnType<LanguageModelGlobal['availability']>>,
  pieces: string[],
  cumulative = false,
): LanguageModelGlobal & { prompts: string[]; systems: string[] } {
  const prompts: string[] = [];
  const systems: string[] = [];
  return {
    prompts,
    systems,
    availability: async () => state,
    create: async (options) => {
      systems.push(...(options?.initialPrompts ?? []).map((p) => p.content));
      return {
        inputQuota: 9216,
        inputUsage: 42,
        measureInputUsage: async (text: string) => text.split(/\s+/).filter(Boolean).length,
        promptStreaming(input: string, opts?: { signal?: AbortSignal }) {
          prompts.push(input);
          return (async function* () {
            let so = '';
            for (const p of pieces) {
              if (opts?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
              so += p;
              yield cumulative ? so : p;
              await new Promise((r) => setTimeout(r, 5));
            }
          })();
        },
        destroy() {},
      };
    },
  };
}

function bridged(api: LanguageModelGlobal | undefined) {
  const channel = new MessageChannel();
  serveChromeAi(channel.port1, api);
  return {
    engine: new ChromeAiEngine(model, remotePromptApi(channel.port2)),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

describe('ChromeAiEngine over the bridge', () => {
  test('streams deltas in order, system prompt as an initial prompt, usage from the session', async () => {
    const api = fakeLanguageModel('available', ['Plate ', 'tectonics ', 'moves ', 'continents.']);
    const { engine, close } = bridged(api);
    await engine.load();
    const deltas: string[] = [];
    const result = await engine.generate(
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Summarize.' },
        ],
        maxNewTokens: 50,
      },
      { onText: (d) => deltas.push(d) },
    );
    expect(deltas).toEqual(['Plate ', 'tectonics ', 'moves ', 'continents.']);
    expect(result.text).toBe('Plate tectonics moves continents.');
    expect(result.promptTokens).toBe(42);
    expect(engine.info.contextWindow).toBe(9216);
    expect(api.systems).toEqual(['Be brief.']);
    expect(api.prompts).toEqual(['Summarize.']);
    close();
  });

  test('older Chrome streams the whole answer so far: the bridge turns it into deltas', async () => {
    const { engine, close } = bridged(fakeLanguageModel('available', ['A ', 'B ', 'C'], true));
    await engine.load();
    const deltas: string[] = [];
    const result = await engine.generate(
      { messages: [{ role: 'user', content: 'x' }], maxNewTokens: 10 },
      { onText: (d) => deltas.push(d) },
    );
    expect(deltas).toEqual(['A ', 'B ', 'C']);
    expect(result.text).toBe('A B C');
    close();
  });

  test('not offered when the browser has no built-in model, or while Chrome downloads it', async () => {
    const none = bridged(undefined);
    await expect(none.engine.load()).rejects.toThrow(/not available in this browser/);
    none.close();
    const downloading = bridged(fakeLanguageModel('downloading', []));
    await expect(downloading.engine.load()).rejects.toThrow(/still downloading/);
    downloading.close();
  });

  test('Stop cancels the answer', async () => {
    const { engine, close } = bridged(
      fakeLanguageModel(
        'available',
        Array.from({ length: 50 }, (_, i) => `w${i} `),
      ),
    );
    await engine.load();
    const controller = new AbortController();
    const deltas: string[] = [];
    const run = engine.generate(
      { messages: [{ role: 'user', content: 'x' }], maxNewTokens: 100 },
      {
        signal: controller.signal,
        onText: (d) => {
          deltas.push(d);
          if (deltas.length === 3) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(deltas.length).toBeLessThan(50);
    close();
  });
});
