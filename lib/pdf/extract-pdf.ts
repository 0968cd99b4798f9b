/**
 * A PDF's text with pdf.js (pdfjs-dist), as a CapturedPage. Runs in the offscreen document; pdf.js
 * parses in its own worker (bundled in the extension, never from a CDN). pdf.js is given the file's
 * bytes, never a URL, so it makes no request of its own; its character maps come from the package.
 */
import { LocusError } from '../errors';
import { MAX_CAPTURE_CHARS, type CapturedPage, type OcrInfo } from '../messaging/protocol';
import { guessDirection } from '../capture/text-direction';
import { documentBodySize, pageText, type PdfTextItem } from './pdf-text';

/** The part of pdf.js this module uses (the real module in the extension, the legacy build in Node). */
export interface PdfJs {
  getDocument(params: Record<string, unknown>): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
}
export interface PdfDocument {
  numPages: number;
  getPage(
    n: number,
  ): Promise<{ getTextContent(): Promise<{ items: Array<PdfTextItem | { type: string }>; lang?: string | null }>; cleanup(): void }>;
  getMetadata(): Promise<{ info: object }>;
  destroy(): Promise<void>;
}

export const MAX_PDF_BYTES = 150 * 1024 * 1024;
export const MAX_PDF_PAGES = 3000;

export interface ExtractOptions {
  /** Where pdf.js finds its packed character maps (a folder URL ending in '/'). */
  cMapUrl?: string;
  standardFontDataUrl?: string;
  signal?: AbortSignal;
  /** Reads pages without a text layer (scans) with OCR; without it such pages stay empty. */
  ocr?: PdfOcr;
}

/** OCR of a PDF's pages that have no text layer (lib/pdf/pdf-ocr.ts). */
export interface PdfOcr {
  read(doc: PdfDocument, pages: readonly number[]): Promise<{ texts: Map<number, string>; info: OcrInfo }>;
}

function fileName(url: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return last || url;
  } catch {
    return url;
  }
}

export async function extractPdf(pdfjs: PdfJs, data: Uint8Array, url: string, options: ExtractOptions = {}): Promise<CapturedPage> {
  if (data.byteLength > MAX_PDF_BYTES)
    throw new LocusError(
      'input-too-large',
      `This PDF is ${Math.round(data.byteLength / 1e6)} MB: Locus reads PDFs up to ${MAX_PDF_BYTES / 1024 / 1024} MB.`,
    );
  const doc = await openPdf(pdfjs, data, options);
  try {
    const { itemsPerPage, lang: textLang, chars } = await readTextItems(doc, options.signal);
    let lang = textLang;
    const body = documentBodySize(itemsPerPage);
    const pageTexts = itemsPerPage.map((items) => pageText(items, body));
    // Scanned pages: no text layer. Read with OCR when the caller asked for it.
    const withoutText = pageTexts.flatMap((t, i) => (t.trim() ? [] : [i + 1]));
    let ocr: OcrInfo | undefined;
    if (options.ocr && withoutText.length) {
      const read = await options.ocr.read(doc, withoutText);
      ocr = read.info;
      for (const [page, text] of read.texts) if (page >= 1 && page <= pageTexts.length) pageTexts[page - 1] = text.trim();
    }
    let text = '';
    const pageStarts: number[] = [];
    for (const t of pageTexts) {
      if (t && text) text += '\n\n';
      pageStarts.push(text.length);
      text += t;
    }
    const info = (await doc.getMetadata().catch(() => ({ info: {} }))).info as { Title?: unknown; Language?: unknown };
    const title =
      typeof info.Title === 'string' && info.Title.trim() && !/^untitled|^microsoft word/i.test(info.Title.trim())
        ? info.Title.trim()
        : fileName(url);
    lang ||= typeof info.Language === 'string' ? info.Language : '';
    if (!text.trim()) {
      if (ocr?.stopped) throw new LocusError('cancelled', 'Stopped.');
      throw new LocusError(
        'no-readable-text',
        ocr
          ? 'This PDF has no text layer (its pages are scanned images), and Locus found no text in them when it read them with OCR.'
          : 'This PDF has no text layer (its pages are scanned images), so Locus cannot read it. A PDF with selectable text works.',
      );
    }
    const truncated = text.length > MAX_CAPTURE_CHARS || itemsPerPage.length < doc.numPages;
    return {
      url,
      title,
      lang: lang.trim(),
      dir: guessDirection(text),
      text: text.slice(0, MAX_CAPTURE_CHARS),
      source: 'pdf',
      truncated,
      originalLength: Math.max(text.length, chars),
      framesIncluded: 0,
      pageStarts: pageStarts.filter((start) => start <= MAX_CAPTURE_CHARS),
      ...(ocr ? { ocr } : {}),
    };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** The PDF opened by pdf.js, or a student-facing error (password, damaged, not a PDF). */
async function openPdf(pdfjs: PdfJs, data: Uint8Array, options: ExtractOptions): Promise<PdfDocument> {
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    ...(options.cMapUrl ? { cMapUrl: options.cMapUrl, cMapPacked: true } : {}),
    ...(options.standardFontDataUrl ? { standardFontDataUrl: options.standardFontDataUrl } : {}),
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    const name = (error as { name?: string })?.name;
    if (name === 'PasswordException')
      throw new LocusError(
        'pdf-unreadable',
        'This PDF is protected by a password, so Locus cannot read its text. Open it, save an unprotected copy, and try that one.',
      );
    throw new LocusError(
      'pdf-unreadable',
      `This file could not be read as a PDF (${(error as Error)?.message ?? String(error)}). It may be damaged or not a PDF at all.`,
    );
  }
}

/** The text items of the first pages, up to a little more than a capture holds. */
async function readTextItems(doc: PdfDocument, signal: AbortSignal | undefined) {
  const pages = Math.min(doc.numPages, MAX_PDF_PAGES);
  const itemsPerPage: PdfTextItem[][] = [];
  let lang = '';
  let chars = 0;
  for (let n = 1; n <= pages; n++) {
    if (signal?.aborted) throw new LocusError('cancelled', 'Stopped.');
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    lang ||= content.lang ?? '';
    const items = content.items.filter((i): i is PdfTextItem => typeof (i as PdfTextItem).str === 'string');
    itemsPerPage.push(items);
    page.cleanup();
    chars += items.reduce((s, i) => s + i.str.length, 0);
    if (chars > MAX_CAPTURE_CHARS * 1.2) break; // enough to fill the capture: stop reading pages
  }
  return { itemsPerPage, lang, chars };
}
