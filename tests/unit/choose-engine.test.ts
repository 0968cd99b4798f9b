// Which model, engine, device and build serve a task, for combinations of settings and devices.
import { describe, expect, test } from 'vitest';
import { parseCatalog, rawCatalogData } from '../../lib/catalog/catalog';
import type { DeviceProfile } from '../../lib/catalog/recommend';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import { chooseEngine } from '../../lib/engine-host/choose-engine';
import { LocusError } from '../../lib/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

const DISCRETE: GpuFacts = { available: true, isFallback: false, shaderF16: true, maxBufferSize: 2 ** 32, description: 'nvidia' };
const INTEGRATED: GpuFacts = { available: true, isFallback: false, shaderF16: false, maxBufferSize: 2 ** 31, description: 'intel' };
const SWIFTSHADER: GpuFacts = { available: true, isFallback: true, shaderF16: false, maxBufferSize: 2 ** 30, description: 'swiftshader' };
const profile = (gpu: GpuFacts, memoryGB = 8): DeviceProfile => ({ gpu, memoryGB, cores: 4, freeStorageBytes: 50e9, chromeAiReady: false });
const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });
/** The catalog of a build that ships web-llm's model libraries. */
const SHIPPING = parseCatalog(rawCatalogData, { webllmLibraries: 'all' });

describe('chooseEngine', () => {
  test("'auto' follows the device recommendation, engine included", () => {
    const c = chooseEngine(settings(), 'summarize', { profile: profile(DISCRETE) });
    expect(c.model.id).toBe('onnx-community/Llama-3.2-3B-Instruct');
    expect(c.engine).toBe('transformers');
    expect(c).toMatchObject({ device: 'webgpu', variant: 'q4f16' });
    expect(c.recommendation.modelId).toBe(c.model.id);
  });

  test('a chosen model on a real GPU runs on transformers.js on WebGPU, even in a build that ships web-llm', () => {
    for (const from of [undefined, SHIPPING]) {
      const c = chooseEngine(
        settings({ chatModel: 'HuggingFaceTB/SmolLM2-360M-Instruct' }),
        'summarize',
        { profile: profile(INTEGRATED) },
        from,
      );
      expect(c).toMatchObject({ engine: 'transformers', device: 'webgpu', variant: 'q4' });
    }
  });

  test('web-llm runs only when the student chooses it, in a build that ships its library, with the f32 build when the GPU lacks f16', () => {
    const chosen = settings({ chatModel: 'HuggingFaceTB/SmolLM2-360M-Instruct', engine: 'web-llm' });
    const c = chooseEngine(chosen, 'summarize', { profile: profile(INTEGRATED) }, SHIPPING);
    expect(c.engine).toBe('web-llm');
    expect(c.variant).toBe('SmolLM2-360M-Instruct-q4f32_1-MLC');
    // This build ships no web-llm library: refused, with a clear message.
    expect(() => chooseEngine(chosen, 'summarize', { profile: profile(INTEGRATED) })).toThrow(/cannot run with web-llm/);
  });

  test('a chosen model without a usable GPU runs on transformers.js on the CPU', () => {
    const c = chooseEngine(settings({ chatModel: 'HuggingFaceTB/SmolLM2-360M-Instruct' }), 'summarize', { profile: profile(NO_GPU) });
    expect(c).toMatchObject({ engine: 'transformers', device: 'wasm', variant: 'q4' });
  });

  test('an explicit WebGPU choice uses even a software adapter, with transformers.js', () => {
    const c = chooseEngine(settings({ chatModel: 'stories260K', device: 'webgpu' }), 'summarize', { profile: profile(SWIFTSHADER) });
    expect(c).toMatchObject({ engine: 'transformers', device: 'webgpu', variant: 'fp32' });
  });

  test('an explicit engine the model lacks is refused with a clear message', () => {
    expect(() =>
      chooseEngine(settings({ chatModel: 'stories260K', engine: 'web-llm' }), 'summarize', { profile: profile(DISCRETE) }),
    ).toThrow(LocusError);
    expect(() =>
      chooseEngine(settings({ chatModel: 'stories260K', engine: 'web-llm' }), 'summarize', { profile: profile(DISCRETE) }),
    ).toThrow(/cannot run with web-llm/);
  });

  test('an explicit web-llm choice stands even without WebGPU: the engine itself then refuses before any download', () => {
    const c = chooseEngine(
      settings({ chatModel: 'HuggingFaceTB/SmolLM2-360M-Instruct', engine: 'web-llm' }),
      'summarize',
      { profile: profile(NO_GPU) },
      SHIPPING,
    );
    expect(c.engine).toBe('web-llm');
    expect(c.reason).toMatch(/needs WebGPU/);
  });

  test('a per-task model serves its task and only its task', () => {
    const s = settings({ chatModel: 'HuggingFaceTB/SmolLM2-135M-Instruct', taskModels: { ask: 'onnx-community/Qwen2.5-0.5B-Instruct' } });
    expect(chooseEngine(s, 'summarize', { profile: profile(NO_GPU) }).model.id).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
    expect(chooseEngine(s, 'ask', { profile: profile(NO_GPU) }).model.id).toBe('onnx-community/Qwen2.5-0.5B-Instruct');
  });

  test('after the GPU was lost, the same settings run on the CPU with a notice', () => {
    const s = settings({ chatModel: 'HuggingFaceTB/SmolLM2-360M-Instruct' });
    const c = chooseEngine(s, 'summarize', { profile: profile(DISCRETE), gpuLost: true });
    expect(c).toMatchObject({ engine: 'transformers', device: 'wasm' });
    expect(c.notice?.message).toMatch(/GPU stopped responding/);
    expect(c.notice?.notice).toEqual({ code: 'gpu-lost-earlier' });
  });

  test('a model with no CPU build says so on a device without GPU', () => {
    expect(() =>
      chooseEngine(settings({ chatModel: 'onnx-community/Phi-3.5-mini-instruct-onnx-web', engine: 'transformers' }), 'summarize', {
        profile: profile(NO_GPU),
      }),
    ).toThrow(/no build that runs on the CPU/);
  });
});
