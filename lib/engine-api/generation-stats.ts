/** Figures of a generation, computed one way for local tasks, the library and the cloud. */
import type { GenerateResult } from './engine';

/**
 * Decode speed: tokens after the first over the time after the first token (the first token's time
 * is prompt processing, reported as time to first token). 0 when fewer than two tokens came.
 */
export function tokensPerSecond(result: Pick<GenerateResult, 'outputTokens' | 'ttftMs' | 'totalMs'>): number {
  const decodeMs = Math.max(1, result.totalMs - result.ttftMs);
  return result.outputTokens > 1 ? ((result.outputTokens - 1) * 1000) / decodeMs : 0;
}
