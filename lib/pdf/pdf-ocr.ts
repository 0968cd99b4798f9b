/**
 * OCR of a PDF's scanned pages: each page without a text layer is drawn by pdf.js at about 200 dpi
 * (its longer side at most 2400 pixels) on a canvas, encoded as PNG and read by the recognizer
 * (lib/ocr/). The page limit, Stop, progress and the cache are lib/ocr/ocr-pages.ts's.
 */
import type { OcrInfo } from '../messaging/protocol';
import { meanConfidence, readPagesWithOcr, type OcrPageProgress } from '../ocr/ocr-pages';
import type { OcrImage, OcrResult, Recognizer } from '../ocr/recognizer';
import type { PdfDocument, PdfOcr } from './extract-pdf';

/** The part of a pdf.js page that drawing needs. */
interface RenderablePage {
  getViewport(params: { scale: number }): { width: number; height: number };
  render(params: { canvas: unknown; viewport: unknown; intent?: string }): { promise: Promise<void>; cancel(): void };
  cleanup(): void;
}

export interface PageCanvas {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

/** About 200 dpi (PDF units are 1/72 inch), the longer side capped so a poster does not fill memory. */
export function ocrScale(width: number, height: number, dpi = 200, maxSide = 2400): number {
  const scale = dpi / 72;
  const longer = Math.max(width, height) * scale;
  return longer > maxSide ? maxSide / Math.max(width, height) : scale;
}

export interface PdfOcrDeps {
  recognizer(onLoad: (fraction: number) => void): Promise<Recognizer>;
  /** A canvas to draw a page on, and its PNG bytes once drawn. */
  createCanvas(width: number, height: number): PageCanvas;
  encode(canvas: PageCanvas): Promise<OcrImage>;
  languages: readonly string[];
  pageLimit: number;
  signal?: AbortSignal;
  onProgress?(progress: OcrPageProgress): void;
  cached?(page: number): Promise<OcrResult | undefined>;
  remember?(page: number, result: OcrResult): Promise<void>;
}

export function pdfOcr(deps: PdfOcrDeps): PdfOcr {
  return {
    async read(doc: PdfDocument, pages: readonly number[]) {
      const render = async (n: number, signal: AbortSignal): Promise<OcrImage> => {
        const page = (await doc.getPage(n)) as unknown as RenderablePage;
        try {
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: ocrScale(base.width, base.height) });
          const canvas = deps.createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
          // The print intent: pdf.js then draws without requestAnimationFrame, which never fires in
          // an offscreen document (it is never shown), so a 'display' render would never finish.
          const task = page.render({ canvas, viewport, intent: 'print' });
          signal.addEventListener('abort', () => task.cancel(), { once: true });
          await task.promise;
          return await deps.encode(canvas);
        } finally {
          page.cleanup();
        }
      };
      const result = await readPagesWithOcr({
        pages,
        pageLimit: deps.pageLimit,
        render,
        recognizer: deps.recognizer,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
        ...(deps.cached ? { cached: deps.cached } : {}),
        ...(deps.remember ? { remember: deps.remember } : {}),
      });
      const texts = new Map<number, string>();
      for (const [page, r] of result.texts) texts.set(page, r.text);
      const info: OcrInfo = {
        engine: 'tesseract',
        languages: [...deps.languages],
        pages: [...result.texts.keys()].sort((a, b) => a - b),
        pagesWithoutText: pages.length,
        pageLimit: deps.pageLimit,
        stopped: result.stopped,
        meanConfidence: meanConfidence(result.texts.values()),
      };
      return { texts, info };
    },
  };
}
