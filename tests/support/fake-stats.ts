// The generation figures a unit test's fake engine reports: one token of everything, on WASM.
import type { GenerationStats } from '../../lib/messaging/engine-protocol';

export function fakeStats(overrides: Partial<GenerationStats> = {}): GenerationStats {
  return {
    modelId: 'm',
    modelName: 'M',
    device: 'wasm',
    dtype: 'q4',
    promptTokens: 1,
    outputTokens: 1,
    ttftMs: 1,
    totalMs: 1,
    tokensPerSecond: 1,
    parts: 1,
    ...overrides,
  };
}
