// Finds the stand-in models in a cache folder outside the repository (they are hundreds of MB and
// must never be committed), and writes the missing ones with ../shared/tools/make-standins.py.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasShared, sharedRoot } from '../support/shared-data.mjs';
import { userError } from './args.mjs';

export const standinsDir = path.resolve(process.env.LOCUS_STANDINS_DIR ?? path.join(os.homedir(), '.cache/locus/standins'));
export const ggufDir = path.resolve(process.env.LOCUS_GGUF_DIR ?? path.join(os.homedir(), '.cache/locus/gguf'));
const PYTHON = '/usr/bin/python3'; // Debian's python: the one python3-numpy / python3-onnx serve
const GENERATOR = 'tools/make-standins.py';
const GGUF_GENERATOR = 'tools/make-gguf.py';

/** @param {import('./models.mjs').BenchModel} model */
export function standinFolder(model) {
  return path.join(standinsDir, model.hubId);
}

/** @param {import('./models.mjs').BenchModel} model */
function missingFiles(model) {
  return model.files.filter((f) => !existsSync(path.join(standinFolder(model), f)));
}

function howToGet(keys) {
  return (
    `Stand-ins are written by ${path.join(sharedRoot, GENERATOR)}:\n` +
    `  apt-get install -y python3-numpy python3-onnx\n` +
    `  ${PYTHON} ${path.join(sharedRoot, GENERATOR)} ${standinsDir} --only ${keys.join(',')}\n` +
    `(about 30 s and 3 GB of memory; LOCUS_STANDINS_DIR picks another cache folder).`
  );
}

/**
 * Makes sure every model's stand-in exists, generating the missing ones (deterministic: same
 * generator version and seed, byte-identical files). Throws a message saying what is missing and how
 * to get it when that cannot be done here.
 * @param {import('./models.mjs').BenchModel[]} models
 * @param {(line: string) => void} log
 */
export function ensureStandins(models, log) {
  const missing = models.filter((m) => missingFiles(m).length > 0);
  if (missing.length === 0) return;
  const keys = missing.map((m) => m.key);
  for (const m of missing) log(`stand-in ${m.hubId} is missing in ${standinsDir} (${missingFiles(m).join(', ')}): generating it`);
  if (!hasShared(GENERATOR))
    throw userError(`Cannot generate the stand-ins: ${path.join(sharedRoot, GENERATOR)} is missing (set LOCUS_SHARED).\n${howToGet(keys)}`);
  const probe = spawnSync(PYTHON, ['-c', 'import numpy, onnx'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw userError(
      `Cannot generate the stand-ins: ${PYTHON} lacks numpy/onnx (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)}).\n${howToGet(keys)}`,
    );
  }
  const run = spawnSync(PYTHON, [path.join(sharedRoot, GENERATOR), standinsDir, '--only', keys.join(',')], { stdio: 'inherit' });
  const still = missing.filter((m) => missingFiles(m).length > 0);
  if (run.status !== 0 || still.length > 0) {
    throw userError(
      `make-standins.py did not write ${still.map((m) => m.hubId).join(', ') || 'everything'} (exit ${run.status}).\n${howToGet(keys)}`,
    );
  }
}

/**
 * SmolLM2's fp32 `onnx/model.onnx` (~651 MB, same weights as its q4 build), written by
 * make-standins.py --smollm2-fp32 when missing (into a temporary folder: a bench running beside
 * this one may be reading the q4 file, which the generator writes again).
 * @param {import('./models.mjs').BenchModel} model
 * @param {(line: string) => void} log
 */
export function ensureFp32Standin(model, log) {
  const target = path.join(standinFolder(model), 'onnx/model.onnx');
  if (existsSync(target)) return target;
  log(`fp32 stand-in ${target} is missing: generating it (~650 MB)`);
  if (!hasShared(GENERATOR)) throw userError(`Cannot generate the fp32 stand-in: ${path.join(sharedRoot, GENERATOR)} is missing.`);
  const temp = mkdtempSync(path.join(os.tmpdir(), 'locus-fp32-'));
  try {
    const run = spawnSync(PYTHON, [path.join(sharedRoot, GENERATOR), temp, '--only', model.key, '--smollm2-fp32'], { stdio: 'inherit' });
    const written = path.join(temp, model.hubId, 'onnx/model.onnx');
    if (run.status !== 0 || !existsSync(written))
      throw userError(`make-standins.py --smollm2-fp32 did not write model.onnx (exit ${run.status}).\n${howToGet([model.key])}`);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(written, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    return target;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** File name make-gguf.py gives a stand-in: `key` smollm2-135m or smollm2-360m, `quant` Q4_0 or Q8_0. */
export function ggufStandinName(key, quant) {
  return `SmolLM2-${key.split('-')[1].toUpperCase()}-Instruct-STANDIN-${quant}.gguf`;
}

/**
 * The path of a GGUF stand-in (random weights, exact architecture), written by
 * ../shared/tools/make-gguf.py when missing (deterministic; ~15 s for the 135M shape).
 * @param {'smollm2-135m' | 'smollm2-360m'} key
 * @param {string[]} quants
 * @param {(line: string) => void} log
 */
export function ensureGgufStandins(key, quants, log) {
  const missing = quants.filter((q) => !existsSync(path.join(ggufDir, ggufStandinName(key, q))));
  if (missing.length > 0) {
    const command = `${PYTHON} ${path.join(sharedRoot, GGUF_GENERATOR)} standins ${ggufDir} --only ${key} --types ${missing.join(',')}`;
    log(`GGUF stand-ins ${missing.map((q) => ggufStandinName(key, q)).join(', ')} are missing in ${ggufDir}: generating them`);
    if (!hasShared(GGUF_GENERATOR))
      throw userError(`Cannot generate the GGUF stand-ins: ${path.join(sharedRoot, GGUF_GENERATOR)} is missing (set LOCUS_SHARED).`);
    const run = spawnSync(
      PYTHON,
      [path.join(sharedRoot, GGUF_GENERATOR), 'standins', ggufDir, '--only', key, '--types', missing.join(',')],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const still = missing.filter((q) => !existsSync(path.join(ggufDir, ggufStandinName(key, q))));
    if (run.status !== 0 || still.length > 0)
      throw userError(
        `make-gguf.py did not write ${still.join(', ') || 'everything'} (exit ${run.status}). By hand: ${command} (needs python3-numpy python3-onnx)`,
      );
  }
  return Object.fromEntries(quants.map((q) => [q, path.join(ggufDir, ggufStandinName(key, q))]));
}
