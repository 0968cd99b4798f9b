/**
 * The Models page's state: what this device is, what is recommended and why, every model with its
 * size here and what is stored, and the download/delete actions with their progress.
 */
import { batch, signal } from '@preact/signals';
import type { LanguageModelGlobal } from '../engines/chrome-ai-bridge';
import { startChromeModelDownload } from '../engines/chrome-ai-download';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { DownloadProgress, ModelOverview } from '../messaging/engine-protocol';
import { formatBytes } from './format';

export class ModelsState {
  readonly overview = signal<ModelOverview | null>(null);
  readonly error = signal<ErrorInfo | null>(null);
  readonly downloading = signal<{ modelId: string; progress: DownloadProgress | null } | null>(null);
  readonly message = signal('');
  /** Overview requests in flight: the page changes shape when one answers (the view says it is busy). */
  readonly refreshing = signal(0);
  #download: AbortController | undefined;

  constructor(private readonly engine: EngineClient) {}

  async refresh(): Promise<void> {
    this.refreshing.value += 1;
    try {
      // A refresh never hides the outcome of the action that preceded it.
      this.overview.value = await this.engine.rpc({ method: 'models.overview' });
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.refreshing.value -= 1;
    }
  }

  async download(modelId: string): Promise<void> {
    if (this.#download) return;
    const controller = new AbortController();
    this.#download = controller;
    batch(() => {
      this.downloading.value = { modelId, progress: null };
      this.error.value = null;
      this.message.value = '';
    });
    const end = await this.engine.start(
      { kind: 'download', modelId },
      (event) => {
        if (event.kind === 'download') this.downloading.value = { modelId, progress: event.progress };
      },
      controller.signal,
    );
    this.#download = undefined;
    batch(() => {
      this.downloading.value = null;
      if (end.kind === 'done') this.message.value = `${end.stats.modelName} is downloaded: it works offline now.`;
      else if (end.error.code === 'cancelled') this.message.value = 'Download cancelled; nothing half-downloaded was kept.';
      else this.error.value = end.error;
    });
    await this.refresh();
  }

  /** Chrome's own download of its built-in model: the fraction done while it runs. */
  readonly chromeDownload = signal<number | null>(null);

  /**
   * "Download Chrome's model". Call straight from the click: Chrome starts its download only with
   * the student's activation, in this page (the engine worker never could).
   */
  async downloadChromeModel(api = (globalThis as { LanguageModel?: LanguageModelGlobal }).LanguageModel): Promise<void> {
    batch(() => {
      this.chromeDownload.value = 0;
      this.error.value = null;
      this.message.value = '';
    });
    try {
      const state = await startChromeModelDownload(api, (fraction) => (this.chromeDownload.value = fraction));
      this.message.value =
        state === 'available'
          ? "Chrome's built-in model is ready."
          : 'Chrome is downloading its built-in model; Locus can use it when it is done.';
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.chromeDownload.value = null;
    }
    await this.refresh();
  }

  cancelDownload(): void {
    this.#download?.abort();
  }

  async remove(modelId: string, name: string): Promise<void> {
    this.error.value = null;
    try {
      const { freedBytes } = await this.engine.rpc({ method: 'models.delete', modelId });
      this.message.value = `${name} deleted: ${formatBytes(freedBytes)} freed.`;
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await this.refresh();
  }
}
