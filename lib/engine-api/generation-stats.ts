/** Figures of a generation, computed one way for local tasks, the library and the cloud. */
import type { GenerationStats } from '../messaging/engine-protocol';
import type { GenerateResult } from './engine';

/**
 * Decode speed: tokens after the first over the time after the first token (the first token's time
 * is prompt processing, reported as time to first token). 0 when fewer than two tokens came.
 */
export function tokensPerSecond(result: Pick<GenerateResult, 'outputTokens' | 'ttftMs' | 'totalMs'>): number {
  const decodeMs = Math.max(1, result.totalMs - result.ttftMs);
  return result.outputTokens > 1 ? ((result.outputTokens - 1) * 1000) / decodeMs : 0;
}

/** Which model a task's figures speak of. */
export type StatsModel = Pick<GenerationStats, 'modelId' | 'modelName' | 'device' | 'dtype'>;

/**
 * The figures of a task that wrote no text (a model download, saving to the library, following it):
 * no tokens out and no speed; only the time taken, and what was read when there was something.
 */
export function statsWithoutText(
  model: StatsModel,
  totalMs: number,
  read: { promptTokens?: number; parts?: number } = {},
): GenerationStats {
  // Picked, not spread: a caller's model info may carry more (an embedder's dimensions).
  const { modelId, modelName, device, dtype } = model;
  return {
    modelId,
    modelName,
    device,
    dtype,
    promptTokens: read.promptTokens ?? 0,
    outputTokens: 0,
    ttftMs: 0,
    totalMs,
    tokensPerSecond: 0,
    parts: read.parts ?? 1,
  };
}
