// GGUF builds in the catalog: their schema (split parts, the 2 GB limit, quantization names), and how
// the engine choice and the recommendation pick llama.cpp and its quantization from the catalog's data.
import { describe, expect, test } from 'vitest';
import { catalog, engineKindsOf, llamacppVariant, parseCatalog, requireModel, type Catalog } from '../../lib/catalog/catalog';
import { planFor, recommend, type DeviceProfile } from '../../lib/catalog/recommend';
import { NO_GPU } from '../../lib/catalog/device';
import { chooseEngine } from '../../lib/engine-host/choose-engine';
import { downloadPlanOf } from '../../lib/engine-host/model-downloads';
import { DEFAULT_SETTINGS } from '../../lib/settings/settings';

const stories = requireModel('stories260K');
const profile = (over: Partial<DeviceProfile> = {}): DeviceProfile => ({
  gpu: NO_GPU,
  memoryGB: 8,
  cores: 4,
  freeStorageBytes: 50e9,
  chromeAiReady: false,
  ...over,
});

/** A catalog of stories260K alone, with `llamacpp` replaced and the given rules. */
function withGguf(llamacpp: unknown, recommendations: unknown[] = []): unknown {
  return {
    version: 1,
    defaults: { chat: 'stories260K' },
    recommendations,
    models: [{ ...stories, engines: { ...stories.engines, llamacpp } }],
  };
}

const part = (path: string, size: number) => ({ path, size, sha256: null });

describe('GGUF builds in the catalog', () => {
  test('stories260K has its real GGUF files, with exact sizes and sha256, and the llama-cpp engine', () => {
    expect(engineKindsOf(stories)).toContain('llama-cpp');
    const v = llamacppVariant(stories);
    expect(v).toMatchObject({ repo: 'stories260K', quant: 'Q8_0' });
    expect(v.files).toEqual([
      { path: 'stories260K-Q8_0.gguf', size: 344768, sha256: 'f6f4f04d5e3868e177c5d1fdc5fcda922e5a8afa7030728d4ae327d4a5697f56' },
    ]);
    expect(llamacppVariant(stories, 'F32').files[0]!.size).toBe(1054784);
    expect(() => llamacppVariant(stories, 'Q4_0')).toThrow(/no Q4_0 build/);
  });

  test('the chat models students run on a CPU have GGUF builds', () => {
    for (const id of [
      'HuggingFaceTB/SmolLM2-360M-Instruct',
      'HuggingFaceTB/SmolLM2-1.7B-Instruct',
      'onnx-community/Qwen2.5-0.5B-Instruct',
      'onnx-community/Qwen2.5-1.5B-Instruct',
      'onnx-community/Llama-3.2-1B-Instruct',
    ]) {
      const v = llamacppVariant(requireModel(id));
      expect(v.files.length, id).toBeGreaterThan(0);
      for (const f of v.files) expect(f.path, id).toMatch(/\.gguf$/);
    }
  });

  test('a GGUF over 2 GB must be listed as the parts of a split file; parts keep their order', () => {
    const big = { repo: 'x/y', revision: 'main', preferred: 'Q8_0', quants: { Q8_0: [part('m.gguf', 2 ** 31)] } };
    expect(() => parseCatalog(withGguf(big))).toThrow(/over 2 GB.*split/);
    const split = {
      repo: 'x/y',
      revision: 'main',
      preferred: 'Q8_0',
      quants: { Q8_0: [part('m-00001-of-00002.gguf', 2 ** 31 - 1), part('m-00002-of-00002.gguf', 5e8)] },
    };
    const parsed = parseCatalog(withGguf(split));
    const model = parsed.models[0]!;
    expect(llamacppVariant(model).files.map((f) => f.path)).toEqual(['m-00001-of-00002.gguf', 'm-00002-of-00002.gguf']);
    // Both parts are downloaded, from the repository that publishes them, and count in the download size.
    const plan = downloadPlanOf(model, 'llama-cpp', 'Q8_0', 'https://hub.example');
    expect(plan).toMatchObject({ modelId: 'x/y', revision: 'main' });
    expect(plan!.files).toHaveLength(2);
    expect(planFor(model, 'llama-cpp', NO_GPU)!.downloadBytes).toBe(2 ** 31 - 1 + 5e8);
  });

  test('refuses a preferred quantization it does not list, a rule naming a missing one, and bad quantization names', () => {
    expect(() =>
      parseCatalog(withGguf({ repo: 'x/y', revision: 'main', preferred: 'Q4_0', quants: { Q8_0: [part('a.gguf', 1)] } })),
    ).toThrow(/prefers Q4_0/);
    const ok = { repo: 'x/y', revision: 'main', preferred: 'Q8_0', quants: { Q8_0: [part('a.gguf', 1)] } };
    expect(() => parseCatalog(withGguf(ok, [{ gpu: 'none', model: 'stories260K', engine: 'llama-cpp', variant: 'Q4_0' }]))).toThrow(
      /no Q4_0 GGUF/,
    );
    expect(() => parseCatalog(withGguf({ ...ok, quants: { q8: [part('a.gguf', 1)] } }))).toThrow();
  });
});

describe('choosing llama.cpp', () => {
  const ruleCatalog = parseCatalog(
    withGguf(
      {
        repo: 'stories260K',
        revision: 'main',
        preferred: 'Q8_0',
        quants: { F32: [part('stories260K-F32.gguf', 1054784)], Q8_0: [part('stories260K-Q8_0.gguf', 344768)] },
      },
      [
        { gpu: 'none', minCores: 2, model: 'stories260K', engine: 'llama-cpp', variant: 'F32' },
        { gpu: 'any', model: 'stories260K', engine: 'transformers' },
      ],
    ),
  ) as Catalog;

  test('a rule for this class of device picks the engine and the quantization', () => {
    const r = recommend(profile(), ruleCatalog);
    expect(r).toMatchObject({ engine: 'llama-cpp', variant: 'F32', device: 'wasm', downloadBytes: 1054784 });
    const c = chooseEngine(DEFAULT_SETTINGS, 'summarize', { profile: profile() }, ruleCatalog);
    expect(c).toMatchObject({ engine: 'llama-cpp', variant: 'F32', device: 'wasm' });
    expect(c.reason).toMatch(/llama\.cpp on this computer's processor \(F32\)/);
  });

  test("a browser whose WebAssembly cannot run llama.cpp gets the next rule; so does a device the rule's class excludes", () => {
    expect(recommend(profile({ llamaCpp: false }), ruleCatalog).engine).toBe('transformers');
    expect(recommend(profile({ cores: 1 }), ruleCatalog).engine).toBe('transformers');
  });

  test('the model picked by hand, engine on automatic, follows the llama.cpp rule for it; CPU-only forced to WebGPU does not', () => {
    const picked = { ...DEFAULT_SETTINGS, chatModel: 'stories260K' };
    expect(chooseEngine(picked, 'ask', { profile: profile() }, ruleCatalog)).toMatchObject({ engine: 'llama-cpp', variant: 'F32' });
    expect(chooseEngine({ ...picked, device: 'webgpu' }, 'ask', { profile: profile() }, ruleCatalog).engine).toBe('transformers');
  });

  test('llama.cpp chosen in the settings runs the preferred quantization', () => {
    const c = chooseEngine({ ...DEFAULT_SETTINGS, chatModel: 'stories260K', engine: 'llama-cpp' }, 'summarize', { profile: profile() });
    expect(c).toMatchObject({ engine: 'llama-cpp', variant: 'Q8_0', device: 'wasm' });
    expect(catalog.models.find((m) => m.id === 'stories260K')).toBeDefined();
  });
});

describe("the catalog's measured choice on a CPU-only device", () => {
  const laptop = profile({ cores: 2, memoryGB: 8 });
  test('every task stays on transformers.js, its fp32 build (what npm run bench -- --engines measured fastest here: lib/catalog/cpu-builds.ts), llama.cpp by choice in Models', () => {
    for (const task of ['summarize', 'ask', 'library'] as const) {
      expect(recommend(laptop, catalog, task)).toMatchObject({ engine: 'transformers', variant: 'fp32' });
      expect(chooseEngine(DEFAULT_SETTINGS, task, { profile: laptop }).engine).toBe('transformers');
    }
    const chosen = { ...DEFAULT_SETTINGS, chatModel: 'HuggingFaceTB/SmolLM2-360M-Instruct', engine: 'llama-cpp' as const };
    expect(chooseEngine(chosen, 'ask', { profile: laptop })).toMatchObject({ engine: 'llama-cpp', variant: 'Q8_0', device: 'wasm' });
  });

  test('a rule for one kind of task serves only that task', () => {
    const perTask = parseCatalog(
      withGguf({ repo: 'stories260K', revision: 'main', preferred: 'Q8_0', quants: { Q8_0: [part('stories260K-Q8_0.gguf', 344768)] } }, [
        { gpu: 'none', task: 'ask', model: 'stories260K', engine: 'llama-cpp' },
        { gpu: 'any', model: 'stories260K', engine: 'transformers' },
      ]),
    ) as Catalog;
    expect(recommend(laptop, perTask, 'ask').engine).toBe('llama-cpp');
    expect(recommend(laptop, perTask, 'summarize').engine).toBe('transformers');
    expect(recommend(laptop, perTask).engine).toBe('transformers');
    expect(chooseEngine(DEFAULT_SETTINGS, 'ask', { profile: { ...laptop, llamaCpp: false } }, perTask).engine).toBe('transformers');
  });
});
