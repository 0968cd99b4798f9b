/**
 * Which device runs the model here. WebGPU when a real GPU adapter exists; a software adapter
 * (SwiftShader, `isFallbackAdapter`) emulates the GPU on the CPU, so "auto" prefers WASM there and
 * uses it only when the student asks for WebGPU explicitly.
 */
import type { DeviceWhy } from '../messaging/engine-protocol';
import type { Notice } from '../messaging/notice-protocol';
import type { DeviceChoice } from '../settings/settings';

export interface GpuFacts {
  available: boolean;
  isFallback: boolean;
  shaderF16: boolean;
  maxBufferSize: number;
  description: string;
}

export const NO_GPU: GpuFacts = { available: false, isFallback: false, shaderF16: false, maxBufferSize: 0, description: 'none' };

interface AdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number };
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

export async function probeGpu(gpu: GpuLike | undefined = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu): Promise<GpuFacts> {
  if (!gpu) return NO_GPU;
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return NO_GPU;
  const info = adapter.info;
  return {
    available: true,
    isFallback: Boolean(info?.isFallbackAdapter ?? adapter.isFallbackAdapter),
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    description: [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'WebGPU adapter',
  };
}

export interface DeviceDecision {
  device: 'webgpu' | 'wasm';
  /** One sentence (English, for logs). */
  reason: string;
  /** The same as a code, worded by the panel in the student's language. */
  why: DeviceWhy;
  /** Set when the student's explicit choice could not be honoured (English for logs, and its code). */
  notice?: { message: string; notice: Notice };
}

export function chooseDevice(choice: DeviceChoice, gpu: GpuFacts): DeviceDecision {
  if (choice === 'wasm') return { device: 'wasm', reason: 'CPU (WASM), as chosen in settings.', why: { code: 'chosen-wasm' } };
  if (choice === 'webgpu') {
    if (gpu.available) {
      return {
        device: 'webgpu',
        reason: gpu.isFallback ? 'WebGPU, as chosen (a software adapter: slower than a real GPU).' : 'WebGPU, as chosen in settings.',
        why: { code: gpu.isFallback ? 'chosen-webgpu-software' : 'chosen-webgpu' },
      };
    }
    return {
      device: 'wasm',
      reason: 'CPU (WASM): this browser offers no WebGPU adapter.',
      why: { code: 'no-webgpu-browser' },
      notice: {
        message: 'WebGPU is not available in this browser, so Locus runs the model on the CPU (WASM) instead.',
        notice: { code: 'no-webgpu' },
      },
    };
  }
  if (gpu.available && !gpu.isFallback) return { device: 'webgpu', reason: 'WebGPU: this device has a usable GPU.', why: { code: 'gpu' } };
  if (gpu.available)
    return {
      device: 'wasm',
      reason: 'CPU (WASM): the only WebGPU adapter here is a software one, which is slower.',
      why: { code: 'software-adapter-only' },
    };
  return { device: 'wasm', reason: 'CPU (WASM): no WebGPU adapter on this device.', why: { code: 'no-adapter' } };
}
