/**
 * The offscreen document's OCR service without a browser: the Vietnamese data downloaded through
 * Locus's verified downloader and the network gate (model host only; a tampered file refused), the
 * languages' status, a missing language said plainly, a PDF with a text layer never touched by OCR
 * (nor failing for want of OCR data), an image fetched for its tab and read, Stop.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/catalog/catalog';
import type { OcrDownloadProgress, OcrProgress } from '../../lib/messaging/protocol';
import { FsModelStore } from '../support/fs-store';
import {
  OcrJobs,
  deleteOcrLanguage,
  downloadOcrLanguage,
  ocrLanguageStatus,
  pdfOcrFor,
  readImage,
  type OcrServiceDeps,
} from '../../lib/offscreen/ocr-service';
import { suggestedOcrLanguages } from '../../lib/ocr/ocr-languages';
import type { LanguageData, Recognizer } from '../../lib/ocr/recognizer';
import { extractPdf, type PdfJs } from '../../lib/pdf/extract-pdf';
import { issueFetchGrant } from '../../lib/privacy/fetch-grant';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';
import { makePdf } from '../support/make-pdf.mjs';

const require = createRequire(import.meta.url);
const VIE = readFileSync(
  path.join(path.dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int', 'vie.traineddata.gz'),
);
const ENG = readFileSync(
  path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz'),
);
const HOST = 'https://models.school.example';
const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;

let dir: string;
let db: LocusDatabase;
let requests: string[];
let served: Buffer;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-ocr-store-'));
  db = new LocusDatabase(`locus-ocr-service-${process.pid}-${Math.random()}`);
  requests = [];
  served = VIE;
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.delete();
});

function deps(over: Partial<OcrServiceDeps> = {}) {
  const broadcasts: Array<OcrProgress | OcrDownloadProgress> = [];
  const engines: Array<{ languages: string[]; terminated: boolean }> = [];
  const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, modelHost: HOST }), {
    baseFetch: (async (url: string) => {
      requests.push(url);
      if (url.startsWith(`${HOST}/`)) return new Response(new Uint8Array(served), { headers: { 'content-length': String(served.length) } });
      if (url === 'https://uni.example/scan.png')
        return new Response(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } });
      return new Response('', { status: 404 });
    }) as typeof fetch,
  });
  const d: OcrServiceDeps = {
    gate,
    store: new FsModelStore(dir),
    db: () => db,
    readPackageFile: async (p) => {
      expect(p).toBe('/tesseract/eng.traineddata.gz');
      return new Uint8Array(ENG);
    },
    recognizerFactory: async (languages: readonly LanguageData[]) => {
      const engine = { languages: languages.map((l) => l.code), terminated: false };
      engines.push(engine);
      const r: Recognizer = {
        recognize: async (_image, onProgress) => {
          onProgress?.(1);
          return { text: `Read with ${engine.languages.join('+')}.`, confidence: 88 };
        },
        terminate: async () => void (engine.terminated = true),
      };
      return r;
    },
    broadcast: (m) => void broadcasts.push(m),
    normalizeImage: async (bytes) => bytes,
    createCanvas: (width, height) => ({ width, height, getContext: () => null }),
    encodeCanvas: async () => new Uint8Array([1]),
    sha256: async (bytes) => `sha-${bytes.byteLength}`,
    modelHost: async () => HOST,
    ...over,
  };
  return { d, broadcasts, engines };
}

describe('OCR languages', () => {
  it('are English in the package and Vietnamese as a verified download from the model host', async () => {
    const { d, broadcasts } = deps();
    const before = await ocrLanguageStatus(d.store);
    expect(before.map((l) => [l.code, l.packaged, l.downloaded])).toEqual([
      ['eng', true, true],
      ['vie', false, false],
    ]);
    const jobs = new OcrJobs();
    expect(await downloadOcrLanguage('vie', 'dl', d, jobs)).toEqual({ bytes: VIE.length });
    expect(requests).toEqual([`${HOST}/locus-ocr/tessdata-vie/resolve/4.0.0_best_int/vie.traineddata.gz`]);
    expect(broadcasts.at(-1)).toMatchObject({
      type: 'ocr.download.progress',
      jobId: 'dl',
      code: 'vie',
      loaded: VIE.length,
      total: VIE.length,
    });
    expect((await ocrLanguageStatus(d.store)).find((l) => l.code === 'vie')!.downloaded).toBe(true);
    // English ships with Locus: nothing to download.
    expect(await downloadOcrLanguage('eng', 'dl2', d, jobs)).toEqual({ bytes: 0 });
    expect(requests).toHaveLength(1);
    expect(await deleteOcrLanguage('vie', d)).toEqual({ freedBytes: VIE.length });
    expect((await ocrLanguageStatus(d.store)).find((l) => l.code === 'vie')!.downloaded).toBe(false);
  });

  it('refuses a file whose bytes are not the catalog’s, and keeps nothing of it', async () => {
    served = Buffer.from(VIE);
    served[1000] = served[1000]! ^ 0xff;
    const { d } = deps();
    await expect(downloadOcrLanguage('vie', 'dl', d, new OcrJobs())).rejects.toMatchObject({ code: 'model-checksum-mismatch' });
    expect((await ocrLanguageStatus(d.store)).find((l) => l.code === 'vie')!.downloaded).toBe(false);
  });

  it('suggests the student’s own language when Locus has it', () => {
    expect(suggestedOcrLanguages('vi-VN')).toEqual(['vie', 'eng']);
    expect(suggestedOcrLanguages('de')).toEqual(['eng']);
    expect(catalog.ocrLanguages.find((l) => l.code === 'vie')!.download!.files[0]).toMatchObject({ size: VIE.length });
  });
});

describe('OCR of a PDF', () => {
  it('is never started for a PDF with a text layer, even when a chosen language is missing', async () => {
    const { d, engines } = deps();
    const bytes = new Uint8Array(makePdf([['A page with a text layer.']]));
    const setup = await pdfOcrFor(bytes, { jobId: 'j', pageLimit: 20, languages: ['vie', 'eng'] }, d, new OcrJobs());
    const page = await extractPdf(pdfjs, bytes, 'https://uni.example/t.pdf', { ocr: setup.ocr });
    setup.done();
    expect(page.text).toContain('A page with a text layer.');
    expect(page.ocr).toBeUndefined();
    expect(engines).toHaveLength(0);
  });

  it('says plainly that a language must be downloaded before scanned pages are read in it', async () => {
    const { d } = deps();
    const bytes = new Uint8Array(makePdf([[]]));
    const setup = await pdfOcrFor(bytes, { jobId: 'j', pageLimit: 20, languages: ['vie', 'eng'] }, d, new OcrJobs());
    await expect(extractPdf(pdfjs, bytes, 'u', { ocr: setup.ocr })).rejects.toMatchObject({
      code: 'ocr-language-missing',
      message: expect.stringContaining('Download it in Models'),
    });
  });
});

describe('OCR of an image', () => {
  // The background's grant for the student's action: the tab's page and the images it named.
  const page = issueFetchGrant(
    { id: 3, url: 'https://uni.example/notes' },
    { resources: ['https://uni.example/scan.png', 'https://uni.example/missing.png'] },
  );
  it('fetches the image for its tab through the gate and reads it in the chosen languages', async () => {
    const { d, broadcasts, engines } = deps();
    await downloadOcrLanguage('vie', 'dl', d, new OcrJobs());
    const result = await readImage(
      'https://uni.example/scan.png',
      page,
      { jobId: 'img', pageLimit: 1, languages: ['vie', 'eng'] },
      d,
      new OcrJobs(),
    );
    expect(result).toMatchObject({
      source: 'image',
      title: 'scan.png',
      text: 'Read with vie+eng.',
      ocr: { engine: 'tesseract', languages: ['vie', 'eng'], pages: [1], meanConfidence: 88 },
    });
    expect(engines).toEqual([{ languages: ['vie', 'eng'], terminated: true }]);
    expect(broadcasts.filter((b) => b.type === 'ocr.progress').at(-1)).toMatchObject({ jobId: 'img', page: 1, pages: 1, stage: 'done' });
    // Read again: from the cache, no engine started.
    await readImage('https://uni.example/scan.png', page, { jobId: 'img2', pageLimit: 1, languages: ['vie', 'eng'] }, d, new OcrJobs());
    expect(engines).toHaveLength(1);
  });

  it('refuses what is not a web address, says when the site gives nothing, and stops', async () => {
    const { d } = deps();
    await expect(
      readImage('file:///etc/passwd', page, { jobId: 'a', pageLimit: 1, languages: ['eng'] }, d, new OcrJobs()),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(
      readImage('https://uni.example/missing.png', page, { jobId: 'b', pageLimit: 1, languages: ['eng'] }, d, new OcrJobs()),
    ).rejects.toMatchObject({ code: 'ocr-failed', message: expect.stringContaining('HTTP 404') });
    const jobs = new OcrJobs();
    const slow = deps({
      recognizerFactory: async () => ({ recognize: () => new Promise(() => undefined), terminate: async () => undefined }),
    });
    const reading = readImage('https://uni.example/scan.png', page, { jobId: 'c', pageLimit: 1, languages: ['eng'] }, slow.d, jobs);
    setTimeout(() => jobs.stop('c'), 30);
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' });
  });
});
