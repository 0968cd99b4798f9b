import { startOffscreenRelay } from '../../lib/engine-host/offscreen-relay';
import { readLocalFileXhr, servePdfExtraction } from '../../lib/pdf/offscreen-pdf-service';
import { browser } from '../../lib/platform/extension-api';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { loadSettings } from '../../lib/settings/settings';
import { database } from '../../lib/store/db';
import EngineWorker from './engine.worker.ts?worker';

startOffscreenRelay(new EngineWorker());

servePdfExtraction({
  // pdf.js and its worker load on the first PDF only; both are files of the package.
  loadPdfJs: async () => {
    const [pdfjs, { default: PdfWorker }] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?worker')]);
    pdfjs.GlobalWorkerOptions.workerPort ??= new PdfWorker();
    return pdfjs as never;
  },
  gate: createNetworkGate(() => loadSettings(database()), { packageOrigin: location.origin }),
  readLocalFile: readLocalFileXhr,
  packageUrl: (path) => browser.runtime.getURL(path as never),
});
