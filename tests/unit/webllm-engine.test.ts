// web-llm up to the boundary these machines allow (no MLC weights or model libraries exist here),
// in a build that ships its model libraries: the configuration points at the configured model host
// for the weights and at the package for the compiled library (never a remote address), and
// without WebGPU (or without shader-f16 for an f16 build) the engine refuses before web-llm is even
// loaded. A library the build does not ship is refused.
import { describe, expect, test, vi } from 'vitest';
import { parseCatalog, rawCatalogData, requireModel, webllmVariant } from '../../lib/catalog/catalog';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import { WebLlmEngine, buildWebLlmConfig, repositoryPath } from '../../lib/engines/webllm-engine';
import { LocusError } from '../../lib/errors';

/** The catalog as a build that ships every web-llm library sees it. */
const shipping = parseCatalog(rawCatalogData, { webllmLibraries: 'all' });
const model = requireModel('onnx-community/Llama-3.2-1B-Instruct', shipping);
const f16 = webllmVariant(model, true)!;
const f32 = webllmVariant(model, false)!;
const hosts = {
  modelHost: 'https://mirror.school.example/hub',
  packagedLibraryBase: 'chrome-extension://id/webllm/',
  packagedLibraries: [f16.modelLib, f32.modelLib],
};
const GPU: GpuFacts = { available: true, isFallback: false, shaderF16: false, maxBufferSize: 2 ** 31, description: 'gpu' };

describe('buildWebLlmConfig', () => {
  test('points web-llm at the configured model host, in the hub layout, for the chosen build only', () => {
    const config = buildWebLlmConfig(f16, hosts);
    expect(config.cacheBackend).toBe('indexeddb');
    expect(config.model_list).toHaveLength(1);
    const record = config.model_list[0]!;
    expect(record.model_id).toBe('Llama-3.2-1B-Instruct-q4f16_1-MLC');
    expect(record.model).toBe('https://mirror.school.example/hub/mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC');
    expect(record.model_lib).toBe(`chrome-extension://id/webllm/${f16.modelLib}`);
    expect(record.required_features).toEqual(['shader-f16']);
    expect(record.overrides?.context_window_size).toBe(f16.contextWindow);
  });

  test('takes the model library from the package, and refuses one the build does not ship (no code is downloaded)', () => {
    const record = buildWebLlmConfig(f32, hosts).model_list[0]!;
    expect(record.model_lib).toBe(`chrome-extension://id/webllm/${f32.modelLib}`);
    expect(record.required_features).toEqual([]);
    expect(() => buildWebLlmConfig(f32, { ...hosts, packagedLibraries: [f16.modelLib] })).toThrow(
      /does not include web-llm's compiled code/,
    );
  });

  test('a build without the libraries offers no web-llm build at all', () => {
    const bare = parseCatalog(rawCatalogData, { webllmLibraries: [] });
    expect(bare.models.filter((m) => m.engines.webllm)).toEqual([]);
    const one = parseCatalog(rawCatalogData, { webllmLibraries: [f32.modelLib] });
    expect(one.models.flatMap((m) => (m.engines.webllm ?? []).map((v) => v.modelLib))).toEqual([f32.modelLib]);
    // A model only web-llm runs is not offered at all.
    expect(bare.models.find((m) => m.id === 'google/gemma-2-2b-it')).toBeUndefined();
    expect(parseCatalog(rawCatalogData, { webllmLibraries: 'all' }).models.find((m) => m.id === 'google/gemma-2-2b-it')).toBeDefined();
  });

  test('repositoryPath keeps the repository of any hub URL', () => {
    expect(repositoryPath('https://huggingface.co/mlc-ai/X-MLC')).toBe('mlc-ai/X-MLC');
    expect(repositoryPath('https://huggingface.co/mlc-ai/X-MLC/resolve/main/')).toBe('mlc-ai/X-MLC');
  });
});

describe('WebLlmEngine.load', () => {
  test('without WebGPU: a clear message, and web-llm is never loaded (so nothing is downloaded)', async () => {
    const loadRuntime = vi.fn();
    const engine = new WebLlmEngine(model, f32, hosts, { probeGpu: async () => NO_GPU, loadRuntime });
    const error = await engine.load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocusError);
    expect((error as LocusError).code).toBe('webgpu-unavailable');
    expect((error as LocusError).message).toMatch(/needs WebGPU.*Nothing was downloaded/);
    expect(loadRuntime).not.toHaveBeenCalled();
  });

  test('an f16 build on a GPU without shader-f16 is refused before any download', async () => {
    const loadRuntime = vi.fn();
    const engine = new WebLlmEngine(model, f16, hosts, { probeGpu: async () => GPU, loadRuntime });
    await expect(engine.load()).rejects.toThrow(/shader-f16/);
    expect(loadRuntime).not.toHaveBeenCalled();
  });

  test('with WebGPU, web-llm gets the configuration and loads the chosen build, reporting progress', async () => {
    const reloads: string[] = [];
    let config: unknown;
    class FakeMLCEngine {
      constructor(options: {
        appConfig: unknown;
        initProgressCallback: (r: { progress: number; timeElapsed: number; text: string }) => void;
      }) {
        config = options.appConfig;
        this.progress = options.initProgressCallback;
      }
      progress: (r: { progress: number; timeElapsed: number; text: string }) => void;
      async reload(id: string) {
        reloads.push(id);
        this.progress({ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' });
        this.progress({ progress: 1, timeElapsed: 2, text: 'Finish loading' });
      }
      async unload() {}
    }
    const progress: number[] = [];
    const engine = new WebLlmEngine(model, f32, hosts, {
      probeGpu: async () => GPU,
      loadRuntime: async () => ({ MLCEngine: FakeMLCEngine as never }),
    });
    await engine.load({ onDownload: (p) => progress.push(p.loaded / p.total) });
    expect(reloads).toEqual([f32.modelId]);
    expect(config).toEqual(buildWebLlmConfig(f32, hosts));
    expect(progress).toEqual([0.5, 1]);
    expect(engine.loaded).toBe(true);
  });
});
