/**
 * Every failure a student can meet, with the sentence they read. Codes travel across contexts
 * (messages carry `{ code, message }`), so the panel can show a message written where the failure
 * is understood, and tests can assert on codes rather than wording.
 */
export const ERROR_CODES = [
  'cancelled',
  'restricted-page',
  'no-readable-text',
  'no-tab',
  'content-unreachable',
  'pdf-unreadable',
  'model-not-in-catalog',
  'model-download-failed',
  'model-checksum-mismatch',
  'model-host-unreachable',
  'offline-blocked',
  'storage-full',
  'webgpu-unavailable',
  'gpu-device-lost',
  'engine-gone',
  'engine-failed',
  /** The model wrote bytes that are not text (llama.cpp's runtime then fails: see writingFailed). */
  'unreadable-output',
  /** Chrome's built-in model can be downloaded by Chrome, on the student's click in the panel. */
  'chrome-ai-download-needed',
  'invalid-message',
  'not-allowed',
  'input-too-large',
  'empty-input',
  'file-access-off',
  'cloud-not-configured',
  'cloud-auth-failed',
  'cloud-failed',
  'consent-required',
  /** Spaced review: the card's deck was deleted meanwhile. */
  'card-gone',
  /** A video with no caption track Locus can read. */
  'no-captions',
  /** A caption file that could not be fetched or read. */
  'transcript-unreadable',
  /** OCR could not run or read nothing. */
  'ocr-failed',
  /** OCR in a language whose data is not downloaded. */
  'ocr-language-missing',
  /** The tab no longer shows the page the student acted on. */
  'page-changed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What the student can do about an error, when its code alone does not say it: the panel words the
 * reason in the student's language instead of the code's general sentence and the English detail.
 */
export const ERROR_REASONS = [
  /** The video site did not give the captions: open the transcript on the page. */
  'captions-refused',
  /** The site changed videos without reloading: reload the page. */
  'video-changed',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  reason?: ErrorReason;
  /** Worded in the panel, already in the student's language (shown as it is). */
  local?: boolean;
}

export class LocusError extends Error {
  readonly code: ErrorCode;
  readonly reason: ErrorReason | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; reason?: ErrorReason | undefined }) {
    super(message, options);
    this.name = 'LocusError';
    this.code = code;
    this.reason = options?.reason;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, ...(this.reason ? { reason: this.reason } : {}) };
  }
}

/** Turns anything thrown into a message a student can read; unknown errors keep their text. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof LocusError) return error.toInfo();
  if (isAbort(error)) return { code: 'cancelled', message: 'Stopped.' };
  if (isQuotaError(error)) {
    return {
      code: 'storage-full',
      message: 'The browser has no storage left for Locus. Free some disk space or delete a model in Models, then try again.',
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong: ${text}` };
}

export function isAbort(error: unknown): boolean {
  return (error instanceof DOMException && error.name === 'AbortError') || (error instanceof LocusError && error.code === 'cancelled');
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

export function cancelled(): LocusError {
  return new LocusError('cancelled', 'Stopped.');
}

/**
 * wllama 3.8.1's failure when llama.cpp wrote invalid UTF-8: its worker reads the request header
 * "GLUE" (0x45554C47 = 1163217991) as the reply's length. The llama.cpp engine prevents it (grammar
 * and banned tokens); this names it plainly if it still happens.
 */
const UNREADABLE_OUTPUT = /Invalid typed array length: 1163217991\b/;

/**
 * What a local engine throws when its runtime failed while generating: 'cancelled' when the run was
 * stopped (a runtime interrupted by Stop throws errors of its own), else the runtime's message.
 */
export function writingFailed(modelName: string, error: unknown, stopped: boolean): LocusError {
  if (stopped) return cancelled();
  const text = error instanceof Error ? error.message : String(error);
  if (UNREADABLE_OUTPUT.test(text)) {
    const message = `${modelName} wrote text Locus could not read. Try again, or pick another model in Models.`;
    return new LocusError('unreadable-output', message, { cause: error });
  }
  return new LocusError('engine-failed', `${modelName} failed while writing: ${text}`, { cause: error });
}

/**
 * The abort reason when the panel that started a task went away (closed, or the browser quit)
 * rather than the student pressing Stop or Cancel: work worth keeping (a half-downloaded model
 * file) is kept for next time.
 */
export function panelClosed(): DOMException {
  return new DOMException('The panel that started this task closed.', 'AbortError');
}

const PANEL_CLOSED_MESSAGE = panelClosed().message;

export function wasPanelClosed(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.reason;
  return signal?.aborted === true && reason instanceof DOMException && reason.message === PANEL_CLOSED_MESSAGE;
}
