// The line under an answer: plain words first, the engine's figures under Details.
import { describe, expect, test } from 'vitest';
import type { GenerationStats } from '../../lib/messaging/engine-protocol';
import { answerDetails, answerSummary } from '../../lib/panel/run-summary';

const stats = (extra: Partial<GenerationStats> = {}): GenerationStats => ({
  modelId: 'm',
  modelName: 'SmolLM2 135M Instruct',
  device: 'wasm',
  dtype: 'q4',
  promptTokens: 900,
  outputTokens: 120,
  ttftMs: 4200,
  totalMs: 5400,
  tokensPerSecond: 22.22,
  parts: 1,
  ...extra,
});

describe('the line under an answer', () => {
  test('says who wrote it, where and how long, without engine words', () => {
    const line = answerSummary(stats());
    expect(line).toBe("Written by SmolLM2 135M Instruct on this computer's processor in 5.4 s.");
    expect(line).not.toMatch(/WASM|q4|tokens|WebGPU/);
    expect(answerSummary(stats({ device: 'webgpu', totalMs: 75_000 }))).toBe(
      "Written by SmolLM2 135M Instruct on this computer's graphics chip in 1 min 15 s.",
    );
    expect(answerSummary(stats({ device: 'cloud', modelName: 'gpt-fake (Fake OpenAI)' }))).toMatch(/by a cloud service/);
  });

  test('keeps the figures under Details, with the steps of a long summary', () => {
    expect(answerDetails(stats())).toBe('SmolLM2 135M Instruct · WASM (CPU) · q4 · 5.4 s in all · first words after 4.2 s · 22.2 tokens/s');
    expect(answerDetails(stats({ parts: 7 }))).toMatch(/ · 7 steps$/);
  });
});
