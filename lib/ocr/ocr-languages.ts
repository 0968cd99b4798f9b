/**
 * OCR languages (models/catalog.json → ocrLanguages): English ships in the package; others, such
 * as Vietnamese, are downloaded by Locus's verified downloader from the model host (same layout,
 * gate, checks and store as model files), once, when the student asks.
 */
import { catalog as defaultCatalog, findOcrLanguage, type Catalog, type OcrLanguageEntry } from '../catalog/catalog';
import { LocusError } from '../errors';
import type { OcrLanguageStatus } from '../messaging/protocol';
import type { DownloadPlan } from '../model-files/download';
import type { ModelFileStore } from '../model-files/store';
import { baseLanguage } from '../settings/languages';
import type { LanguageData } from './recognizer';

export function requireOcrLanguage(code: string, from: Catalog = defaultCatalog): OcrLanguageEntry {
  const entry = findOcrLanguage(code, from);
  if (!entry) throw new LocusError('ocr-language-missing', `Locus has no OCR data for the language "${code}".`);
  return entry;
}

/** The OCR languages that fit a student: their own language's when Locus has it, and English. */
export function suggestedOcrLanguages(studentLanguage: string, from: Catalog = defaultCatalog): string[] {
  const own = from.ocrLanguages.find((l) => l.lang === baseLanguage(studentLanguage));
  return [...new Set([...(own ? [own.code] : []), 'eng'])].filter((c) => findOcrLanguage(c, from));
}

/** The download of a language's data, like a model's: {host}/{id}/resolve/{revision}/{file}. */
export function ocrDownloadPlan(entry: OcrLanguageEntry, host: string): DownloadPlan {
  if (!entry.download) throw new LocusError('internal', `${entry.name} OCR data ships with Locus: there is nothing to download.`);
  return { modelId: entry.download.id, revision: entry.download.revision, host, files: entry.download.files };
}

export async function ocrLanguageStatus(store: ModelFileStore, from: Catalog = defaultCatalog): Promise<OcrLanguageStatus[]> {
  const out: OcrLanguageStatus[] = [];
  for (const entry of from.ocrLanguages) {
    if (entry.packaged) {
      out.push({ code: entry.code, name: entry.name, lang: entry.lang, packaged: true, downloaded: true, bytes: entry.packaged.size });
      continue;
    }
    const d = entry.download!;
    let downloaded = true;
    let bytes = 0;
    for (const file of d.files) {
      bytes += file.size ?? file.approxSize ?? 0;
      const size = await store.size({ modelId: d.id, revision: d.revision, path: file.path });
      if (size === undefined || (file.size !== null && size !== file.size)) downloaded = false;
    }
    out.push({ code: entry.code, name: entry.name, lang: entry.lang, packaged: false, downloaded, bytes });
  }
  return out;
}

export interface LanguageDataDeps {
  /** A file of the extension package ('/tesseract/eng.traineddata.gz'). */
  readPackageFile(path: string): Promise<Uint8Array>;
  store: ModelFileStore;
}

/** The data of each language, from the package or the verified store; a missing download is said plainly. */
export async function loadLanguageData(
  codes: readonly string[],
  deps: LanguageDataDeps,
  from: Catalog = defaultCatalog,
): Promise<LanguageData[]> {
  const out: LanguageData[] = [];
  for (const code of codes) {
    const entry = requireOcrLanguage(code, from);
    if (entry.packaged) {
      const data = await deps.readPackageFile(`/${entry.packaged.path}`);
      if (data.byteLength !== entry.packaged.size) {
        throw new LocusError(
          'ocr-failed',
          `The ${entry.name} OCR data in Locus's package is damaged (${data.byteLength} bytes, expected ${entry.packaged.size}). Reinstall Locus.`,
        );
      }
      out.push({ code, data });
      continue;
    }
    const d = entry.download!;
    const file = d.files[0]!;
    const blob = await deps.store.read({ modelId: d.id, revision: d.revision, path: file.path });
    if (!blob) {
      const mb = ((file.size ?? file.approxSize ?? 0) / 1e6).toFixed(1);
      throw new LocusError(
        'ocr-language-missing',
        `Reading ${entry.name} text needs its OCR data (${mb} MB), which is not downloaded yet. Download it in Models, or choose another OCR language.`,
      );
    }
    out.push({ code, data: new Uint8Array(await blob.arrayBuffer()) });
  }
  return out;
}
