/**
 * The engine host's logic: model, device and precision from settings and catalog, verified
 * downloads on first use through the network gate, one load, one task at a time, release when
 * idle. Real store, cache, downloader, gate and model host; a fake engine instead of ONNX Runtime.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileUrl, requireModel, totalSize, transformersFiles, type CatalogModel, type Dtype } from '../../lib/catalog/catalog';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import type { LoadOptions } from '../../lib/engine-api/engine';
import { VerifiedFileCache } from '../../lib/engines/verified-file-cache';
import type { EngineChoice } from '../../lib/engine-host/choose-engine';
import { EngineHost, type EngineHostDeps } from '../../lib/engine-host/engine-host';
import { pickDtype } from '../../lib/catalog/pick-dtype';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { FsModelStore } from '../support/fs-store';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';
import type { RequestRecord } from '../../lib/insights/record';
import { FakeEngine, type FakeEngineOptions } from '../support/fake-engine';
import { startModelHost } from '../support/model-host.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const model = requireModel('stories260K');
const REAL_GPU: GpuFacts = { available: true, isFallback: false, shaderF16: false, maxBufferSize: 4 * 1024 ** 3, description: 'test gpu' };

let host: Awaited<ReturnType<typeof startModelHost>>;
beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
});
afterAll(async () => {
  await host?.stop();
});

const request: TaskRequest = {
  kind: 'summarize',
  mode: 'tldr',
  page: { url: 'https://example.org/', title: 'Rivers', lang: 'en', text: 'Rivers carry sand to the sea. The sand builds a delta.' },
  outputLanguage: '',
};

/**
 * A fake engine that, like the real one, can only start when its files are in the verified store:
 * it reads every file through the VerifiedFileCache the host registered.
 */
class StoreCheckingEngine extends FakeEngine {
  constructor(
    private readonly cache: VerifiedFileCache,
    private readonly files: string[],
    options: FakeEngineOptions,
  ) {
    super(options);
  }

  override async load(options?: LoadOptions): Promise<void> {
    for (const file of this.files) {
      const response = await this.cache.match(fileUrl('https://any.host', this.info.modelId, 'main', file));
      if (!response) throw new Error(`${file} is not in the verified store`);
    }
    await super.load(options);
  }
}

let dir: string;
let harness: ReturnType<typeof makeHost>;

function makeHost(
  overrides: Partial<Settings> = {},
  gpu: GpuFacts = NO_GPU,
  engineOptions: FakeEngineOptions = {},
  deps: Partial<EngineHostDeps> = {},
) {
  const settings: Settings = { ...DEFAULT_SETTINGS, modelHost: host.origin, chatModel: model.id, idleUnloadMinutes: 0, ...overrides };
  const readSettings = async () => ({ ...settings });
  const store = new FsModelStore(dir);
  const cache = new VerifiedFileCache(store);
  const sent: string[] = [];
  const gate = createNetworkGate(readSettings, {
    baseFetch: async (input, init) => {
      sent.push(String(input));
      return fetch(input, init);
    },
  });
  const engines: StoreCheckingEngine[] = [];
  const created: Array<{ device: string; dtype: Dtype }> = [];
  let closeRequests = 0;
  const records: RequestRecord[] = [];
  const engineHost = new EngineHost({
    recordRequest: async (record) => {
      records.push(record);
    },
    readSettings,
    store,
    cache,
    gate,
    deviceProfile: async () => ({ gpu, memoryGB: 8, cores: 4, freeStorageBytes: 50e9, chromeAiReady: false }),
    createEngine: (choice: EngineChoice) => {
      const m: CatalogModel = choice.model;
      const device = choice.device === 'webgpu' ? 'webgpu' : 'wasm';
      const dtype = choice.variant as Dtype;
      created.push({ device, dtype });
      const engine = new StoreCheckingEngine(
        cache,
        transformersFiles(m, dtype).map((f) => f.path),
        {
          ...engineOptions,
          info: { modelId: m.id, modelName: m.name, device, dtype, contextWindow: m.contextWindow },
          reply: engineOptions.reply ?? (() => 'Rivers build deltas from sand.'),
        },
      );
      engines.push(engine);
      return engine;
    },
    requestClose: () => {
      closeRequests += 1;
    },
    ...deps,
  });
  return { engineHost, settings, store, sent, engines, created, records, closeRequests: () => closeRequests };
}

async function runOnce(engineHost: EngineHost, signal = new AbortController().signal) {
  const events: TaskEvent[] = [];
  await engineHost.handle(request, (e) => events.push(e), signal);
  return events;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-engine-host-'));
  host.log.length = 0;
  host.faults.clear();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('EngineHost', () => {
  it('downloads and loads on the first task, then only runs on the second', async () => {
    harness = makeHost();
    const files = transformersFiles(model, model.engines.transformers!.preferred.wasm!);

    const first = await runOnce(harness.engineHost);
    const kinds = first.map((e) => e.kind);
    const firstDownload = kinds.indexOf('download');
    const loading = kinds.indexOf('loading');
    expect(firstDownload).toBeGreaterThanOrEqual(0);
    expect(loading).toBeGreaterThan(kinds.lastIndexOf('download'));
    expect(kinds.indexOf('text')).toBeGreaterThan(loading);
    expect(kinds.at(-1)).toBe('done');
    const downloads = first.filter((e): e is Extract<TaskEvent, { kind: 'download' }> => e.kind === 'download');
    expect(downloads.at(-1)!.progress).toMatchObject({ modelId: model.id, loaded: totalSize(files), total: totalSize(files) });
    expect(first[loading]).toEqual({
      kind: 'loading',
      modelId: model.id,
      device: 'wasm',
      dtype: model.engines.transformers!.preferred.wasm,
    });
    // Every byte came from the configured model host, through the gate.
    expect(harness.sent).toHaveLength(files.length);
    expect(harness.sent.every((url) => url.startsWith(`${host.origin}/`))).toBe(true);
    expect(harness.engines).toHaveLength(1);
    expect(harness.engines[0]!.loads).toBe(1);

    const requestsAfterFirst = host.log.length;
    const second = await runOnce(harness.engineHost);
    expect(second.filter((e) => e.kind === 'download' || e.kind === 'loading')).toEqual([]);
    expect(second.map((e) => e.kind)).toContain('text');
    expect(second.at(-1)!.kind).toBe('done');
    expect(host.log.length).toBe(requestsAfterFirst);
    expect(harness.engines).toHaveLength(1);
    expect(harness.engines[0]!.loads).toBe(1);
    expect(harness.engines[0]!.calls).toHaveLength(2);
  });

  it('reports in status() what a first run would download, then that the model is cached and loaded', async () => {
    harness = makeHost();
    const dtype = model.engines.transformers!.preferred.wasm!;
    const total = totalSize(transformersFiles(model, dtype));
    const before = await harness.engineHost.status();
    expect(before).toMatchObject({
      modelId: model.id,
      device: 'wasm',
      dtype,
      downloadBytes: total,
      cachedBytes: 0,
      cached: false,
      loaded: false,
    });
    expect(before.deviceReason).toMatch(/WASM/);
    expect(host.log).toEqual([]); // asking costs no request

    await runOnce(harness.engineHost);
    const after = await harness.engineHost.status();
    expect(after).toMatchObject({ downloadBytes: 0, cachedBytes: total, cached: true, loaded: true });
    // It answers the engine port's RPC with the same.
    expect(await harness.engineHost.rpc({ method: 'model.status' })).toEqual(after);
  });

  it('unloads the model and asks to be closed after idleUnloadMinutes without a task', async () => {
    harness = makeHost({ idleUnloadMinutes: 0.0005 }); // 30 ms
    await runOnce(harness.engineHost);
    const engine = harness.engines[0]!;
    await vi.waitFor(() => expect(harness.closeRequests()).toBe(1), { timeout: 3_000, interval: 10 });
    expect(engine.unloads).toBe(1);
    expect(engine.loaded).toBe(false);
    expect(harness.engineHost.loadedEngine).toBeUndefined();
    expect((await harness.engineHost.status()).loaded).toBe(false);
  });

  it('a host started by a question from the panel (no task) also asks to be closed when idle', async () => {
    harness = makeHost({ idleUnloadMinutes: 0.0005 }); // 30 ms
    await harness.engineHost.rpc({ method: 'model.status' });
    await vi.waitFor(() => expect(harness.closeRequests()).toBe(1), { timeout: 3_000, interval: 10 });
    // Not while a task runs: a question asked meanwhile does not start the countdown.
    harness = makeHost({ idleUnloadMinutes: 0.0005 });
    const running = runOnce(harness.engineHost);
    await harness.engineHost.rpc({ method: 'model.status' });
    await running;
    await vi.waitFor(() => expect(harness.closeRequests()).toBe(1), { timeout: 3_000, interval: 10 });
    await new Promise((r) => setTimeout(r, 100));
    expect(harness.closeRequests()).toBe(1);
  });

  it('does not unload while a task runs, and keeps the model when idleUnloadMinutes is 0', async () => {
    // 60 ms idle time; the second task takes 300 ms, started right after the first.
    let slow = false;
    harness = makeHost({ idleUnloadMinutes: 0.001 }, NO_GPU, {
      beforeGenerate: async () => {
        if (slow) await new Promise((r) => setTimeout(r, 300));
      },
    });
    await runOnce(harness.engineHost);
    slow = true;
    await runOnce(harness.engineHost);
    const engine = harness.engines[0]!;
    expect(engine.unloads).toBe(0);
    expect(harness.closeRequests()).toBe(0);
    await vi.waitFor(() => expect(harness.closeRequests()).toBe(1), { timeout: 3_000, interval: 10 });
    expect(engine.unloads).toBe(1);

    // idleUnloadMinutes 0: never released.
    const keep = makeHost({ idleUnloadMinutes: 0 });
    await runOnce(keep.engineHost);
    await new Promise((r) => setTimeout(r, 150));
    expect(keep.engines[0]!.unloads).toBe(0);
    expect(keep.closeRequests()).toBe(0);
  });

  it('runs tasks one at a time', async () => {
    let running = 0;
    let most = 0;
    harness = makeHost({}, NO_GPU, {
      beforeGenerate: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
      },
    });
    const all = await Promise.all([runOnce(harness.engineHost), runOnce(harness.engineHost), runOnce(harness.engineHost)]);
    expect(all.map((events) => events.at(-1)!.kind)).toEqual(['done', 'done', 'done']);
    expect(most).toBe(1);
    expect(harness.engines).toHaveLength(1); // the queue also shares one load
  });

  it('runs on WebGPU with the catalog precision when a real GPU is there', async () => {
    harness = makeHost({}, REAL_GPU);
    const events = await runOnce(harness.engineHost);
    const dtype = model.engines.transformers!.preferred.webgpu;
    expect(harness.created).toEqual([{ device: 'webgpu', dtype }]);
    expect(events.find((e) => e.kind === 'loading')).toEqual({ kind: 'loading', modelId: model.id, device: 'webgpu', dtype });
  });

  it('tells the student when WebGPU was asked for but is not available', async () => {
    harness = makeHost({ device: 'webgpu' }, NO_GPU);
    const events = await runOnce(harness.engineHost);
    expect(events.find((e) => e.kind === 'notice')).toMatchObject({ message: expect.stringMatching(/WebGPU is not available/) });
    expect(harness.created[0]!.device).toBe('wasm');
  });

  it("fails with 'offline-blocked' in offline mode before anything is cached, sending nothing", async () => {
    harness = makeHost({ offline: true });
    const error = await runOnce(harness.engineHost).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'offline-blocked' });
    expect(harness.sent).toEqual([]);
    expect(host.log).toEqual([]);
    expect(harness.engines).toEqual([]);
  });

  it('when the GPU is lost mid-task, tells the student and finishes the task on the CPU', async () => {
    harness = makeHost({ device: 'auto' }, REAL_GPU, {
      beforeGenerate: () => {
        const engine = harness.engines.at(-1)!;
        if (engine.info.device === 'webgpu') throw new Error('GPUDevice was lost: the device was destroyed');
      },
    });
    const events = await runOnce(harness.engineHost);
    expect(harness.created.map((c) => c.device)).toEqual(['webgpu', 'wasm']);
    expect(events.find((e) => e.kind === 'notice')).toMatchObject({
      message: expect.stringMatching(/GPU stopped responding.*CPU \(WASM\)/),
    });
    const done = events.at(-1)!;
    expect(done.kind).toBe('done');
    expect(done.kind === 'done' && done.stats.device).toBe('wasm');
    // The session stays on the CPU: the next task does not try the lost GPU again.
    await runOnce(harness.engineHost);
    expect(harness.created.map((c) => c.device)).toEqual(['webgpu', 'wasm']);
  });

  it('an ordinary failure on the GPU is reported as it is, not retried on the CPU', async () => {
    harness = makeHost({}, REAL_GPU, {
      beforeGenerate: () => {
        throw new Error('out of vocabulary');
      },
    });
    await expect(runOnce(harness.engineHost)).rejects.toThrow(/out of vocabulary/);
    expect(harness.created.map((c) => c.device)).toEqual(['webgpu']);
  });

  it('keeps a record of every request on the device: figures of a finished one, the outcome of a stopped one', async () => {
    harness = makeHost();
    const events = await runOnce(harness.engineHost);
    const done = events.at(-1)!;
    expect(done.kind).toBe('done');
    expect(harness.records).toHaveLength(1);
    const record = harness.records[0]!;
    expect(record).toMatchObject({
      task: 'summarize',
      engine: 'transformers',
      modelId: model.id,
      device: 'wasm',
      where: 'local',
      outcome: 'done',
      cloudProposed: false,
    });
    if (done.kind === 'done') {
      expect(record.tokensOut).toBe(done.stats.allOutputTokens);
      expect(record.tokensIn).toBe(done.stats.allPromptTokens);
      expect(record.ttftMs).toBe(done.stats.ttftMs);
    }
    const controller = new AbortController();
    controller.abort();
    await runOnce(harness.engineHost, controller.signal).catch(() => undefined);
    expect(harness.records.at(-1)).toMatchObject({ task: 'summarize', outcome: 'cancelled', tokensOut: 0 });
  });

  it('works offline once the model is cached', async () => {
    harness = makeHost();
    await runOnce(harness.engineHost);
    const offline = makeHost({ offline: true }); // a new document: nothing loaded, files on disk
    const events = await runOnce(offline.engineHost);
    expect(events.at(-1)!.kind).toBe('done');
    expect(offline.sent).toEqual([]);
  });
});

describe('pickDtype', () => {
  const base = model;
  const weights = (...dtypes: Dtype[]) => Object.fromEntries(dtypes.map((d) => [d, [{ path: `onnx/${d}.onnx`, size: 1, sha256: null }]]));
  const variant = (preferred: { webgpuF16: Dtype; webgpu: Dtype; wasm: Dtype }, dtypes: Dtype[]): CatalogModel => ({
    ...base,
    engines: { transformers: { preferred, shared: [], dtypes: weights(...dtypes) } },
  });

  it("prefers the catalog's choice for each device", () => {
    const t = model.engines.transformers!;
    expect(pickDtype(model, 'wasm', false)).toBe(t.preferred.wasm);
    expect(pickDtype(model, 'webgpu', false)).toBe(t.preferred.webgpu);
    expect(pickDtype(model, 'webgpu', true)).toBe(t.preferred.webgpuF16);
    const m = variant({ webgpuF16: 'q4f16', webgpu: 'q8', wasm: 'q4' }, ['fp32', 'fp16', 'q8', 'q4', 'q4f16']);
    expect(pickDtype(m, 'wasm', true)).toBe('q4');
    expect(pickDtype(m, 'webgpu', false)).toBe('q8');
    expect(pickDtype(m, 'webgpu', true)).toBe('q4f16');
  });

  it('falls back to a build the device can run, never an f16 one on WebGPU without shader-f16', () => {
    // The preferred builds are missing: any other build, but no f16 without shader-f16.
    const missing = variant({ webgpuF16: 'q4f16', webgpu: 'q4', wasm: 'q4' }, ['fp16', 'q4f16', 'q8']);
    expect(pickDtype(missing, 'webgpu', false)).toBe('q8');
    expect(['fp16', 'q4f16', 'q8']).toContain(pickDtype(missing, 'webgpu', true));
    // A catalog entry whose WebGPU choice is an f16 build is not followed on a GPU without shader-f16.
    const f16Choice = variant({ webgpuF16: 'fp16', webgpu: 'q4f16', wasm: 'q4' }, ['q4f16', 'q4', 'fp32']);
    const picked = pickDtype(f16Choice, 'webgpu', false);
    expect(picked).not.toMatch(/16/);
    expect(['q4', 'fp32']).toContain(picked);
    expect(pickDtype(f16Choice, 'wasm', false)).toBe('q4');
  });

  it("refuses with 'model-not-in-catalog' when nothing can run", () => {
    const onlyF16 = variant({ webgpuF16: 'fp16', webgpu: 'q4', wasm: 'q4' }, ['fp16', 'q4f16']);
    expect(() => pickDtype(onlyF16, 'webgpu', false)).toThrow(expect.objectContaining({ code: 'model-not-in-catalog' }));
    const noTransformers: CatalogModel = { ...base, engines: {} };
    expect(() => pickDtype(noTransformers, 'wasm', false)).toThrow(expect.objectContaining({ code: 'model-not-in-catalog' }));
  });

  describe('a cloud proposal made during a local request, and the student\'s "Cancel"', () => {
    /**
     * The cloud side of the host, reduced to what this concerns: a watch that proposes once the
     * answer is complete (as low confidence does), and proposals numbered p1, p2… (the real
     * CloudService and router are tested in cloud-service and router tests).
     */
    function cloudThatProposes(onProposal: (id: string) => void = () => undefined) {
      let n = 0;
      const discarded: string[] = [];
      const cloud = {
        watch: async (_request: TaskRequest, emit: (e: TaskEvent) => void) => ({
          start: async () => undefined,
          emit: (e: TaskEvent) => {
            if (e.kind === 'done') {
              const id = `p${++n}`;
              emit({ kind: 'cloud-proposal', proposal: { id } } as unknown as TaskEvent);
              onProposal(id);
            }
            emit(e);
          },
          engine: <T>(engine: T) => engine,
          finish: async () => undefined,
          dispose: () => undefined,
        }),
        prepare: async () => ({ id: `p${++n}` }),
        discard: (id: string) => discarded.push(id),
      };
      return { cloud: cloud as unknown as NonNullable<EngineHostDeps['cloud']>, discarded };
    }

    it('records the proposal; Cancel after the answer marks that record declined', async () => {
      const declined: string[] = [];
      const { cloud, discarded } = cloudThatProposes();
      harness = makeHost({}, NO_GPU, {}, { cloud, markCloudDeclined: async (id) => void declined.push(id) });
      await runOnce(harness.engineHost);
      const record = harness.records[0]!;
      expect(record).toMatchObject({ where: 'local', outcome: 'done', cloudProposed: true, cloudDeclined: false });
      await harness.engineHost.rpc({ method: 'cloud.discard', proposalId: 'p1' });
      expect(discarded).toEqual(['p1']);
      expect(declined).toEqual([record.id]);
      // Discarding it again, or a proposal nobody made, declines nothing more.
      await harness.engineHost.rpc({ method: 'cloud.discard', proposalId: 'p1' });
      await harness.engineHost.rpc({ method: 'cloud.discard', proposalId: 'p9' });
      expect(declined).toEqual([record.id]);
    });

    it('Cancel while the answer still runs: the record is kept declined', async () => {
      const declined: string[] = [];
      let host: EngineHost | undefined;
      const { cloud } = cloudThatProposes((id) => void host!.rpc({ method: 'cloud.discard', proposalId: id }));
      harness = makeHost({}, NO_GPU, {}, { cloud, markCloudDeclined: async (id) => void declined.push(id) });
      host = harness.engineHost;
      await runOnce(harness.engineHost);
      expect(harness.records[0]).toMatchObject({ where: 'local', cloudProposed: true, cloudDeclined: true });
      expect(declined).toEqual([]);
    });

    it('an edited proposal stands for the same request: cancelling it declines that request', async () => {
      const declined: string[] = [];
      const { cloud } = cloudThatProposes();
      harness = makeHost({}, NO_GPU, {}, { cloud, markCloudDeclined: async (id) => void declined.push(id) });
      await runOnce(harness.engineHost);
      const edited = (await harness.engineHost.rpc({
        method: 'cloud.prepare',
        edited: [{ role: 'user', content: 'shorter' }],
        previousId: 'p1',
      })) as { id: string };
      expect(edited.id).toBe('p2');
      await harness.engineHost.rpc({ method: 'cloud.discard', proposalId: 'p2' });
      expect(declined).toEqual([harness.records[0]!.id]);
    });

    it('a request without a proposal is never marked declined', async () => {
      const declined: string[] = [];
      harness = makeHost({}, NO_GPU, {}, { markCloudDeclined: async (id) => void declined.push(id) });
      await runOnce(harness.engineHost);
      expect(harness.records[0]).toMatchObject({ cloudProposed: false, cloudDeclined: false });
      await harness.engineHost.rpc({ method: 'cloud.discard', proposalId: 'p1' });
      expect(declined).toEqual([]);
    });
  });
});

describe('EngineHost warm start (the panel opened)', () => {
  const downloadForLater = (engineHost: EngineHost) =>
    engineHost.handle({ kind: 'download', modelId: model.id }, () => undefined, new AbortController().signal);

  it('loads a downloaded model ahead of the first task, which then neither downloads nor loads', async () => {
    harness = makeHost();
    await downloadForLater(harness.engineHost);
    expect(harness.engines).toHaveLength(0); // downloaded for later, not loaded
    const answer = await harness.engineHost.rpc({ method: 'model.warm' });
    expect(answer).toMatchObject({ modelId: model.id, cached: true, loaded: false, preparing: true });
    await vi.waitFor(async () => expect(await harness.engineHost.status()).toMatchObject({ loaded: true }), { timeout: 60_000 });
    expect((await harness.engineHost.status()).preparing).toBeUndefined();
    expect(harness.engines).toHaveLength(1);
    expect(harness.engines[0]!.loads).toBe(1);

    const events = await runOnce(harness.engineHost);
    expect(events.filter((e) => e.kind === 'download' || e.kind === 'loading')).toEqual([]);
    expect(events.at(-1)!.kind).toBe('done');
    expect(harness.engines).toHaveLength(1);
    expect(harness.engines[0]!.loads).toBe(1);
    // Asked again with the model loaded: nothing more happens.
    expect(await harness.engineHost.rpc({ method: 'model.warm' })).toMatchObject({ loaded: true });
    expect(harness.engines[0]!.loads).toBe(1);
  });

  it('a task sent while the model warms waits for that load instead of starting its own', async () => {
    harness = makeHost();
    await downloadForLater(harness.engineHost);
    expect(await harness.engineHost.rpc({ method: 'model.warm' })).toMatchObject({ preparing: true });
    const events = await runOnce(harness.engineHost);
    expect(events.at(-1)!.kind).toBe('done');
    expect(harness.engines).toHaveLength(1);
    expect(harness.engines[0]!.loads).toBe(1);
  });

  it('does nothing for a model not downloaded yet: no download, no load, no request', async () => {
    harness = makeHost();
    const answer = await harness.engineHost.rpc({ method: 'model.warm' });
    expect(answer).toMatchObject({ cached: false, loaded: false });
    expect((answer as { preparing?: boolean }).preparing).toBeUndefined();
    expect(harness.engines).toHaveLength(0);
    expect(host.log).toEqual([]);
  });

  it('does nothing when memory is unknown or below what the model needs', async () => {
    for (const memoryGB of [null, model.hardware.minMemoryGB / 2]) {
      harness = makeHost(
        {},
        NO_GPU,
        {},
        {
          deviceProfile: async () => ({ gpu: NO_GPU, memoryGB, cores: 4, freeStorageBytes: 50e9, chromeAiReady: false }),
        },
      );
      await downloadForLater(harness.engineHost);
      expect(await harness.engineHost.rpc({ method: 'model.warm' })).toMatchObject({ cached: true, loaded: false });
      expect(harness.engines).toHaveLength(0);
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(path.join(os.tmpdir(), 'locus-engine-host-'));
    }
  });
});
