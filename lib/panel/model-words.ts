/**
 * The Models view in plain words: where a model runs, how fast it was here, its state (Not
 * downloaded / Downloading 42% / Ready / In use / Failed) and the one button that does what the
 * student means. Pure, so the wording is unit-tested; the technical facts go under "Details".
 */
import type { Device, ModelOverview, ModelStatus } from '../messaging/engine-protocol';
import type { DownloadActivity } from './download-activity';
import { formatBytes } from './format';

type Row = ModelOverview['models'][number];

/** Where a device runs the model, as a student says it. */
export function whereItRuns(device: Device | 'cloud'): string {
  switch (device) {
    case 'webgpu':
      return "Runs on this computer's graphics chip";
    case 'wasm':
    case 'cpu':
      return "Runs on this computer's processor";
    case 'browser':
      return 'Runs inside Chrome, with the model Chrome keeps';
    case 'cloud':
      return 'Runs on a cloud service';
  }
}

/** Words per second a student reads comfortably is about 4–5; a token is about ¾ of a word. */
const FAST_TOKENS_PER_SECOND = 15;
const MEDIUM_TOKENS_PER_SECOND = 5;

/** "fast / medium / slow on this computer", from measured answers; null when none were measured. */
export function speedWord(tokensPerSecond: number | null | undefined): string | null {
  if (!tokensPerSecond || !(tokensPerSecond > 0)) return null;
  const word = tokensPerSecond >= FAST_TOKENS_PER_SECOND ? 'fast' : tokensPerSecond >= MEDIUM_TOKENS_PER_SECOND ? 'medium' : 'slow';
  return `${word} on this computer`;
}

export type ModelPhase = 'not-downloaded' | 'partial' | 'downloading' | 'ready' | 'in-use' | 'failed' | 'unavailable';

/** What the row's one button does: download then use, download only (it is in use), use, or Chrome's download. */
export type ModelAction =
  | { kind: 'download-and-use' | 'download' | 'use' | 'chrome-download'; label: string; disabled: boolean }
  | { kind: 'using'; label: 'Using'; disabled: true };

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
  return fraction === null ? 'Downloading…' : `Downloading ${Math.min(100, Math.max(0, Math.floor(fraction * 100)))}%`;
}

/** The state and the one button of a model's row. */
export function modelRowView(row: Row, ctx: RowContext): ModelRowView {
  const inUse = ctx.currentId === row.id;
  const busy = ctx.downloading !== null;
  if (!row.runnable) {
    if (row.engines.includes('chrome-ai') && ctx.chromeAi === 'downloadable') {
      if (ctx.chromeDownload !== null)
        return { phase: 'downloading', state: `${percent(ctx.chromeDownload)} (Chrome downloads it)`, action: null };
      return {
        phase: 'not-downloaded',
        state: 'Not downloaded · Chrome downloads it (a few GB)',
        action: { kind: 'chrome-download', label: 'Download and use', disabled: false },
      };
    }
    return { phase: 'unavailable', state: `Cannot run here: ${row.note ?? 'this computer cannot run it.'}`, action: null };
  }
  if (ctx.downloading?.modelId === row.id) return { phase: 'downloading', state: percent(ctx.downloading.fraction), action: null };
  const stored = row.storedBytes > 0;
  const complete = row.downloadBytes === 0 || (stored && row.remainingBytes === 0);
  if (complete) {
    const here = row.storedBytes > 0 ? `${formatBytes(row.storedBytes)} on this computer, works offline` : 'nothing to download';
    return inUse
      ? { phase: 'in-use', state: `In use · ${here}`, action: { kind: 'using', label: 'Using', disabled: true } }
      : { phase: 'ready', state: `Ready · ${here}`, action: { kind: 'use', label: 'Use', disabled: false } };
  }
  const download: ModelAction = stored
    ? { kind: inUse ? 'download' : 'download-and-use', label: inUse ? 'Finish download' : 'Finish download and use', disabled: busy }
    : { kind: inUse ? 'download' : 'download-and-use', label: inUse ? 'Download' : 'Download and use', disabled: busy };
  if (ctx.failedId === row.id) return { phase: 'failed', state: 'Failed — retry', action: { ...download, label: 'Retry' } };
  const size = stored
    ? `Partly downloaded · ${formatBytes(row.storedBytes)} here, ${formatBytes(row.remainingBytes)} to go`
    : `Not downloaded · ${formatBytes(row.downloadBytes)} to download`;
  return {
    phase: stored ? 'partial' : 'not-downloaded',
    state: inUse ? `In use · ${size.replace(/^(Not|Partly) downloaded/, (w) => w.toLowerCase())}` : size,
    action: download,
  };
}

/** "This computer: no graphics chip Locus can use · 2 processor cores · 8 GB or more memory · …". */
export function deviceSummary(device: ModelOverview['device'], storage: ModelOverview['storage']): string {
  const gpu =
    device.gpu === 'none'
      ? 'no graphics chip Locus can use'
      : device.gpu.includes('(software)')
        ? 'only a software graphics chip (slow)'
        : 'a graphics chip Locus can use';
  const memory = device.memoryGB === null ? 'memory unknown' : `${device.memoryGB >= 8 ? '8 GB or more' : `${device.memoryGB} GB`} memory`;
  const used = storage ? ` · Locus and its models use ${formatBytes(storage.usage)} of ${formatBytes(storage.quota)} allowed` : '';
  return `This computer: ${gpu} · ${device.cores} processor cores · ${memory}${used}`;
}

/**
 * The model card's state (Summarize): downloading, downloaded, or what the first use downloads.
 * `activity` is what this panel saw happen to the model's files (download-activity.ts).
 */
export function cardState(
  status: Pick<ModelStatus, 'cached' | 'engine' | 'dtype' | 'downloadBytes' | 'cachedBytes'>,
  activity: DownloadActivity | undefined,
): string {
  if (activity?.kind === 'downloading') return activity.fraction === null ? 'Downloading…' : `${percent(activity.fraction)}…`;
  if (status.engine === 'chrome-ai') return 'Ready: Chrome keeps this model.';
  if (status.cached || (activity?.kind === 'stored' && activity.variant === status.dtype)) return 'Downloaded: works offline.';
  const here = status.cachedBytes > 0 ? ` (${formatBytes(status.cachedBytes)} already here)` : '';
  return `Not downloaded yet: ${formatBytes(status.downloadBytes)} to download when you first use it${here}.`;
}
