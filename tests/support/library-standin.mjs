// The embedding model the library's end-to-end tests and benchmarks run: the architecture-exact,
// random-weight stand-in of all-MiniLM-L6-v2 written by ../shared/tools/make-standins.py (the real
// weights are not available on these machines). It is generated into a cache folder outside the
// repository when missing; where Debian's python3-onnx is missing too, this fails saying so.
// With random weights its vectors mean nothing: dense retrieval is noise, so tests that need a
// right answer rely on the lexical half of the hybrid search (which still runs fused with it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasShared, sharedRoot } from './shared-data.mjs';

export const standinsDir = path.resolve(process.env.LOCUS_STANDINS_DIR ?? path.join(os.homedir(), '.cache/locus/standins'));
export const MINILM_HUB_ID = 'Xenova/all-MiniLM-L6-v2';
/** Its own catalog id: never mistaken for (or cached as) the real model. */
export const MINILM_STANDIN_ID = 'standin/all-MiniLM-L6-v2';
const PYTHON = '/usr/bin/python3';
const GENERATOR = 'tools/make-standins.py';
const SHARED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const WEIGHTS = { q8: 'onnx/model_quantized.onnx', fp32: 'onnx/model.onnx' };

export const minilmDir = path.join(standinsDir, MINILM_HUB_ID);

function missing() {
  return [...SHARED, ...Object.values(WEIGHTS)].filter((f) => !existsSync(path.join(minilmDir, f)));
}

const howTo =
  `The MiniLM stand-in is written by ${path.join(sharedRoot, GENERATOR)}, which needs Debian's numpy and onnx:\n` +
  `  apt-get install -y python3-numpy python3-onnx\n` +
  `  ${PYTHON} ${path.join(sharedRoot, GENERATOR)} ${standinsDir} --only minilm\n` +
  `(LOCUS_STANDINS_DIR picks another cache folder).`;

/** Makes sure the stand-in exists in the cache folder, generating it when missing (deterministic files). */
export function ensureMinilmStandin(log = (line) => process.stderr.write(`${line}\n`)) {
  if (missing().length === 0) return minilmDir;
  log(`MiniLM stand-in missing in ${standinsDir} (${missing().join(', ')}): generating it`);
  if (!hasShared(GENERATOR))
    throw new Error(`Cannot generate the MiniLM stand-in: ${path.join(sharedRoot, GENERATOR)} is missing (set LOCUS_SHARED).\n${howTo}`);
  const probe = spawnSync(PYTHON, ['-c', 'import numpy, onnx'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `Cannot generate the MiniLM stand-in: ${PYTHON} lacks numpy/onnx (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)}).\n${howTo}`,
    );
  }
  const run = spawnSync(PYTHON, [path.join(sharedRoot, GENERATOR), standinsDir, '--only', 'minilm'], { stdio: 'inherit' });
  if (run.status !== 0 || missing().length)
    throw new Error(`make-standins.py did not write the MiniLM stand-in (exit ${run.status}).\n${howTo}`);
  return minilmDir;
}

async function fileFacts(rel) {
  const full = path.join(minilmDir, rel);
  const stat = await fs.stat(full);
  const memo = `${full}.sha256`;
  const key = `${stat.size} ${stat.mtimeMs}`;
  try {
    const [k1, k2, digest] = (await fs.readFile(memo, 'utf8')).trim().split(' ');
    if (`${k1} ${k2}` === key && /^[0-9a-f]{64}$/.test(digest)) return { path: rel, size: stat.size, sha256: digest };
  } catch {}
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(full)) hash.update(chunk);
  const digest = hash.digest('hex');
  await fs.writeFile(memo, `${key} ${digest}\n`).catch(() => undefined);
  return { path: rel, size: stat.size, sha256: digest };
}

/**
 * The stand-in's catalog entry (LOCUS_CATALOG_EXTRA): the real model's embedding facts, and the
 * exact size and sha256 of each file, so Locus downloads and verifies it as it would the real one.
 */
export async function minilmCatalogEntry() {
  ensureMinilmStandin();
  return {
    id: MINILM_STANDIN_ID,
    name: 'all-MiniLM-L6-v2 (random-weight stand-in, tests only)',
    task: 'embedding',
    purpose: 'test',
    params: '22.7M',
    revision: 'main',
    license: 'Apache-2.0',
    contextWindow: 256,
    hardware: { minMemoryGB: 1 },
    sources: [
      `Random-weight stand-in of ${MINILM_HUB_ID} written by ../shared/tools/make-standins.py; sizes and sha256 measured from those files. Its vectors are meaningless.`,
    ],
    engines: {
      transformers: {
        preferred: { webgpuF16: 'fp32', webgpu: 'fp32', wasm: 'q8' },
        shared: await Promise.all(SHARED.map(fileFacts)),
        dtypes: { q8: [await fileFacts(WEIGHTS.q8)], fp32: [await fileFacts(WEIGHTS.fp32)] },
      },
    },
    embedding: { dims: 384, pooling: 'mean', normalize: true, maxTokens: 256 },
  };
}

/** A model host mount serving the stand-in as `standin/all-MiniLM-L6-v2`. */
export function minilmMount() {
  return { prefix: 'standin', dir: path.join(standinsDir, 'Xenova') };
}
