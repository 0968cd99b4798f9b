/**
 * An error as the panel words it. Errors are made in every context (the offscreen engine host has no
 * i18n API), so they travel as a code plus an English sentence; the panel says the code's sentence in
 * the student's language, and keeps the English one (it names the file, model or page) as a detail.
 * In English the specific sentence alone is shown, as before.
 */
import type { ErrorCode, ErrorInfo, ErrorReason } from '../errors';
import { t, uiLanguage, type MessageKey } from '../i18n/t';

const ERROR_KEYS: Record<ErrorCode, MessageKey> = {
  cancelled: 'error_cancelled',
  'restricted-page': 'error_restrictedPage',
  'no-readable-text': 'error_noReadableText',
  'no-tab': 'error_noTab',
  'content-unreachable': 'error_contentUnreachable',
  'pdf-unreadable': 'error_pdfUnreadable',
  'model-not-in-catalog': 'error_modelNotInCatalog',
  'model-download-failed': 'error_modelDownloadFailed',
  'model-checksum-mismatch': 'error_modelChecksumMismatch',
  'model-host-unreachable': 'error_modelHostUnreachable',
  'offline-blocked': 'error_offlineBlocked',
  'storage-full': 'error_storageFull',
  'webgpu-unavailable': 'error_webgpuUnavailable',
  'gpu-device-lost': 'error_gpuDeviceLost',
  'engine-gone': 'error_engineGone',
  'engine-failed': 'error_engineFailed',
  'unreadable-output': 'error_unreadableOutput',
  'chrome-ai-download-needed': 'error_chromeAiDownloadNeeded',
  'invalid-message': 'error_internal',
  'not-allowed': 'error_notAllowed',
  'input-too-large': 'error_inputTooLarge',
  'empty-input': 'error_emptyInput',
  'file-access-off': 'error_fileAccessOff',
  'cloud-not-configured': 'error_cloudNotConfigured',
  'cloud-auth-failed': 'error_cloudAuthFailed',
  'cloud-failed': 'error_cloudFailed',
  'consent-required': 'error_consentRequired',
  'card-gone': 'error_cardGone',
  'no-captions': 'error_noCaptions',
  'transcript-unreadable': 'error_transcriptUnreadable',
  'ocr-failed': 'error_ocrFailed',
  'ocr-language-missing': 'error_ocrLanguageMissing',
  'page-changed': 'error_pageChanged',
  internal: 'error_internal',
};

/** Reasons that say what to do, worded whole (the English detail would add nothing). */
const REASON_KEYS: Record<ErrorReason, MessageKey> = {
  'captions-refused': 'error_reasonCaptionsRefused',
  'video-changed': 'error_reasonVideoChanged',
};

/** What the error box shows: a sentence in the student's language, and the original one when it adds to it. */
export function errorText(error: ErrorInfo): { message: string; detail: string } {
  if (error.local || /^en(-|$)/i.test(uiLanguage())) return { message: error.message, detail: '' };
  if (error.reason) return { message: t(REASON_KEYS[error.reason]), detail: '' };
  const message = t(ERROR_KEYS[error.code] ?? 'error_internal');
  return { message, detail: error.message && error.message !== message ? error.message : '' };
}
