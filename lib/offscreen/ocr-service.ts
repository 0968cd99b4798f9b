/**
 * The offscreen document's OCR: scanned PDF pages (with lib/pdf/pdf-ocr.ts), an image the student
 * right-clicked, and the download of OCR language data. Each run is a job the student can stop
 * (`ocr.stop`); progress is broadcast to the panel (`ocr.progress`). Pages read once are kept in
 * IndexedDB (`ocrPages`, by the SHA-256 of the document's bytes), so the next tool used on the
 * same PDF does not read it again.
 */
import { guessDirection } from '../capture/text-direction';
import { LocusError, cancelled } from '../errors';
import type { CapturedPage, OcrDownloadProgress, OcrProgress, OcrRequest, PageFetchContext } from '../messaging/protocol';
import { downloadModelFiles } from '../model-files/download';
import type { ModelFileStore } from '../model-files/store';
import { loadLanguageData, ocrDownloadPlan, ocrLanguageStatus, requireOcrLanguage } from '../ocr/ocr-languages';
import { meanConfidence, readPagesWithOcr, type OcrPageProgress } from '../ocr/ocr-pages';
import type { OcrImage, OcrResult, RecognizerFactory } from '../ocr/recognizer';
import { pdfOcr, type PageCanvas } from '../pdf/pdf-ocr';
import type { PdfOcr } from '../pdf/extract-pdf';
import type { NetworkGate } from '../privacy/network-gate';
import type { LocusDatabase } from '../store/db';
import { fetchPageResource } from './page-resource';

/** Images larger than this are not worth reading on a student's device. */
export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;
/** OCR pages kept in IndexedDB; the oldest go first. */
export const MAX_CACHED_OCR_PAGES = 3000;

export interface OcrServiceDeps {
  gate: NetworkGate;
  store: ModelFileStore;
  db: () => LocusDatabase;
  readPackageFile(path: string): Promise<Uint8Array>;
  recognizerFactory: RecognizerFactory;
  broadcast(message: OcrProgress | OcrDownloadProgress): void;
  /** An image's bytes as an image the engine reads well (decoded, sized, PNG). */
  normalizeImage(bytes: Uint8Array, contentType: string): Promise<OcrImage>;
  createCanvas(width: number, height: number): PageCanvas;
  encodeCanvas(canvas: PageCanvas): Promise<OcrImage>;
  sha256(bytes: Uint8Array): Promise<string>;
  modelHost(): Promise<string>;
}

/** Running OCR jobs by id: Stop aborts one. */
export class OcrJobs {
  readonly #jobs = new Map<string, AbortController>();
  start(jobId: string): AbortSignal {
    this.#jobs.get(jobId)?.abort();
    const controller = new AbortController();
    this.#jobs.set(jobId, controller);
    return controller.signal;
  }
  stop(jobId: string): boolean {
    const controller = this.#jobs.get(jobId);
    controller?.abort();
    return Boolean(controller);
  }
  end(jobId: string, signal: AbortSignal): void {
    if (this.#jobs.get(jobId)?.signal === signal) this.#jobs.delete(jobId);
  }
}

/** Cached OCR text of a document's pages, keyed by the document's SHA-256 and the languages. */
export function ocrPageCache(db: LocusDatabase, docKey: string, languages: readonly string[]) {
  const langs = [...languages].sort().join('+');
  const key = (page: number) => `${docKey}:${page}:${langs}`;
  return {
    async cached(page: number): Promise<OcrResult | undefined> {
      const row = await db.ocrPages.get(key(page));
      return row ? { text: row.text, confidence: row.confidence } : undefined;
    },
    async remember(page: number, result: OcrResult): Promise<void> {
      await db.ocrPages.put({
        key: key(page),
        docKey,
        page,
        languages: langs,
        text: result.text,
        confidence: result.confidence,
        at: Date.now(),
      });
      const extra = (await db.ocrPages.count()) - MAX_CACHED_OCR_PAGES;
      if (extra > 0) await db.ocrPages.bulkDelete(await db.ocrPages.orderBy('at').limit(extra).primaryKeys());
    },
  };
}

function progressSender(deps: Pick<OcrServiceDeps, 'broadcast'>, jobId: string) {
  let last = 0;
  return (p: OcrPageProgress) => {
    // At most ten messages a second, but every change of page or stage.
    const now = Date.now();
    if (p.stage === 'reading' && p.pageProgress > 0 && p.pageProgress < 1 && now - last < 100) return;
    last = now;
    deps.broadcast({ type: 'ocr.progress', jobId, page: p.index, pages: p.total, pageProgress: p.pageProgress, stage: p.stage });
  };
}

/** The engine for a run, its language data read once (and only when a page needs reading). */
function recognizerFor(languages: readonly string[], deps: OcrServiceDeps) {
  let data: ReturnType<typeof loadLanguageData> | undefined;
  const languageData = () => (data ??= loadLanguageData(languages, deps));
  return {
    languageData,
    recognizer: async (onLoad: (fraction: number) => void) => deps.recognizerFactory(await languageData(), onLoad),
  };
}

/**
 * The OCR a PDF reading uses for its pages without a text layer (see lib/pdf/extract-pdf.ts). Only
 * the cache key is computed before the reading (pdf.js may take the bytes over); the rest happens
 * when a page without text is found, so a PDF with a text layer costs nothing more and never fails
 * for want of OCR data.
 */
export async function pdfOcrFor(
  bytes: Uint8Array,
  request: OcrRequest,
  deps: OcrServiceDeps,
  jobs: OcrJobs,
): Promise<{ ocr: PdfOcr; done(): void }> {
  const signal = jobs.start(request.jobId);
  const cache = ocrPageCache(deps.db(), await deps.sha256(bytes), request.languages);
  const engine = recognizerFor(request.languages, deps);
  const inner = pdfOcr({
    recognizer: engine.recognizer,
    createCanvas: deps.createCanvas,
    encode: deps.encodeCanvas,
    languages: request.languages,
    pageLimit: request.pageLimit,
    signal,
    onProgress: progressSender(deps, request.jobId),
    cached: cache.cached,
    remember: cache.remember,
  });
  return {
    ocr: {
      async read(doc, pages) {
        // A missing language is a clear message before any page is drawn, not a failed page.
        await engine.languageData();
        return inner.read(doc, pages);
      },
    },
    done: () => jobs.end(request.jobId, signal),
  };
}

/** An image of a page, fetched for the tab and read with OCR, as a capture. */
export async function readImage(
  url: string,
  page: PageFetchContext,
  request: OcrRequest,
  deps: OcrServiceDeps,
  jobs: OcrJobs,
): Promise<CapturedPage> {
  const signal = jobs.start(request.jobId);
  try {
    const resource = await fetchPageResource(deps.gate, url, page, { maxBytes: MAX_IMAGE_BYTES, what: 'image' });
    if (signal.aborted) throw cancelled();
    const image = await deps.normalizeImage(resource.bytes, resource.contentType).catch((error: unknown) => {
      throw new LocusError(
        'ocr-failed',
        `This file could not be read as an image (${error instanceof Error ? error.message : String(error)}).`,
      );
    });
    const cache = ocrPageCache(deps.db(), await deps.sha256(resource.bytes), request.languages);
    const result = await readPagesWithOcr({
      pages: [1],
      pageLimit: 1,
      render: async () => image,
      recognizer: recognizerFor(request.languages, deps).recognizer,
      signal,
      onProgress: progressSender(deps, request.jobId),
      cached: cache.cached,
      remember: cache.remember,
    });
    if (result.stopped) throw cancelled();
    const read = result.texts.get(1);
    const text = (read?.text ?? '').trim();
    if (!text) throw new LocusError('no-readable-text', 'Locus read this image with OCR and found no text in it.');
    let name = url;
    try {
      name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
    } catch {
      // keep the URL
    }
    return {
      url,
      title: name,
      lang: '',
      dir: guessDirection(text),
      text,
      source: 'image',
      truncated: false,
      originalLength: text.length,
      framesIncluded: 0,
      ocr: {
        engine: 'tesseract',
        languages: [...request.languages],
        pages: [1],
        pagesWithoutText: 1,
        pageLimit: 1,
        stopped: false,
        meanConfidence: meanConfidence([read!]),
      },
    };
  } finally {
    jobs.end(request.jobId, signal);
  }
}

/** Downloads a language's OCR data through Locus's verified model downloader (the gate's model-download rule). */
export async function downloadOcrLanguage(code: string, jobId: string, deps: OcrServiceDeps, jobs: OcrJobs): Promise<{ bytes: number }> {
  const entry = requireOcrLanguage(code);
  if (entry.packaged) return { bytes: 0 };
  const signal = jobs.start(jobId);
  try {
    const outcomes = await downloadModelFiles(ocrDownloadPlan(entry, await deps.modelHost()), {
      store: deps.store,
      fetch: (url, init) => deps.gate.fetch(url, init, 'model-download'),
      signal,
      onProgress: (p) =>
        deps.broadcast({
          type: 'ocr.download.progress',
          jobId,
          code,
          loaded: p.loaded,
          total: p.total,
          bytesPerSecond: p.bytesPerSecond,
          etaSeconds: p.etaSeconds,
        }),
    });
    return { bytes: outcomes.reduce((n, o) => n + o.bytes, 0) };
  } finally {
    jobs.end(jobId, signal);
  }
}

export async function deleteOcrLanguage(code: string, deps: Pick<OcrServiceDeps, 'store'>): Promise<{ freedBytes: number }> {
  const entry = requireOcrLanguage(code);
  if (!entry.download) return { freedBytes: 0 };
  return { freedBytes: await deps.store.deleteModel(entry.download.id) };
}

export { ocrLanguageStatus };
