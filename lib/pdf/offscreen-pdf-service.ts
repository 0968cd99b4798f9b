/**
 * The offscreen document's PDF reader: the background asks (`pdf.extract` with the tab's URL; the
 * listener is lib/offscreen/offscreen-requests.ts), this
 * fetches the file through the network gate (purpose 'page-fetch': the document the student opened,
 * refused in offline mode, sent without cookies like every request of the gate) or, for a file on
 * the student's computer, reads it from disk, and extracts its text with pdf.js.
 *
 * Why here: pdf.js needs a DOM-less worker of its own plus a document to start it from; the
 * offscreen document already exists for the engine and is created on demand by the background,
 * while the engine worker is busy with one model task at a time and the service worker may not
 * start workers. Parsing happens in pdf.js's worker, so no main thread is held.
 */
import { LocusError } from '../errors';
import type { CapturedPage } from '../messaging/protocol';
import type { SenderLike } from '../messaging/senders';
import type { FetchGrant } from '../privacy/fetch-grant';
import type { NetworkGate } from '../privacy/network-gate';
import { MAX_PDF_BYTES, extractPdf, type PdfJs, type PdfOcr } from './extract-pdf';

export interface PdfServiceDeps {
  loadPdfJs(): Promise<PdfJs>;
  gate: NetworkGate;
  /** Reads a file:// URL (the student allowed file access; checked by the background). */
  readLocalFile(url: string): Promise<ArrayBuffer>;
  /** URL of a folder of the package ('/pdfjs/cmaps/'). */
  packageUrl(path: string): string;
}

/** Only the background asks: its service worker, from the extension, with no tab. */
export function isFromBackground(sender: SenderLike, extensionId: string, backgroundUrl: string): boolean {
  return sender.id === extensionId && !sender.tab && sender.url === backgroundUrl;
}

/** `grant`: the background's grant for the tab the student asked about; the gate checks `url` against it. */
export async function fetchPdfBytes(
  url: string,
  deps: Pick<PdfServiceDeps, 'gate' | 'readLocalFile'>,
  grant?: FetchGrant,
): Promise<Uint8Array> {
  if (url.startsWith('file:')) return new Uint8Array(await deps.readLocalFile(url));
  const response = await deps.gate.fetch(url, { cache: 'force-cache' }, 'page-fetch', { grant });
  if (response.status === 401 || response.status === 403) {
    throw new LocusError(
      'pdf-unreadable',
      `${new URL(url).host} did not give this PDF to Locus (HTTP ${response.status}): it needs your login. Locus fetches a PDF again from its address, without your cookies. Save the PDF (Ctrl+S), open the saved file in Chrome, and use Locus there (with "Allow access to file URLs" on).`,
    );
  }
  if (!response.ok)
    throw new LocusError(
      'pdf-unreadable',
      `Locus could not fetch this PDF again from its address (HTTP ${response.status}). Reload the tab and try again.`,
    );
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_PDF_BYTES)
    throw new LocusError(
      'input-too-large',
      `This PDF is ${Math.round(length / 1e6)} MB: Locus reads PDFs up to ${MAX_PDF_BYTES / 1024 / 1024} MB.`,
    );
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type) && !isPdf(bytes)) {
    throw new LocusError(
      'pdf-unreadable',
      `${new URL(url).host} answered with a web page instead of the PDF (a login page?). Save the PDF (Ctrl+S), open the saved file in Chrome, and use Locus there.`,
    );
  }
  return bytes;
}

function isPdf(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/**
 * `ocrFor`: given the file's bytes, the OCR for its pages without a text layer (and a function to
 * call when the reading is over); without it, a scanned PDF is refused as before.
 */
export async function readPdf(
  url: string,
  grant: FetchGrant,
  deps: PdfServiceDeps,
  ocrFor?: (bytes: Uint8Array) => Promise<{ ocr: PdfOcr; done(): void }>,
): Promise<CapturedPage> {
  const bytes = await fetchPdfBytes(url, deps, grant);
  const pdfjs = await deps.loadPdfJs();
  // pdf.js may take the buffer over (transfer to its worker): OCR's cache key is computed first.
  const ocr = ocrFor ? await ocrFor(bytes) : undefined;
  try {
    return await extractPdf(pdfjs, bytes, url, {
      cMapUrl: deps.packageUrl('/pdfjs/cmaps/'),
      standardFontDataUrl: deps.packageUrl('/pdfjs/standard_fonts/'),
      ...(ocr ? { ocr: ocr.ocr } : {}),
    });
  } finally {
    ocr?.done();
  }
}

/** file:// through XMLHttpRequest: fetch() does not read the file scheme. */
export function readLocalFileXhr(url: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.responseType = 'arraybuffer';
    xhr.onload = () =>
      xhr.response instanceof ArrayBuffer && xhr.response.byteLength > 0
        ? resolve(xhr.response)
        : reject(
            new LocusError(
              'pdf-unreadable',
              'Locus could not read this file from your computer. Check that "Allow access to file URLs" is on for Locus, then reload the tab.',
            ),
          );
    xhr.onerror = () =>
      reject(
        new LocusError(
          'pdf-unreadable',
          'Locus could not read this file from your computer. Check that "Allow access to file URLs" is on for Locus, then reload the tab.',
        ),
      );
    xhr.send();
  });
}
