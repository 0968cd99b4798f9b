/**
 * The figures every task reports: decode speed computed one way, and the figures of a task that
 * wrote no text (a model download, a library save, following the library).
 */
import { describe, expect, it } from 'vitest';
import { statsWithoutText, tokensPerSecond } from '../../lib/engine-api/generation-stats';

describe('tokensPerSecond', () => {
  it('counts the tokens after the first over the time after the first token', () => {
    // 11 tokens: the first after 500 ms, the other 10 in the 2000 ms that followed.
    expect(tokensPerSecond({ outputTokens: 11, ttftMs: 500, totalMs: 2500 })).toBe(5);
  });

  it('is 0 with fewer than two tokens, and never divides by zero', () => {
    expect(tokensPerSecond({ outputTokens: 1, ttftMs: 100, totalMs: 100 })).toBe(0);
    expect(tokensPerSecond({ outputTokens: 0, ttftMs: 0, totalMs: 0 })).toBe(0);
    expect(tokensPerSecond({ outputTokens: 3, ttftMs: 100, totalMs: 100 })).toBe(2000);
  });
});

describe('statsWithoutText', () => {
  const model = { modelId: 'Xenova/all-MiniLM-L6-v2', modelName: 'MiniLM', device: 'wasm', dtype: 'q8' } as const;

  it('reports the time taken and no tokens out, no speed, one part', () => {
    expect(statsWithoutText(model, 1234.5)).toEqual({
      modelId: 'Xenova/all-MiniLM-L6-v2',
      modelName: 'MiniLM',
      device: 'wasm',
      dtype: 'q8',
      promptTokens: 0,
      outputTokens: 0,
      ttftMs: 0,
      totalMs: 1234.5,
      tokensPerSecond: 0,
      parts: 1,
    });
  });

  it('keeps what was read (a saved page: its tokens and chunks), and only the model fields of a richer info', () => {
    const info = { ...model, dimensions: 384 };
    const stats = statsWithoutText(info, 80, { promptTokens: 52, parts: 3 });
    expect(stats).toMatchObject({ promptTokens: 52, parts: 3, outputTokens: 0, totalMs: 80 });
    expect(stats).not.toHaveProperty('dimensions');
  });
});
