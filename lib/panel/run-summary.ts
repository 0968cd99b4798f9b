/**
 * The line under a finished answer, in plain words first ("Written by X on this computer's processor
 * in 5.4 s"); the engine's figures (device, precision, tokens/s, steps) go under Details for those who
 * want them. Pure, so both are unit-tested.
 */
import type { GenerationStats } from '../messaging/engine-protocol';
import { formatDevice, formatDuration } from './format';

const WHERE_IT_RAN: Record<GenerationStats['device'], string> = {
  webgpu: "on this computer's graphics chip",
  wasm: "on this computer's processor",
  cpu: "on this computer's processor",
  browser: 'by Chrome itself, on this computer',
  cloud: 'by a cloud service',
};

/** "Written by stories260K on this computer's processor in 5.4 s." */
export function answerSummary(stats: GenerationStats): string {
  return `Written by ${stats.modelName} ${WHERE_IT_RAN[stats.device]} in ${formatDuration(stats.totalMs)}.`;
}

/** The figures a curious student or a developer reads: "stories260K · WASM (CPU) · q4 · 5.4 s in all · …". */
export function answerDetails(stats: GenerationStats): string {
  const steps = stats.parts > 1 ? ` · ${stats.parts} steps` : '';
  return (
    `${stats.modelName} · ${formatDevice(stats.device)} · ${stats.dtype} · ${formatDuration(stats.totalMs)} in all · ` +
    `first words after ${formatDuration(stats.ttftMs)} · ${stats.tokensPerSecond.toFixed(1)} tokens/s${steps}`
  );
}
