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
import { tokensPerSecondByModel, type SpeedRow } from '../insights/aggregate';
import { requestRecordSchema, type RequestRecord } from '../insights/record';
import type { LocusDatabase } from '../store/db';
import { forgetDownload } from './download-activity';
import { formatBytes } from './format';
import { t } from '../i18n/t';
import { modelName } from './model-words';

/** How far back measured answers count for "fast / medium / slow on this computer". */
const SPEED_DAYS = 30;

export class ModelsState {
  readonly overview = signal<ModelOverview | null>(null);
  readonly error = signal<ErrorInfo | null>(null);
  readonly downloading = signal<{ modelId: string; progress: DownloadProgress | null } | null>(null);
  readonly message = signal('');
  /** Overview requests in flight: the page changes shape when one answers (the view says it is busy). */
  readonly refreshing = signal(0);
  /** The model whose last download failed: its row says "Failed — retry" until the next attempt. */
  readonly failed = signal<string | null>(null);
  /** Median decode speed per model, engine and device, from the answers kept on this device (Insights). */
  readonly speeds = signal<SpeedRow[]>([]);
  #download: AbortController | undefined;

  constructor(
    private readonly engine: EngineClient,
    private readonly db?: () => LocusDatabase,
  ) {}

  async refresh(): Promise<void> {
    this.refreshing.value += 1;
    try {
      // A refresh never hides the outcome of the action that preceded it.
      const [overview] = await Promise.all([this.engine.rpc({ method: 'models.overview' }), this.#readSpeeds()]);
      this.overview.value = overview;
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.refreshing.value -= 1;
    }
  }

  /** The speeds measured here; the page works without them ("not measured yet"). */
  async #readSpeeds(): Promise<void> {
    if (!this.db) return;
    try {
      const rows = await this.db()
        .requests.where('time')
        .aboveOrEqual(Date.now() - SPEED_DAYS * 86_400_000)
        .toArray();
      const records: RequestRecord[] = [];
      for (const row of rows) {
        const parsed = requestRecordSchema.safeParse(row.record);
        if (parsed.success) records.push(parsed.data);
      }
      this.speeds.value = tokensPerSecondByModel(records);
    } catch {
      this.speeds.value = []; // unreadable records: the speed is simply not shown
    }
  }

  /** Downloads a model; resolves true when it is stored (the view then makes it the one in use, if asked). */
  async download(modelId: string): Promise<boolean> {
    if (this.#download) return false;
    const controller = new AbortController();
    this.#download = controller;
    batch(() => {
      this.downloading.value = { modelId, progress: null };
      this.failed.value = null;
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
      if (end.kind === 'done') this.message.value = t('models_downloaded', modelName(end.stats.modelName));
      else if (end.error.code === 'cancelled') this.message.value = t('models_cancelled');
      else {
        this.error.value = end.error;
        this.failed.value = modelId;
      }
    });
    await this.refresh();
    return end.kind === 'done';
  }

  /** Chrome's own download of its built-in model: the fraction done while it runs. */
  readonly chromeDownload = signal<number | null>(null);

  /**
   * "Download Chrome's model". Call straight from the click: Chrome starts its download only with
   * the student's activation, in this page (the engine worker never could).
   */
  async downloadChromeModel(api = (globalThis as { LanguageModel?: LanguageModelGlobal }).LanguageModel): Promise<boolean> {
    let ok = false;
    batch(() => {
      this.chromeDownload.value = 0;
      this.error.value = null;
      this.message.value = '';
    });
    try {
      const state = await startChromeModelDownload(api, (fraction) => (this.chromeDownload.value = fraction));
      this.message.value = state === 'available' ? t('models_chromeReady') : t('models_chromeStarted');
      ok = true;
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.chromeDownload.value = null;
    }
    await this.refresh();
    return ok;
  }

  cancelDownload(): void {
    this.#download?.abort();
  }

  async remove(modelId: string, name: string): Promise<void> {
    this.error.value = null;
    try {
      const { freedBytes } = await this.engine.rpc({ method: 'models.delete', modelId });
      forgetDownload(modelId);
      this.message.value = t('models_deleted', name, formatBytes(freedBytes));
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await this.refresh();
  }
}
