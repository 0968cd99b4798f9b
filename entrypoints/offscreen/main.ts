import { startOffscreenRelay } from '../../lib/engine-host/offscreen-relay';
import { OpfsModelStore } from '../../lib/model-files/opfs-store';
import { createPageCanvas, encodePng, normalizeImage, sha256Hex } from '../../lib/offscreen/image-tools';
import { serveOffscreenRequests } from '../../lib/offscreen/offscreen-requests';
import { tesseractRecognizerFactory } from '../../lib/ocr/tesseract-recognizer';
import { readLocalFileXhr } from '../../lib/pdf/offscreen-pdf-service';
import { browser } from '../../lib/platform/extension-api';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { loadSettings } from '../../lib/settings/settings';
import { database } from '../../lib/store/db';
import EngineWorker from './engine.worker.ts?worker';

startOffscreenRelay(new EngineWorker());

const gate = createNetworkGate(() => loadSettings(database()), { packageOrigin: location.origin });
const packageUrl = (path: string) => browser.runtime.getURL(path as never);

serveOffscreenRequests({
  pdf: {
    // pdf.js and its worker load on the first PDF only; both are files of the package.
    loadPdfJs: async () => {
      const [pdfjs, { default: PdfWorker }] = await Promise.all([
        import('pdfjs-dist'),
        import('pdfjs-dist/build/pdf.worker.min.mjs?worker'),
      ]);
      pdfjs.GlobalWorkerOptions.workerPort ??= new PdfWorker();
      return pdfjs as never;
    },
    gate,
    readLocalFile: readLocalFileXhr,
    packageUrl,
  },
  ocr: {
    gate,
    store: new OpfsModelStore(),
    db: database,
    readPackageFile: async (path) => new Uint8Array(await (await gate.fetch(packageUrl(path), undefined, 'model-download')).arrayBuffer()),
    recognizerFactory: tesseractRecognizerFactory(packageUrl),
    broadcast: (message) => void browser.runtime.sendMessage(message).catch(() => undefined),
    normalizeImage,
    createCanvas: createPageCanvas,
    encodeCanvas: encodePng,
    sha256: sha256Hex,
    modelHost: async () => (await loadSettings(database())).modelHost,
  },
  parseXml: (text) => new DOMParser().parseFromString(text, 'text/xml'),
});
