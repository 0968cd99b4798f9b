/**
 * The Models view in plain words: where a model runs, how fast it was here, its state (Not
 * downloaded / Downloading 42% / Ready / In use / Failed) and the one button that does what the
 * student means. Pure, so the wording is unit-tested; the technical facts go under "Details".
 */
import type { Device, DeviceWhy, ModelOverview, ModelStatus } from '../messaging/engine-protocol';
import type { DownloadActivity } from './download-activity';
import { formatBytes } from './format';
import { t, type MessageKey } from '../i18n/t';
import { ENGINE_LABELS } from '../catalog/engine-labels';

type Row = ModelOverview['models'][number];

/**
 * Catalog names that hold words besides the name ("(test model)"): worded in the student's
 * language, the name in them kept. A unit test holds every such catalog name to this list.
 */
export const WORDED_MODEL_NAMES: Readonly<Record<string, MessageKey>> = {
  'stories260K (test model)': 'models_nameStories',
  "Chrome's built-in model (Gemini Nano)": 'models_nameChromeAi',
  'BERT base NER (names, places, organizations)': 'models_nameBertNer',
};

/** A model's name as the panel shows it (the catalog's is English). */
export function modelName(name: string): string {
  const key = WORDED_MODEL_NAMES[name];
  return key ? t(key) : name;
}

/** The graphics chip's name, with the host's "(software)" mark worded; the rest is the chip's own name. */
export function gpuText(gpu: string): string {
  if (gpu === 'none') return t('models_gpuNone');
  return gpu.replace(' (software)', ` ${t('models_gpuSoftwareMark')}`);
}

/** Where a device runs the model, as a student says it. */
export function whereItRuns(device: Device | 'cloud'): string {
  switch (device) {
    case 'webgpu':
      return t('models_whereGpu');
    case 'wasm':
    case 'cpu':
      return t('models_whereCpu');
    case 'browser':
      return t('models_whereBrowser');
    case 'cloud':
      return t('models_whereCloud');
  }
}

/** Words per second a student reads comfortably is about 4–5; a token is about ¾ of a word. */
const FAST_TOKENS_PER_SECOND = 15;
const MEDIUM_TOKENS_PER_SECOND = 5;

/** "fast / medium / slow on this computer", from measured answers; null when none were measured. */
export function speedWord(tokensPerSecond: number | null | undefined): string | null {
  if (!tokensPerSecond || !(tokensPerSecond > 0)) return null;
  if (tokensPerSecond >= FAST_TOKENS_PER_SECOND) return t('models_speedFast');
  return tokensPerSecond >= MEDIUM_TOKENS_PER_SECOND ? t('models_speedMedium') : t('models_speedSlow');
}

export type ModelPhase = 'not-downloaded' | 'partial' | 'downloading' | 'ready' | 'in-use' | 'failed' | 'unavailable';

/** What the row's one button does: download then use, download only (it is in use), use, or Chrome's download. */
export type ModelAction =
  | { kind: 'download-and-use' | 'download' | 'use' | 'chrome-download'; label: string; disabled: boolean }
  | { kind: 'using'; label: string; disabled: true };

export interface ModelRowView {
  phase: ModelPhase;
  /** The state line: "Ready · 352 KB on this computer, works offline". */
  state: string;
  action: ModelAction | null;
}

export interface RowContext {
  currentId: string;
  /** The download under way (one at a time): its model and the fraction done, when known. */
  downloading: { modelId: string; fraction: number | null } | null;
  /** The model whose last download failed (cleared by the next attempt). */
  failedId: string | null;
  chromeAi: ModelOverview['device']['chromeAi'];
  /** Chrome's own download of its model: the fraction done while it runs. */
  chromeDownload: number | null;
}

export function percent(fraction: number | null): string {
  return fraction === null
    ? t('models_downloading')
    : t('models_downloadingPercent', Math.min(100, Math.max(0, Math.floor(fraction * 100))));
}

/** Why a model cannot run here, worded in the panel (the worker's note is English). */
function cannotRunNote(row: Row, ctx: RowContext): string {
  if (row.engines.includes('chrome-ai'))
    return ctx.chromeAi === 'downloading' || ctx.chromeAi === 'downloadable' ? t('models_noteChromeLater') : t('models_noteNoChromeAi');
  return row.engines.length ? t('models_noteNoGpu') : t('models_cannotRunDefault');
}

/** An engine's name: Chrome's own in the student's words, the others by their project names. */
export function engineName(kind: Row['engines'][number]): string {
  return kind === 'chrome-ai' ? t('models_engineChrome') : ENGINE_LABELS[kind].name;
}

/** The state and the one button of a model's row. */
export function modelRowView(row: Row, ctx: RowContext): ModelRowView {
  const inUse = ctx.currentId === row.id;
  const busy = ctx.downloading !== null;
  if (!row.runnable) {
    if (row.engines.includes('chrome-ai') && ctx.chromeAi === 'downloadable') {
      if (ctx.chromeDownload !== null)
        return { phase: 'downloading', state: t('models_chromeDownloading', percent(ctx.chromeDownload)), action: null };
      return {
        phase: 'not-downloaded',
        state: t('models_chromeNotDownloaded'),
        action: { kind: 'chrome-download', label: t('models_actionDownloadAndUse'), disabled: false },
      };
    }
    return { phase: 'unavailable', state: t('models_cannotRun', cannotRunNote(row, ctx)), action: null };
  }
  if (ctx.downloading?.modelId === row.id) return { phase: 'downloading', state: percent(ctx.downloading.fraction), action: null };
  const stored = row.storedBytes > 0;
  const complete = row.downloadBytes === 0 || (stored && row.remainingBytes === 0);
  if (complete) {
    const here = row.storedBytes > 0 ? t('models_storedHere', formatBytes(row.storedBytes)) : t('models_nothingToDownload');
    return inUse
      ? { phase: 'in-use', state: t('models_stateInUse', here), action: { kind: 'using', label: t('models_actionUsing'), disabled: true } }
      : { phase: 'ready', state: t('models_stateReady', here), action: { kind: 'use', label: t('models_actionUse'), disabled: false } };
  }
  const download: ModelAction = stored
    ? {
        kind: inUse ? 'download' : 'download-and-use',
        label: inUse ? t('models_actionFinish') : t('models_actionFinishAndUse'),
        disabled: busy,
      }
    : {
        kind: inUse ? 'download' : 'download-and-use',
        label: inUse ? t('models_actionDownload') : t('models_actionDownloadAndUse'),
        disabled: busy,
      };
  if (ctx.failedId === row.id)
    return { phase: 'failed', state: t('models_stateFailed'), action: { ...download, label: t('models_actionRetry') } };
  return { phase: stored ? 'partial' : 'not-downloaded', state: sizeState(row, stored, inUse), action: download };
}

/** "Partly downloaded · 1 MB here, 2 MB to go", or "Not downloaded · …" (after "In use · " when it is). */
function sizeState(row: Row, stored: boolean, inUse: boolean): string {
  const size = stored
    ? t(inUse ? 'models_statePartialInUse' : 'models_statePartial', formatBytes(row.storedBytes), formatBytes(row.remainingBytes))
    : t(inUse ? 'models_stateNotDownloadedInUse' : 'models_stateNotDownloaded', formatBytes(row.downloadBytes));
  return inUse ? t('models_stateInUse', size) : size;
}

/** "This computer: no graphics chip Locus can use · 2 processor cores · 8 GB or more memory · …". */
export function deviceSummary(device: ModelOverview['device'], storage: ModelOverview['storage']): string {
  const gpu =
    device.gpu === 'none' ? t('models_gpuNone') : device.gpu.includes('(software)') ? t('models_gpuSoftware') : t('models_gpuUsable');
  const memory =
    device.memoryGB === null
      ? t('models_memoryUnknown')
      : device.memoryGB >= 8
        ? t('models_memoryAtLeast8')
        : t('models_memoryGB', device.memoryGB);
  const used = storage ? ` · ${t('models_storageUse', formatBytes(storage.usage), formatBytes(storage.quota))}` : '';
  return `${t('models_deviceSummary', gpu, device.cores, memory)}${used}`;
}

/**
 * The model card's state (Summarize): downloading, downloaded, or what the first use downloads.
 * `activity` is what this panel saw happen to the model's files (download-activity.ts).
 */
export function cardState(
  status: Pick<ModelStatus, 'cached' | 'engine' | 'dtype' | 'downloadBytes' | 'cachedBytes'>,
  activity: DownloadActivity | undefined,
): string {
  if (activity?.kind === 'downloading')
    return activity.fraction === null ? t('models_downloading') : t('models_cardDownloadingPercent', percent(activity.fraction));
  if (status.engine === 'chrome-ai') return t('models_cardChrome');
  if (status.cached || (activity?.kind === 'stored' && activity.variant === status.dtype)) return t('models_cardDownloaded');
  const here = status.cachedBytes > 0 ? t('models_cardAlreadyHere', formatBytes(status.cachedBytes)) : '';
  return t('models_cardNotDownloaded', formatBytes(status.downloadBytes), here);
}

const DEVICE_WHY_WORDS: Record<DeviceWhy['code'], MessageKey> = {
  'chosen-wasm': 'models_why_chosenWasm',
  'chosen-webgpu': 'models_why_chosenWebgpu',
  'chosen-webgpu-software': 'models_why_chosenWebgpuSoftware',
  'no-webgpu-browser': 'models_why_noWebgpuBrowser',
  gpu: 'models_why_gpu',
  'software-adapter-only': 'models_why_softwareAdapterOnly',
  'no-adapter': 'models_why_noAdapter',
  'chrome-ai': 'models_why_chromeAi',
  llamacpp: 'models_why_llamacpp',
  webllm: 'models_why_webllm',
  'webllm-no-gpu': 'models_why_webllmNoGpu',
};

/** Why the model runs where it does, in the student's language (the host's sentence if it sent no code). */
export function deviceWhyText(status: Pick<ModelStatus, 'deviceReason' | 'deviceWhy'>): string {
  const why = status.deviceWhy;
  return why ? t(DEVICE_WHY_WORDS[why.code], why.value ?? '') : status.deviceReason;
}
