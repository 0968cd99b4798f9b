/**
 * The background's requests to the offscreen document (PDFs, captions, OCR), with their answers
 * checked. While one is running the offscreen document is busy even if its engine is idle, so an
 * `offscreen.idle` report does not close it under a PDF being read or an OCR run.
 */
import type { z } from 'zod';
import { LocusError } from '../errors';
import type { ErrorCode, ErrorInfo } from '../errors';
import { replySchema, type BackgroundToOffscreen } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { ensureOffscreen } from './offscreen-lifecycle';

let running = 0;

/** Some request to the offscreen document has not been answered yet. */
export function offscreenBusy(): boolean {
  return running > 0;
}

export async function askOffscreen<T extends z.ZodType>(
  request: BackgroundToOffscreen,
  answer: T,
  failure: { code: ErrorCode; what: string },
): Promise<z.infer<T>> {
  running += 1;
  try {
    await ensureOffscreen();
    let raw: unknown;
    try {
      raw = await browser.runtime.sendMessage(request);
    } catch (error) {
      throw new LocusError(
        failure.code,
        `Locus could not ${failure.what} (${error instanceof Error ? error.message : String(error)}). Try again.`,
      );
    }
    const reply = replySchema(answer).safeParse(raw);
    if (!reply.success) throw new LocusError(failure.code, `Locus could not ${failure.what}: its reader gave no answer. Try again.`);
    const data = reply.data as { ok: true; value: z.infer<T> } | { ok: false; error: ErrorInfo };
    if (!data.ok) throw new LocusError(data.error.code, data.error.message, { reason: data.error.reason });
    return data.value;
  } finally {
    running -= 1;
  }
}
