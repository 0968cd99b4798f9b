/**
 * The engine host's logic (the offscreen document's worker is its thin shell): picks model, engine,
 * device and build from the settings, the catalog and this device; downloads and verifies files on
 * first use; loads one engine at a time; runs tasks one at a time; releases the model when idle;
 * and moves to the CPU when the GPU is lost.
 */
import {
  catalog,
  engineKindsOf,
  fullyPinned,
  transformersFiles,
  totalSize,
  type CatalogModel,
  type Dtype,
  type EngineKind,
} from '../catalog/catalog';
import { pickDtype } from '../catalog/pick-dtype';
import { planFor, type DeviceProfile } from '../catalog/recommend';
import type { CloudService } from '../cloud/cloud-service';
import type { Embedder } from '../engines/embedder';
import type { Engine } from '../engines/engine';
import type { VerifiedFileCache } from '../engines/verified-file-cache';
import { LocusError, isAbort } from '../errors';
import type { ModelOverview, ModelStatus, RpcRequest, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { downloadModelFiles, missingFiles } from '../model-files/download';
import type { PinStore } from '../model-files/pins';
import type { ModelFileStore } from '../model-files/store';
import { verificationOf, type Verification } from '../model-files/verification';
import type { NetworkGate } from '../privacy/network-gate';
import type { Settings, TaskClass } from '../settings/settings';
import { TASK_KINDS, recordFromStats, recordWithoutStats, type RecordEngine, type RequestRecord, type TaskKind } from '../insights/record';
import { runTask } from '../tasks/runner';
import { chooseEmbedding, chooseEngine, type EmbeddingChoice, type EngineChoice } from './choose-engine';

export { pickDtype };

export interface EngineHostDeps {
  readSettings(): Promise<Settings>;
  store: ModelFileStore;
  /** Pins of models first downloaded without catalog checksums (lib/model-files/pins.ts). */
  pins?: PinStore;
  cache: VerifiedFileCache;
  gate: NetworkGate;
  /** GPU, memory, cores, free storage, Chrome's built-in model: read once per host. */
  deviceProfile(): Promise<DeviceProfile>;
  createEngine(choice: EngineChoice, settings: Settings): Engine;
  /** Storage of engines that keep their own cache (web-llm): bytes per model id, and delete. */
  otherCaches?: { usage(modelId: string): Promise<number>; delete(modelId: string): Promise<number> };
  storageEstimate?(): Promise<{ usage: number; quota: number }>;
  /** Asks for the host to be closed (the background closes the offscreen document). */
  requestClose(): void;
  /** Keeps the figures of a finished request on the device (Insights). */
  recordRequest?(record: RequestRecord): Promise<void>;
  /** Marks a kept record: the student declined the cloud proposal made during that request. */
  markCloudDeclined?(recordId: string): Promise<void>;
  /** Cloud proposals, consented sends and the router's watch over local runs (lib/cloud). */
  cloud?: CloudService;
  /** The library's embedding model (held next to the chat model; see `prepareEmbedder`). */
  createEmbedder?(choice: EmbeddingChoice): Embedder;
}

export type LibraryTaskRequest = Extract<TaskRequest, { kind: 'library.save' | 'library.ask' }>;
export type LibraryRpcRequest = Extract<RpcRequest, { method: `library.${string}` }>;

/** The library (lib/library/library-service.ts), attached by the worker once the host exists. */
export interface LibraryHandler {
  runTask(request: LibraryTaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void>;
  rpc(request: LibraryRpcRequest): Promise<unknown>;
}

function isLibraryTask(request: TaskRequest): request is LibraryTaskRequest {
  return request.kind === 'library.save' || request.kind === 'library.ask';
}

function isLibraryRpc(request: RpcRequest): request is LibraryRpcRequest {
  return request.method.startsWith('library.');
}

/** The Insights task name of a request (a selection action names itself). */
export function insightTaskOf(request: TaskRequest): TaskKind | null {
  const kind = (request as { kind: string; action?: string }).kind;
  const action = (request as { action?: string }).action;
  if (action && (TASK_KINDS as readonly string[]).includes(action)) return action as TaskKind;
  if ((TASK_KINDS as readonly string[]).includes(kind)) return kind as TaskKind;
  return kind === 'download' ? null : 'ask';
}

const GPU_LOST = /device (is |was )?lost|GPUDevice.*lost|DXGI_ERROR_DEVICE|context lost/i;

export function taskClassOf(request: TaskRequest): TaskClass {
  switch (request.kind) {
    case 'summarize':
      return 'summarize';
    case 'download':
      return 'summarize';
    case 'quiz':
      return 'summarize';
    case 'selection':
    case 'hint':
    case 'chat':
    case 'cloud':
      return 'ask';
    case 'library.save':
    case 'library.ask':
      return 'library';
  }
}

export class EngineHost {
  #engine: Engine | undefined;
  #engineKey = '';
  #profile: Promise<DeviceProfile> | undefined;
  #gpuLost = false;
  #queue: Promise<unknown> = Promise.resolve();
  #busy = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** At most one embedding model, next to the chat model: memory stays bounded to the two. */
  #embedder: Embedder | undefined;
  #embedderKey = '';
  #library: LibraryHandler | undefined;

  constructor(private readonly deps: EngineHostDeps) {}

  /** Routes the library's tasks and RPCs to `library` (the worker wires it after construction). */
  attachLibrary(library: LibraryHandler): void {
    this.#library = library;
  }

  /** Model work one piece at a time, shared by every task (the library's batches included). */
  runExclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#exclusive(work);
  }

  /** Keeps the host from going idle (and closing) while background work runs; call the release once. */
  hold(): () => void {
    this.#busy += 1;
    this.#cancelIdle();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#busy -= 1;
      void this.#scheduleIdle();
    };
  }

  /** The chat model for library answers (call inside `runExclusive`). */
  prepareChat(emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Engine> {
    return this.#prepare('library', emit, signal);
  }

  /** The embedding model the settings choose, without loading it. */
  async embeddingChoice(): Promise<EmbeddingChoice> {
    return chooseEmbedding(await this.deps.readSettings(), { profile: await this.#deviceProfile(), gpuLost: this.#gpuLost });
  }

  /**
   * The library's embedding model, downloaded through the verified downloader and the network gate
   * on first use (with progress events), loaded next to the chat model, reused while it stays the
   * settings' choice. Call inside `runExclusive`.
   */
  async prepareEmbedder(emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Embedder> {
    if (!this.deps.createEmbedder) throw new LocusError('internal', 'This engine host cannot run embedding models.');
    const settings = await this.deps.readSettings();
    const choice = await this.embeddingChoice();
    const key = `${choice.model.id}|${choice.device}|${choice.variant}`;
    if (this.#embedder?.loaded && this.#embedderKey === key) return this.#embedder;
    await this.#releaseEmbedder();
    await this.#fetchFiles(choice.model, choice.variant as Dtype, settings, emit, signal);
    emit({ kind: 'loading', modelId: choice.model.id, device: choice.device, dtype: choice.variant });
    const embedder = this.deps.createEmbedder(choice);
    await embedder.load({ signal });
    this.#embedder = embedder;
    this.#embedderKey = key;
    return embedder;
  }

  async #releaseEmbedder(): Promise<void> {
    const embedder = this.#embedder;
    this.#embedder = undefined;
    this.#embedderKey = '';
    await embedder?.unload();
  }

  #runLibrary(request: LibraryTaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
    const library = this.#library;
    const time = Date.now();
    const id = `${time.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const recording = (event: TaskEvent) => {
      // An answer the local model wrote is a request for Insights; a save or a "nothing relevant" is not.
      if (event.kind === 'done' && request.kind === 'library.ask' && event.stats.modelId && event.stats.outputTokens > 0) {
        const engineKind = this.#engine?.info.engine ?? 'transformers';
        void this.#record(() => recordFromStats(event.stats, { id, time, task: 'library', engine: engineKind }));
      }
      emit(event);
    };
    return (
      library
        ? library.runTask(request, recording, signal)
        : Promise.reject(new LocusError('internal', 'The library is not available in this engine host.'))
    ).finally(() => {
      this.#busy -= 1;
      void this.#scheduleIdle();
    });
  }

  get loadedEngine(): Engine | undefined {
    return this.#engine?.loaded ? this.#engine : undefined;
  }

  #deviceProfile(): Promise<DeviceProfile> {
    this.#profile ??= this.deps.deviceProfile();
    return this.#profile;
  }

  async #choose(settings: Settings, task: TaskClass): Promise<EngineChoice> {
    return chooseEngine(settings, task, { profile: await this.#deviceProfile(), gpuLost: this.#gpuLost });
  }

  /** One task at a time: generation on one model is sequential anyway, and memory stays bounded. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  runTask(request: TaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal, poll: () => void = () => undefined): Promise<void> {
    this.#busy += 1;
    this.#cancelIdle();
    if (request.kind === 'cloud') return this.#runCloud(request, emit, signal);
    if (isLibraryTask(request)) return this.#runLibrary(request, emit, signal);
    const task = insightTaskOf(request);
    if (!task) return this.#run(request, emit, signal, poll);
    const time = Date.now();
    const id = `${time.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    // The record is kept when the run is over, not at `done`: the router may still propose the
    // cloud after the last token (low confidence is judged on the whole answer).
    let done: { stats: Extract<TaskEvent, { kind: 'done' }>['stats']; engine: RecordEngine } | undefined;
    let proposed = false;
    const recording = (event: TaskEvent) => {
      if (event.kind === 'done' && !done) done = { stats: event.stats, engine: this.#engine?.info.engine ?? 'transformers' };
      if (event.kind === 'cloud-proposal') {
        proposed = true;
        this.#rememberProposal(event.proposal.id, id);
      }
      emit(event);
    };
    this.#running.add(id);
    const cloud = () => ({ cloudProposed: proposed, cloudDeclined: proposed && this.#declined.delete(id) });
    const keep = (build: () => RequestRecord) => {
      this.#running.delete(id);
      void this.#record(build);
    };
    return this.#run(request, recording, signal, poll).then(
      () => {
        if (done) keep(() => recordFromStats(done!.stats, { id, time, task, engine: done!.engine, ...cloud() }));
        else this.#running.delete(id);
      },
      (error: unknown) => {
        if (done) {
          keep(() => recordFromStats(done!.stats, { id, time, task, engine: done!.engine, ...cloud() }));
        } else {
          const info = this.#engine?.info;
          keep(() =>
            recordWithoutStats(
              {
                id,
                time,
                task,
                engine: info?.engine ?? 'transformers',
                modelId: info?.modelId ?? 'unknown',
                device: info?.device ?? 'wasm',
                ...cloud(),
              },
              isAbort(error) ? 'cancelled' : 'error',
              { totalMs: Date.now() - time },
            ),
          );
        }
        throw error;
      },
    );
  }

  /** Local requests still running (their records are kept when they end), and those whose proposal was declined meanwhile. */
  #running = new Set<string>();
  #declined = new Set<string>();

  async #decline(recordId: string): Promise<void> {
    if (this.#running.has(recordId)) this.#declined.add(recordId);
    else await this.deps.markCloudDeclined?.(recordId).catch(() => undefined);
  }

  /** Proposal id → the record of the local request it was made during (for "declined"). */
  #proposalRecords = new Map<string, string>();

  #rememberProposal(proposalId: string, recordId: string): void {
    this.#proposalRecords.set(proposalId, recordId);
    // Bounded: a proposal nobody answers is forgotten with the oldest.
    while (this.#proposalRecords.size > 64) this.#proposalRecords.delete(this.#proposalRecords.keys().next().value!);
  }

  async #record(build: () => RequestRecord): Promise<void> {
    try {
      await this.deps.recordRequest?.(build());
    } catch {
      // Insights are a convenience: a record that cannot be kept never fails the student's request.
    }
  }

  #run(request: TaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal, poll: () => void): Promise<void> {
    return this.#exclusive(async () => {
      if (request.kind === 'download') {
        await this.#download(request.modelId, emit, signal);
        return;
      }
      const engine = await this.#prepare(taskClassOf(request), emit, signal);
      // The router watches the run and may propose a bigger model (it never sends anything).
      const watch = await this.deps.cloud?.watch(request, emit).catch(() => undefined);
      if (watch) {
        await watch.start();
        emit = watch.emit;
      }
      const observed = (e: Engine) => (watch ? watch.engine(e) : e);
      try {
        await runTask(request, polling(observed(engine), poll), emit, signal);
        await watch?.finish();
      } catch (error) {
        watch?.dispose();
        if (isAbort(error) || engine.info.device !== 'webgpu' || !(this.#gpuLost || GPU_LOST.test(String((error as Error)?.message))))
          throw error;
        // The GPU went away mid-task: continue on the CPU, from the start of the task.
        this.#gpuLost = true;
        await this.#release();
        emit({
          kind: 'notice',
          message: 'The GPU stopped responding, so Locus switched to the CPU (WASM) and started this task again. It will be slower.',
        });
        emit({ kind: 'restart', reason: 'gpu-lost' });
        const fallback = await this.#prepare(taskClassOf(request), emit, signal);
        await runTask(request, polling(observed(fallback), poll), emit, signal);
        await watch?.finish();
      }
    }).finally(() => {
      this.#busy -= 1;
      void this.#scheduleIdle();
    });
  }

  async rpc(request: RpcRequest): Promise<unknown> {
    try {
      return await this.#rpc(request);
    } finally {
      // A question from the panel (status, the library's lists) may be what started this host after
      // an idle close: it must go idle again too, not stay up until the next task.
      if (this.#busy === 0 && this.#idleTimer === undefined) void this.#scheduleIdle();
    }
  }

  async #rpc(request: RpcRequest): Promise<unknown> {
    if (isLibraryRpc(request)) {
      if (!this.#library) throw new LocusError('internal', 'The library is not available in this engine host.');
      return this.#library.rpc(request);
    }
    switch (request.method) {
      case 'model.status':
        return this.status();
      case 'models.overview':
        return this.overview();
      case 'models.delete':
        return this.#exclusive(() => this.#delete(request.modelId));
      case 'cloud.prepare':
        if (!this.deps.cloud) throw new LocusError('cloud-not-configured', 'The cloud is not available in this build.');
        {
          const proposal = await this.deps.cloud.prepare({
            ...(request.request ? { request: request.request } : {}),
            ...(request.edited ? { edited: request.edited } : {}),
            ...(request.previousId ? { previousId: request.previousId } : {}),
          });
          // An edited proposal stands for the same local request as the one it replaces.
          const recordId = request.previousId ? this.#proposalRecords.get(request.previousId) : undefined;
          if (recordId) this.#rememberProposal(proposal.id, recordId);
          return proposal;
        }
      case 'cloud.discard': {
        this.deps.cloud?.discard(request.proposalId);
        // "Cancel" on a proposal made during a local request: the student declined the cloud.
        const recordId = this.#proposalRecords.get(request.proposalId);
        this.#proposalRecords.delete(request.proposalId);
        if (recordId) await this.#decline(recordId);
        return null;
      }
    }
  }

  /**
   * A cloud request the student agreed to: not queued behind local work (the cloud model does not
   * share this device), recorded for Insights as a cloud request that was proposed and accepted.
   */
  async #runCloud(request: Extract<TaskRequest, { kind: 'cloud' }>, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
    const time = Date.now();
    const id = `${time.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      if (!this.deps.cloud) throw new LocusError('cloud-not-configured', 'The cloud is not available in this build.');
      const outcome = await this.deps.cloud.send(request, emit, signal);
      const task = (TASK_KINDS as readonly string[]).includes(outcome.task) ? (outcome.task as TaskKind) : 'ask';
      void this.#record(() => recordFromStats(outcome.stats, { id, time, task, engine: 'cloud', cloudProposed: true }));
    } finally {
      this.#busy -= 1;
      void this.#scheduleIdle();
    }
  }

  async status(): Promise<ModelStatus> {
    const settings = await this.deps.readSettings();
    const choice = await this.#choose(settings, 'summarize');
    const { downloadBytes, cachedBytes, pinned } = await this.#storageOf(choice, settings);
    const verification = await this.#verification(choice.model, choice.engine, choice.variant);
    return {
      modelId: choice.model.id,
      modelName: choice.model.name,
      engine: choice.engine,
      device: choice.device,
      dtype: choice.variant,
      downloadBytes,
      cachedBytes,
      cached: downloadBytes === 0,
      loaded: this.#engine?.loaded === true && this.#engineKey === keyOf(choice),
      pinned,
      verification,
      deviceReason: choice.reason,
      recommendation: choice.recommendation.reason,
      ...(choice.recommendation.warning ? { warning: choice.recommendation.warning } : {}),
    };
  }

  async overview(): Promise<ModelOverview> {
    const settings = await this.deps.readSettings();
    const profile = await this.#deviceProfile();
    const current = await this.#choose(settings, 'summarize');
    const stored = await this.deps.store.usage();
    const models = [];
    for (const model of catalog.models.filter((m) => m.task === 'chat')) {
      const kinds = engineKindsOf(model);
      const plans = kinds
        .map((k) => ({ engine: k, plan: k === 'chrome-ai' && !profile.chromeAiReady ? null : planFor(model, k, profile.gpu) }))
        .filter((p): p is { engine: EngineKind; plan: NonNullable<ReturnType<typeof planFor>> } => p.plan !== null);
      const plan = plans.find((p) => p.engine === 'transformers') ?? plans[0];
      const storedBytes = (stored.get(model.id) ?? 0) + ((await this.deps.otherCaches?.usage(model.id)) ?? 0);
      let remainingBytes = plan?.plan.downloadBytes ?? 0;
      if (plan?.engine === 'transformers') {
        const files = transformersFiles(model, plan.plan.variant as Dtype);
        remainingBytes = totalSize(
          await missingFiles({ modelId: model.id, revision: model.revision, host: settings.modelHost, files }, this.deps.store),
        );
      } else if (plan?.engine === 'web-llm' && storedBytes > 0) remainingBytes = 0;
      models.push({
        id: model.id,
        name: model.name,
        params: model.params,
        license: model.license,
        contextWindow: model.contextWindow,
        engines: kinds,
        purpose: model.purpose ?? null,
        downloadBytes: plan?.plan.downloadBytes ?? 0,
        remainingBytes,
        storedBytes,
        runnable: plans.length > 0,
        note:
          plans.length > 0
            ? null
            : kinds.includes('chrome-ai')
              ? profile.chromeAi === 'downloadable' || profile.chromeAi === 'downloading'
                ? 'Chrome has not downloaded its built-in model yet: Chrome can download it (a few GB) when you ask.'
                : "Needs Google Chrome's built-in AI, which this browser does not offer."
              : 'Needs a GPU this device does not have.',
        verification: await this.#verification(model, plan?.engine ?? kinds[0]!, plan?.plan.variant ?? ''),
      });
    }
    const estimate = (await this.deps.storageEstimate?.()) ?? null;
    return {
      device: {
        gpu: profile.gpu.available
          ? `${profile.gpu.description}${profile.gpu.isFallback ? ' (software)' : ''}${profile.gpu.shaderF16 ? ', shader-f16' : ''}`
          : 'none',
        memoryGB: profile.memoryGB,
        cores: profile.cores,
        freeStorageBytes: profile.freeStorageBytes,
        chromeAiReady: profile.chromeAiReady,
        chromeAi: profile.chromeAi ?? (profile.chromeAiReady ? 'available' : 'unavailable'),
      },
      recommendation: {
        modelId: current.recommendation.modelId,
        reason: current.recommendation.reason,
        ...(current.recommendation.warning ? { warning: current.recommendation.warning } : {}),
      },
      current: { modelId: current.model.id, engine: current.engine, device: current.device, variant: current.variant },
      models,
      storage: estimate,
    };
  }

  /** How `model`'s files are checked when `engine` runs it (the Models view says it). */
  async #verification(model: CatalogModel, engine: EngineKind, variant: string): Promise<Verification> {
    if (engine === 'chrome-ai') return { kind: 'browser' };
    if (engine === 'web-llm') return { kind: 'engine-managed' };
    const dtype = variant as Dtype;
    if (!model.engines.transformers?.dtypes[dtype]) return { kind: 'on-first-download' };
    return verificationOf(model.id, model.revision, transformersFiles(model, dtype), this.deps.pins);
  }

  async #storageOf(choice: EngineChoice, settings: Settings): Promise<{ downloadBytes: number; cachedBytes: number; pinned: boolean }> {
    if (choice.engine === 'transformers') {
      const files = transformersFiles(choice.model, choice.variant as Dtype);
      const missing = await missingFiles(
        { modelId: choice.model.id, revision: choice.model.revision, host: settings.modelHost, files },
        this.deps.store,
      );
      const downloadBytes = totalSize(missing);
      return { downloadBytes, cachedBytes: totalSize(files) - downloadBytes, pinned: fullyPinned(files) };
    }
    if (choice.engine === 'web-llm') {
      const stored = (await this.deps.otherCaches?.usage(choice.model.id)) ?? 0;
      const planned = planFor(choice.model, 'web-llm', (await this.#deviceProfile()).gpu)?.downloadBytes ?? 0;
      return { downloadBytes: stored > 0 ? 0 : planned, cachedBytes: stored, pinned: false };
    }
    return { downloadBytes: 0, cachedBytes: 0, pinned: false };
  }

  async #prepare(task: TaskClass, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Engine> {
    const settings = await this.deps.readSettings();
    const choice = await this.#choose(settings, task);
    const key = keyOf(choice);
    if (this.#engine?.loaded && this.#engineKey === key) return this.#engine;
    if (choice.notice) emit({ kind: 'notice', message: choice.notice });
    await this.#release();
    if (choice.engine === 'transformers') await this.#fetchFiles(choice.model, choice.variant as Dtype, settings, emit, signal);
    emit({
      kind: 'loading',
      modelId: choice.model.id,
      device: choice.device,
      dtype: choice.variant,
    });
    const engine = this.deps.createEngine(choice, settings);
    await engine.load({ signal, onDownload: (progress) => emit({ kind: 'download', progress }) });
    engine.onDeviceLost?.(() => {
      this.#gpuLost = true;
    });
    this.#engine = engine;
    this.#engineKey = key;
    return engine;
  }

  async #fetchFiles(
    model: CatalogModel,
    dtype: Dtype,
    settings: Settings,
    emit: (event: TaskEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    await downloadModelFiles(
      { modelId: model.id, revision: model.revision, host: settings.modelHost, files: transformersFiles(model, dtype) },
      {
        store: this.deps.store,
        ...(this.deps.pins ? { pins: this.deps.pins } : {}),
        fetch: (url, init) => this.deps.gate.fetch(url, init, 'model-download'),
        signal,
        onProgress: (progress) => emit({ kind: 'download', progress }),
      },
    );
    this.deps.cache.register(model.id, model.revision);
  }

  /** Downloads a model for later (the Models page), without loading it. */
  async #download(modelId: string, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
    const settings = await this.deps.readSettings();
    const choice = await this.#choose({ ...settings, chatModel: modelId, taskModels: {} }, 'summarize');
    const started = performance.now();
    if (choice.engine === 'transformers') await this.#fetchFiles(choice.model, choice.variant as Dtype, settings, emit, signal);
    else if (choice.engine === 'web-llm') {
      // web-llm downloads as it loads: load once, then give the memory back.
      const engine = this.deps.createEngine(choice, settings);
      await engine.load({ signal, onDownload: (progress) => emit({ kind: 'download', progress }) });
      await engine.unload();
    }
    emit({
      kind: 'done',
      text: '',
      stats: {
        modelId: choice.model.id,
        modelName: choice.model.name,
        device: choice.device,
        dtype: choice.variant,
        promptTokens: 0,
        outputTokens: 0,
        ttftMs: 0,
        totalMs: performance.now() - started,
        tokensPerSecond: 0,
        parts: 1,
      },
    });
  }

  async #delete(modelId: string): Promise<{ freedBytes: number }> {
    if (this.#engine?.info.modelId === modelId) await this.#release();
    if (this.#embedder?.info.modelId === modelId) await this.#releaseEmbedder();
    let freed = await this.deps.store.deleteModel(modelId);
    freed += (await this.deps.otherCaches?.delete(modelId)) ?? 0;
    return { freedBytes: freed };
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
      void this.#exclusive(async () => {
        await this.#release();
        await this.#releaseEmbedder();
      }).then(() => this.deps.requestClose());
    }, minutes * 60_000);
  }
}

/**
 * The engine, checking for a Stop at every piece of text it writes and every count it makes: the
 * moments a busy CPU generation surfaces between tokens.
 */
export function polling(engine: Engine, poll: () => void): Engine {
  return {
    get info() {
      return engine.info;
    },
    get loaded() {
      return engine.loaded;
    },
    load: (options) => engine.load(options),
    unload: () => engine.unload(),
    countTokens: (text) => {
      poll();
      return engine.countTokens(text);
    },
    countPromptTokens: (messages) => {
      poll();
      return engine.countPromptTokens(messages);
    },
    generate: (request, callbacks = {}) => {
      poll();
      return engine.generate(request, {
        ...callbacks,
        onText: (delta) => {
          callbacks.onText?.(delta);
          poll();
        },
      });
    },
    ...(engine.onDeviceLost ? { onDeviceLost: (handler: (reason: string) => void) => engine.onDeviceLost!(handler) } : {}),
  };
}

function keyOf(choice: EngineChoice): string {
  return `${choice.model.id}|${choice.engine}|${choice.device}|${choice.variant}`;
}
