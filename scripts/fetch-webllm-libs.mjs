#!/usr/bin/env node
// web-llm's compiled model libraries, packaged at build time (a store-listed extension ships the
// code it runs; Locus fetches nothing executable at run time):
//
//   node scripts/fetch-webllm-libs.mjs [--out .webllm-libs]     download every library of
//        models/webllm-libs.json from its repository at the pinned commit, check size and SHA-256,
//        write the good ones to --out; then `LOCUS_WEBLLM_LIBS=.webllm-libs npm run build`
//   node scripts/fetch-webllm-libs.mjs --pin [--ref main]       maintainers, where GitHub is
//        reachable: resolve --ref to a commit, download each library at that commit, record its
//        size and SHA-256 in models/webllm-libs.json
//
// --raw-host and --api-host (defaults https://raw.githubusercontent.com, https://api.github.com)
// point at another host (tests use a local fake). --data picks another data file.
import { mkdirSync, existsSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIBS_DATA, isCommit, libraryUrl, readLibraryData, sha256Hex, unpinnedLibraries } from './webllm-libs.mjs';

const RAW = 'https://raw.githubusercontent.com';
const API = 'https://api.github.com';

async function download(fetchFn, url) {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Downloads the pinned libraries into `out`, keeping only those that match. Refuses to start when
 * the data is not pinned.
 * @param {{ dataPath?: string, out: string, rawHost?: string, fetch?: typeof fetch, log?: (m: string) => void }} options
 * @returns {Promise<{ written: string[], kept: string[] }>}
 */
export async function fetchLibraries({ dataPath = DEFAULT_LIBS_DATA, out, rawHost = RAW, fetch: fetchFn = fetch, log = () => {} }) {
  const data = readLibraryData(dataPath);
  const unpinned = unpinnedLibraries(data);
  if (unpinned.length) {
    throw new Error(
      `${path.basename(dataPath)} does not pin ${unpinned.length} of ${data.libraries.length} libraries to a commit, size and SHA-256, so nothing was downloaded. Run this script with --pin where GitHub is reachable.`,
    );
  }
  mkdirSync(out, { recursive: true });
  const written = [];
  const kept = [];
  const problems = [];
  for (const lib of data.libraries) {
    const target = path.join(out, lib.file);
    if (existsSync(target)) {
      const have = readFileSync(target);
      if (have.length === lib.size && sha256Hex(have) === lib.sha256) {
        kept.push(lib.file);
        continue;
      }
    }
    const bytes = await download(fetchFn, libraryUrl(rawHost, data, lib.file));
    if (bytes.length !== lib.size || sha256Hex(bytes) !== lib.sha256) {
      problems.push(`${lib.file}: the bytes at ${data.commit.slice(0, 7)} do not match the pinned size and SHA-256`);
      rmSync(target, { force: true });
      continue;
    }
    writeFileSync(`${target}.partial`, bytes);
    renameSync(`${target}.partial`, target);
    written.push(lib.file);
    log(`${lib.file}: ${bytes.length} bytes, checked`);
  }
  if (problems.length) throw new Error(`refused:\n  ${problems.join('\n  ')}`);
  return { written, kept };
}

/**
 * Pins the libraries: `ref` → commit (GitHub's API), then each file's size and SHA-256 at it.
 * @param {{ dataPath?: string, ref?: string, rawHost?: string, apiHost?: string, fetch?: typeof fetch, log?: (m: string) => void }} options
 */
export async function pinLibraries({
  dataPath = DEFAULT_LIBS_DATA,
  ref = 'main',
  rawHost = RAW,
  apiHost = API,
  fetch: fetchFn = fetch,
  log = () => {},
}) {
  const data = readLibraryData(dataPath);
  const response = await fetchFn(`${apiHost.replace(/\/+$/, '')}/repos/${data.repository}/commits/${encodeURIComponent(ref)}`, {
    headers: { Accept: 'application/vnd.github+json' },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status} resolving ${data.repository}@${ref}`);
  const commit = (await response.json()).sha;
  if (!isCommit(commit)) throw new Error(`no commit sha for ${data.repository}@${ref}`);
  const pinned = { ...data, commit };
  const libraries = [];
  for (const lib of data.libraries) {
    const bytes = await download(fetchFn, libraryUrl(rawHost, pinned, lib.file));
    libraries.push({ file: lib.file, size: bytes.length, sha256: sha256Hex(bytes) });
    log(`${lib.file}: ${bytes.length} bytes`);
  }
  const next = { ...pinned, libraries };
  delete next.unconfirmed;
  writeFileSync(dataPath, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const dataPath = value('--data') ?? DEFAULT_LIBS_DATA;
  try {
    if (args.includes('--pin')) {
      const data = await pinLibraries({
        dataPath,
        ref: value('--ref') ?? 'main',
        rawHost: value('--raw-host'),
        apiHost: value('--api-host'),
        log: console.log,
      });
      console.log(`${data.libraries.length} libraries pinned to ${data.repository}@${data.commit}.`);
    } else {
      const out = value('--out') ?? '.webllm-libs';
      const { written, kept } = await fetchLibraries({ dataPath, out, rawHost: value('--raw-host'), log: console.log });
      console.log(
        `${written.length} downloaded, ${kept.length} already there, in ${out}. Build with LOCUS_WEBLLM_LIBS=${out} npm run build.`,
      );
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
