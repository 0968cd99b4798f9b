// Bundles tests/e2e/llama-page/main.ts and serves it, wllama's .wasm and the given model files
// cross-origin isolated (as the extension's pages are: without it wllama gets no threads).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import type { startPageServer } from '../../support/page-server.mjs';
import { repoRoot } from '../../support/shared-data.mjs';

export const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Serves the page at /llama/index.html and each `files` entry (URL path → file on disk); returns the page's address. */
export async function serveLlamaPage(pages: Awaited<ReturnType<typeof startPageServer>>, files: Record<string, string>): Promise<string> {
  const bundle = await build({
    entryPoints: [path.join(repoRoot, 'tests/e2e/llama-page/main.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  const wasm = path.join(path.dirname(createRequire(import.meta.url).resolve('@wllama/wllama/package.json')), 'esm/wasm/wllama.wasm');
  pages.add(
    '/llama/index.html',
    '<!doctype html><title>loading</title><script type="module" src="/llama/main.js"></script>',
    undefined,
    ISOLATED,
  );
  pages.add('/llama/main.js', bundle.outputFiles[0]!.text, 'text/javascript', ISOLATED);
  pages.add('/wllama.wasm', readFileSync(wasm), 'application/wasm', ISOLATED);
  for (const [at, file] of Object.entries(files)) pages.add(at, readFileSync(file), 'application/octet-stream', ISOLATED);
  return `${pages.origin}/llama/index.html`;
}
