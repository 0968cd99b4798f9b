/**
 * The tesseract.js worker Locus ships has its one known bug fixed (scripts/tesseract-worker.mjs):
 * language objects `{ code, data }` are named by their code when Tesseract starts, not by their
 * bytes. The patch applies to the installed version exactly once, leaves a fixed worker alone, and
 * fails the build on a worker it does not know.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { patchTesseractWorker, patchedTesseractWorker, tesseractWorkerPath } from '../../scripts/tesseract-worker.mjs';

describe('the shipped tesseract.js worker', () => {
  it('names languages by their code', () => {
    const original = readFileSync(tesseractWorkerPath(), 'utf8');
    const patched = patchedTesseractWorker();
    expect(original).toContain('return"string"==typeof t?t:t.data}');
    expect(patched).not.toContain('return"string"==typeof t?t:t.data}');
    expect(patched).toContain('return"string"==typeof t?t:t.code}');
    expect(patched.length).toBe(original.length);
    expect(patchTesseractWorker(patched)).toBe(patched); // already fixed: left alone
    expect(() => patchTesseractWorker('console.log("another worker")')).toThrow(/tesseract-worker\.mjs/);
  });
});
