/**
 * The offscreen document's PDF reader: the background asks (`pdf.extract` with the tab's URL), this
 * fetches the file through the network gate (purpose 'page-fetch': the document the student opened,
 * refused in offline mode, sent without cookies like every request of the gate) or, for a file on
 * the student's computer, reads it from disk, and extracts its text with pdf.js.
 *
 * Why here: pdf.js needs a DOM-less worker of its own plus a document to start it from; the
 * offscreen document already exists for the engine and is created on demand by the background,
 * while the engine worker is busy with one model task at a time and the service worker may not
 * start workers. Parsing happens in pdf.js's worker, so no main thread is held.
 */
import { LocusError, toErrorInfo } from '../errors';
import { backgroundToOffscreenSchema, type CapturedPage, type Reply } from '../messaging/protocol';
import type { SenderLike } from '../messaging/senders';
import { browser } from '../platform/extension-api';
import type { FetchGrant } from '../privacy/fetch-grant';
import type { NetworkGate } from '../privacy/network-gate';
import { MAX_PDF_BYTES, extractPdf, type PdfJs } from './extract-pdf';

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

export async function readPdf(url: string, grant: FetchGrant, deps: PdfServiceDeps): Promise<CapturedPage> {
  const bytes = await fetchPdfBytes(url, deps, grant);
  const pdfjs = await deps.loadPdfJs();
  return extractPdf(pdfjs, bytes, url, {
    cMapUrl: deps.packageUrl('/pdfjs/cmaps/'),
    standardFontDataUrl: deps.packageUrl('/pdfjs/standard_fonts/'),
  });
}

export function servePdfExtraction(deps: PdfServiceDeps): void {
  const backgroundUrl = browser.runtime.getURL('/background.js');
  browser.runtime.onMessage.addListener((raw: unknown, sender: SenderLike): Promise<Reply<CapturedPage>> | undefined => {
    const parsed = backgroundToOffscreenSchema.safeParse(raw);
    // Not for this document (the panel's requests to the background pass by here too): no answer.
    if (!parsed.success || !isFromBackground(sender, browser.runtime.id, backgroundUrl)) return undefined;
    return readPdf(parsed.data.url, parsed.data.grant, deps).then(
      (value): Reply<CapturedPage> => ({ ok: true, value }),
      (error: unknown): Reply<CapturedPage> => ({ ok: false, error: toErrorInfo(error) }),
    );
  });
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
