/**
 * Chrome's built-in model, said as it is (on a fake `LanguageModel` shaped like Chrome's: Chromium
 * on these machines has none): it runs inside the browser, not on Locus's WASM runtime; counting
 * tokens reuses one session instead of creating a session per count; and when Chrome has not
 * downloaded its model yet, Locus says so and offers to start Chrome's download on the student's
 * click (Chrome allows that only with a user gesture, so it starts in the panel, not the worker).
 */
import { describe, expect, test } from 'vitest';
import { requireModel } from '../../lib/catalog/catalog';
import { ChromeAiEngine } from '../../lib/engines/chrome-ai-engine';
import { remotePromptApi, serveChromeAi, type LanguageModelGlobal } from '../../lib/engines/chrome-ai-bridge';
import { startChromeModelDownload } from '../../lib/engines/chrome-ai-download';
import { LocusError } from '../../lib/errors';

const model = requireModel('chrome/built-in');

type State = Awaited<ReturnType<LanguageModelGlobal['availability']>>;

function fakeLanguageModel(initial: State) {
  let state = initial;
  const log = { created: 0, destroyed: 0, measured: [] as string[], monitors: 0 };
  const api: LanguageModelGlobal = {
    availability: async () => state,
    create: async (options) => {
      log.created += 1;
      const monitor = (options as { monitor?: (m: EventTarget) => void } | undefined)?.monitor;
      if (monitor) {
        log.monitors += 1;
        const target = new EventTarget();
        monitor(target);
        for (const loaded of [0, 0.5, 1]) {
          const event = new Event('downloadprogress') as Event & { loaded: number };
          event.loaded = loaded;
          target.dispatchEvent(event);
        }
        state = 'available';
      }
      return {
        inputQuota: 6144,
        inputUsage: 0,
        measureInputUsage: async (text: string) => {
          log.measured.push(text);
          return text.split(/\s+/).filter(Boolean).length;
        },
        promptStreaming() {
          return (async function* () {
            yield 'ok';
          })();
        },
        destroy() {
          log.destroyed += 1;
        },
      };
    },
  };
  return { api, log };
}

function bridged(api: LanguageModelGlobal) {
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

describe("Chrome's built-in model, honestly", () => {
  test("reports the browser as its device, not Locus's WASM runtime", () => {
    const { api } = fakeLanguageModel('available');
    const { engine, close } = bridged(api);
    expect(engine.info.device).toBe('browser');
    close();
  });

  test('counts tokens with one session, kept until the model is unloaded', async () => {
    const { api, log } = fakeLanguageModel('available');
    const { engine, close } = bridged(api);
    await engine.load();
    const counts = [];
    for (const text of ['one two three', 'four five', 'six', 'seven eight nine ten', 'eleven']) counts.push(await engine.countTokens(text));
    expect(counts).toEqual([3, 2, 1, 4, 1]);
    expect(log.measured).toHaveLength(5);
    expect(log.created).toBe(1);
    expect(log.destroyed).toBe(0);
    await engine.unload();
    await new Promise((r) => setTimeout(r, 10));
    expect(log.destroyed).toBe(1);
    close();
  });

  test('when Chrome has not downloaded its model, loading says how to start it', async () => {
    const { api, log } = fakeLanguageModel('downloadable');
    const { engine, close } = bridged(api);
    const error = await engine.load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocusError);
    expect((error as LocusError).code).toBe('chrome-ai-download-needed');
    expect((error as LocusError).message).toMatch(/Models/);
    // Nothing was started behind the student's back.
    expect(log.created).toBe(0);
    close();
  });

  test("the student's click starts Chrome's download, with progress, and leaves no session behind", async () => {
    const { api, log } = fakeLanguageModel('downloadable');
    const progress: number[] = [];
    const state = await startChromeModelDownload(api, (fraction) => progress.push(fraction));
    expect(state).toBe('available');
    expect(log.monitors).toBe(1);
    expect(progress).toEqual([0, 0.5, 1]);
    expect(log.destroyed).toBe(log.created);
    // Already there: nothing to start. Not offered by this browser: said so.
    const ready = fakeLanguageModel('available');
    expect(await startChromeModelDownload(ready.api, () => undefined)).toBe('available');
    expect(ready.log.created).toBe(0);
    await expect(startChromeModelDownload(fakeLanguageModel('unavailable').api, () => undefined)).rejects.toMatchObject({
      code: 'engine-failed',
    });
    await expect(startChromeModelDownload(undefined, () => undefined)).rejects.toMatchObject({ code: 'engine-failed' });
  });
});
