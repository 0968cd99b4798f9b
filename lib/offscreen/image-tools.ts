/**
 * Browser pieces of OCR that need a document (the offscreen document has one): canvases for pdf.js
 * to draw pages on, PNG encoding, and turning any image the browser can decode (JPEG, PNG, WebP,
 * GIF, AVIF, BMP, SVG) into a PNG sized for OCR.
 */
import type { OcrImage } from '../ocr/recognizer';
import type { PageCanvas } from '../pdf/pdf-ocr';

export function createPageCanvas(width: number, height: number): PageCanvas {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas as unknown as PageCanvas;
}

export function encodePng(canvas: PageCanvas): Promise<OcrImage> {
  return new Promise((resolve, reject) => {
    (canvas as unknown as HTMLCanvasElement).toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the page could not be drawn'))),
      'image/png',
    );
  });
}

/**
 * Text in small images is too small for OCR (Tesseract wants letters some 20 pixels high): images
 * are scaled up to at least 1600 pixels on their longer side, and down to at most 4000.
 */
export function ocrImageSize(width: number, height: number, minSide = 1600, maxSide = 4000): { width: number; height: number } {
  const longer = Math.max(width, height, 1);
  const scale = longer < minSide ? Math.min(4, minSide / longer) : longer > maxSide ? maxSide / longer : 1;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function normalizeImage(bytes: Uint8Array, contentType: string): Promise<OcrImage> {
  const type = contentType.split(';')[0]?.trim() || 'application/octet-stream';
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type }));
  try {
    const size = ocrImageSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    // A white ground: transparent PNGs would otherwise read as black text on black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    return await encodePng(canvas as unknown as PageCanvas);
  } finally {
    bitmap.close();
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
