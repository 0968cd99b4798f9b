/**
 * The offscreen document's inbox for the background's requests: PDFs (with OCR of scanned pages),
 * caption files, images to read, OCR language data. Only the background may ask (its service
 * worker, from the extension, with no tab); anything else passing by (the panel's requests to the
 * background) gets no answer from here.
 */
import { toErrorInfo } from '../errors';
import { backgroundToOffscreenSchema, type BackgroundToOffscreen, type Reply } from '../messaging/protocol';
import type { SenderLike } from '../messaging/senders';
import { isFromBackground, readPdf, type PdfServiceDeps } from '../pdf/offscreen-pdf-service';
import { browser } from '../platform/extension-api';
import { BACKGROUND_PATH } from '../platform/target-browser';
import {
  OcrJobs,
  deleteOcrLanguage,
  downloadOcrLanguage,
  ocrLanguageStatus,
  pdfOcrFor,
  readImage,
  type OcrServiceDeps,
} from './ocr-service';
import { fetchTranscriptSegments } from './transcript-service';

export interface OffscreenDeps {
  pdf: PdfServiceDeps;
  ocr: OcrServiceDeps;
  parseXml(text: string): Document;
}

export async function handleOffscreenRequest(request: BackgroundToOffscreen, deps: OffscreenDeps, jobs: OcrJobs): Promise<unknown> {
  switch (request.type) {
    case 'pdf.extract': {
      const ocr = request.ocr;
      return readPdf(request.url, request.page, deps.pdf, ocr ? (bytes) => pdfOcrFor(bytes, ocr, deps.ocr, jobs) : undefined);
    }
    case 'transcript.fetch':
      return fetchTranscriptSegments(request.url, request.page, { gate: deps.ocr.gate, parseXml: deps.parseXml });
    case 'ocr.image':
      return readImage(request.url, request.page, request.ocr, deps.ocr, jobs);
    case 'ocr.stop':
      return { stopped: jobs.stop(request.jobId) };
    case 'ocr.languages':
      return ocrLanguageStatus(deps.ocr.store);
    case 'ocr.download':
      return downloadOcrLanguage(request.code, request.jobId, deps.ocr, jobs);
    case 'ocr.delete':
      return deleteOcrLanguage(request.code, deps.ocr);
  }
}

export function serveOffscreenRequests(deps: OffscreenDeps): void {
  const backgroundUrl = browser.runtime.getURL(BACKGROUND_PATH);
  const jobs = new OcrJobs();
  browser.runtime.onMessage.addListener((raw: unknown, sender: SenderLike): Promise<Reply<unknown>> | undefined => {
    const parsed = backgroundToOffscreenSchema.safeParse(raw);
    if (!parsed.success || !isFromBackground(sender, browser.runtime.id, backgroundUrl)) return undefined;
    return handleOffscreenRequest(parsed.data, deps, jobs).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (error: unknown): Reply<unknown> => ({ ok: false, error: toErrorInfo(error) }),
    );
  });
}
