import { describe, expect, test } from 'vitest';
import { LLAMACPP_THREAD_FIGURES, llamaCppThreads } from '../../lib/catalog/cpu-threads';

describe("llama.cpp's thread count", () => {
  test('is the count that measured fastest, in prompt and in decode, on every machine measured', () => {
    const machines = new Set(LLAMACPP_THREAD_FIGURES.map((f) => `${f.cores}/${f.busyCores}`));
    expect(machines.size).toBeGreaterThan(0);
    for (const machine of machines) {
      const rows = LLAMACPP_THREAD_FIGURES.filter((f) => `${f.cores}/${f.busyCores}` === machine);
      expect(rows.length, machine).toBeGreaterThan(1); // a choice needs at least two counts measured
      const chosen = llamaCppThreads(rows[0]!.cores);
      const fastestDecode = [...rows].sort((a, b) => b.decodeTokensPerSecond - a.decodeTokensPerSecond)[0]!;
      const fastestPrompt = [...rows].sort((a, b) => b.promptTokensPerSecond - a.promptTokensPerSecond)[0]!;
      expect(chosen, machine).toBe(fastestDecode.threads);
      expect(chosen, machine).toBe(fastestPrompt.threads);
    }
  });

  test('is half the cores, at least 1 and at most 4', () => {
    expect([1, 2, 3, 4, 6, 8, 16].map(llamaCppThreads)).toEqual([1, 1, 1, 2, 3, 4, 4]);
    expect(llamaCppThreads(0)).toBe(1);
  });
});
