/**
 * The build's rewriting of libraries' remote code defaults (scripts/vite-no-remote-code.mjs), on the
 * installed libraries' own files: tesseract.js's bundled default worker path, and the worker script
 * the build copies (its core's and language data's jsDelivr defaults). A default that moved fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchedTesseractWorker } from '../../scripts/tesseract-worker.mjs';
import { REMOTE_CODE_DEFAULTS, TESSERACT_WORKER_REMOTE_DEFAULTS, withoutRemoteCodeDefaults } from '../../scripts/vite-no-remote-code.mjs';

const require = createRequire(import.meta.url);

describe('remote code defaults', () => {
  it("tesseract.js's worker script, as shipped, names no jsDelivr address", () => {
    const worker = patchedTesseractWorker();
    expect(worker).toContain('cdn.jsdelivr.net');
    const shipped = withoutRemoteCodeDefaults(worker, TESSERACT_WORKER_REMOTE_DEFAULTS, 'worker.min.js');
    expect(shipped).not.toMatch(/https?:\/\/[^"'`]*jsdelivr/);
    expect(shipped).toContain('"/tesseract/tesseract.js-core@v"');
    expect(() => withoutRemoteCodeDefaults('console.log(1)', TESSERACT_WORKER_REMOTE_DEFAULTS, 'another worker')).toThrow(
      /no longer written as expected in another worker/,
    );
  });

  it("every bundled rule matches its library's installed source", () => {
    const sources: Record<string, string> = {
      'tesseract.js': require.resolve('tesseract.js/src/worker/browser/defaultOptions.js'),
    };
    const tesseractRule = REMOTE_CODE_DEFAULTS.find((r) => r.module.test(sources['tesseract.js']!));
    expect(tesseractRule).toBeDefined();
    expect(readFileSync(sources['tesseract.js']!, 'utf8')).toContain(tesseractRule!.from);
  });
});
