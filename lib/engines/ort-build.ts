/**
 * Which ONNX Runtime WebAssembly build the engine worker loads. transformers.js imports
 * onnxruntime-web/webgpu, whose default build is the asyncify one: WebGPU needs it (its kernels
 * await the GPU), but asyncify instruments every function of the WASM, which slows the CPU kernels
 * too. On a device with no WebGPU adapter at all, nothing in the worker can ever run on WebGPU, so
 * it loads the plain SIMD-threaded build (same kernels, no instrumentation). Measured: `npm run
 * bench -- --engines-rates` / `--engines` (tests/bench/README.md). One build per worker: ONNX Runtime
 * loads its WASM once, at the first session.
 */
import type { GpuFacts } from '../catalog/device';

export type OrtBuild = 'asyncify' | 'plain';

const FILE_BASE: Record<OrtBuild, string> = {
  asyncify: 'ort-wasm-simd-threaded.asyncify',
  plain: 'ort-wasm-simd-threaded',
};

/** The build for this device: plain only when there is no WebGPU adapter (not even a software one). */
export function ortBuildFor(gpu: Pick<GpuFacts, 'available'>): OrtBuild {
  return gpu.available ? 'asyncify' : 'plain';
}

/** The build's two files (the glue module and its WASM) under `dir` of the extension. */
export function ortWasmPaths(origin: string, dir: string, build: OrtBuild): { mjs: string; wasm: string } {
  const base = `${origin}${dir}${FILE_BASE[build]}`;
  return { mjs: `${base}.mjs`, wasm: `${base}.wasm` };
}

/** Every build's files, as the extension ships them. */
export const ORT_BUILD_FILES: readonly string[] = Object.values(FILE_BASE).flatMap((base) => [`${base}.mjs`, `${base}.wasm`]);
