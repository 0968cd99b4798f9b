/**
 * Device choice: what the WebGPU adapter (if any) says, and what the student asked for.
 */
import { describe, expect, it } from 'vitest';
import { NO_GPU, chooseDevice, probeGpu, type GpuFacts } from '../../lib/catalog/device';
import type { DeviceChoice } from '../../lib/settings/settings';

interface FakeAdapter {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number };
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

function adapter(
  options: { features?: string[]; fallback?: 'info' | 'legacy'; info?: FakeAdapter['info']; maxBufferSize?: number } = {},
): FakeAdapter {
  const features = new Set(options.features ?? []);
  return {
    features: { has: (name) => features.has(name) },
    limits: { maxBufferSize: options.maxBufferSize ?? 4 * 1024 ** 3 },
    ...(options.fallback === 'legacy' ? { isFallbackAdapter: true } : {}),
    info: { ...(options.info ?? {}), ...(options.fallback === 'info' ? { isFallbackAdapter: true } : {}) },
  };
}

const gpuOf = (found: FakeAdapter | null | Error) => ({
  requestAdapter: async () => {
    if (found instanceof Error) throw found;
    return found;
  },
});

describe('probeGpu', () => {
  const cases: Array<{ name: string; gpu: Parameters<typeof probeGpu>[0]; want: Partial<GpuFacts> }> = [
    { name: 'no navigator.gpu', gpu: undefined, want: NO_GPU },
    { name: 'no adapter', gpu: gpuOf(null), want: NO_GPU },
    { name: 'requestAdapter throws', gpu: gpuOf(new Error('GPU process crashed')), want: NO_GPU },
    {
      name: 'software adapter (adapter.info.isFallbackAdapter)',
      gpu: gpuOf(adapter({ fallback: 'info', info: { vendor: 'google', architecture: 'swiftshader' }, maxBufferSize: 1024 ** 3 })),
      want: { available: true, isFallback: true, shaderF16: false, maxBufferSize: 1024 ** 3, description: 'google swiftshader' },
    },
    {
      name: 'software adapter (older adapter.isFallbackAdapter)',
      gpu: gpuOf(adapter({ fallback: 'legacy' })),
      want: { available: true, isFallback: true, description: 'WebGPU adapter' },
    },
    {
      name: 'real adapter with shader-f16',
      gpu: gpuOf(adapter({ features: ['shader-f16', 'timestamp-query'], info: { vendor: 'nvidia', architecture: 'ampere' } })),
      want: { available: true, isFallback: false, shaderF16: true, description: 'nvidia ampere' },
    },
    {
      name: 'real adapter without shader-f16',
      gpu: gpuOf(adapter({ features: ['timestamp-query'], info: { vendor: 'intel', architecture: 'gen-9' } })),
      want: { available: true, isFallback: false, shaderF16: false },
    },
  ];
  it.each(cases)('$name', async ({ gpu, want }) => {
    expect(await probeGpu(gpu)).toMatchObject(want);
  });
});

describe('chooseDevice', () => {
  const none = NO_GPU;
  const software: GpuFacts = { available: true, isFallback: true, shaderF16: false, maxBufferSize: 1024 ** 3, description: 'swiftshader' };
  const realF16: GpuFacts = { available: true, isFallback: false, shaderF16: true, maxBufferSize: 4 * 1024 ** 3, description: 'gpu' };
  const realNoF16: GpuFacts = { ...realF16, shaderF16: false };

  const table: Array<[DeviceChoice, string, GpuFacts, 'webgpu' | 'wasm', boolean]> = [
    // choice, situation, facts, device, notice expected
    ['auto', 'no GPU', none, 'wasm', false],
    ['auto', 'software adapter', software, 'wasm', false],
    ['auto', 'real GPU with f16', realF16, 'webgpu', false],
    ['auto', 'real GPU without f16', realNoF16, 'webgpu', false],
    ['webgpu', 'no GPU', none, 'wasm', true],
    ['webgpu', 'software adapter', software, 'webgpu', false],
    ['webgpu', 'real GPU', realNoF16, 'webgpu', false],
    ['wasm', 'no GPU', none, 'wasm', false],
    ['wasm', 'real GPU with f16', realF16, 'wasm', false],
  ];
  it.each(table)('%s with %s → %s', (choice, _situation, gpu, device, notice) => {
    const decision = chooseDevice(choice, gpu);
    expect(decision.device).toBe(device);
    expect(decision.reason.length).toBeGreaterThan(10);
    expect(decision.notice !== undefined).toBe(notice);
  });

  it('says why, in words a student can follow', () => {
    expect(chooseDevice('auto', software).reason).toMatch(/software/i);
    expect(chooseDevice('webgpu', software).reason).toMatch(/software adapter/i);
    expect(chooseDevice('webgpu', none).notice?.message).toMatch(/WebGPU is not available/);
    expect(chooseDevice('webgpu', none).notice?.notice).toEqual({ code: 'no-webgpu' });
  });
});
