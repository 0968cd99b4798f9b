/**
 * PDFs in a tab: Chrome's viewer is closed to content scripts, so the background asks the
 * offscreen document to read the file with pdf.js (lib/pdf/). The background only relays: it
 * never parses the file or keeps its text.
 */
import { LocusError } from '../errors';
import { capturedPageSchema, type BackgroundToOffscreen, type CapturedPage } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { issueFetchGrant } from '../privacy/fetch-grant';
import { loadSettings } from '../settings/settings';
import { database } from '../store/db';
import { fitAroundChars } from '../tasks/fit';
import { askOffscreen } from './offscreen-calls';

export const FILE_ACCESS_MESSAGE =
  'This file is on your computer, and Chrome keeps local files closed to extensions unless you allow it. To use Locus on it: open chrome://extensions, click Details under Locus, and turn on "Allow access to file URLs". Then reload this tab.';

/** Local files need the student's "Allow access to file URLs" for Locus. */
export async function checkFileAccess(url: string): Promise<void> {
  if (!url.startsWith('file:')) return;
  const allowed = await browser.extension.isAllowedFileSchemeAccess().catch(() => false);
  if (!allowed) throw new LocusError('file-access-off', FILE_ACCESS_MESSAGE);
}

/** OCR of a scanned PDF's pages: the job id its progress and Stop refer to, and the page limit. */
export interface PdfOcrOptions {
  jobId: string;
  pageLimit?: number;
}

/**
 * The PDF in tab `tab` (its id and URL as the browser reported them when the student asked): the
 * offscreen document may fetch that URL again, and only that one, which the grant tells the gate.
 * Pages without a text layer (scans) are read with OCR in the offscreen document, up to the page
 * limit (the student's setting unless the request raises it), with progress broadcast under the job
 * id (one is made up when the caller gave none; the panel learns it from the progress).
 */
export async function capturePdf(tab: { id: number; url: string }, options: { ocr?: PdfOcrOptions } = {}): Promise<CapturedPage> {
  const { url } = tab;
  await checkFileAccess(url);
  const page = issueFetchGrant(tab);
  const settings = await loadSettings(database());
  const request: BackgroundToOffscreen = {
    type: 'pdf.extract',
    url,
    page,
    ocr: {
      jobId: options.ocr?.jobId ?? `ocr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      pageLimit: options.ocr?.pageLimit ?? settings.ocrPageLimit,
      languages: settings.ocrLanguages,
    },
  };
  return askOffscreen(request, capturedPageSchema, { code: 'pdf-unreadable', what: 'read this PDF' });
}

/** The text of the PDF around `quote` (the student's selection in Chrome's viewer). */
export async function pdfSectionAround(tab: { id: number; url: string }, quote: string): Promise<string> {
  const page = await capturePdf(tab);
  return fitAroundChars(page.text, quote, 6000);
}
