/**
 * The device recommendation and the low-storage warning in the student's language: the engine
 * host sends facts (lib/messaging/recommendation-protocol.ts), worded here. When a host sends no
 * facts (an older one), its English sentence is shown as it is.
 */
import type { RecommendationWhy, StorageWarning } from '../messaging/recommendation-protocol';
import { t } from '../i18n/t';
import { formatBytes, formatCount } from './format';

function memoryText(memoryGB: number | null): string {
  if (memoryGB === null) return t('models_memoryUnknown');
  return memoryGB >= 8 ? t('models_memoryAtLeast8') : t('models_memoryGB', formatCount(memoryGB));
}

function deviceText(why: RecommendationWhy): string {
  const memory = memoryText(why.memoryGB);
  if (why.gpu === 'gpu') return t(why.f16 ? 'models_recDeviceGpuF16' : 'models_recDeviceGpu', memory);
  return t(why.gpu === 'software' ? 'models_recDeviceSoftware' : 'models_recDeviceNone', formatCount(why.cores), memory);
}

function modelText(why: RecommendationWhy): string {
  if (why.download === 'none') return t('models_recWhatNothing', why.model);
  if (why.download === 'about') return t('models_recWhatAbout', why.model, formatBytes(why.bytes));
  return t(why.onCpu ? 'models_recWhatCpu' : 'models_recWhatDownload', why.model, formatBytes(why.bytes));
}

/** "No graphics chip Locus can use, 2 processor cores and 8 GB or more memory: SmolLM2 135M on …". */
export function recommendationText(recommendation: { reason: string; why?: RecommendationWhy | undefined }): string {
  const { why } = recommendation;
  return why ? t('models_recReason', deviceText(why), modelText(why)) : recommendation.reason;
}

/** Why storage limited the recommendation; '' when it did not. */
export function storageWarningText(from: { warning?: string | undefined; warningWhy?: StorageWarning | undefined }): string {
  const why = from.warningWhy;
  if (!why) return from.warning ?? '';
  if (why.code === 'too-little-for') return t('models_recWarningTooLittle', formatBytes(why.freeBytes), why.model);
  return t('models_recWarningSmallest', formatBytes(why.freeBytes), formatBytes(why.bytes));
}
