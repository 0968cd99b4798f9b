// The engine worker's ONNX Runtime build: the plain one only where WebGPU can never be used.
import { describe, expect, test } from 'vitest';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import { ORT_BUILD_FILES, ortBuildFor, ortWasmPaths } from '../../lib/engines/ort-build';

const SOFTWARE: GpuFacts = { available: true, isFallback: true, shaderF16: false, maxBufferSize: 2 ** 28, description: 'swiftshader' };
const REAL: GpuFacts = { available: true, isFallback: false, shaderF16: true, maxBufferSize: 2 ** 31, description: 'intel' };

describe('ONNX Runtime build', () => {
  test('no WebGPU adapter: the plain build (nothing can run on WebGPU there)', () => {
    expect(ortBuildFor(NO_GPU)).toBe('plain');
  });

  test('any adapter, even a software one the student may choose in settings: the asyncify build WebGPU needs', () => {
    expect(ortBuildFor(REAL)).toBe('asyncify');
    expect(ortBuildFor(SOFTWARE)).toBe('asyncify');
  });

  test('the paths name files the extension ships', () => {
    for (const build of ['plain', 'asyncify'] as const) {
      const paths = ortWasmPaths('chrome-extension://locusid', '/ort/', build);
      for (const url of [paths.mjs, paths.wasm]) {
        expect(url.startsWith('chrome-extension://locusid/ort/')).toBe(true);
        expect(ORT_BUILD_FILES).toContain(url.slice('chrome-extension://locusid/ort/'.length));
      }
    }
    expect(ortWasmPaths('o', '/ort/', 'plain')).toEqual({
      mjs: 'o/ort/ort-wasm-simd-threaded.mjs',
      wasm: 'o/ort/ort-wasm-simd-threaded.wasm',
    });
  });
});
