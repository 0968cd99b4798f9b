// The Models view's words and states, as a student reads them: where a model runs, how fast it was
// here, one state and one button per model, licences by name, and the technical facts under Details.
import { describe, expect, test } from 'vitest';
import { catalog } from '../../lib/catalog/catalog';
import { LICENSE_NAMES, licenseName } from '../../lib/catalog/license-names';
import type { ModelOverview } from '../../lib/messaging/engine-protocol';
import { fileChecksums, measuredSpeed, modelDetails, quantizationText } from '../../lib/panel/model-details';
import {
  cardState,
  deviceSummary,
  deviceWhyText,
  modelRowView,
  speedWord,
  whereItRuns,
  type RowContext,
} from '../../lib/panel/model-words';
import { chooseDevice, NO_GPU } from '../../lib/catalog/device';

type Row = ModelOverview['models'][number];

const row = (extra: Partial<Row> = {}): Row => ({
  id: 'stories260K',
  name: 'stories260K (test model)',
  params: '260K',
  license: 'MIT',
  contextWindow: 512,
  engines: ['transformers', 'llama-cpp'],
  purpose: 'test',
  downloadBytes: 352_000,
  remainingBytes: 352_000,
  storedBytes: 0,
  runnable: true,
  note: null,
  verification: { kind: 'catalog' },
  plan: { engine: 'transformers', device: 'wasm', variant: 'q4' },
  ...extra,
});
const ctx = (extra: Partial<RowContext> = {}): RowContext => ({
  currentId: 'other',
  downloading: null,
  failedId: null,
  chromeAi: 'unavailable',
  chromeDownload: null,
  ...extra,
});
const DOWNLOADED = { storedBytes: 352_000, remainingBytes: 0 };

describe('where a model runs and how fast', () => {
  test('devices in plain words, never WASM or WebGPU', () => {
    expect(whereItRuns('wasm')).toBe("Runs on this computer's processor");
    expect(whereItRuns('cpu')).toBe("Runs on this computer's processor");
    expect(whereItRuns('webgpu')).toBe("Runs on this computer's graphics chip");
    expect(whereItRuns('browser')).toMatch(/inside Chrome/);
  });

  test('speed is a word only where it was measured', () => {
    expect(speedWord(null)).toBeNull();
    expect(speedWord(0)).toBeNull();
    expect(speedWord(2.4)).toBe('slow on this computer');
    expect(speedWord(5)).toBe('medium on this computer');
    expect(speedWord(14.9)).toBe('medium on this computer');
    expect(speedWord(15)).toBe('fast on this computer');
  });

  test('the measured speed of the engine and device that would run it, else the most measured one', () => {
    const speeds = [
      { modelId: 'm', engine: 'llama-cpp' as const, device: 'wasm' as const, count: 9, medianTokensPerSecond: 3 },
      { modelId: 'm', engine: 'transformers' as const, device: 'wasm' as const, count: 2, medianTokensPerSecond: 20 },
      { modelId: 'other', engine: 'transformers' as const, device: 'wasm' as const, count: 50, medianTokensPerSecond: 99 },
    ];
    expect(measuredSpeed('m', { engine: 'transformers', device: 'wasm', variant: 'q4' }, speeds)?.medianTokensPerSecond).toBe(20);
    expect(measuredSpeed('m', { engine: 'transformers', device: 'webgpu', variant: 'q4' }, speeds)?.medianTokensPerSecond).toBe(3);
    expect(measuredSpeed('m', null, speeds)?.count).toBe(9);
    expect(measuredSpeed('none', null, speeds)).toBeNull();
  });

  test('this computer in plain words', () => {
    const device = { gpu: 'none', memoryGB: 8, cores: 2, freeStorageBytes: null, chromeAiReady: false, chromeAi: 'unavailable' as const };
    expect(deviceSummary(device, { usage: 2_500_000, quota: 10e9 })).toBe(
      'This computer: no graphics chip Locus can use · 2 processor cores · 8 GB or more memory · Locus and its models use 2.5 MB of 10 GB allowed',
    );
    expect(deviceSummary({ ...device, gpu: 'google swiftshader (software)', memoryGB: 4 }, null)).toBe(
      'This computer: only a software graphics chip (slow) · 2 processor cores · 4 GB memory',
    );
    expect(deviceSummary({ ...device, gpu: 'nvidia ampere, shader-f16', memoryGB: null }, null)).toMatch(
      /^This computer: a graphics chip Locus can use · 2 processor cores · memory unknown$/,
    );
  });
});

describe('one state and one button per model', () => {
  test('not downloaded: "Download and use", with the size', () => {
    expect(modelRowView(row(), ctx())).toEqual({
      phase: 'not-downloaded',
      state: 'Not downloaded · 352 KB to download',
      action: { kind: 'download-and-use', label: 'Download and use', disabled: false },
    });
  });

  test('the model in use, not downloaded yet: "Download" (it is already the one in use)', () => {
    const view = modelRowView(row(), ctx({ currentId: 'stories260K' }));
    expect(view.state).toBe('In use · not downloaded · 352 KB to download');
    expect(view.action).toEqual({ kind: 'download', label: 'Download', disabled: false });
  });

  test('downloading: the percentage, no button, never "will download"', () => {
    const view = modelRowView(row(), ctx({ downloading: { modelId: 'stories260K', fraction: 0.426 } }));
    expect(view).toEqual({ phase: 'downloading', state: 'Downloading 42%', action: null });
    expect(modelRowView(row(), ctx({ downloading: { modelId: 'stories260K', fraction: null } })).state).toBe('Downloading…');
    // Another model's download disables this one's button (one download at a time).
    expect(modelRowView(row(), ctx({ downloading: { modelId: 'x', fraction: 0.1 } })).action?.disabled).toBe(true);
  });

  test('downloaded: "Use", then "Using" once it is the one in use', () => {
    expect(modelRowView(row(DOWNLOADED), ctx())).toEqual({
      phase: 'ready',
      state: 'Ready · 352 KB on this computer, works offline',
      action: { kind: 'use', label: 'Use', disabled: false },
    });
    expect(modelRowView(row(DOWNLOADED), ctx({ currentId: 'stories260K' }))).toEqual({
      phase: 'in-use',
      state: 'In use · 352 KB on this computer, works offline',
      action: { kind: 'using', label: 'Using', disabled: true },
    });
  });

  test('partly downloaded: what is here and what is left, "Finish download (and use)"', () => {
    const partial = row({ storedBytes: 150_000, remainingBytes: 202_000 });
    expect(modelRowView(partial, ctx())).toEqual({
      phase: 'partial',
      state: 'Partly downloaded · 150 KB here, 202 KB to go',
      action: { kind: 'download-and-use', label: 'Finish download and use', disabled: false },
    });
    expect(modelRowView(partial, ctx({ currentId: 'stories260K' })).action?.label).toBe('Finish download');
  });

  test('a failed download says so and offers to retry', () => {
    expect(modelRowView(row(), ctx({ failedId: 'stories260K' }))).toEqual({
      phase: 'failed',
      state: 'Failed — retry',
      action: { kind: 'download-and-use', label: 'Retry', disabled: false },
    });
    // Only that model's row.
    expect(modelRowView(row({ id: 'b' }), ctx({ failedId: 'stories260K' })).phase).toBe('not-downloaded');
  });

  test('a model this computer cannot run says why, with no button', () => {
    const view = modelRowView(row({ runnable: false, note: 'Needs a graphics chip this computer does not have.' }), ctx());
    expect(view).toEqual({
      phase: 'unavailable',
      state: 'Cannot run here: Needs a graphics chip this computer does not have.',
      action: null,
    });
  });

  test("Chrome's model: Chrome downloads it on the click, then it is used", () => {
    const chrome = row({ id: 'chrome', engines: ['chrome-ai'], runnable: false, downloadBytes: 0, remainingBytes: 0, note: 'x' });
    expect(modelRowView(chrome, ctx({ chromeAi: 'downloadable' })).action).toEqual({
      kind: 'chrome-download',
      label: 'Download and use',
      disabled: false,
    });
    expect(modelRowView(chrome, ctx({ chromeAi: 'downloadable', chromeDownload: 0.5 })).state).toBe(
      'Downloading 50% (Chrome downloads it)',
    );
    const ready = { ...chrome, runnable: true };
    expect(modelRowView(ready, ctx({ chromeAi: 'available' }))).toMatchObject({ phase: 'ready', state: 'Ready · nothing to download' });
  });
});

describe('the model card (Summarize)', () => {
  const status = { cached: false, engine: 'transformers' as const, dtype: 'q4', downloadBytes: 352_000, cachedBytes: 0 };
  test('before the first use: not downloaded yet, and the size', () => {
    expect(cardState(status, undefined)).toBe('Not downloaded yet: 352 KB to download when you first use it.');
    expect(cardState({ ...status, cachedBytes: 150_000, downloadBytes: 202_000 }, undefined)).toBe(
      'Not downloaded yet: 202 KB to download when you first use it (150 KB already here).',
    );
  });
  test('while it downloads: the percentage, not a promise', () => {
    expect(cardState(status, { kind: 'downloading', fraction: 0.42 })).toBe('Downloading 42%…');
    expect(cardState(status, { kind: 'downloading', fraction: null })).toBe('Downloading…');
  });
  test('downloaded (seen here, for the same build, or stored)', () => {
    expect(cardState(status, { kind: 'stored', variant: 'q4' })).toBe('Downloaded: works offline.');
    expect(cardState(status, { kind: 'stored', variant: 'fp32' })).toMatch(/^Not downloaded yet/);
    expect(cardState({ ...status, cached: true, downloadBytes: 0 }, undefined)).toBe('Downloaded: works offline.');
  });
});

describe('licences and details', () => {
  test('every licence id of the catalog has a name (or is already words)', () => {
    for (const m of catalog.models) {
      const name = licenseName(m.license);
      if (/^[\w.-]+$/.test(m.license)) expect(LICENSE_NAMES[m.license], `${m.id}: ${m.license}`).toBeDefined();
      expect(name).not.toMatch(/^LicenseRef-/);
    }
    expect(licenseName('Apache-2.0')).toBe('Apache License 2.0');
    expect(licenseName('Something else')).toBe('Something else');
    expect(licenseName('LicenseRef-Llama-3.2-Community-License')).toBe('Llama 3.2 Community License (Meta)');
  });

  test('builds with what they mean', () => {
    expect(quantizationText('q4')).toBe('q4 (quantized to 4 bits)');
    expect(quantizationText('Q4_K_M')).toBe('Q4_K_M (quantized to 4 bits)');
    expect(quantizationText('F16')).toBe('F16 (16-bit numbers)');
    expect(quantizationText('prompt-api')).toBe('prompt-api');
  });

  test("Details: engine, build, size, licence id, speed, and every file's SHA-256", () => {
    const plan = { engine: 'transformers' as const, device: 'wasm' as const, variant: 'q4' };
    const lines = Object.fromEntries(modelDetails(row(), plan, null).map((l) => [l.label, l.value]));
    expect(lines).toEqual({
      Engine: 'transformers.js on WASM (CPU)',
      Build: 'q4 (quantized to 4 bits)',
      'Also runs with': 'llama.cpp',
      Size: '260K parameters',
      'Reads at most': '512 tokens at once',
      Licence: 'MIT License (MIT)',
      'Speed here': 'not measured yet: it is measured on your answers',
    });
    const speed = {
      modelId: 'stories260K',
      engine: 'transformers' as const,
      device: 'wasm' as const,
      count: 3,
      medianTokensPerSecond: 23.44,
    };
    expect(modelDetails(row(), plan, speed).find((l) => l.label === 'Speed here')?.value).toBe('23.4 tokens/s (median of 3 answers)');
    const files = fileChecksums('stories260K', plan);
    expect(files.map((f) => f.path)).toContain('onnx/model_q4.onnx');
    expect(files.every((f) => f.sha256 === null || /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(files.some((f) => f.sha256 !== null)).toBe(true);
    expect(fileChecksums('stories260K', { ...plan, variant: 'no-such-build' })).toEqual([]);
    expect(fileChecksums('no-such-model', plan)).toEqual([]);
  });
});

describe('why a model runs where it does', () => {
  test('the host sends a code, the panel words it (the host has no i18n)', () => {
    const decision = chooseDevice('auto', NO_GPU);
    expect(decision.why).toEqual({ code: 'no-adapter' });
    expect(deviceWhyText({ deviceReason: decision.reason, deviceWhy: decision.why })).toBe(
      'Runs on the processor: this computer has no graphics chip Locus can use.',
    );
    expect(deviceWhyText({ deviceReason: 'x', deviceWhy: { code: 'llamacpp', value: 'Q8_0' } })).toBe(
      "Runs with llama.cpp on this computer's processor (Q8_0).",
    );
  });

  test('a host that sends no code: its sentence as it is', () => {
    expect(deviceWhyText({ deviceReason: 'CPU (WASM): no WebGPU adapter on this device.' })).toBe(
      'CPU (WASM): no WebGPU adapter on this device.',
    );
  });
});
