#!/usr/bin/env node
// Pins the catalog to exact bytes: for every transformers.js model, resolves its revision to a
// commit, and fills each file's exact size and SHA-256 from the hub's API (LFS files carry their
// SHA-256; small files are downloaded and hashed). Run it where the Hugging Face hub is reachable:
//
//   node scripts/pin-catalog.mjs [--host https://huggingface.co] [--model <id>] [--dry-run]
//
// The build machines of this project cannot reach the hub, which is why most hub entries still
// have sha256: null (Locus then checks sizes announced by the host; see README "Limits").
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCatalog } from './catalog-format.mjs';

/**
 * @param {{ catalogPath: string, host: string, only?: string, fetch?: typeof fetch, log?: (m: string) => void }} options
 * @returns {Promise<{ catalog: any, pinned: number, files: number, unchanged: number, problems: string[] }>}
 */
export async function pinCatalog({ catalogPath, host, only, fetch: fetchFn = fetch, log = () => {} }) {
  const catalog = JSON.parse(readFileSync(catalogPath, 'utf8'));
  const base = host.replace(/\/+$/, '');
  const problems = [];
  let pinned = 0;
  let files = 0;
  let unchanged = 0;
  const getJson = async (url) => {
    const response = await fetchFn(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
    return response.json();
  };
  for (const model of catalog.models) {
    const t = model.engines?.transformers;
    if (!t || model.purpose === 'test' || (only && model.id !== only)) continue;
    try {
      // The revision to pin: a branch or tag becomes the commit it points at now.
      const info = await getJson(`${base}/api/models/${model.id}/revision/${encodeURIComponent(model.revision)}`);
      const commit = info.sha;
      if (!/^[0-9a-f]{40}$/.test(commit ?? '')) throw new Error(`no commit sha for ${model.id}@${model.revision}`);
      const tree = await getJson(`${base}/api/models/${model.id}/tree/${commit}?recursive=true`);
      const byPath = new Map(tree.filter((e) => e.type === 'file').map((e) => [e.path, e]));
      const all = [...t.shared, ...Object.values(t.dtypes).flat()];
      for (const file of all) {
        const entry = byPath.get(file.path);
        if (!entry) {
          problems.push(`${model.id}@${commit.slice(0, 7)}: ${file.path} is not in the repository`);
          continue;
        }
        let sha256 = entry.lfs?.oid;
        const size = entry.lfs?.size ?? entry.size;
        if (!sha256) {
          // A small file kept in git: its oid is a git SHA-1, so hash the bytes themselves.
          const response = await fetchFn(`${base}/${model.id}/resolve/${commit}/${file.path}`);
          if (!response.ok) throw new Error(`HTTP ${response.status} for ${file.path}`);
          sha256 = createHash('sha256')
            .update(Buffer.from(await response.arrayBuffer()))
            .digest('hex');
        }
        if (file.sha256 === sha256 && file.size === size) unchanged += 1;
        if (file.size !== null && file.size !== size && file.sha256)
          problems.push(`${model.id}: ${file.path} changed size (${file.size} → ${size})`);
        file.size = size;
        file.sha256 = sha256;
        delete file.approxSize;
        files += 1;
      }
      model.revision = commit;
      model.unconfirmed = (model.unconfirmed ?? []).filter((u) => !/sha256|revision left as|sizes? .*approx|HF-display/i.test(u));
      if (model.unconfirmed.length === 0) delete model.unconfirmed;
      model.sources = [
        ...(model.sources ?? []).filter((s) => !s.startsWith('pinned from ')),
        `pinned from ${base}/api/models/${model.id}/tree/${commit} on ${new Date().toISOString().slice(0, 10)}`,
      ];
      pinned += 1;
      log(`${model.id}: pinned to ${commit.slice(0, 7)}, ${all.length} files`);
    } catch (error) {
      problems.push(`${model.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { catalog, pinned, files, unchanged, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const catalogPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'catalog.json');
  const result = await pinCatalog({
    catalogPath,
    host: value('--host') ?? 'https://huggingface.co',
    only: value('--model'),
    log: console.log,
  });
  if (!args.includes('--dry-run')) writeFileSync(catalogPath, `${formatCatalog(result.catalog)}\n`);
  console.log(`${result.pinned} models pinned, ${result.files} files (${result.unchanged} unchanged).`);
  for (const p of result.problems) console.log(`problem: ${p}`);
  process.exit(result.problems.length ? 1 : 0);
}
