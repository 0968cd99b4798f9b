// Builds the library benchmark's two pages (tests/bench/library-pages) with Vite: raw.html (plain
// transformers.js feature extraction, no Locus code) and scale.html (Locus's lib/library code in a
// worker). Same bundler and module resolution as the extension, hence the same onnxruntime-web.
import path from 'node:path';
import { repoRoot } from '../support/shared-data.mjs';

export const libraryPagesDir = path.join(repoRoot, '.output/bench-library-pages');

export async function buildLibraryPages() {
  const { build } = await import('vite');
  const root = path.join(repoRoot, 'tests/bench/library-pages');
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    worker: { format: 'es' },
    build: {
      outDir: libraryPagesDir,
      emptyOutDir: true,
      target: 'esnext',
      minify: true,
      chunkSizeWarningLimit: 100_000,
      rollupOptions: { input: { raw: path.join(root, 'raw.html'), scale: path.join(root, 'scale.html') } },
    },
  });
  return libraryPagesDir;
}
