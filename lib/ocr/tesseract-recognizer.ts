/**
 * Tesseract (tesseract.js + tesseract.js-core, WebAssembly) as Locus's OCR engine. It runs in a
 * worker of its own that the offscreen document starts, not in the engine worker: the engine worker
 * runs one model task at a time, so twenty pages of OCR there would hold every summary and answer
 * back for minutes, and Tesseract brings its own worker script anyway. Recognition happens in that
 * worker; the offscreen document only hands it page images.
 *
 * Nothing is fetched from a CDN (tesseract.js's defaults): the worker script and the core (the
 * SIMD LSTM build: every Chrome Locus supports has WebAssembly SIMD) are files of the package,
 * the language data is given as bytes (read from the package or from Locus's verified model
 * store), and its IndexedDB cache is off.
 */
import Tesseract from 'tesseract.js';
import { LocusError } from '../errors';
import type { LanguageData, Recognizer, RecognizerFactory } from './recognizer';

/** Package folder with worker.min.js, tesseract-core-simd-lstm.js and .wasm (see wxt.config.ts). */
export const TESSERACT_DIR = '/tesseract/';
export const TESSERACT_CORE_FILE = 'tesseract-core-simd-lstm.js';

/** tesseract.js's start-up statuses, in the order its worker goes through them. */
const LOAD_STAGES = ['loading tesseract core', 'initializing tesseract', 'loading language traineddata', 'initializing api'];

export function tesseractRecognizerFactory(packageUrl: (path: string) => string): RecognizerFactory {
  return async (languages: readonly LanguageData[], onLoad?: (fraction: number) => void): Promise<Recognizer> => {
    let onRecognize: ((fraction: number) => void) | undefined;
    let failure: unknown;
    const worker = await Tesseract.createWorker(
      languages.map((l) => ({ code: l.code, data: l.data })),
      Tesseract.OEM.LSTM_ONLY,
      {
        workerPath: packageUrl(`${TESSERACT_DIR}worker.min.js`),
        // A file, not a folder: with a folder tesseract.js picks a build by itself (and the folder
        // would have to hold every build).
        corePath: packageUrl(`${TESSERACT_DIR}${TESSERACT_CORE_FILE}`),
        workerBlobURL: false,
        cacheMethod: 'none',
        gzip: true,
        logger: (m) => {
          if (m.status === 'recognizing text') onRecognize?.(m.progress);
          else {
            // Starting goes through four stages, each from 0 to 1: one rising figure for the student.
            const stage = LOAD_STAGES.indexOf(m.status);
            if (stage >= 0) onLoad?.(Math.min(0.99, (stage + m.progress) / LOAD_STAGES.length));
          }
        },
        errorHandler: (error: unknown) => {
          failure = error;
        },
      },
    ).catch((error: unknown) => {
      throw new LocusError('ocr-failed', `Locus could not start its text reader (OCR): ${String(error)}.`);
    });
    return {
      async recognize(image, onProgress) {
        onRecognize = onProgress;
        try {
          const result = await worker.recognize(image instanceof Blob ? image : new Blob([image as BlobPart]));
          return { text: String(result.data.text ?? ''), confidence: Number(result.data.confidence ?? 0) };
        } catch (error) {
          throw new LocusError('ocr-failed', `Locus's text reader (OCR) failed on this image: ${String(failure ?? error)}.`);
        } finally {
          onRecognize = undefined;
        }
      },
      async terminate() {
        await worker.terminate();
      },
    };
  };
}
