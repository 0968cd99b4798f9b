/**
 * The engine host's logic (the offscreen document is its thin shell): picks model, device and
 * precision from the settings and the catalog, downloads and verifies files on first use, loads
 * the engine once, runs tasks one at a time, and releases the model when idle.
 */
import { fullyPinned, requireModel, transformersFiles, totalSize, type CatalogModel, type Dtype } from '../catalog/catalog';
import { pickDtype } from '../catalog/pick-dtype';

export { pickDtype };
import { chooseDevice, type DeviceDecision, type GpuFacts } from '../engines/device';
import type { Engine } from '../engines/engine';
import type { VerifiedFileCache } from '../engines/verified-file-cache';
import { LocusError } from '../errors';
import type { ModelStatus, RpcRequest, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { downloadModelFiles, missingFiles } from '../model-files/download';
import type { ModelFileStore } from '../model-files/store';
import type { NetworkGate } from '../privacy/network-gate';
import type { Settings } from '../settings/settings';
import { runTask } from '../tasks/runner';

export interface EngineHostDeps {
  readSettings(): Promise<Settings>;
  store: ModelFileStore;
  cache: VerifiedFileCache;
  gate: NetworkGate;
  probeGpu(): Promise<GpuFacts>;
  createEngine(model: CatalogModel, device: 'webgpu' | 'wasm', dtype: Dtype): Engine;
  /** Asks for the host to be closed (the background closes the offscreen document). */
  requestClose(): void;
}

interface Selection {
  model: CatalogModel;
  decision: DeviceDecision;
  dtype: Dtype;
}

export class EngineHost {
  #engine: Engine | undefined;
  #engineKey = '';
  #gpu: Promise<GpuFacts> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #busy = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: EngineHostDeps) {}

  get loadedEngine(): Engine | undefined {
    return this.#engine?.loaded ? this.#engine : undefined;
  }

  #probe(): Promise<GpuFacts> {
    this.#gpu ??= this.deps.probeGpu();
    return this.#gpu;
  }

  async #select(settings: Settings): Promise<Selection> {
    const model = requireModel(settings.chatModel);
    const gpu = await this.#probe();
    const decision = chooseDevice(settings.device, gpu);
    return { model, decision, dtype: pickDtype(model, decision.device, gpu.shaderF16) };
  }

  /** One task at a time: generation on one model is sequential anyway, and memory stays bounded. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  runTask(request: TaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
    this.#busy += 1;
    this.#cancelIdle();
    return this.#exclusive(async () => {
      const engine = await this.#prepare(emit, signal);
      await runTask(request, engine, emit, signal);
    }).finally(() => {
      this.#busy -= 1;
      void this.#scheduleIdle();
    });
  }

  async rpc(request: RpcRequest): Promise<unknown> {
    switch (request.method) {
      case 'model.status':
        return this.status();
    }
  }

  async status(): Promise<ModelStatus> {
    const settings = await this.deps.readSettings();
    const { model, decision, dtype } = await this.#select(settings);
    const files = transformersFiles(model, dtype);
    const plan = { modelId: model.id, revision: model.revision, host: settings.modelHost, files };
    const missing = await missingFiles(plan, this.deps.store);
    const downloadBytes = totalSize(missing);
    const loaded = this.#engine?.loaded === true && this.#engineKey === `${model.id}|${decision.device}|${dtype}`;
    return {
      modelId: model.id,
      modelName: model.name,
      device: decision.device,
      dtype,
      downloadBytes,
      cachedBytes: totalSize(files) - downloadBytes,
      cached: missing.length === 0,
      loaded,
      pinned: fullyPinned(files),
      deviceReason: decision.reason,
    };
  }

  async #prepare(emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Engine> {
    const settings = await this.deps.readSettings();
    const { model, decision, dtype } = await this.#select(settings);
    const key = `${model.id}|${decision.device}|${dtype}`;
    if (this.#engine?.loaded && this.#engineKey === key) return this.#engine;
    if (decision.notice) emit({ kind: 'notice', message: decision.notice });
    await this.#release();

    const files = transformersFiles(model, dtype);
    await downloadModelFiles(
      { modelId: model.id, revision: model.revision, host: settings.modelHost, files },
      {
        store: this.deps.store,
        fetch: (url, init) => this.deps.gate.fetch(url, init, 'model-download'),
        signal,
        onProgress: (progress) => emit({ kind: 'download', progress }),
      },
    );
    this.deps.cache.register(model.id, model.revision);
    emit({ kind: 'loading', modelId: model.id, device: decision.device, dtype });
    const engine = this.deps.createEngine(model, decision.device, dtype);
    await engine.load({ signal });
    this.#engine = engine;
    this.#engineKey = key;
    return engine;
  }

  async #release(): Promise<void> {
    const engine = this.#engine;
    this.#engine = undefined;
    this.#engineKey = '';
    await engine?.unload();
  }

  #cancelIdle(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  async #scheduleIdle(): Promise<void> {
    this.#cancelIdle();
    if (this.#busy > 0) return;
    const minutes = (await this.deps.readSettings()).idleUnloadMinutes;
    if (minutes <= 0 || this.#busy > 0) return;
    this.#idleTimer = setTimeout(() => {
      if (this.#busy > 0) return;
      void this.#exclusive(() => this.#release()).then(() => this.deps.requestClose());
    }, minutes * 60_000);
  }
}
