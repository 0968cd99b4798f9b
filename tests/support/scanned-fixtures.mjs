// Scanned readings for OCR tests: pages that are images of known sentences (drawn by Chromium,
// embedded as JPEG in a PDF with no text layer), an image of one such page for "Read this image
// with Locus", and where the Vietnamese OCR data is served from in tests (the local model host).
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { makeImagePdf } from './make-pdf.mjs';
import { renderTextImages } from './text-images.mjs';

/** The sentences on each scanned page, line by line (a reading on the water cycle). */
export const SCANNED_PAGES = [
  [
    'The Water Cycle',
    '',
    'Water evaporates from oceans and lakes when the sun',
    'warms their surface. The vapour rises, cools, and',
    'condenses into tiny droplets that form clouds.',
    'When the droplets grow heavy, they fall back to the',
    'ground as rain, snow, or hail.',
  ],
  [
    'Runoff and Groundwater',
    '',
    'Some of the rain flows over the land into rivers and',
    'returns to the sea. This flow is called runoff. The',
    'rest soaks into the soil and becomes groundwater,',
    'which can stay underground for thousands of years.',
  ],
];

/** A Vietnamese page (read with the downloaded Vietnamese data). */
export const VIETNAMESE_PAGE = [
  'Vòng tuần hoàn của nước',
  '',
  'Nước bốc hơi từ biển và hồ khi mặt trời sưởi ấm',
  'bề mặt. Hơi nước bay lên, nguội đi và ngưng tụ',
  'thành những giọt nhỏ tạo nên mây.',
];

/** The known text of the scanned pages, as OCR should read it (pages separated by a blank line). */
export function scannedText(pages = SCANNED_PAGES) {
  return pages.map((lines) => lines.filter(Boolean).join('\n')).join('\n\n');
}

/**
 * @param {import('puppeteer-core').Browser} browser a browser to draw the pages with
 * @param {{ scanned?: boolean, width?: number, height?: number, fontPx?: number }} [options] see text-images.mjs
 * @returns {Promise<{ pdf: Buffer, images: Array<{ bytes: Buffer, width: number, height: number, type: string }> }>}
 */
export async function makeScannedPdf(browser, pages = SCANNED_PAGES, options = {}) {
  const images = await renderTextImages(browser, pages, options);
  const pdf = makeImagePdf(
    images.map((i) => ({ jpeg: i.bytes, width: i.width, height: i.height })),
    { title: 'Scanned reading: the water cycle', dpi: 150 },
  );
  return { pdf, images };
}

/**
 * The Vietnamese OCR data on a local model host (tests/support/model-host.mjs), at the catalog's id
 * `locus-ocr/tessdata-vie` (lib/catalog ocrLanguages): a mount of prefix 'locus-ocr' whose folder
 * holds `tessdata-vie/`, a link to the npm package's data folder.
 */
export function vietnameseOcrMount() {
  const require = createRequire(import.meta.url);
  const data = path.join(path.dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'locus-ocr-host-'));
  symlinkSync(data, path.join(dir, 'tessdata-vie'), 'dir');
  return { prefix: 'locus-ocr', dir };
}
