/**
 * The line under a finished answer, in plain words first ("Written by X on this computer's processor
 * in 5.4 s"); the engine's figures (device, precision, tokens/s, steps) go under Details for those who
 * want them. Pure, so both are unit-tested.
 */
import type { GenerationStats } from '../messaging/engine-protocol';
import { t, uiLanguage, type MessageKey } from '../i18n/t';
import { modelName } from './model-words';
import { formatDevice, formatDuration } from './format';

const WHERE_IT_RAN: Record<GenerationStats['device'], MessageKey> = {
  webgpu: 'status_whereWebgpu',
  wasm: 'status_whereProcessor',
  cpu: 'status_whereProcessor',
  browser: 'status_whereBrowser',
  cloud: 'status_whereCloud',
};

/** "Written by stories260K on this computer's processor in 5.4 s." */
export function answerSummary(stats: GenerationStats): string {
  return t('status_writtenBy', modelName(stats.modelName), t(WHERE_IT_RAN[stats.device]), formatDuration(stats.totalMs));
}

/** The figures a curious student or a developer reads: "stories260K · WASM (CPU) · q4 · 5.4 s in all · …". */
export function answerDetails(stats: GenerationStats): string {
  const speed = stats.tokensPerSecond.toLocaleString(uiLanguage(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const line = t(
    'status_details',
    modelName(stats.modelName),
    formatDevice(stats.device),
    stats.dtype,
    formatDuration(stats.totalMs),
    formatDuration(stats.ttftMs),
    speed,
  );
  return stats.parts > 1 ? `${line} · ${t('status_detailsSteps', stats.parts)}` : line;
}
