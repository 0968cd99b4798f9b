// A recommendation rule may name the transformers.js build (dtype) for the CPU of a class of devices:
// the recommendation, its download and the engine choice follow it there, and only there.
import { describe, expect, test } from 'vitest';
import { parseCatalog, rawCatalogData, requireModel, totalSize, transformersFiles, type Catalog } from '../../lib/catalog/catalog';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import { recommend, type DeviceProfile } from '../../lib/catalog/recommend';
import { CPU_BUILD_FIGURES } from '../../lib/catalog/cpu-builds';
import { chooseEngine } from '../../lib/engine-host/choose-engine';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

const SMOL = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const INTEGRATED: GpuFacts = { available: true, isFallback: false, shaderF16: false, maxBufferSize: 2 ** 31, description: 'intel' };
const profile = (memoryGB: number, freeStorageBytes: number | null = 50e9, gpu: GpuFacts = NO_GPU): DeviceProfile => ({
  gpu,
  memoryGB,
  cores: 2,
  freeStorageBytes,
  chromeAiReady: false,
});
const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

/** The shipped catalog with one CPU rule in front: SmolLM2-135M's fp32 build on CPUs with 8 GB. */
function withFp32Rule(): Catalog {
  const raw = rawCatalogData as { recommendations: unknown[] };
  const rule = { gpu: 'none', minMemoryGB: 8, model: SMOL, engine: 'transformers', variant: 'fp32' };
  const rest = raw.recommendations.filter((r) => !((r as { variant?: string }).variant === 'fp32'));
  return parseCatalog({ ...raw, recommendations: [rule, ...rest] }, { webllmLibraries: 'all' });
}

describe('a CPU rule that names a transformers.js build', () => {
  const from = withFp32Rule();
  const fp32Bytes = totalSize(transformersFiles(requireModel(SMOL, from), 'fp32'));
  const q4Bytes = totalSize(transformersFiles(requireModel(SMOL, from), 'q4'));

  test('is recommended with that build, and its bigger download is said', () => {
    const r = recommend(profile(8), from, 'summarize');
    expect(r).toMatchObject({ modelId: SMOL, engine: 'transformers', device: 'wasm', variant: 'fp32', downloadBytes: fp32Bytes });
    expect(fp32Bytes).toBeGreaterThan(3 * q4Bytes);
    expect(r.reason).toContain(`${Math.round(fp32Bytes / 1e6)} MB download`);
  });

  test('is left for the smaller build on a device with less memory or too little free storage', () => {
    expect(recommend(profile(4), from, 'summarize')).toMatchObject({ modelId: SMOL, variant: 'q4', downloadBytes: q4Bytes });
    const tight = recommend(profile(8, (fp32Bytes + q4Bytes) / 2 / 0.8), from, 'summarize');
    expect(tight).toMatchObject({ modelId: SMOL, variant: 'q4' });
  });

  test('the engine host runs that build on the CPU, automatic or with the model chosen', () => {
    expect(chooseEngine(settings(), 'summarize', { profile: profile(8) }, from)).toMatchObject({
      model: { id: SMOL },
      engine: 'transformers',
      device: 'wasm',
      variant: 'fp32',
    });
    const chosen = chooseEngine(settings({ chatModel: SMOL }), 'ask', { profile: profile(8) }, from);
    expect(chosen).toMatchObject({ engine: 'transformers', device: 'wasm', variant: 'fp32' });
  });

  test('never on a GPU, nor when the student asks for WebGPU', () => {
    const gpu = chooseEngine(settings({ chatModel: SMOL }), 'summarize', { profile: profile(8, 50e9, INTEGRATED) }, from);
    expect(gpu).toMatchObject({ device: 'webgpu', variant: 'q4' });
    const forced = chooseEngine(settings({ device: 'webgpu' }), 'summarize', { profile: profile(8, 50e9, INTEGRATED) }, from);
    expect(forced.variant).not.toBe('fp32');
    // And a build recommended for a GPU is not carried to the CPU when the student asks for the CPU.
    const F16: GpuFacts = { ...INTEGRATED, shaderF16: true };
    const cpu = chooseEngine(settings({ device: 'wasm' }), 'summarize', { profile: profile(8, 50e9, F16) }, from);
    expect(recommend(profile(8, 50e9, F16), from, 'summarize').variant).toBe('q4f16');
    expect(cpu).toMatchObject({ device: 'wasm', variant: 'q4' });
  });

  test('a rule naming a build the model lacks is refused when the catalog is read', () => {
    const raw = rawCatalogData as { recommendations: unknown[] };
    const bad = { gpu: 'none', model: SMOL, engine: 'transformers', variant: 'q2' };
    expect(() => parseCatalog({ ...raw, recommendations: [bad, ...raw.recommendations] })).toThrow(/no q2 ONNX build/);
  });
});

describe("the shipped catalog's CPU builds, against the measured figures (lib/catalog/cpu-builds.ts)", () => {
  test('on each measured class of device, the recommended build is the one with the fastest whole summary', () => {
    const measurements = new Set(CPU_BUILD_FIGURES.map((f) => f.measurement));
    expect(measurements.size).toBeGreaterThan(0);
    for (const id of measurements) {
      const rows = CPU_BUILD_FIGURES.filter((f) => f.measurement === id);
      expect(rows.length, id).toBeGreaterThan(1); // a choice needs at least two builds measured
      const fastest = [...rows].sort((a, b) => a.summarySeconds - b.summarySeconds)[0]!;
      const device = { ...profile(rows[0]!.memoryGB), cores: rows[0]!.cores };
      for (const task of ['summarize', 'ask'] as const) {
        const chosen = chooseEngine(settings({ chatModel: fastest.model }), task, { profile: device });
        expect({ engine: chosen.engine, device: chosen.device, variant: chosen.variant }, `${id} ${task}`).toEqual({
          engine: fastest.engine,
          device: 'wasm',
          variant: fastest.variant,
        });
      }
      const r = recommend(device, undefined, 'summarize');
      expect(r.modelId).toBe(fastest.model);
      expect(r.variant).toBe(fastest.variant);
    }
  });

  test('a device below the measured memory class keeps the smaller q4 build', () => {
    expect(recommend(profile(4), undefined, 'summarize')).toMatchObject({ modelId: SMOL, variant: 'q4' });
  });
});
