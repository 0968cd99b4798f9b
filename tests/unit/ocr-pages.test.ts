/**
 * OCR of scanned pages, without a browser: the page limit (pages beyond it left unread, the student
 * can raise it), Stop (the engine terminated at once, pages already read kept), progress per page,
 * the cache; and a scanned PDF (pages with no text layer, made by tests/support/make-pdf.mjs) read
 * through lib/pdf/extract-pdf.ts with OCR filling its empty pages, mixed with pages that have text.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CACHED_OCR_PAGES, OcrJobs, ocrPageCache } from '../../lib/offscreen/ocr-service';
import { meanConfidence, readPagesWithOcr, type OcrPageProgress } from '../../lib/ocr/ocr-pages';
import type { OcrImage, Recognizer } from '../../lib/ocr/recognizer';
import { extractPdf, type PdfJs } from '../../lib/pdf/extract-pdf';
import { ocrScale, pdfOcr } from '../../lib/pdf/pdf-ocr';
import { LocusDatabase } from '../../lib/store/db';
import { makeImagePdf, makePdf } from '../support/make-pdf.mjs';

/** A stand-in engine: "reads" the page number written in the image bytes; can be made to hang. */
class FakeEngine implements Recognizer {
  terminated = false;
  calls: number[] = [];
  constructor(private readonly opts: { hangOn?: number; confidence?: number } = {}) {}
  async recognize(image: OcrImage, onProgress?: (f: number) => void) {
    const page = Number(new TextDecoder().decode(image as Uint8Array));
    this.calls.push(page);
    onProgress?.(0.5);
    if (page === this.opts.hangOn) return new Promise<never>(() => undefined); // an engine stuck mid-page
    onProgress?.(1);
    return { text: `Text of page ${page}.`, confidence: this.opts.confidence ?? 90 };
  }
  async terminate() {
    this.terminated = true;
  }
}

const image = (page: number) => new TextEncoder().encode(String(page));

describe('reading pages with OCR', () => {
  it('reads the pages that need it, in order, up to the page limit', async () => {
    const engine = new FakeEngine();
    const progress: OcrPageProgress[] = [];
    let started = 0;
    const result = await readPagesWithOcr({
      pages: [2, 3, 5, 8, 9],
      pageLimit: 3,
      render: async (n) => image(n),
      recognizer: async () => {
        started += 1;
        return engine;
      },
      onProgress: (p) => progress.push(p),
    });
    expect([...result.texts.keys()]).toEqual([2, 3, 5]);
    expect(result.texts.get(5)).toEqual({ text: 'Text of page 5.', confidence: 90 });
    expect(result.overLimit).toEqual([8, 9]);
    expect(result.stopped).toBe(false);
    expect(started).toBe(1); // one engine for the run…
    expect(engine.terminated).toBe(true); // …given back at the end
    // Progress per page: its place among the pages read, the stage, the fraction within the page.
    const done = progress.filter((p) => p.stage === 'done').map((p) => [p.page, p.index, p.total]);
    expect(done).toEqual([
      [2, 1, 3],
      [3, 2, 3],
      [5, 3, 3],
    ]);
    expect(progress.some((p) => p.stage === 'reading' && p.pageProgress === 0.5)).toBe(true);
    expect(progress[0]).toMatchObject({ stage: 'loading', page: 2 });
  });

  it('reads the pages beyond the limit when the student raises it, from the cache for those already read', async () => {
    const cache = new Map<number, { text: string; confidence: number }>();
    const run = async (limit: number) => {
      const engine = new FakeEngine();
      const result = await readPagesWithOcr({
        pages: [1, 2, 3, 4],
        pageLimit: limit,
        render: async (n) => image(n),
        recognizer: async () => engine,
        cached: async (n) => cache.get(n),
        remember: async (n, r) => void cache.set(n, r),
      });
      return { result, engine };
    };
    const first = await run(2);
    expect(first.engine.calls).toEqual([1, 2]);
    const second = await run(4);
    expect(second.engine.calls).toEqual([3, 4]); // 1 and 2 came from the cache
    expect([...second.result.texts.keys()]).toEqual([1, 2, 3, 4]);
    expect(second.result.overLimit).toEqual([]);
    // All cached: no engine is started at all.
    let started = false;
    await readPagesWithOcr({
      pages: [1, 2],
      pageLimit: 10,
      render: async (n) => image(n),
      recognizer: async () => {
        started = true;
        return new FakeEngine();
      },
      cached: async (n) => cache.get(n),
    });
    expect(started).toBe(false);
  });

  it('stops at once when the student presses Stop, even mid-page, keeping the pages read', async () => {
    const engine = new FakeEngine({ hangOn: 3 });
    const controller = new AbortController();
    const progress: OcrPageProgress[] = [];
    const running = readPagesWithOcr({
      pages: [1, 2, 3, 4],
      pageLimit: 10,
      render: async (n) => image(n),
      recognizer: async () => engine,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        // Stop while the engine is stuck on page 3.
        if (p.page === 3 && p.stage === 'reading' && p.pageProgress === 0.5) setTimeout(() => controller.abort(), 5);
      },
    });
    const result = await running;
    expect(result.stopped).toBe(true);
    expect([...result.texts.keys()]).toEqual([1, 2]);
    expect(engine.terminated).toBe(true); // the engine itself is stopped, not only waited for
    expect(engine.calls).toEqual([1, 2, 3]); // page 4 never started
  });

  it('stops before the engine has started, and while a page is being drawn', async () => {
    const controller = new AbortController();
    controller.abort();
    const never = await readPagesWithOcr({
      pages: [1],
      pageLimit: 5,
      render: async (n) => image(n),
      recognizer: async () => new FakeEngine(),
      signal: controller.signal,
    });
    expect(never).toEqual({ texts: new Map(), overLimit: [], stopped: true });

    const c2 = new AbortController();
    const engine = new FakeEngine();
    const result = await readPagesWithOcr({
      pages: [1, 2],
      pageLimit: 5,
      render: (n, signal) =>
        n === 2
          ? new Promise((_, reject) => {
              signal.addEventListener('abort', () => reject(new Error('render cancelled')));
              setTimeout(() => c2.abort(), 5);
            })
          : Promise.resolve(image(n)),
      recognizer: async () => engine,
      signal: c2.signal,
    });
    expect(result.stopped).toBe(true);
    expect([...result.texts.keys()]).toEqual([1]);
    expect(engine.terminated).toBe(true);
  });

  it('reports an engine failure as a failure, not as a stop', async () => {
    const broken: Recognizer = { recognize: async () => Promise.reject(new Error('out of memory')), terminate: async () => undefined };
    await expect(
      readPagesWithOcr({ pages: [1], pageLimit: 1, render: async (n) => image(n), recognizer: async () => broken }),
    ).rejects.toThrow('out of memory');
  });

  it('gives a page limit of 0 nothing to read, and averages the confidence', async () => {
    const r = await readPagesWithOcr({
      pages: [1, 2],
      pageLimit: 0,
      render: async (n) => image(n),
      recognizer: async () => new FakeEngine(),
    });
    expect(r.overLimit).toEqual([1, 2]);
    expect(
      meanConfidence([
        { text: '', confidence: 80 },
        { text: '', confidence: 91 },
      ]),
    ).toBe(85.5);
    expect(meanConfidence([])).toBe(0);
  });
});

describe('OCR jobs', () => {
  it('stops a job by its id, and forgets it when it ends', () => {
    const jobs = new OcrJobs();
    const signal = jobs.start('job-1');
    expect(jobs.stop('job-1')).toBe(true);
    expect(signal.aborted).toBe(true);
    jobs.end('job-1', signal);
    expect(jobs.stop('job-1')).toBe(false);
    // Starting a job under an id in use stops the older run.
    const a = jobs.start('same');
    const b = jobs.start('same');
    expect(a.aborted).toBe(true);
    expect(b.aborted).toBe(false);
  });
});

describe('the OCR cache', () => {
  let db: LocusDatabase | undefined;
  afterEach(async () => {
    await db?.delete();
    db = undefined;
  });
  it('keeps pages by document, page and languages, the oldest dropped beyond its size', async () => {
    db = new LocusDatabase(`locus-ocr-cache-${process.pid}`);
    const eng = ocrPageCache(db, 'sha-a', ['eng']);
    await eng.remember(1, { text: 'one', confidence: 88 });
    expect(await eng.cached(1)).toEqual({ text: 'one', confidence: 88 });
    expect(await eng.cached(2)).toBeUndefined();
    expect(await ocrPageCache(db, 'sha-a', ['vie', 'eng']).cached(1)).toBeUndefined(); // other languages: read again
    expect(await ocrPageCache(db, 'sha-b', ['eng']).cached(1)).toBeUndefined();
    await db.ocrPages.bulkPut(
      Array.from({ length: MAX_CACHED_OCR_PAGES }, (_, i) => ({
        key: `old:${i}:eng`,
        docKey: 'old',
        page: i,
        languages: 'eng',
        text: '',
        confidence: 0,
        at: i,
      })),
    );
    await eng.remember(2, { text: 'two', confidence: 70 });
    expect(await db.ocrPages.count()).toBe(MAX_CACHED_OCR_PAGES);
    expect(await db.ocrPages.get('old:0:eng')).toBeUndefined();
    expect(await eng.cached(2)).toEqual({ text: 'two', confidence: 70 });
  });
});

const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;

describe('a scanned PDF', () => {
  // The JPEG bytes are never decoded by text extraction: any bytes make a page without text.
  const scan = (n: number) => ({ jpeg: Buffer.from(`not really a jpeg ${n}`), width: 1240, height: 1754 });

  it('has its pages without a text layer read with OCR, up to the limit, and says so', async () => {
    const bytes = makeImagePdf([scan(1), scan(2), scan(3)]);
    const engine = new FakeEngine({ confidence: 80 });
    const drawn: number[] = [];
    const ocr = pdfOcr({
      recognizer: async () => engine,
      createCanvas: (width, height) => ({ width, height, getContext: () => null }),
      encode: async () => image(drawn.at(-1)!),
      languages: ['eng'],
      pageLimit: 2,
    });
    // pdf.js in Node cannot draw: the drawing is replaced, the rest (pages, limits, text) is real.
    const withDrawing = {
      read: (doc: Parameters<typeof ocr.read>[0], pages: readonly number[]) =>
        ocr.read(
          {
            ...doc,
            numPages: doc.numPages,
            getPage: async (n: number) => {
              drawn.push(n);
              return {
                getViewport: ({ scale }: { scale: number }) => ({ width: 595 * scale, height: 842 * scale }),
                render: () => ({ promise: Promise.resolve(), cancel() {} }),
                cleanup() {},
              } as never;
            },
          } as never,
          pages,
        ),
    };
    const page = await extractPdf(pdfjs, new Uint8Array(bytes), 'https://uni.example/scan.pdf', { ocr: withDrawing });
    expect(page.text).toBe('Text of page 1.\n\nText of page 2.');
    expect(page.ocr).toEqual({
      engine: 'tesseract',
      languages: ['eng'],
      pages: [1, 2],
      pagesWithoutText: 3,
      pageLimit: 2,
      stopped: false,
      meanConfidence: 80,
    });
    expect(page.pageStarts).toEqual([0, 17, 32]);
    expect(page.title).toBe('Locus scanned test document');
  });

  it('keeps the text layer of pages that have one and reads only the others', async () => {
    // A text page, then a scanned one: join the two PDFs' page kinds in one file.
    const text = makePdf([['Chapter one has a text layer.']]);
    const mixed = makeImagePdf([scan(1)]);
    const engine = new FakeEngine();
    const seen: number[][] = [];
    const page = await extractPdf(pdfjs, new Uint8Array(mixed), 'https://uni.example/mixed.pdf', {
      ocr: {
        read: async (_doc, pages) => {
          seen.push([...pages]);
          return {
            texts: new Map([[1, (await engine.recognize(image(1))).text]]),
            info: {
              engine: 'tesseract',
              languages: ['eng'],
              pages: [1],
              pagesWithoutText: 1,
              pageLimit: 20,
              stopped: false,
              meanConfidence: 90,
            },
          };
        },
      },
    });
    expect(seen).toEqual([[1]]);
    expect(page.text).toBe('Text of page 1.');
    // A PDF with a text layer never asks for OCR.
    let asked = false;
    const plain = await extractPdf(pdfjs, new Uint8Array(text), 'https://uni.example/t.pdf', {
      ocr: {
        read: async () => {
          asked = true;
          throw new Error('not expected');
        },
      },
    });
    expect(asked).toBe(false);
    expect(plain.text).toContain('Chapter one has a text layer.');
    expect(plain.ocr).toBeUndefined();
  });

  it('says what happened when OCR was stopped before any page, or found no text', async () => {
    const bytes = makeImagePdf([scan(1)]);
    const info = { engine: 'tesseract' as const, languages: ['eng'], pages: [], pagesWithoutText: 1, pageLimit: 20, meanConfidence: 0 };
    await expect(
      extractPdf(pdfjs, new Uint8Array(bytes), 'u', {
        ocr: { read: async () => ({ texts: new Map(), info: { ...info, stopped: true } }) },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    await expect(
      extractPdf(pdfjs, new Uint8Array(bytes), 'u', {
        ocr: { read: async () => ({ texts: new Map([[1, '  ']]), info: { ...info, stopped: false } }) },
      }),
    ).rejects.toMatchObject({ code: 'no-readable-text', message: expect.stringContaining('OCR') });
    await expect(extractPdf(pdfjs, new Uint8Array(bytes), 'u')).rejects.toMatchObject({
      code: 'no-readable-text',
      message: expect.stringContaining('no text layer'),
    });
  });

  it('draws pages at about 200 dpi, capped for posters', () => {
    expect(ocrScale(595, 842)).toBeCloseTo(200 / 72, 5); // A4: 1653 × 2339 px
    expect(ocrScale(2384, 3370) * 3370).toBeCloseTo(2400, 5); // A0: its longer side capped
  });
});
