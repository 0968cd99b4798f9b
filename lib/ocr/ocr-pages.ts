/**
 * Reading pages with OCR, one at a time: the page limit (pages beyond it are left unread, and the
 * student can raise it), Stop (the engine is terminated at once and the pages already read are
 * kept), progress per page, and a cache (a page read once is not read again). Pure of any browser
 * API: rendering, the engine and the cache are handed in.
 */
import { cancelled } from '../errors';
import type { OcrImage, OcrResult, Recognizer } from './recognizer';

export interface OcrPageProgress {
  /** The page being read (its number in the document, from 1). */
  page: number;
  /** Its place among the pages this run reads (from 1), and how many that is. */
  index: number;
  total: number;
  /** 0..1 within the page. */
  pageProgress: number;
  stage: 'loading' | 'rendering' | 'reading' | 'done';
}

export interface OcrPagesOptions {
  /** Pages (from 1) that need OCR, in reading order. */
  pages: readonly number[];
  /** At most this many pages are read. */
  pageLimit: number;
  render(page: number, signal: AbortSignal): Promise<OcrImage>;
  /** Starts the engine (lazily: a run whose pages are all cached never starts it). */
  recognizer(onLoad: (fraction: number) => void): Promise<Recognizer>;
  signal?: AbortSignal;
  onProgress?(progress: OcrPageProgress): void;
  cached?(page: number): Promise<OcrResult | undefined>;
  remember?(page: number, result: OcrResult): Promise<void>;
}

export interface OcrPagesResult {
  /** The text read from each page (pages read or found in the cache). */
  texts: Map<number, OcrResult>;
  /** Pages left unread because of the page limit. */
  overLimit: number[];
  /** Stopped by the student before the end. */
  stopped: boolean;
}

/** Rejects as soon as `signal` aborts (with the cancelled error), so a hung engine call cannot hold Stop. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export async function readPagesWithOcr(options: OcrPagesOptions): Promise<OcrPagesResult> {
  const limit = Math.max(0, Math.floor(options.pageLimit));
  const toRead = options.pages.slice(0, limit);
  const overLimit = options.pages.slice(limit);
  const texts = new Map<number, OcrResult>();
  const signal = options.signal ?? new AbortController().signal;
  let recognizer: Recognizer | undefined;
  let stopped = false;
  const report = (p: Omit<OcrPageProgress, 'total'>) => options.onProgress?.({ ...p, total: toRead.length });
  try {
    for (const [i, page] of toRead.entries()) {
      if (signal.aborted) throw cancelled();
      const index = i + 1;
      const hit = await options.cached?.(page).catch(() => undefined);
      if (hit) {
        texts.set(page, hit);
        report({ page, index, pageProgress: 1, stage: 'done' });
        continue;
      }
      if (!recognizer) {
        report({ page, index, pageProgress: 0, stage: 'loading' });
        recognizer = await abortable(
          options.recognizer((f) => report({ page, index, pageProgress: f, stage: 'loading' })),
          signal,
        );
      }
      report({ page, index, pageProgress: 0, stage: 'rendering' });
      const image = await abortable(options.render(page, signal), signal);
      report({ page, index, pageProgress: 0, stage: 'reading' });
      const engine: Recognizer = recognizer;
      const result = await abortable(
        engine.recognize(image, (f) => report({ page, index, pageProgress: Math.min(1, Math.max(0, f)), stage: 'reading' })),
        signal,
      );
      texts.set(page, result);
      await options.remember?.(page, result).catch(() => undefined);
      report({ page, index, pageProgress: 1, stage: 'done' });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    stopped = true;
  } finally {
    // Stop must stop the engine itself, not only stop waiting for it; and a finished run gives its
    // memory back (the engine holds the language model and page images).
    await recognizer?.terminate().catch(() => undefined);
  }
  return { texts, overLimit, stopped };
}

/** Mean confidence over the pages read (0 when none). */
export function meanConfidence(results: Iterable<OcrResult>): number {
  let sum = 0;
  let n = 0;
  for (const r of results) {
    sum += r.confidence;
    n += 1;
  }
  return n ? Math.round((sum / n) * 10) / 10 : 0;
}
