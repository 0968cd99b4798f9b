/**
 * The real transformers.js engine in Node on stories260K (a real trained 260K-parameter Llama that
 * writes children's stories), with its files downloaded by Locus's own verified downloader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Engine } from '../../lib/engine-api/engine';
import { LocusError } from '../../lib/errors';
import { nodeEngine } from '../support/node-engine';

let harness: Awaited<ReturnType<typeof nodeEngine>>;
let engine: Engine;

beforeAll(async () => {
  harness = await nodeEngine('stories260K', 'q4');
  engine = harness.engine;
});
afterAll(async () => {
  await harness?.dispose();
});

const story: ChatMessage[] = [{ role: 'user', content: 'Once upon a time, there was a little girl named Lily.' }];

describe('TransformersEngine (stories260K, q4, CPU)', () => {
  it('is loaded and describes itself from the catalog', () => {
    expect(engine.loaded).toBe(true);
    expect(engine.info).toMatchObject({ engine: 'transformers', modelId: 'stories260K', dtype: 'q4', device: 'cpu', contextWindow: 512 });
  });

  it('counts tokens with the real tokenizer', async () => {
    const short = await engine.countTokens('Lily');
    const long = await engine.countTokens('Lily went to the park and played with her friend Tim all day.');
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(short);
    expect(await engine.countTokens('')).toBe(0);
    // The prompt adds the chat template's BOS token to the text's own tokens.
    const text = await engine.countTokens(story[0]!.content);
    expect(await engine.countPromptTokens(story)).toBe(text + 1);
  });

  it('streams several deltas that add up to the result, with sane figures', async () => {
    const deltas: string[] = [];
    const result = await engine.generate({ messages: story, maxNewTokens: 40 }, { onText: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(result.text);
    expect(result.text.trim().length).toBeGreaterThan(10);
    expect(result.text).toMatch(/[a-z]{3,}/i); // words, not noise
    expect(result.promptTokens).toBe(await engine.countPromptTokens(story));
    expect(result.outputTokens).toBeGreaterThan(0);
    expect(result.outputTokens).toBeLessThanOrEqual(40);
    expect(result.ttftMs).toBeGreaterThanOrEqual(0);
    expect(result.ttftMs).toBeLessThanOrEqual(result.totalMs);
    expect(['stop', 'length']).toContain(result.finish);
    expect(result.finish === 'length').toBe(result.outputTokens >= 40);
  });

  it('decodes greedily: the same input gives the same text', async () => {
    const a = await engine.generate({ messages: story, maxNewTokens: 30 });
    const b = await engine.generate({ messages: story, maxNewTokens: 30 });
    expect(a.text.length).toBeGreaterThan(0);
    expect(b.text).toBe(a.text);
    expect(b.outputTokens).toBe(a.outputTokens);
    // A different prompt leads elsewhere: the output depends on the input.
    const other = await engine.generate({ messages: [{ role: 'user', content: 'The big dog ran to the red ball.' }], maxNewTokens: 30 });
    expect(other.text).not.toBe(a.text);
  });

  it("stops early with 'cancelled' when the signal aborts mid-generation", async () => {
    const controller = new AbortController();
    const deltas: string[] = [];
    const maxNewTokens = 200;
    const error = await engine
      .generate(
        { messages: story, maxNewTokens },
        {
          signal: controller.signal,
          onText: (d) => {
            deltas.push(d);
            if (deltas.length === 3) controller.abort();
          },
        },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(LocusError);
    expect((error as LocusError).code).toBe('cancelled');
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    // It stopped soon after the abort, far from the token budget.
    expect(deltas.length).toBeLessThan(10);
    const produced = await engine.countTokens(deltas.join(''));
    expect(produced).toBeLessThan(maxNewTokens / 4);
  });

  it('refuses at once a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let deltas = 0;
    await expect(
      engine.generate({ messages: story, maxNewTokens: 20 }, { signal: controller.signal, onText: () => (deltas += 1) }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(deltas).toBe(0);
  });

  it("refuses a prompt longer than the window with 'input-too-large'", async () => {
    const long = 'Lily and Tim played in the park with a big red ball. '.repeat(60);
    expect(await engine.countTokens(long)).toBeGreaterThan(engine.info.contextWindow);
    const error = await engine.generate({ messages: [{ role: 'user', content: long }], maxNewTokens: 16 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocusError);
    expect((error as LocusError).code).toBe('input-too-large');
    // A prompt that fits alone but not with the answer budget is refused too.
    const fits = 'Lily and Tim played. '.repeat(50);
    const promptTokens = await engine.countPromptTokens([{ role: 'user', content: fits }]);
    expect(promptTokens).toBeLessThan(engine.info.contextWindow);
    await expect(
      engine.generate({ messages: [{ role: 'user', content: fits }], maxNewTokens: engine.info.contextWindow - promptTokens + 1 }),
    ).rejects.toMatchObject({ code: 'input-too-large' });
  });
});
