/**
 * Downloads a model's files from the model host into a ModelFileStore: progress with speed and time
 * left, resume after a cut connection (HTTP Range), and a SHA-256 check of every byte before a file
 * is kept. Everything goes through the fetch it is given (the network gate in the product).
 */
// SHA-256 in WebAssembly: @noble/hashes (JavaScript) hashed at ~55 MB/s in the engine worker and
// held the whole download to that speed (npm run bench -- --lifecycle); Web Crypto has no
// incremental digest, and a model file can be gigabytes.
import { createSHA256 } from 'hash-wasm';
import { fileUrl, totalSize, type CatalogFile } from '../catalog/catalog';
import { LocusError, cancelled, isQuotaError } from '../errors';
import type { DownloadProgress } from '../messaging/engine-protocol';
import type { FileKey, FileSink, ModelFileStore } from './store';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface DownloadPlan {
  modelId: string;
  revision: string;
  host: string;
  files: readonly CatalogFile[];
}

export interface DownloadOptions {
  store: ModelFileStore;
  fetch: FetchLike;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Attempts per file after a failure before giving up. */
  maxRetries?: number;
  retryDelayMs?: number;
  now?: () => number;
}

export interface FileOutcome {
  path: string;
  bytes: number;
  sha256: string;
  /** False when the catalog had no checksum to compare with. */
  verified: boolean;
  fromCache: boolean;
}

/** Files of the plan not yet in the store, and their bytes. */
export async function missingFiles(plan: DownloadPlan, store: ModelFileStore): Promise<CatalogFile[]> {
  const missing: CatalogFile[] = [];
  for (const file of plan.files) {
    const size = await store.size({ modelId: plan.modelId, revision: plan.revision, path: file.path });
    if (size === undefined || (file.size !== null && size !== file.size)) missing.push(file);
  }
  return missing;
}

/** Bytes per second over a sliding window, so the figure follows the connection as it changes. */
class SpeedMeter {
  #samples: Array<[number, number]> = [];
  constructor(private readonly windowMs = 3000) {}
  add(at: number, totalBytes: number): void {
    this.#samples.push([at, totalBytes]);
    while (this.#samples.length > 2 && at - this.#samples[0]![0] > this.windowMs) this.#samples.shift();
  }
  bytesPerSecond(): number {
    if (this.#samples.length < 2) return 0;
    const [t0, b0] = this.#samples[0]!;
    const [t1, b1] = this.#samples.at(-1)!;
    return t1 > t0 ? ((b1 - b0) * 1000) / (t1 - t0) : 0;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(cancelled());
      },
      { once: true },
    );
  });
}

export async function downloadModelFiles(plan: DownloadPlan, options: DownloadOptions): Promise<FileOutcome[]> {
  const { store, signal } = options;
  const now = options.now ?? (() => performance.now());
  const maxRetries = options.maxRetries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const total = totalSize(plan.files);
  const meter = new SpeedMeter();
  let done = 0; // bytes of finished files (cached ones included)
  let lastEmit = -Infinity;

  const emit = (file: string, current: number, force = false) => {
    const t = now();
    const loaded = done + current;
    meter.add(t, loaded);
    if (!force && t - lastEmit < 100) return;
    lastEmit = t;
    const speed = meter.bytesPerSecond();
    const remaining = Math.max(0, total - loaded);
    options.onProgress?.({
      modelId: plan.modelId,
      file,
      loaded,
      total: Math.max(total, loaded),
      bytesPerSecond: speed,
      etaSeconds: speed > 0 ? remaining / speed : remaining === 0 ? 0 : null,
    });
  };

  const outcomes: FileOutcome[] = [];
  for (const file of plan.files) {
    if (signal?.aborted) throw cancelled();
    const key: FileKey = { modelId: plan.modelId, revision: plan.revision, path: file.path };
    const have = await store.size(key);
    if (have !== undefined && (file.size === null || have === file.size)) {
      done += have;
      outcomes.push({ path: file.path, bytes: have, sha256: file.sha256 ?? '', verified: file.sha256 !== null, fromCache: true });
      emit(file.path, 0, true);
      continue;
    }
    const outcome = await downloadOne(plan, file, key, store, options.fetch, signal, maxRetries, retryDelayMs, (n) => emit(file.path, n));
    done += outcome.bytes;
    outcomes.push(outcome);
    emit(file.path, 0, true);
  }
  return outcomes;
}

async function downloadOne(
  plan: DownloadPlan,
  file: CatalogFile,
  key: FileKey,
  store: ModelFileStore,
  fetchFn: FetchLike,
  signal: AbortSignal | undefined,
  maxRetries: number,
  retryDelayMs: number,
  onBytes: (received: number) => void,
): Promise<FileOutcome> {
  const url = fileUrl(plan.host, plan.modelId, plan.revision, file.path);
  let sink = await begin(store, key);
  let writer = new BlockWriter(sink);
  const hasher = await createSHA256();
  hasher.init();
  let received = 0;
  let failures = 0;
  // The size the host announced (Content-Length, or the total of Content-Range): when the catalog
  // has no exact size, this is what catches a file cut short.
  let announced: number | null = null;
  try {
    for (;;) {
      if (signal?.aborted) throw cancelled();
      try {
        const headers: Record<string, string> = received > 0 ? { Range: `bytes=${received}-` } : {};
        const response = await fetchFn(url, { headers, signal, cache: 'no-store' });
        if (received > 0 && response.status === 200) {
          // The host ignored the Range header: start this file again from its first byte.
          await writer.discard();
          await sink.abort();
          sink = await begin(store, key);
          writer = new BlockWriter(sink);
          hasher.init();
          received = 0;
        } else if (!response.ok) {
          throw httpError(response.status, file.path, plan);
        }
        announced ??= announcedSize(response);
        if (!response.body) throw new Error('empty response body');
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          hasher.update(value);
          await writer.push(value);
          received += value.byteLength;
          onBytes(received);
          if (file.size !== null && received > file.size) break;
        }
        break;
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        if (error instanceof LocusError) throw error;
        if (isQuotaError(error)) throw error;
        failures += 1;
        // What arrived before the cut is kept: the retry asks for the bytes after it.
        await writer.flush();
        if (failures > maxRetries && received === 0 && error instanceof TypeError) {
          throw new LocusError(
            'model-host-unreachable',
            `Locus could not reach the model host (${plan.host}) to download ${plan.modelId}. Connect to the internet once; after the download, Locus works offline.`,
            { cause: error },
          );
        }
        if (failures > maxRetries) {
          throw new LocusError(
            'model-download-failed',
            `The download of ${plan.modelId} kept failing (${file.path}, ${failures} attempts). Check the connection and try again; nothing broken was kept.`,
            { cause: error },
          );
        }
        await sleep(retryDelayMs * failures, signal);
      }
    }
    await writer.flush();
    const digest = hasher.digest('hex');
    const expected = file.size ?? announced;
    if (expected !== null && received !== expected) {
      throw new LocusError(
        'model-checksum-mismatch',
        `${plan.modelId}: ${file.path} arrived with ${received} bytes instead of ${expected}, so Locus refused it. Nothing was kept; try again, or use another model host.`,
      );
    }
    if (file.sha256 !== null && digest !== file.sha256) {
      throw new LocusError(
        'model-checksum-mismatch',
        `${plan.modelId}: ${file.path} does not match its published checksum, so Locus refused it (it was changed or damaged on the way). Nothing was kept; try again, or use another model host.`,
      );
    }
    await sink.commit();
    return { path: file.path, bytes: received, sha256: digest, verified: file.sha256 !== null, fromCache: false };
  } catch (error) {
    await writer.discard();
    await sink.abort();
    throw error;
  }
}

/**
 * Coalesces the network's small chunks (often 16–64 KiB) into 4 MiB blocks, and lets one block be
 * written while the next arrives and is hashed: a write per network chunk, awaited before hashing
 * the next, made Locus's download 0.10 of a raw fetch (npm run bench -- --lifecycle).
 */
export class BlockWriter {
  #block: Uint8Array;
  #filled = 0;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: FileSink,
    private readonly size = 4 << 20,
  ) {
    this.#block = new Uint8Array(size);
  }

  async push(chunk: Uint8Array): Promise<void> {
    let at = 0;
    while (at < chunk.byteLength) {
      const n = Math.min(this.size - this.#filled, chunk.byteLength - at);
      this.#block.set(chunk.subarray(at, at + n), this.#filled);
      this.#filled += n;
      at += n;
      if (this.#filled === this.size) await this.#send();
    }
  }

  /** Everything pushed so far is written (or the write's error is thrown). */
  async flush(): Promise<void> {
    if (this.#filled > 0) await this.#send();
    await this.#writing;
  }

  /** Drops what was not written yet; the sink is about to be aborted. */
  async discard(): Promise<void> {
    this.#filled = 0;
    await this.#writing.catch(() => undefined);
  }

  async #send(): Promise<void> {
    const out = this.#block.subarray(0, this.#filled);
    this.#block = new Uint8Array(this.size);
    this.#filled = 0;
    await this.#writing; // one write in flight at a time, in order
    this.#writing = this.sink.write(out);
    this.#writing.catch(() => undefined); // observed at the next send or flush
  }
}

async function begin(store: ModelFileStore, key: FileKey) {
  try {
    return await store.begin(key);
  } catch (error) {
    if (isQuotaError(error)) throw error;
    throw new LocusError('storage-full', `Locus could not write model files to the browser's storage (${String(error)}).`, {
      cause: error,
    });
  }
}

function announcedSize(response: Response): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const length = response.status === 200 ? Number(response.headers.get('content-length')) : NaN;
  // Compressed transfers announce the compressed length: only trust an identity encoding.
  const encoding = response.headers.get('content-encoding');
  return Number.isFinite(length) && length > 0 && (!encoding || encoding === 'identity') ? length : null;
}

function httpError(status: number, path: string, plan: DownloadPlan): LocusError {
  if (status === 404) {
    return new LocusError(
      'model-download-failed',
      `The model host ${plan.host} has no ${path} for ${plan.modelId}. Check the model host in Models.`,
    );
  }
  if (status === 401 || status === 403) {
    return new LocusError(
      'model-download-failed',
      `The model host refused ${plan.modelId} (HTTP ${status}); the model may need a licence accepted on its page, or another host.`,
    );
  }
  return new LocusError('model-download-failed', `The model host answered HTTP ${status} for ${path}.`);
}
