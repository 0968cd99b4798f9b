// The extension as the library's end-to-end tests load it: the normal build plus the MiniLM
// stand-in in its catalog (LOCUS_CATALOG_EXTRA), written to its own output folder so the normal
// build in .output/chrome-mv3 is never replaced. Built once per test file (~20 s).
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { minilmCatalogEntry } from './library-standin.mjs';
import { repoRoot } from './shared-data.mjs';

/**
 * @param {string} outDir output folder relative to the repository (e.g. '.output/e2e-library')
 * @param {Record<string, string>} [env] more build-time variables
 * @param {'chrome' | 'firefox'} [browser] which build (Firefox: `wxt build -b firefox`, folder firefox-mv2)
 * @returns {Promise<string>} the chrome-mv3 (or firefox-mv2) folder to load
 */
export async function buildWithStandin(outDir, env = {}, browser = 'chrome') {
  const work = path.join(repoRoot, outDir, 'work');
  await fs.mkdir(work, { recursive: true });
  const extra = path.join(work, 'catalog-extra.json');
  await fs.writeFile(extra, JSON.stringify([await minilmCatalogEntry()], null, 2));
  const extensionDir = path.join(repoRoot, outDir, browser === 'firefox' ? 'firefox-mv2' : 'chrome-mv3');
  const output = [];
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build', ...(browser === 'firefox' ? ['-b', 'firefox'] : [])], {
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
    throw new Error(`The build with the MiniLM stand-in failed (exit ${code}):\n${Buffer.concat(output).toString().slice(-4000)}`);
  }
  return extensionDir;
}
