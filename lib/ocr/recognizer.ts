/** What OCR needs from an engine (Tesseract in the product; a stand-in in unit tests). */

/** Tesseract language data, as bytes (gzip or not). */
export interface LanguageData {
  code: string;
  data: Uint8Array;
}

export interface OcrResult {
  text: string;
  /** Mean word confidence, 0..100. */
  confidence: number;
}

/** An encoded image (PNG, JPEG, …) to read. */
export type OcrImage = Uint8Array | Blob;

export interface Recognizer {
  /** Reads one image; `onProgress` gets 0..1 as the engine works through it. */
  recognize(image: OcrImage, onProgress?: (fraction: number) => void): Promise<OcrResult>;
  /** Frees the engine at once; a recognition in progress never settles after this. */
  terminate(): Promise<void>;
}

/** Starts an engine loaded with these languages; `onLoad` reports 0..1 while it starts. */
export type RecognizerFactory = (languages: readonly LanguageData[], onLoad?: (fraction: number) => void) => Promise<Recognizer>;
