// web-llm's model libraries are packaged at build time, never fetched at run time: the script that
// pins and fetches them, against a local fake of GitHub (its commits API and raw file host), and the
// build's own check of the folder it ships (scripts/webllm-libs.mjs, used by wxt.config.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseCatalog, rawCatalogData } from '../../lib/catalog/catalog';
import { fetchLibraries, pinLibraries } from '../../scripts/fetch-webllm-libs.mjs';
import { DEFAULT_LIBS_DATA, readLibraryData, unpinnedLibraries, verifyLibraryFolder } from '../../scripts/webllm-libs.mjs';

const REPO = 'mlc-ai/binary-mlc-llm-libs';
const DIR = 'web-llm-models/v0_2_86/base';
const COMMIT = 'a1b2c3'.padEnd(40, '4');
const LIBS: Record<string, Buffer> = {
  'SmolLM2-135M-Instruct-q0f32_cs1k-webgpu.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(5000, 3)]),
  'Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(7000, 4)]),
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let server: http.Server;
let host = '';
const requests: string[] = [];
/** What the raw host serves: changed by tests to play a moved branch or a tampered file. */
let served: Record<string, Buffer> = { ...LIBS };
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    if (url === `/repos/${REPO}/commits/main`) return void res.end(JSON.stringify({ sha: COMMIT }));
    const m = new RegExp(`^/${REPO}/([0-9a-f]{40})/${DIR}/(.+\\.wasm)$`).exec(url);
    if (m && m[1] === COMMIT && served[m[2]!]) return void res.end(served[m[2]!]);
    res.statusCode = 404;
    res.end('404: Not Found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let work: string;
let dataPath: string;
const unpinnedData = () => ({
  repository: REPO,
  directory: DIR,
  commit: null,
  libraries: Object.keys(LIBS).map((file) => ({ file, size: null, sha256: null })),
});
beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locus-webllm-libs-'));
  dataPath = path.join(work, 'webllm-libs.json');
  writeFileSync(dataPath, JSON.stringify(unpinnedData()));
  requests.length = 0;
  served = { ...LIBS };
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('fetch-webllm-libs', () => {
  test('--pin resolves the branch to a commit and records each library’s size and SHA-256 at that commit', async () => {
    const data = await pinLibraries({ dataPath, rawHost: host, apiHost: host, fetch });
    expect(data.commit).toBe(COMMIT);
    expect(data.libraries).toEqual(Object.entries(LIBS).map(([file, b]) => ({ file, size: b.length, sha256: sha(b) })));
    expect(JSON.parse(readFileSync(dataPath, 'utf8'))).toEqual(data);
    // Files are read at the commit, never at the branch.
    expect(requests.filter((r) => r.endsWith('.wasm')).every((r) => r.includes(`/${COMMIT}/`))).toBe(true);
  });

  test('downloads the pinned libraries, checks them, and ships them to the build folder', async () => {
    await pinLibraries({ dataPath, rawHost: host, apiHost: host, fetch });
    const out = path.join(work, 'libs');
    const result = await fetchLibraries({ dataPath, out, rawHost: host, fetch });
    expect(result.written.sort()).toEqual(Object.keys(LIBS).sort());
    for (const [file, bytes] of Object.entries(LIBS)) expect(readFileSync(path.join(out, file)).equals(bytes)).toBe(true);
    expect(verifyLibraryFolder(out, readLibraryData(dataPath))).toEqual(Object.keys(LIBS).sort());
    // Again: nothing to download.
    requests.length = 0;
    expect((await fetchLibraries({ dataPath, out, rawHost: host, fetch })).kept.length).toBe(2);
    expect(requests).toEqual([]);
  });

  test('refuses a library whose bytes changed at the host, and writes nothing of it', async () => {
    await pinLibraries({ dataPath, rawHost: host, apiHost: host, fetch });
    const file = Object.keys(LIBS)[0]!;
    served = { ...LIBS, [file]: Buffer.concat([LIBS[file]!.subarray(0, 100), Buffer.alloc(LIBS[file]!.length - 100, 9)]) };
    const out = path.join(work, 'libs');
    await expect(fetchLibraries({ dataPath, out, rawHost: host, fetch })).rejects.toThrow(/do not match the pinned size and SHA-256/);
    expect(readdirSync(out)).not.toContain(file);
  });

  test('refuses to download anything while the data is not pinned', async () => {
    await expect(fetchLibraries({ dataPath, out: path.join(work, 'libs'), rawHost: host, fetch })).rejects.toThrow(/does not pin 2 of 2/);
    expect(requests).toEqual([]);
  });
});

describe("the build's check of the folder it ships", () => {
  test('refuses unpinned, unknown, and altered files', async () => {
    const out = path.join(work, 'libs');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out);
    const [a, b] = Object.keys(LIBS) as [string, string];
    writeFileSync(path.join(out, a), LIBS[a]!);
    expect(() => verifyLibraryFolder(out, readLibraryData(dataPath))).toThrow(/no pinned commit/);
    await pinLibraries({ dataPath, rawHost: host, apiHost: host, fetch });
    expect(verifyLibraryFolder(out, readLibraryData(dataPath))).toEqual([a]);
    writeFileSync(path.join(out, b), Buffer.alloc(LIBS[b]!.length, 1));
    expect(() => verifyLibraryFolder(out, readLibraryData(dataPath))).toThrow(new RegExp(`${b.replace(/\./g, '\\.')} does not match`));
    rmSync(path.join(out, b));
    writeFileSync(path.join(out, 'evil-webgpu.wasm'), Buffer.alloc(10));
    expect(() => verifyLibraryFolder(out, readLibraryData(dataPath))).toThrow(/evil-webgpu\.wasm is not one of the libraries/);
  });
});

describe('models/webllm-libs.json', () => {
  test("lists exactly the catalog's web-llm model libraries, by file name", () => {
    const data = readLibraryData(DEFAULT_LIBS_DATA);
    const catalog = parseCatalog(rawCatalogData, { webllmLibraries: 'all' });
    const inCatalog = [...new Set(catalog.models.flatMap((m) => (m.engines.webllm ?? []).map((v) => v.modelLib)))].sort();
    expect(data.libraries.map((l) => l.file).sort()).toEqual(inCatalog);
    expect(data.repository).toBe(REPO);
  });

  test('is either pinned in full or says why not (then builds ship no web-llm library)', () => {
    const data = readLibraryData(DEFAULT_LIBS_DATA) as ReturnType<typeof readLibraryData> & { unconfirmed?: string[] };
    const unpinned = unpinnedLibraries(data);
    if (unpinned.length) expect(data.unconfirmed?.join(' ')).toMatch(/not pinned/);
    else expect(data.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});
