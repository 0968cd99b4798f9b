/**
 * Which models are downloading right now, whatever task started it (a summary, a question, the
 * Models page), and which finished downloading in this panel: the model card and the Models page
 * say "Downloading 42%", then "Downloaded", instead of a stale "not downloaded yet" while the
 * bytes arrive or the model loads. Fed by the panel's engine client (engine-connection.ts).
 */
import { signal } from '@preact/signals';
import type { TaskEvent } from '../messaging/engine-protocol';

export type DownloadActivity =
  /** Bytes arriving: the fraction done (null until a size is known). */
  | { kind: 'downloading'; fraction: number | null }
  /** Downloaded in this panel, for the build (dtype or quantization) the engine then loaded. */
  | { kind: 'stored'; variant: string };

/** Model id → what is happening to its files. */
export const downloadsNow = signal<ReadonlyMap<string, DownloadActivity>>(new Map());

function set(modelId: string, activity: DownloadActivity | undefined): void {
  const next = new Map(downloadsNow.value);
  if (activity === undefined) next.delete(modelId);
  else next.set(modelId, activity);
  downloadsNow.value = next;
}

/** Forgets what this panel knows of a model's files (it was deleted). */
export function forgetDownload(modelId: string): void {
  if (downloadsNow.value.has(modelId)) set(modelId, undefined);
}

/**
 * Wraps a task's listener: its download events mark the model as downloading; the engine loading it
 * next marks it stored; an error, or the task ending mid-download (`end`), clears it.
 */
export function watchDownloads(onEvent: (event: TaskEvent) => void): { onEvent: (event: TaskEvent) => void; end: () => void } {
  let modelId: string | null = null;
  const clear = () => {
    if (modelId !== null) set(modelId, undefined);
    modelId = null;
  };
  return {
    onEvent: (event) => {
      if (event.kind === 'download') {
        modelId = event.progress.modelId;
        const { loaded, total } = event.progress;
        set(modelId, { kind: 'downloading', fraction: total > 0 ? Math.min(1, loaded / total) : null });
      } else if (modelId !== null && event.kind === 'loading' && event.modelId === modelId) {
        set(modelId, { kind: 'stored', variant: event.dtype });
        modelId = null;
      } else if (modelId !== null && event.kind === 'done' && event.stats.modelId === modelId) {
        // A download task (Models page) ends with done: the files are stored.
        set(modelId, { kind: 'stored', variant: event.stats.dtype });
        modelId = null;
      } else if (event.kind === 'error' || event.kind === 'done') clear();
      onEvent(event);
    },
    end: clear,
  };
}
