// Builds what the benchmark loads: the extension with the stand-in models added to its catalog
// (a separate output folder, so the normal build is untouched), and the raw transformers.js page
// bundled by the same Vite with the same module resolution, hence the same onnxruntime-web JS.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/shared-data.mjs';

export const rawBuildDir = path.join(repoRoot, '.output/bench-raw');

/**
 * `npm run build` with the catalog additions, into its own output folder; ~10 s, so it runs every
 * time (others edit the sources meanwhile). `cap` > 0 caps every answer at that many new tokens
 * (WXT_LOCUS_MAX_NEW_TOKENS, lib/tasks/answer-cap.ts); 0 builds the product's own budgets.
 * @returns {Promise<string>} the chrome-mv3 folder to load
 */
export async function buildExtension(extraCatalogFile, cap) {
  const outDir = cap > 0 ? `.output/bench-cap${cap}` : '.output/bench';
  const extensionDir = path.join(repoRoot, outDir, 'chrome-mv3');
  const env = { ...process.env, LOCUS_CATALOG_EXTRA: extraCatalogFile, LOCUS_OUT_DIR: outDir };
  if (cap > 0) env.WXT_LOCUS_MAX_NEW_TOKENS = String(cap);
  else delete env.WXT_LOCUS_MAX_NEW_TOKENS;
  const output = [];
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`The benchmark build of the extension failed (exit ${code}):\n${Buffer.concat(output).toString().slice(-4000)}`);
  }
  return extensionDir;
}

/** The raw page (tests/bench/raw-page) bundled with Vite's defaults, as the extension's worker is. */
export async function buildRawPage() {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: path.join(repoRoot, 'tests/bench/raw-page'),
    logLevel: 'error',
    worker: { format: 'es' },
    build: { outDir: rawBuildDir, emptyOutDir: true, target: 'esnext', minify: true, chunkSizeWarningLimit: 100_000 },
  });
  return rawBuildDir;
}
