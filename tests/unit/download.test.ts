/**
 * Verified model downloads: the real downloader, a folder store, and a local hub-layout host that
 * serves ../shared/models and can cut connections, tamper with bytes or answer errors.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requireModel, totalSize, transformersFiles, type CatalogFile } from '../../lib/catalog/catalog';
import { LocusError } from '../../lib/errors';
import type { DownloadProgress } from '../../lib/messaging/engine-protocol';
import { downloadModelFiles, missingFiles, type DownloadPlan } from '../../lib/model-files/download';
import { FsModelStore } from '../support/fs-store';
import { startModelHost } from '../support/model-host.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const model = requireModel('stories260K');
const files = transformersFiles(model, 'q4');
const WEIGHTS = 'onnx/model_q4.onnx';
const weights = files.find((f) => f.path === WEIGHTS)!;

let host: Awaited<ReturnType<typeof startModelHost>>;
let dir: string;
let store: FsModelStore;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
});
afterAll(async () => {
  await host?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-download-'));
  store = new FsModelStore(dir);
  host.faults.clear();
  host.log.length = 0;
  host.setThrottle(0);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const plan = (only: readonly CatalogFile[] = files, at = host.origin): DownloadPlan => ({
  modelId: model.id,
  revision: model.revision,
  host: at,
  files: only,
});
const nodeFetch = (url: string, init?: RequestInit) => fetch(url, init);

/** Every file under the store root, relative, sorted. */
function storedFiles(): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function storedPath(file: string): string {
  return path.join(dir, model.id, `@${model.revision}`, ...file.split('/'));
}

function sha256Of(file: string): string {
  return createHash('sha256')
    .update(readFileSync(storedPath(file)))
    .digest('hex');
}

async function failure(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe('downloadModelFiles', () => {
  it('downloads every file of stories260K q4 and each matches its catalog sha256', async () => {
    const outcomes = await downloadModelFiles(plan(), { store, fetch: nodeFetch });
    expect(outcomes.map((o) => o.path)).toEqual(files.map((f) => f.path));
    for (const file of files) {
      expect(file.sha256, file.path).toMatch(/^[0-9a-f]{64}$/);
      expect(sha256Of(file.path), file.path).toBe(file.sha256);
      const outcome = outcomes.find((o) => o.path === file.path)!;
      expect(outcome).toMatchObject({ bytes: file.size, sha256: file.sha256, verified: true, fromCache: false });
    }
    expect(storedFiles().some((f) => f.endsWith('.partial'))).toBe(false);
    expect(await missingFiles(plan(), store)).toEqual([]);
    expect(host.log.filter((r) => r.method === 'GET')).toHaveLength(files.length);
  });

  it('reports monotonic progress that ends at loaded === total', async () => {
    const events: DownloadProgress[] = [];
    // A slow link, so that progress is reported while bytes arrive, not only per file.
    host.setThrottle(400_000);
    await downloadModelFiles(plan(), { store, fetch: nodeFetch, onProgress: (p) => events.push(p) });
    const total = totalSize(files);
    expect(events.length).toBeGreaterThan(files.length);
    for (const [i, event] of events.entries()) {
      expect(event.modelId).toBe(model.id);
      expect(event.total).toBe(total);
      expect(event.loaded).toBeLessThanOrEqual(event.total);
      if (i > 0) expect(event.loaded, `event ${i}`).toBeGreaterThanOrEqual(events[i - 1]!.loaded);
    }
    // Some reports come from inside the big file, with a speed and a time left.
    expect(
      events.some((e) => e.file === WEIGHTS && e.loaded > 0 && e.loaded < total && e.bytesPerSecond > 0 && e.etaSeconds !== null),
    ).toBe(true);
    const last = events.at(-1)!;
    expect(last.loaded).toBe(total);
    expect(last.etaSeconds).toBe(0);
  });

  it('resumes a connection dropped mid-file with a Range request', async () => {
    host.faults.set(WEIGHTS, { dropAfterBytes: 100_000, times: 1 });
    await downloadModelFiles(plan(), { store, fetch: nodeFetch, retryDelayMs: 10 });
    const forWeights = host.log.filter((r) => r.url.endsWith(WEIGHTS));
    expect(forWeights).toHaveLength(2);
    expect(forWeights[0]!.range).toBeUndefined();
    const resumed = /^bytes=(\d+)-$/.exec(forWeights[1]!.range ?? '');
    expect(resumed, `second request range: ${forWeights[1]!.range}`).not.toBeNull();
    const from = Number(resumed![1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(100_000);
    expect(forWeights[1]!.status).toBe(206);
    expect(sha256Of(WEIGHTS)).toBe(weights.sha256);
  });

  it("refuses a tampered file with 'model-checksum-mismatch' and keeps nothing of it", async () => {
    host.faults.set(WEIGHTS, { tamper: true });
    const error = await failure(downloadModelFiles(plan(), { store, fetch: nodeFetch, retryDelayMs: 10 }));
    expect(error.code).toBe('model-checksum-mismatch');
    expect(error.message).toContain(WEIGHTS);
    const left = storedFiles();
    expect(left.filter((f) => f.includes('model_q4'))).toEqual([]);
    expect(left.filter((f) => f.endsWith('.partial'))).toEqual([]);
    // Files that were fine are kept and verified; only the weights are still missing.
    expect((await missingFiles(plan(), store)).map((f) => f.path)).toEqual([WEIGHTS]);
  });

  it("answers a 404 with 'model-download-failed' naming the host", async () => {
    host.faults.set(WEIGHTS, { status: 404 });
    const error = await failure(downloadModelFiles(plan(), { store, fetch: nodeFetch, retryDelayMs: 10 }));
    expect(error.code).toBe('model-download-failed');
    expect(error.message).toContain(host.origin);
    expect(error.message).toContain(WEIGHTS);
    expect(storedFiles().filter((f) => f.includes('model_q4'))).toEqual([]);
  });

  it("answers a host that is not running with 'model-host-unreachable'", async () => {
    const gone = await startModelHost({ roots: [sharedPath('models')] });
    const origin = gone.origin;
    await gone.stop();
    const error = await failure(downloadModelFiles(plan(files, origin), { store, fetch: nodeFetch, retryDelayMs: 5, maxRetries: 3 }));
    expect(error.code).toBe('model-host-unreachable');
    expect(error.message).toContain(origin);
    expect(storedFiles()).toEqual([]);
  });

  it("stops with 'cancelled' when aborted mid-file, leaving nothing", async () => {
    host.setThrottle(100_000); // the weights take about 3 s
    const controller = new AbortController();
    const events: DownloadProgress[] = [];
    const run = downloadModelFiles(plan([weights]), {
      store,
      fetch: nodeFetch,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.loaded > 50_000) controller.abort();
      },
    });
    const error = await failure(run);
    expect(error.code).toBe('cancelled');
    expect(events.at(-1)!.loaded).toBeLessThan(weights.size!);
    expect(storedFiles()).toEqual([]);
  });

  it('makes no request at all when every file is cached', async () => {
    await downloadModelFiles(plan(), { store, fetch: nodeFetch });
    const requestsBefore = host.log.length;
    let fetched = 0;
    const events: DownloadProgress[] = [];
    const outcomes = await downloadModelFiles(plan(), {
      store,
      fetch: (url, init) => {
        fetched += 1;
        return fetch(url, init);
      },
      onProgress: (p) => events.push(p),
    });
    expect(fetched).toBe(0);
    expect(host.log.length).toBe(requestsBefore);
    expect(outcomes.every((o) => o.fromCache)).toBe(true);
    expect(events.at(-1)?.loaded).toBe(totalSize(files));
  });

  it('missingFiles reports what is absent or of the wrong size', async () => {
    expect((await missingFiles(plan(), store)).map((f) => f.path)).toEqual(files.map((f) => f.path));
    await downloadModelFiles(plan(files.slice(0, 2)), { store, fetch: nodeFetch });
    expect((await missingFiles(plan(), store)).map((f) => f.path)).toEqual(files.slice(2).map((f) => f.path));
    await downloadModelFiles(plan(), { store, fetch: nodeFetch });
    expect(await missingFiles(plan(), store)).toEqual([]);
    // A stored file of the wrong size (damaged on disk) is missing again.
    writeFileSync(storedPath('config.json'), '{}');
    expect((await missingFiles(plan(), store)).map((f) => f.path)).toEqual(['config.json']);
  });
});
