// The catalog additions of the benchmark build (LOCUS_CATALOG_EXTRA, see lib/catalog/catalog.ts):
// one `purpose: "test"` entry per stand-in, with the exact size and sha256 of each file, so Locus
// downloads and verifies them exactly as it would the real model's files.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { standinFolder } from './standins.mjs';

/** sha256 of a file, remembered beside it keyed by size and mtime (hashing 800 MB takes seconds). */
async function sha256(file) {
  const stat = await fs.stat(file);
  const memo = `${file}.sha256`;
  const key = `${stat.size} ${stat.mtimeMs}`;
  try {
    const [k1, k2, digest] = (await fs.readFile(memo, 'utf8')).trim().split(' ');
    if (`${k1} ${k2}` === key && /^[0-9a-f]{64}$/.test(digest)) return { size: stat.size, sha256: digest };
  } catch {}
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  const digest = hash.digest('hex');
  await fs.writeFile(memo, `${key} ${digest}\n`).catch(() => undefined);
  return { size: stat.size, sha256: digest };
}

/** @param {import('./models.mjs').BenchModel} model */
async function entryFor(model) {
  const file = async (p) => ({ path: p, ...(await sha256(path.join(standinFolder(model), p))) });
  const weights = model.files.filter((f) => f.startsWith('onnx/'));
  return {
    id: model.id,
    name: model.name,
    task: 'chat',
    purpose: 'test',
    params: model.params,
    revision: 'main',
    license: model.license,
    contextWindow: model.contextWindow,
    hardware: { minMemoryGB: model.minMemoryGB },
    sources: [
      `Random-weight stand-in of ${model.hubId} written by ../shared/tools/make-standins.py; sizes and sha256 measured by tests/bench from those files. Its output is meaningless: speed and memory only.`,
    ],
    engines: {
      transformers: {
        // The stand-ins come in q4 only: every device runs q4, on both sides of the comparison.
        preferred: { webgpuF16: model.dtype, webgpu: model.dtype, wasm: model.dtype },
        shared: await Promise.all(model.files.filter((f) => !weights.includes(f)).map(file)),
        dtypes: { [model.dtype]: await Promise.all(weights.map(file)) },
      },
    },
  };
}

/**
 * Writes the catalog additions for `models` to `file` and returns its path.
 * @param {import('./models.mjs').BenchModel[]} models
 */
export async function writeCatalogExtra(models, file) {
  const entries = [];
  for (const m of models) entries.push(await entryFor(m));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(entries, null, 2));
  return file;
}
