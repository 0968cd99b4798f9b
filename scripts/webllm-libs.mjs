// web-llm's compiled model libraries, as data (models/webllm-libs.json): where each comes from (a
// repository at a pinned commit, never a branch) and its size and SHA-256. Shared by the script
// that fetches and pins them (fetch-webllm-libs.mjs) and the build, which ships only files that
// match (wxt.config.ts). Synchronous where the build needs it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_LIBS_DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'webllm-libs.json');

/**
 * @typedef {{ file: string, size: number | null, sha256: string | null }} LibraryEntry
 * @typedef {{ repository: string, directory: string, commit: string | null, libraries: LibraryEntry[] }} LibraryData
 */

/** @param {string} [file] @returns {LibraryData} */
export function readLibraryData(file = DEFAULT_LIBS_DATA) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  if (!/^[\w.-]+\/[\w.-]+$/.test(data.repository ?? '')) throw new Error(`${file}: "repository" must be owner/name`);
  if (!Array.isArray(data.libraries)) throw new Error(`${file}: "libraries" must be a list`);
  for (const lib of data.libraries) {
    if (!/^[\w.-]+\.wasm$/.test(lib.file ?? '')) throw new Error(`${file}: "${lib.file}" is not a .wasm file name`);
  }
  return data;
}

/** Where a library's bytes are, at the pinned commit. @param {string} rawHost @param {LibraryData} data @param {string} file */
export function libraryUrl(rawHost, data, file) {
  if (!isCommit(data.commit)) throw new Error('the model libraries are not pinned to a commit');
  const dir = data.directory.split('/').map(encodeURIComponent).join('/');
  return `${rawHost.replace(/\/+$/, '')}/${data.repository}/${data.commit}/${dir}/${encodeURIComponent(file)}`;
}

/** @param {unknown} value */
export function isCommit(value) {
  return typeof value === 'string' && /^[0-9a-f]{40}$/.test(value);
}

/** Every library has a commit, an exact size and a SHA-256. @param {LibraryData} data */
export function unpinnedLibraries(data) {
  if (!isCommit(data.commit)) return data.libraries.map((l) => l.file);
  return data.libraries.filter((l) => !Number.isInteger(l.size) || !/^[0-9a-f]{64}$/.test(l.sha256 ?? '')).map((l) => l.file);
}

/** @param {Buffer | Uint8Array} bytes */
export const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * The libraries in `dir` that a build may ship: every `.wasm` there must be a pinned library of
 * `data` with its size and SHA-256. Throws, listing every problem, otherwise: a build never ships
 * executable code that was not checked.
 * @param {string} dir @param {LibraryData} data @returns {string[]} the file names, sorted
 */
export function verifyLibraryFolder(dir, data) {
  if (!existsSync(dir)) throw new Error(`LOCUS_WEBLLM_LIBS: ${dir} does not exist`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.wasm'))
    .sort();
  const problems = [];
  const byName = new Map(data.libraries.map((l) => [l.file, l]));
  const unpinned = new Set(unpinnedLibraries(data));
  for (const file of files) {
    const entry = byName.get(file);
    if (!entry) {
      problems.push(`${file} is not one of the libraries in the data file`);
      continue;
    }
    if (unpinned.has(file)) {
      problems.push(
        `${file} has no pinned commit, size and SHA-256 (run node scripts/fetch-webllm-libs.mjs --pin where GitHub is reachable)`,
      );
      continue;
    }
    const full = path.join(dir, file);
    const size = statSync(full).size;
    if (size !== entry.size) problems.push(`${file} has ${size} bytes, not ${entry.size}`);
    else if (sha256Hex(readFileSync(full)) !== entry.sha256) problems.push(`${file} does not match its SHA-256`);
  }
  if (problems.length) throw new Error(`web-llm model libraries refused:\n  ${problems.join('\n  ')}`);
  return files;
}
