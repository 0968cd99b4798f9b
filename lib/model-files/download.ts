/**
 * Downloads a model's files from the model host into a ModelFileStore: progress with speed and time
 * left, resume after a cut connection or a closed browser (HTTP Range with If-Range, only onto the
 * same bytes), and a check of every byte before a file is kept. Everything goes through the fetch
 * it is given (the network gate in the product).
 *
 * What a file is checked against, in this order:
 *   1. its size and SHA-256 pinned in the catalog;
 *   2. else the record made when the model was first downloaded (pins.ts): size, hash, commit;
 *   3. else what the host announces now (hub-metadata.ts: the commit the revision points to, each
 *      file's size and SHA-256 or git blob id), which is then recorded as 2.
 * A file with none of these is not downloaded. Files of 2 and 3 come from the pinned commit.
 *
 * This file runs the plan (what is cached, what each file must be, progress over all of it); one
 * file's fetch, resume, retries and checks are file-download.ts.
 */
import { totalSize, type CatalogFile } from '../catalog/catalog';
import { cancelled } from '../errors';
import type { DownloadProgress } from '../messaging/engine-protocol';
import { fileExpectations, pinnedByCatalog, type CheckSource, type DownloadPlan, type Expected } from './file-expectations';
import { downloadOne, type FileOutcome } from './file-download';
import type { FetchLike } from './hub-metadata';
import { MemoryPinStore, type PinStore } from './pins';
import { ProgressMeter } from './progress-meter';
import type { FileKey, ModelFileStore } from './store';

export type { CheckSource, DownloadPlan, FetchLike, FileOutcome };

export interface DownloadOptions {
  store: ModelFileStore;
  fetch: FetchLike;
  /** Pins made on first use; without one, a fresh record in memory (nothing survives the run). */
  pins?: PinStore;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Attempts per file after a failure before giving up. */
  maxRetries?: number;
  retryDelayMs?: number;
  now?: () => number;
}

/** Sizes of the plan's files the store holds whole (a committed file was checked before it was kept). */
async function cachedSizes(plan: DownloadPlan, store: ModelFileStore): Promise<Map<string, number>> {
  const cached = new Map<string, number>();
  for (const file of plan.files) {
    const have = await store.size(fileKey(plan, file));
    if (have !== undefined && (file.size === null || have === file.size)) cached.set(file.path, have);
  }
  return cached;
}

/** Files of the plan not yet in the store. */
export async function missingFiles(plan: DownloadPlan, store: ModelFileStore): Promise<CatalogFile[]> {
  const cached = await cachedSizes(plan, store);
  return plan.files.filter((f) => !cached.has(f.path));
}

function fileKey(plan: DownloadPlan, file: CatalogFile): FileKey {
  return { modelId: plan.modelId, revision: plan.revision, path: file.path };
}

/** What a file found in the store is: it was checked before it was kept. */
function cachedOutcome(file: CatalogFile, bytes: number): FileOutcome {
  return {
    path: file.path,
    bytes,
    sha256: file.sha256 ?? '',
    verified: true,
    source: pinnedByCatalog(file) ? 'catalog' : 'first-use',
    fromCache: true,
  };
}

export async function downloadModelFiles(plan: DownloadPlan, options: DownloadOptions): Promise<FileOutcome[]> {
  const { store, signal } = options;
  const pins = options.pins ?? new MemoryPinStore();
  const attempts = {
    plan,
    store,
    fetchFn: options.fetch,
    signal,
    maxRetries: options.maxRetries ?? 5,
    retryDelayMs: options.retryDelayMs ?? 500,
  };
  const progress = new ProgressMeter(plan.modelId, totalSize(plan.files), options.now ?? (() => performance.now()), options.onProgress);
  const cached = await cachedSizes(plan, store);
  const missing = plan.files.filter((f) => !cached.has(f.path));
  if (signal?.aborted) throw cancelled();
  const { expected, pin } = missing.length
    ? await fileExpectations(plan, missing, pins, options.fetch, signal, Date.now)
    : { expected: new Map<string, Expected>(), pin: undefined };

  const outcomes: FileOutcome[] = [];
  for (const file of plan.files) {
    if (signal?.aborted) throw cancelled();
    const have = cached.get(file.path);
    if (have !== undefined) {
      progress.finished(have);
      outcomes.push(cachedOutcome(file, have));
      progress.report(file.path, 0, true);
      continue;
    }
    const want = expected.get(file.path)!;
    const onBytes = (n: number) => progress.report(file.path, n);
    const outcome = await downloadOne({ ...attempts, file, want, key: fileKey(plan, file), onBytes });
    if (pin && want.source === 'first-use' && !pin.files[file.path]!.sha256) {
      // A file kept in git was checked by its git blob id; its SHA-256 is recorded now.
      pin.files[file.path]!.sha256 = outcome.sha256;
      await pins.put(pin);
    }
    progress.finished(outcome.bytes);
    outcomes.push(outcome);
    progress.report(file.path, 0, true);
  }
  return outcomes;
}
