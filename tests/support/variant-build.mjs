// A variant of the extension for tests that need build-time inputs the normal build does not have:
// extra catalog models (LOCUS_CATALOG_EXTRA) and other build variables, written to its own output
// folder so the normal build in .output/chrome-mv3 is never replaced. About 20–90 s per build.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

/**
 * @param {string} outDir output folder relative to the repository (e.g. '.output/e2e-trust')
 * @param {{ extraModels?: unknown[], env?: Record<string, string> }} [options]
 * @returns {Promise<string>} the chrome-mv3 folder to load
 */
export async function buildVariant(outDir, { extraModels = [], env = {} } = {}) {
  const work = path.join(repoRoot, outDir, 'work');
  await fs.mkdir(work, { recursive: true });
  const extra = path.join(work, 'catalog-extra.json');
  await fs.writeFile(extra, JSON.stringify(extraModels, null, 2));
  const extensionDir = path.join(repoRoot, outDir, 'chrome-mv3');
  const output = [];
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build'], {
      cwd: repoRoot,
      env: { ...process.env, LOCUS_CATALOG_EXTRA: extra, LOCUS_OUT_DIR: outDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`The test build in ${outDir} failed (exit ${code}):\n${Buffer.concat(output).toString().slice(-4000)}`);
  }
  return extensionDir;
}
