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
 */
// SHA-256 in WebAssembly: @noble/hashes (JavaScript) hashed at ~55 MB/s in the engine worker and
// held the whole download to that speed (npm run bench -- --lifecycle); Web Crypto has no
// incremental digest, and a model file can be gigabytes.
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import { totalSize, type CatalogFile } from '../catalog/catalog';
import { LocusError, cancelled, isQuotaError, wasPanelClosed } from '../errors';
import type { DownloadProgress } from '../messaging/engine-protocol';
import { BlockWriter } from './block-writer';
import { fileExpectations, pinnedByCatalog, type CheckSource, type DownloadPlan, type Expected } from './file-expectations';
import type { FetchLike } from './hub-metadata';
import { MemoryPinStore, type PinStore } from './pins';
import type { FileKey, FileSink, ModelFileStore } from './store';

export type { CheckSource, DownloadPlan, FetchLike };

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

export interface FileOutcome {
  path: string;
  bytes: number;
  sha256: string;
  /** True when the bytes matched a checksum (catalog or pin); always true for a new download. */
  verified: boolean;
  source: CheckSource;
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
  const pins = options.pins ?? new MemoryPinStore();
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

  const key = (file: CatalogFile): FileKey => ({ modelId: plan.modelId, revision: plan.revision, path: file.path });
  const cached = new Map<string, number>();
  for (const file of plan.files) {
    const have = await store.size(key(file));
    if (have !== undefined && (file.size === null || have === file.size)) cached.set(file.path, have);
  }
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
      done += have;
      // A committed file was checked before it was kept.
      outcomes.push({
        path: file.path,
        bytes: have,
        sha256: file.sha256 ?? '',
        verified: true,
        source: pinnedByCatalog(file) ? 'catalog' : 'first-use',
        fromCache: true,
      });
      emit(file.path, 0, true);
      continue;
    }
    const want = expected.get(file.path)!;
    const outcome = await downloadOne(plan, file, want, key(file), store, options.fetch, signal, maxRetries, retryDelayMs, (n) =>
      emit(file.path, n),
    );
    if (pin && want.source === 'first-use' && !pin.files[file.path]!.sha256) {
      // A file kept in git was checked by its git blob id; its SHA-256 is recorded now.
      pin.files[file.path]!.sha256 = outcome.sha256;
      await pins.put(pin);
    }
    done += outcome.bytes;
    outcomes.push(outcome);
    emit(file.path, 0, true);
  }
  return outcomes;
}

/** A strong entity tag (weak ones may not be used with If-Range). */
function strongEtag(response: Response): string | null {
  const etag = response.headers.get('etag');
  return etag && !etag.startsWith('W/') ? etag : null;
}

/** `bytes start-end/total` → its numbers; null when absent or malformed. */
export function parseContentRange(header: string | null): { start: number; end: number; total: number | null } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

/** The two hashes a file may be checked with; the git one only for files kept in git. */
class FileHashes {
  #sha256!: IHasher;
  #git: IHasher | null = null;
  private constructor(private readonly gitSize: number | null) {}

  static async create(expected: Expected): Promise<FileHashes> {
    const hashes = new FileHashes(expected.gitOid && expected.size !== null ? expected.size : null);
    hashes.#sha256 = await createSHA256();
    if (hashes.gitSize !== null) hashes.#git = await createSHA1();
    hashes.reset();
    return hashes;
  }

  reset(): void {
    this.#sha256.init();
    if (this.#git) {
      this.#git.init();
      // A git blob id is the SHA-1 of "blob <size>\0" followed by the content.
      this.#git.update(`blob ${this.gitSize}\0`);
    }
  }

  update(bytes: Uint8Array): void {
    this.#sha256.update(bytes);
    this.#git?.update(bytes);
  }

  digest(): { sha256: string; gitOid: string | null } {
    return { sha256: this.#sha256.digest('hex'), gitOid: this.#git ? this.#git.digest('hex') : null };
  }
}

/** The host's own statements about the file, where a reply carries them (not after a redirect in browsers). */
function hubHeaderProblem(response: Response, want: Expected): string | null {
  const commit = response.headers.get('x-repo-commit');
  if (want.commit && commit && commit !== want.commit) return `comes from ${commit.slice(0, 7)}, not the pinned ${want.commit.slice(0, 7)}`;
  const linkedSize = response.headers.get('x-linked-size');
  if (want.size !== null && linkedSize && Number(linkedSize) !== want.size)
    return `is announced with ${linkedSize} bytes, not ${want.size}`;
  const linkedEtag = response.headers.get('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '');
  if (want.sha256 && linkedEtag && /^[0-9a-f]{64}$/.test(linkedEtag) && linkedEtag !== want.sha256)
    return 'is announced with another SHA-256';
  return null;
}

async function downloadOne(
  plan: DownloadPlan,
  file: CatalogFile,
  want: Expected,
  key: FileKey,
  store: ModelFileStore,
  fetchFn: FetchLike,
  signal: AbortSignal | undefined,
  maxRetries: number,
  retryDelayMs: number,
  onBytes: (received: number) => void,
): Promise<FileOutcome> {
  const { url } = want;
  const sink: FileSink = await begin(store, key);
  let writer = new BlockWriter(sink);
  const hashes = await FileHashes.create(want);
  let received = 0;
  let etag: string | null = null;
  let failures = 0;
  // The size the host announced (Content-Length, or the total of Content-Range): when neither the
  // catalog nor a pin gives an exact size, this is what catches a file cut short.
  let announced: number | null = null;

  const refuse = (message: string) => new LocusError('model-checksum-mismatch', `${plan.modelId}: ${file.path} ${message}`);
  /** Back to an empty file: the bytes kept so far cannot be continued. */
  const restart = async () => {
    await writer.discard();
    await sink.truncate();
    writer = new BlockWriter(sink);
    hashes.reset();
    received = 0;
    etag = null;
  };

  try {
    // Bytes an earlier attempt left, from the same address and a reply with a strong ETag: hashed
    // again (nothing of the hasher survives a restart), then continued with If-Range.
    if (sink.kept > 0 && sink.record?.url === url && (want.size === null || sink.kept < want.size)) {
      for await (const chunk of sink.readKept()) hashes.update(chunk);
      received = sink.kept;
      etag = sink.record.etag;
      onBytes(received);
    } else if (sink.kept > 0) {
      await restart();
    }
    for (;;) {
      if (signal?.aborted) throw cancelled();
      try {
        // If-Range: the host sends the rest only if the file is still the one these bytes came from;
        // otherwise it sends the whole (new) file, which starts again from its first byte.
        const headers: Record<string, string> = received > 0 && etag ? { Range: `bytes=${received}-`, 'If-Range': etag } : {};
        const response = await fetchFn(url, { headers, signal, cache: 'no-store' });
        if (response.status === 206) {
          const range = parseContentRange(response.headers.get('content-range'));
          const same = received > 0 && range !== null && range.start === received && (!etag || strongEtag(response) === etag);
          const total = range?.total ?? null;
          if (!same || (total !== null && want.size !== null && total !== want.size)) {
            // Bytes from another place in the file, or from another file: never spliced in.
            await response.body?.cancel().catch(() => undefined);
            await restart();
            failures += 1;
            if (failures > maxRetries)
              throw refuse(
                'kept arriving in pieces that do not continue each other, so Locus refused it. Nothing was kept; try again later.',
              );
            continue;
          }
        } else if (response.status === 416 && received > 0) {
          await response.body?.cancel().catch(() => undefined);
          await restart();
          continue;
        } else if (response.status === 200) {
          // A whole file: the host ignored the Range, or the file changed since the kept bytes.
          if (received > 0) await restart();
          etag = strongEtag(response);
        } else if (!response.ok) {
          throw httpError(response.status, file.path, plan);
        }
        const problem = hubHeaderProblem(response, want);
        if (problem) {
          await response.body?.cancel().catch(() => undefined);
          throw refuse(`${problem}, so Locus refused it. Nothing was kept; try again, or use another model host.`);
        }
        announced ??= announcedSize(response);
        if (etag && sink.record?.etag !== etag) await sink.setRecord({ url, etag });
        if (!response.body) throw new Error('empty response body');
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          hashes.update(value);
          await writer.push(value);
          received += value.byteLength;
          onBytes(received);
          if (want.size !== null && received > want.size) break;
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
            `The download of ${plan.modelId} kept failing (${file.path}, ${failures} attempts). Check the connection and try again: it continues where it stopped.`,
            { cause: error },
          );
        }
        if (!etag) await restart(); // nothing to check a continuation against
        await sleep(retryDelayMs * failures, signal);
      }
    }
    await writer.flush();
    const digest = hashes.digest();
    const size = want.size ?? announced;
    if (size !== null && received !== size) {
      throw refuse(
        `arrived with ${received} bytes instead of ${size}, so Locus refused it. Nothing was kept; try again, or use another model host.`,
      );
    }
    const matches = want.sha256 ? digest.sha256 === want.sha256 : want.gitOid ? digest.gitOid === want.gitOid : false;
    if (!matches) {
      throw refuse(
        want.source === 'catalog'
          ? 'does not match its published checksum, so Locus refused it (it was changed or damaged on the way). Nothing was kept; try again, or use another model host.'
          : `does not match what the model host announced for it when Locus first downloaded this model (commit ${want.commit?.slice(0, 7)}), so Locus refused it: the file changed on the host or was damaged on the way. Nothing was kept.`,
      );
    }
    await sink.commit();
    return { path: file.path, bytes: received, sha256: digest.sha256, verified: true, source: want.source, fromCache: false };
  } catch (error) {
    const integrity = error instanceof LocusError && error.code === 'model-checksum-mismatch';
    // Kept for a later attempt (after a restart too): what arrived from a reply Locus can ask to
    // continue. The student's own Cancel, a refused file, or bytes with nothing to continue them
    // against are thrown away.
    const keep = !integrity && received > 0 && etag !== null && (!isCancel(error) || wasPanelClosed(signal));
    if (keep) {
      await writer.flush().catch(() => undefined);
      await sink.suspend();
    } else {
      await writer.discard();
      await sink.abort();
    }
    throw error;
  }
}

function isCancel(error: unknown): boolean {
  return error instanceof LocusError && error.code === 'cancelled';
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
