/**
 * One file of a model download, from the host into the store (download.ts runs these in turn):
 * resumes what an earlier attempt kept (HTTP Range with If-Range, only onto the same bytes), retries
 * a cut connection, and checks size and hash before the file is kept. Each step is one method of
 * `FileDownload`, which holds what the steps share (the partial file, the hashes, the bytes so far).
 */
import type { CatalogFile } from '../catalog/catalog';
import { LocusError, cancelled, isQuotaError, wasPanelClosed } from '../errors';
import { BlockWriter } from './block-writer';
import type { CheckSource, DownloadPlan, Expected } from './file-expectations';
import { FileHashes } from './file-hashes';
import { announcedSize, dropBody, httpError, hubHeaderProblem, parseContentRange, strongEtag } from './host-replies';
import type { FetchLike } from './hub-metadata';
import type { FileKey, FileSink, ModelFileStore } from './store';

export interface FileOutcome {
  path: string;
  bytes: number;
  sha256: string;
  /** True when the bytes matched a checksum (catalog or pin); always true for a new download. */
  verified: boolean;
  source: CheckSource;
  fromCache: boolean;
}

/** One file to fetch, what it must be, and how hard to try. */
export interface FileDownloadJob {
  plan: DownloadPlan;
  file: CatalogFile;
  want: Expected;
  key: FileKey;
  store: ModelFileStore;
  /** The network gate's fetch in the product. */
  fetchFn: FetchLike;
  signal: AbortSignal | undefined;
  maxRetries: number;
  retryDelayMs: number;
  onBytes: (received: number) => void;
}

/** Downloads and checks one file; on failure keeps what can be continued later, else throws it away. */
export async function downloadOne(job: FileDownloadJob): Promise<FileOutcome> {
  const download = await FileDownload.open(job);
  try {
    await download.resumeKept();
    await download.receive();
    const outcome = await download.verify();
    await download.sink.commit();
    return outcome;
  } catch (error) {
    await download.settle(error);
    throw error;
  }
}

class FileDownload {
  #writer: BlockWriter;
  #received = 0;
  #etag: string | null = null;
  #failures = 0;
  // The size the host announced (Content-Length, or the total of Content-Range): when neither the
  // catalog nor a pin gives an exact size, this is what catches a file cut short.
  #announced: number | null = null;

  private constructor(
    private readonly job: FileDownloadJob,
    readonly sink: FileSink,
    private readonly hashes: FileHashes,
  ) {
    this.#writer = new BlockWriter(sink);
  }

  static async open(job: FileDownloadJob): Promise<FileDownload> {
    const sink = await begin(job.store, job.key);
    return new FileDownload(job, sink, await FileHashes.create(job.want));
  }

  #refuse(message: string): LocusError {
    return new LocusError('model-checksum-mismatch', `${this.job.plan.modelId}: ${this.job.file.path} ${message}`);
  }

  /** Back to an empty file: the bytes kept so far cannot be continued. */
  async #restart(): Promise<void> {
    await this.#writer.discard();
    await this.sink.truncate();
    this.#writer = new BlockWriter(this.sink);
    this.hashes.reset();
    this.#received = 0;
    this.#etag = null;
  }

  /**
   * Bytes an earlier attempt left, from the same address and a reply with a strong ETag: hashed
   * again (nothing of the hasher survives a restart), then continued with If-Range.
   */
  async resumeKept(): Promise<void> {
    const { sink } = this;
    const { want, onBytes } = this.job;
    if (sink.kept > 0 && sink.record?.url === want.url && (want.size === null || sink.kept < want.size)) {
      for await (const chunk of sink.readKept()) this.hashes.update(chunk);
      this.#received = sink.kept;
      this.#etag = sink.record.etag;
      onBytes(this.#received);
    } else if (sink.kept > 0) {
      await this.#restart();
    }
  }

  /** Requests the file until one reply's bytes are all in (or it is given up on). */
  async receive(): Promise<void> {
    for (;;) {
      if (this.job.signal?.aborted) throw cancelled();
      try {
        const response = await this.#request();
        if (!(await this.#usable(response))) continue;
        await this.#read(response);
        return;
      } catch (error) {
        await this.#afterFailure(error);
      }
    }
  }

  /**
   * If-Range: the host sends the rest only if the file is still the one these bytes came from;
   * otherwise it sends the whole (new) file, which starts again from its first byte.
   */
  #request(): Promise<Response> {
    const { want, signal } = this.job;
    const headers: Record<string, string> =
      this.#received > 0 && this.#etag ? { Range: `bytes=${this.#received}-`, 'If-Range': this.#etag } : {};
    return this.job.fetchFn(want.url, { headers, signal, cache: 'no-store' });
  }

  /** Whether the reply's body is to be read: false when it was dropped and the file is asked for again. */
  async #usable(response: Response): Promise<boolean> {
    if (response.status === 206) {
      if (this.#continues(response)) return true;
      // Bytes from another place in the file, or from another file: never spliced in.
      await dropBody(response);
      await this.#restart();
      this.#failures += 1;
      if (this.#failures > this.job.maxRetries)
        throw this.#refuse(
          'kept arriving in pieces that do not continue each other, so Locus refused it. Nothing was kept; try again later.',
        );
      return false;
    }
    if (response.status === 416 && this.#received > 0) {
      await dropBody(response);
      await this.#restart();
      return false;
    }
    if (response.status === 200) {
      // A whole file: the host ignored the Range, or the file changed since the kept bytes.
      if (this.#received > 0) await this.#restart();
      this.#etag = strongEtag(response);
    } else if (!response.ok) {
      throw httpError(response.status, this.job.file.path, this.job.plan);
    }
    return true;
  }

  /** A partial reply that continues the kept bytes exactly, of the file of the expected size. */
  #continues(response: Response): boolean {
    const range = parseContentRange(response.headers.get('content-range'));
    const same =
      this.#received > 0 && range !== null && range.start === this.#received && (!this.#etag || strongEtag(response) === this.#etag);
    const total = range?.total ?? null;
    return same && !(total !== null && this.job.want.size !== null && total !== this.job.want.size);
  }

  /** Checks what the host says of the file, then hashes and writes the body as it arrives. */
  async #read(response: Response): Promise<void> {
    const { want, onBytes } = this.job;
    const problem = hubHeaderProblem(response, want);
    if (problem) {
      await dropBody(response);
      throw this.#refuse(`${problem}, so Locus refused it. Nothing was kept; try again, or use another model host.`);
    }
    this.#announced ??= announcedSize(response);
    if (this.#etag && this.sink.record?.etag !== this.#etag) await this.sink.setRecord({ url: want.url, etag: this.#etag });
    if (!response.body) throw new Error('empty response body');
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      this.hashes.update(value);
      await this.#writer.push(value);
      this.#received += value.byteLength;
      onBytes(this.#received);
      if (want.size !== null && this.#received > want.size) break;
    }
  }

  /** A failed attempt: thrown on when it cannot be retried, else the next one waits a little longer. */
  async #afterFailure(error: unknown): Promise<void> {
    const { plan, file, signal, maxRetries } = this.job;
    if (signal?.aborted) throw cancelled();
    if (error instanceof LocusError) throw error;
    if (isQuotaError(error)) throw error;
    this.#failures += 1;
    // What arrived before the cut is kept: the retry asks for the bytes after it.
    await this.#writer.flush();
    if (this.#failures > maxRetries && this.#received === 0 && error instanceof TypeError) {
      throw new LocusError(
        'model-host-unreachable',
        `Locus could not reach the model host (${plan.host}) to download ${plan.modelId}. Connect to the internet once; after the download, Locus works offline.`,
        { cause: error },
      );
    }
    if (this.#failures > maxRetries) {
      throw new LocusError(
        'model-download-failed',
        `The download of ${plan.modelId} kept failing (${file.path}, ${this.#failures} attempts). Check the connection and try again: it continues where it stopped.`,
        { cause: error },
      );
    }
    if (!this.#etag) await this.#restart(); // nothing to check a continuation against
    await sleep(this.job.retryDelayMs * this.#failures, signal);
  }

  /** The file's size and hash against what it must be; its outcome when they match. */
  async verify(): Promise<FileOutcome> {
    const { want, file } = this.job;
    await this.#writer.flush();
    const digest = this.hashes.digest();
    const size = want.size ?? this.#announced;
    if (size !== null && this.#received !== size) {
      throw this.#refuse(
        `arrived with ${this.#received} bytes instead of ${size}, so Locus refused it. Nothing was kept; try again, or use another model host.`,
      );
    }
    const matches = want.sha256 ? digest.sha256 === want.sha256 : want.gitOid ? digest.gitOid === want.gitOid : false;
    if (!matches) {
      throw this.#refuse(
        want.source === 'catalog'
          ? 'does not match its published checksum, so Locus refused it (it was changed or damaged on the way). Nothing was kept; try again, or use another model host.'
          : `does not match what the model host announced for it when Locus first downloaded this model (commit ${want.commit?.slice(0, 7)}), so Locus refused it: the file changed on the host or was damaged on the way. Nothing was kept.`,
      );
    }
    return { path: file.path, bytes: this.#received, sha256: digest.sha256, verified: true, source: want.source, fromCache: false };
  }

  /**
   * After a failure: kept for a later attempt (after a restart too) is what arrived from a reply
   * Locus can ask to continue. The student's own Cancel, a refused file, or bytes with nothing to
   * continue them against are thrown away.
   */
  async settle(error: unknown): Promise<void> {
    const integrity = error instanceof LocusError && error.code === 'model-checksum-mismatch';
    const keep = !integrity && this.#received > 0 && this.#etag !== null && (!isCancel(error) || wasPanelClosed(this.job.signal));
    if (keep) {
      await this.#writer.flush().catch(() => undefined);
      await this.sink.suspend();
    } else {
      await this.#writer.discard();
      await this.sink.abort();
    }
  }
}

function isCancel(error: unknown): boolean {
  return error instanceof LocusError && error.code === 'cancelled';
}

async function begin(store: ModelFileStore, key: FileKey): Promise<FileSink> {
  try {
    return await store.begin(key);
  } catch (error) {
    if (isQuotaError(error)) throw error;
    throw new LocusError('storage-full', `Locus could not write model files to the browser's storage (${String(error)}).`, {
      cause: error,
    });
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
