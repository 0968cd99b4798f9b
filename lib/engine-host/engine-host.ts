/**
 * The engine host's core (the offscreen document's worker is its thin shell): picks model, engine,
 * device and build for each task; loads one engine at a time and runs tasks one at a time; releases
 * the models when idle; moves to the CPU when the GPU is lost. Insights records, the Models page's
 * figures, downloads, cloud requests, the embedding model (embedder-slot.ts) and the route to the
 * library (library-route.ts) are in their own modules.
 */
import type { DeviceProfile } from '../catalog/recommend';
import type { CloudService } from '../cloud/cloud-service';
import type { Embedder } from '../engine-api/embedder';
import type { Engine } from '../engine-api/engine';
import { isAbort } from '../errors';
import { RequestRecorder, type RequestRecorderDeps } from '../insights/request-recorder';
import {
  isLibraryRpc,
  isLibraryTask,
  type ModelOverview,
  type ModelStatus,
  type RpcRequest,
  type TaskEvent,
  type TaskRequest,
} from '../messaging/engine-protocol';
import type { Settings, TaskClass } from '../settings/settings';
import { dispatchTask } from '../tasks/runner';
import { polling } from './cancel-flags';
import { cloudRpc, sendToCloud } from './cloud-requests';
import { chooseEngine, taskClassOf, type EmbeddingChoice, type EngineChoice } from './choose-engine';
import { deleteModelFiles, downloadForLater, fetchFilesOf, type ModelDownloadDeps } from './model-downloads';
import { modelStatus, modelsOverview, type ModelStorage } from './model-overview';
import { EmbedderSlot, type EmbedderSlotDeps } from './embedder-slot';
import { LibraryRoute, type LibraryHandler } from './library-route';
import { ModelSlot } from './model-slot';
import { warmStartDecision } from './warm-start';

export interface EngineHostDeps extends ModelStorage, ModelDownloadDeps, EmbedderSlotDeps, Omit<RequestRecorderDeps, 'engineInfo'> {
  readSettings(): Promise<Settings>;
  /** GPU, memory, cores, free storage, Chrome's built-in model: read once per host. */
  deviceProfile(): Promise<DeviceProfile>;
  /** Asks for the host to be closed (the background closes the offscreen document). */
  requestClose(): void;
  /** Cloud proposals, consented sends and the router's watch over local runs (lib/cloud). */
  cloud?: CloudService;
}

const GPU_LOST = /device (is |was )?lost|GPUDevice.*lost|DXGI_ERROR_DEVICE|context lost/i;

export class EngineHost {
  #chat = new ModelSlot<Engine>();
  #profile: Promise<DeviceProfile> | undefined;
  #gpuLost = false;
  #queue: Promise<unknown> = Promise.resolve();
  #busy = 0;
  /** A warm start is loading the chosen model (see `warm`). */
  #warming = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #embedder: EmbedderSlot;
  readonly #library = new LibraryRoute();
  readonly #recorder: RequestRecorder;

  constructor(private readonly deps: EngineHostDeps) {
    this.#recorder = new RequestRecorder({ ...deps, engineInfo: () => this.#chat.model?.info });
    this.#embedder = new EmbedderSlot(deps, async () => ({ profile: await this.#deviceProfile(), gpuLost: this.#gpuLost }));
  }

  /** Routes the library's tasks and RPCs to `library` (the worker wires it after construction). */
  attachLibrary(library: LibraryHandler): void {
    this.#library.attach(library);
  }

  /** Keeps the host from going idle (and closing) while background work runs; call the release once. */
  hold(): () => void {
    this.#busy += 1;
    this.#cancelIdle();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#endWork();
    };
  }

  /** The chat model for library answers (call inside `runExclusive`). */
  prepareChat(emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Engine> {
    return this.#prepare('library', emit, signal);
  }

  /** The embedding model the settings choose, without loading it. */
  embeddingChoice(): Promise<EmbeddingChoice> {
    return this.#embedder.choice();
  }

  /** The library's embedding model, next to the chat model (embedder-slot.ts). Call inside `runExclusive`. */
  prepareEmbedder(emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Embedder> {
    return this.#embedder.prepare(emit, signal);
  }

  get loadedEngine(): Engine | undefined {
    return this.#chat.model?.loaded ? this.#chat.model : undefined;
  }

  #deviceProfile(): Promise<DeviceProfile> {
    this.#profile ??= this.deps.deviceProfile();
    return this.#profile;
  }

  async #choose(settings: Settings, task: TaskClass): Promise<EngineChoice> {
    return chooseEngine(settings, task, { profile: await this.#deviceProfile(), gpuLost: this.#gpuLost });
  }

  /**
   * Model work one piece at a time, shared by every task (the library's batches included):
   * generation on one model is sequential anyway, and memory stays bounded.
   */
  runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  handle(request: TaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal, poll: () => void = () => undefined): Promise<void> {
    this.#busy += 1;
    this.#cancelIdle();
    if (request.kind === 'cloud') return sendToCloud(this.deps.cloud, this.#recorder, request, emit, signal).finally(() => this.#endWork());
    if (isLibraryTask(request))
      return this.#library.task(request, this.#recorder.library(request, emit), signal).finally(() => this.#endWork());
    return this.#recorder.local(request, emit, (recording) => this.#run(request, recording, signal, poll));
  }

  #run(request: TaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal, poll: () => void): Promise<void> {
    return this.runExclusive(async () => {
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
        await dispatchTask(request, polling(observed(engine), poll), emit, signal);
        await watch?.finish();
      } catch (error) {
        watch?.dispose();
        if (isAbort(error) || engine.info.device !== 'webgpu' || !(this.#gpuLost || GPU_LOST.test(String((error as Error)?.message))))
          throw error;
        // The GPU went away mid-task: continue on the CPU, from the start of the task.
        this.#gpuLost = true;
        await this.#chat.release();
        emit({
          kind: 'notice',
          notice: { code: 'gpu-lost-restart' },
          message: 'The GPU stopped responding, so Locus switched to the CPU (WASM) and started this task again. It will be slower.',
        });
        emit({ kind: 'restart', reason: 'gpu-lost' });
        const fallback = await this.#prepare(taskClassOf(request), emit, signal);
        await dispatchTask(request, polling(observed(fallback), poll), emit, signal);
        await watch?.finish();
      }
    }).finally(() => this.#endWork());
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
    if (isLibraryRpc(request)) return this.#library.rpc(request);
    switch (request.method) {
      case 'model.status':
        return this.status();
      case 'model.warm':
        return this.warm();
      case 'models.overview':
        return this.overview();
      case 'models.delete':
        return this.runExclusive(() => this.#delete(request.modelId));
      case 'cloud.prepare':
      case 'cloud.discard':
        return cloudRpc(this.deps.cloud, this.#recorder, request);
    }
  }

  async status(): Promise<ModelStatus> {
    const settings = await this.deps.readSettings();
    const choice = await this.#choose(settings, 'summarize');
    const loaded = () => this.#chat.loadedFor(keyOf(choice)) !== undefined;
    const status = await modelStatus(this.deps, settings, await this.#deviceProfile(), choice, loaded);
    return this.#warming ? { ...status, preparing: true } : status;
  }

  /**
   * Warm start (warm-start.ts): loads the model a summary would use now, if it is downloaded and
   * memory allows, and answers at once with the status (`preparing` while it loads). A task sent
   * meanwhile waits for the load in the queue instead of starting one of its own.
   */
  async warm(): Promise<ModelStatus> {
    const choice = await this.#choose(await this.deps.readSettings(), 'summarize');
    const status = await this.status();
    const busy = this.#busy > 0 || this.#warming;
    if (!warmStartDecision(status, choice.model, await this.#deviceProfile(), busy).warm) return status;
    this.#warming = true;
    this.#busy += 1;
    this.#cancelIdle();
    void this.runExclusive(() => this.#prepare('summarize', () => undefined, new AbortController().signal))
      // A warm start that fails costs nothing: the first task loads the model, and reports why not.
      .catch(() => undefined)
      .finally(() => {
        this.#warming = false;
        this.#endWork();
      });
    return { ...status, preparing: true };
  }

  async overview(): Promise<ModelOverview> {
    const settings = await this.deps.readSettings();
    const profile = await this.#deviceProfile();
    return modelsOverview(this.deps, settings, profile, await this.#choose(settings, 'summarize'));
  }

  async #prepare(task: TaskClass, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<Engine> {
    const settings = await this.deps.readSettings();
    const choice = await this.#choose(settings, task);
    const key = keyOf(choice);
    const ready = this.#chat.loadedFor(key);
    if (ready) return ready;
    if (choice.notice) emit({ kind: 'notice', ...choice.notice });
    await this.#chat.release();
    await fetchFilesOf(this.deps, choice, settings, emit, signal);
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
    return this.#chat.keep(engine, key);
  }

  /** Downloads a model for later (the Models page), without loading it. */
  async #download(modelId: string, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
    const settings = await this.deps.readSettings();
    const choice = await this.#choose({ ...settings, chatModel: modelId, taskModels: {} }, 'summarize');
    await downloadForLater(this.deps, choice, settings, emit, signal);
  }

  async #delete(modelId: string): Promise<{ freedBytes: number }> {
    if (this.#chat.model?.info.modelId === modelId) await this.#chat.release();
    if (this.#embedder.model?.info.modelId === modelId) await this.#embedder.release();
    let freed = await deleteModelFiles(this.deps.store, modelId);
    freed += (await this.deps.otherCaches?.delete(modelId)) ?? 0;
    return { freedBytes: freed };
  }

  /** A task or request ended: one less piece of work keeping the host up. */
  #endWork(): void {
    this.#busy -= 1;
    void this.#scheduleIdle();
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
      void this.runExclusive(async () => {
        await this.#chat.release();
        await this.#embedder.release();
      }).then(() => this.deps.requestClose());
    }, minutes * 60_000);
  }
}

function keyOf(choice: EngineChoice): string {
  return `${choice.model.id}|${choice.engine}|${choice.device}|${choice.variant}`;
}
