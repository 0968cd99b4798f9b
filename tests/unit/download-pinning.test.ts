/**
 * Model files whose checksums are not in the catalog: checked against what the host announces
 * (its API: the commit, each file's SHA-256 or git blob id, its size), then pinned on first use,
 * and held to that pin afterwards. Resuming continues only the same bytes (If-Range with the
 * reply's ETag, a 206 that starts where the partial file ends), after a restart too; a file
 * changed on the host is refused, never spliced. Real downloader, folder store and pin store; the
 * local hub-like host redirects LFS files to its CDN on another port, as the hub does.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requireModel, transformersFiles, type CatalogFile } from '../../lib/catalog/catalog';
import { LocusError, panelClosed } from '../../lib/errors';
import { downloadModelFiles, type DownloadPlan } from '../../lib/model-files/download';
import { parseContentRange } from '../../lib/model-files/host-replies';
import { FsPinStore } from '../support/fs-pins';
import { FsModelStore } from '../support/fs-store';
import { verificationOf } from '../../lib/model-files/verification';
import { startModelHost } from '../support/model-host.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const model = requireModel('stories260K');
const WEIGHTS = 'onnx/model_q4.onnx';
/** stories260K's q4 files as a hub model's catalog entry has them: no size, no checksum. */
const UNPINNED: CatalogFile[] = transformersFiles(model, 'q4').map((f) => ({ path: f.path, size: null, sha256: null }));
const realBytes = (file: string) => readFileSync(sharedPath(`models/stories260K/${file}`));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let host: Awaited<ReturnType<typeof startModelHost>>;
let dir: string;
beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')], lfs: 'redirect' });
});
afterAll(async () => {
  await host?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-pinning-'));
  host.faults.clear();
  host.log.length = 0;
  host.setThrottle(0);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const plan = (files: CatalogFile[] = UNPINNED): DownloadPlan => ({ modelId: model.id, revision: 'main', host: host.origin, files });
/** A fresh store and pin store on the same folders: what a browser restart gives the engine worker. */
const stores = () => ({ store: new FsModelStore(path.join(dir, 'models')), pins: new FsPinStore(path.join(dir, 'pins')) });
const stored = (file: string) => path.join(dir, 'models', model.id, '@main', ...file.split('/'));
const allFiles = () =>
  (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

async function failure(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe('first use: checked against what the host announces, then pinned', () => {
  it('asks the API once, downloads from the pinned commit (weights through the CDN), and records the pin', async () => {
    const { store, pins } = stores();
    const commit = await host.commit(model.id);
    const outcomes = await downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) });
    expect(outcomes.every((o) => o.source === 'first-use' && o.verified && !o.fromCache)).toBe(true);
    for (const o of outcomes) expect(o.sha256, o.path).toBe(sha256(realBytes(o.path)));

    const api = host.log.filter((r) => r.url.startsWith('/api/'));
    expect(api.map((r) => r.url)).toEqual([`/api/models/${model.id}/revision/main`]);
    const resolves = host.log.filter((r) => r.server === 'hub' && r.url.includes('/resolve/'));
    expect(new Set(resolves.map((r) => r.url.split('/resolve/')[1]!.split('/')[0]))).toEqual(new Set([commit]));
    // The weights (an LFS file) came from the CDN after the hub's redirect; small files from the hub.
    expect(resolves.find((r) => r.file === WEIGHTS)?.status).toBe(302);
    expect(host.log.find((r) => r.server === 'cdn' && r.file === WEIGHTS)?.status).toBe(200);

    const pin = await pins.get(model.id, 'main');
    expect(pin?.commit).toBe(commit);
    for (const f of UNPINNED) {
      expect(pin?.files[f.path], f.path).toMatchObject({ size: realBytes(f.path).length, sha256: sha256(realBytes(f.path)) });
    }
    expect(await verificationOf(model.id, 'main', UNPINNED, pins)).toEqual({ kind: 'first-use', commit });
    // Catalog checksums need no pin.
    expect(await verificationOf(model.id, 'main', transformersFiles(model, 'q4'), pins)).toEqual({ kind: 'catalog' });
  });

  it('later downloads follow the pin: no question to the host, the same commit, the same bytes', async () => {
    const { store, pins } = stores();
    await downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) });
    await store.deleteModel(model.id);
    host.log.length = 0;
    await downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) });
    expect(host.log.filter((r) => r.url.startsWith('/api/'))).toEqual([]);
    expect(readFileSync(stored(WEIGHTS)).equals(realBytes(WEIGHTS))).toBe(true);
  });

  it('a file changed on the host after the pin is refused, and nothing of it is kept', async () => {
    const { store, pins } = stores();
    await downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) });
    await store.deleteModel(model.id);
    const changed = Buffer.from(realBytes(WEIGHTS));
    changed[1000]! ^= 0xff;
    const other = await startModelHost({ roots: [sharedPath('models')], lfs: 'redirect' });
    try {
      other.replaceFile(model.id, WEIGHTS, changed);
      const weightsOnly = UNPINNED.filter((f) => f.path === WEIGHTS);
      const at = { ...plan(weightsOnly), host: other.origin };
      // The weights come through the CDN, whose reply says nothing of the commit: their bytes are refused.
      const error = await failure(downloadModelFiles(at, { store, pins, fetch: (u, i) => fetch(u, i) }));
      expect(error.code).toBe('model-checksum-mismatch');
      expect(error.message).toContain(WEIGHTS);
      expect(error.message).toMatch(/first downloaded/);
      expect(existsSync(stored(WEIGHTS))).toBe(false);
      expect(allFiles().some((f) => f.includes('model_q4.onnx.partial'))).toBe(false);
      // A small file served by the host itself says its commit (X-Repo-Commit): not the pinned one, refused.
      const config = await failure(
        downloadModelFiles(
          { ...at, files: UNPINNED.filter((f) => f.path === 'config.json') },
          { store, pins, fetch: (u, i) => fetch(u, i) },
        ),
      );
      expect(config.code).toBe('model-checksum-mismatch');
      expect(config.message).toMatch(/config\.json comes from [0-9a-f]{7}, not the pinned/);
    } finally {
      await other.stop();
    }
  });

  it('a host that no longer serves the pinned version for a new file is refused', async () => {
    const other = await startModelHost({ roots: [sharedPath('models')], lfs: 'redirect' });
    try {
      const { store, pins } = stores();
      const config = UNPINNED.filter((f) => f.path.endsWith('.json'));
      const at = { ...plan(config), host: other.origin };
      await downloadModelFiles(at, { store, pins, fetch: (u, i) => fetch(u, i) });
      // The weights are needed later; meanwhile the repository moved on (a new commit).
      other.replaceFile(model.id, 'README.md', Buffer.from('a new commit'));
      const error = await failure(downloadModelFiles({ ...plan(), host: other.origin }, { store, pins, fetch: (u, i) => fetch(u, i) }));
      expect(error.code).toBe('model-checksum-mismatch');
      expect(error.message).toMatch(/another version/);
    } finally {
      await other.stop();
    }
  });

  it('a host that announces nothing (a plain file server without the API) gets nothing downloaded', async () => {
    const { store, pins } = stores();
    const noApi = (url: string, init?: RequestInit) =>
      url.includes('/api/') ? Promise.resolve(new Response('', { status: 404 })) : fetch(url, init);
    const error = await failure(downloadModelFiles(plan(), { store, pins, fetch: noApi }));
    expect(error.code).toBe('model-download-failed');
    expect(error.message).toMatch(/cannot check them/);
    expect(host.log.filter((r) => r.url.includes('/resolve/'))).toEqual([]);
  });

  it('a file that does not match the announcement is refused (tampered on the way)', async () => {
    const { store, pins } = stores();
    host.faults.set(WEIGHTS, { tamper: true });
    const error = await failure(downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) }));
    expect(error.code).toBe('model-checksum-mismatch');
    expect(existsSync(stored(WEIGHTS))).toBe(false);
  });

  it('small files kept in git are checked by their git blob id', async () => {
    const { store, pins } = stores();
    host.faults.set('tokenizer.json', { tamper: true });
    const error = await failure(downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) }));
    expect(error.code).toBe('model-checksum-mismatch');
    expect(error.message).toContain('tokenizer.json');
  });
});

describe('resuming', () => {
  it('after a restart: the partial file and its record survive, and the rest is asked for with If-Range', async () => {
    host.setThrottle(200_000);
    host.faults.set(WEIGHTS, { dropAfterBytes: 120_000, times: 1 });
    const first = stores();
    const cut = await failure(downloadModelFiles(plan(), { ...first, fetch: (u, i) => fetch(u, i), maxRetries: 0, retryDelayMs: 1 }));
    expect(cut.code).toBe('model-download-failed');
    const partial = `${stored(WEIGHTS)}.partial`;
    const kept = readFileSync(partial).length;
    expect(kept).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(`${partial}.json`, 'utf8'))).toMatchObject({ etag: expect.stringMatching(/^"/) });

    host.log.length = 0;
    const again = stores(); // a new engine worker after the browser restarted
    await downloadModelFiles(plan(), { ...again, fetch: (u, i) => fetch(u, i) });
    const cdn = host.log.filter((r) => r.server === 'cdn' && r.file === WEIGHTS);
    expect(cdn).toHaveLength(1);
    expect(cdn[0]!.range).toBe(`bytes=${kept}-`);
    expect(cdn[0]!.ifRange).toMatch(/^"/);
    expect(cdn[0]!.status).toBe(206);
    expect(readFileSync(stored(WEIGHTS)).equals(realBytes(WEIGHTS))).toBe(true);
    expect(existsSync(partial)).toBe(false);
  });

  it('when the file changed between two attempts, the host sends it whole and Locus refuses it: nothing is spliced', async () => {
    host.setThrottle(200_000);
    host.faults.set(WEIGHTS, { dropAfterBytes: 120_000, times: 1 });
    const { store, pins } = stores();
    await failure(downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i), maxRetries: 0, retryDelayMs: 1 }));
    expect(readFileSync(`${stored(WEIGHTS)}.partial`).length).toBeGreaterThan(0);
    const changed = Buffer.from(realBytes(WEIGHTS));
    changed[changed.length - 10]! ^= 0xff; // past what was kept: splicing would go unnoticed by size
    host.replaceFile(model.id, WEIGHTS, changed);
    try {
      host.log.length = 0;
      const error = await failure(downloadModelFiles(plan(), { store, pins, fetch: (u, i) => fetch(u, i) }));
      expect(error.code).toBe('model-checksum-mismatch');
      const cdn = host.log.filter((r) => r.server === 'cdn');
      // It asked for the rest of the old bytes (If-Range), and got the whole new file (200), not a 206.
      expect(cdn[0]!.ifRange).toMatch(/^"/);
      expect(cdn[0]!.status).toBe(200);
      expect(existsSync(stored(WEIGHTS))).toBe(false);
      expect(existsSync(`${stored(WEIGHTS)}.partial`)).toBe(false);
    } finally {
      host.replaceFile(model.id, WEIGHTS, realBytes(WEIGHTS));
    }
  });

  it('a 206 that does not start where the partial file ends is not spliced in', async () => {
    host.faults.set(WEIGHTS, { dropAfterBytes: 100_000, times: 1 });
    const { store, pins } = stores();
    // A broken proxy that answers the resume from an earlier byte than asked.
    const skewed = (url: string, init?: RequestInit) => {
      const headers = { ...((init?.headers as Record<string, string>) ?? {}) };
      const m = /^bytes=(\d+)-$/.exec(headers.Range ?? '');
      if (m) headers.Range = `bytes=${Math.max(0, Number(m[1]) - 4096)}-`;
      return fetch(url, { ...init, headers });
    };
    const outcomes = await downloadModelFiles(plan(), { store, pins, fetch: skewed, retryDelayMs: 1 });
    expect(outcomes.find((o) => o.path === WEIGHTS)?.sha256).toBe(sha256(realBytes(WEIGHTS)));
    const cdn = host.log.filter((r) => r.server === 'cdn' && r.file === WEIGHTS);
    // Cut, then a skewed 206 (discarded), then the whole file again from its first byte.
    expect(cdn.map((r) => r.status)).toEqual([200, 206, 200]);
    expect(cdn[2]!.range).toBeUndefined();
    expect(readFileSync(stored(WEIGHTS)).equals(realBytes(WEIGHTS))).toBe(true);
  });

  it("a closed panel keeps the bytes for next time; the student's Cancel throws them away", async () => {
    host.setThrottle(100_000);
    const { store, pins } = stores();
    const controller = new AbortController();
    await failure(
      downloadModelFiles(plan(), {
        store,
        pins,
        fetch: (u, i) => fetch(u, i),
        signal: controller.signal,
        onProgress: (p) => {
          if (p.file === WEIGHTS && p.loaded > 40_000 && !controller.signal.aborted) controller.abort(panelClosed());
        },
      }),
    );
    expect(readFileSync(`${stored(WEIGHTS)}.partial`).length).toBeGreaterThan(0);
    const cancel = new AbortController();
    await failure(
      downloadModelFiles(plan(), {
        store,
        pins,
        fetch: (u, i) => fetch(u, i),
        signal: cancel.signal,
        onProgress: (p) => {
          if (p.file === WEIGHTS && p.loaded > 100_000) cancel.abort();
        },
      }),
    );
    expect(existsSync(`${stored(WEIGHTS)}.partial`)).toBe(false);
  });

  it('parseContentRange reads what servers send, and nothing else', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-0/*')).toEqual({ start: 0, end: 0, total: null });
    for (const bad of [null, '', 'bytes */1000', 'items 1-2/3', 'bytes 1-2']) expect(parseContentRange(bad)).toBeNull();
  });
});
