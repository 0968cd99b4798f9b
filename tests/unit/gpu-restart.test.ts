/**
 * After a lost GPU the engine host starts the task again on the CPU. The words the GPU run had
 * already streamed belong to an abandoned answer: the host says so with a `restart` event, and the
 * panel's run reducer replaces them, so the student never reads the start of the answer twice.
 * Real model host, downloader and store; an engine that writes a few words on the GPU, then loses
 * its device.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signal } from '@preact/signals';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requireModel } from '../../lib/catalog/catalog';
import type { GpuFacts } from '../../lib/catalog/device';
import type { GenerateCallbacks, GenerateRequest, GenerateResult } from '../../lib/engine-api/engine';
import { VerifiedFileCache } from '../../lib/engines/verified-file-cache';
import { EngineHost } from '../../lib/engine-host/engine-host';
import { taskEventSchema, type TaskEvent, type TaskRequest } from '../../lib/messaging/engine-protocol';
import { FsModelStore } from '../support/fs-store';
import { applyRunEvent, type RunSignals } from '../../lib/panel/run-events';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';
import { FakeEngine } from '../support/fake-engine';
import { startModelHost } from '../support/model-host.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const model = requireModel('stories260K');
const REAL_GPU: GpuFacts = { available: true, isFallback: false, shaderF16: false, maxBufferSize: 4 * 1024 ** 3, description: 'test gpu' };
const ABANDONED = 'Rivers carry sand ';
const ANSWER = 'Deltas grow where rivers slow down.';

/** Writes a few words on the GPU, then loses the device; on the CPU it answers in full. */
class LosingGpuEngine extends FakeEngine {
  override async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
    if (this.info.device === 'webgpu') {
      for (const word of ABANDONED.split(/(?<= )/)) callbacks.onText?.(word);
      throw new Error('GPUDevice was lost: the device was destroyed');
    }
    return super.generate(request, callbacks);
  }
}

let host: Awaited<ReturnType<typeof startModelHost>>;
let dir: string;
beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
});
afterAll(async () => {
  await host?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-gpu-restart-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const request: TaskRequest = {
  kind: 'summarize',
  mode: 'tldr',
  page: { url: 'https://example.org/', title: 'Rivers', lang: 'en', text: 'Rivers carry sand to the sea. The sand builds a delta.' },
  outputLanguage: '',
};

function run(): RunSignals {
  return {
    phase: signal('idle'),
    text: signal(''),
    download: signal(null),
    part: signal(null),
    notes: signal([]),
    suggestion: signal(null),
    stats: signal(null),
    updates: signal(0),
  };
}

describe('a task restarted on the CPU after a lost GPU', () => {
  it('says so with a restart event, and the panel replaces the abandoned words instead of showing them twice', async () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, modelHost: host.origin, chatModel: model.id, idleUnloadMinutes: 0 };
    const store = new FsModelStore(dir);
    const engineHost = new EngineHost({
      readSettings: async () => settings,
      store,
      cache: new VerifiedFileCache(store),
      gate: createNetworkGate(async () => settings),
      deviceProfile: async () => ({ gpu: REAL_GPU, memoryGB: 8, cores: 4, freeStorageBytes: 50e9, chromeAiReady: false }),
      createEngine: (choice) =>
        new LosingGpuEngine({
          info: { modelId: model.id, modelName: model.name, device: choice.device === 'webgpu' ? 'webgpu' : 'wasm', dtype: choice.variant },
          reply: () => ANSWER,
        }),
      requestClose: () => undefined,
    });
    const events: TaskEvent[] = [];
    await engineHost.handle(request, (e) => events.push(e), new AbortController().signal);

    const restartAt = events.findIndex((e) => e.kind === 'restart');
    expect(restartAt).toBeGreaterThan(0);
    // Abandoned words before it, the CPU's answer after it.
    const textBefore = events.slice(0, restartAt).flatMap((e) => (e.kind === 'text' ? [e.delta] : []));
    expect(textBefore.join('')).toBe(ABANDONED);
    // The event travels the engine port like every other.
    expect(taskEventSchema.safeParse(events[restartAt]).success).toBe(true);

    // The panel, event by event: once the CPU's words stream in, none of the abandoned ones remain.
    const signals = run();
    const seen: string[] = [];
    for (const event of events) {
      applyRunEvent(signals, event, { notice: () => undefined, fail: () => undefined });
      if (event.kind === 'text') seen.push(signals.text.value);
    }
    const afterRestart = seen.slice(textBefore.length);
    expect(afterRestart.length).toBeGreaterThan(0);
    for (const shown of afterRestart) {
      expect(shown).not.toContain(ABANDONED.trim());
      expect(ANSWER.startsWith(shown)).toBe(true);
    }
    expect(signals.text.value).toBe(ANSWER);
  });
});
