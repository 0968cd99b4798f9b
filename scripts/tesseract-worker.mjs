// tesseract.js's worker script, as Locus ships it (wxt.config.ts), with one upstream bug fixed.
//
// tesseract.js (5.x to 7.0.0 at least) accepts language data as objects `{ code, data }` (what
// Locus passes: the bytes of the package's English data, or of a downloaded language, so its
// worker never fetches them), but its worker's `initialize` names the languages with `l.data`
// instead of `l.code`: Tesseract is then asked for a language called "31,139,8,…" (the gzip
// bytes), fails, and `createWorker` never settles. The fix is that one property; the build fails
// if the code it fixes is not found exactly once (a tesseract.js update must be looked at), and
// accepts a worker in which upstream has fixed it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const BUGGY = 'return"string"==typeof t?t:t.data}';
const FIXED = 'return"string"==typeof t?t:t.code}';

/** @param {string} source dist/worker.min.js of tesseract.js */
export function patchTesseractWorker(source) {
  const count = source.split(BUGGY).length - 1;
  if (count === 1) return source.replace(BUGGY, FIXED);
  if (count === 0 && source.includes(FIXED)) return source;
  throw new Error(
    `tesseract.js worker: expected the language-name code once, found it ${count} times. Check scripts/tesseract-worker.mjs against this tesseract.js version.`,
  );
}

export function tesseractWorkerPath() {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('tesseract.js/package.json')), 'dist', 'worker.min.js');
}

export function patchedTesseractWorker() {
  return patchTesseractWorker(readFileSync(tesseractWorkerPath(), 'utf8'));
}
