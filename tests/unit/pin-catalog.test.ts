// The maintainers' pinning script against a local fake of the hub's API: revisions become commits,
// LFS files get their SHA-256 from the tree, small files are hashed, and the downloader then
// verifies against what was pinned.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCatalog, transformersFiles } from '../../lib/catalog/catalog';
import { pinCatalog } from '../../scripts/pin-catalog.mjs';
import { formatCatalog } from '../../scripts/catalog-format.mjs';

const COMMIT = 'c0ffee'.padEnd(40, '0');
const files: Record<string, Buffer> = {
  'config.json': Buffer.from('{"model_type":"llama"}'),
  'generation_config.json': Buffer.from('{"max_length":64}'),
  'tokenizer.json': Buffer.from('{"model":{}}'),
  'tokenizer_config.json': Buffer.from('{}'),
  'onnx/model.onnx': Buffer.alloc(3000, 7),
  'onnx/model_fp16.onnx': Buffer.alloc(2000, 8),
  'onnx/model_q4.onnx': Buffer.alloc(1000, 9),
  'onnx/model_q4f16.onnx': Buffer.alloc(900, 10),
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const LFS = new Set(['onnx/model.onnx', 'onnx/model_fp16.onnx', 'onnx/model_q4.onnx', 'onnx/model_q4f16.onnx']);

let server: http.Server;
let host = '';
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    if (url === '/api/models/HuggingFaceTB/SmolLM2-135M-Instruct/revision/main') return void res.end(JSON.stringify({ sha: COMMIT }));
    if (url.startsWith(`/api/models/HuggingFaceTB/SmolLM2-135M-Instruct/tree/${COMMIT}`)) {
      return void res.end(
        JSON.stringify(
          Object.entries(files).map(([p, b]) => ({
            type: 'file',
            path: p,
            size: LFS.has(p) ? 134 : b.length, // an LFS entry's own size is its pointer's
            oid: 'git-sha1-not-sha256',
            ...(LFS.has(p) ? { lfs: { oid: sha(b), size: b.length, pointerSize: 134 } } : {}),
          })),
        ),
      );
    }
    const m = new RegExp(`^/HuggingFaceTB/SmolLM2-135M-Instruct/resolve/${COMMIT}/(.+)$`).exec(url);
    if (m && files[m[1]!]) return void res.end(files[m[1]!]);
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('pin-catalog', () => {
  test('pins a hub model to a commit with exact sizes and SHA-256 for every file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'locus-pin-'));
    const catalogPath = path.join(dir, 'catalog.json');
    copyFileSync(path.resolve('models/catalog.json'), catalogPath);
    const result = await pinCatalog({ catalogPath, host, only: 'HuggingFaceTB/SmolLM2-135M-Instruct' });
    expect(result.problems).toEqual([]);
    expect(result.pinned).toBe(1);
    writeFileSync(catalogPath, `${formatCatalog(result.catalog)}\n`);
    const pinned = parseCatalog(JSON.parse(readFileSync(catalogPath, 'utf8')));
    const model = pinned.models.find((m) => m.id === 'HuggingFaceTB/SmolLM2-135M-Instruct')!;
    expect(model.revision).toBe(COMMIT);
    for (const f of transformersFiles(model, 'q4')) {
      expect(f.sha256, f.path).toBe(sha(files[f.path]!));
      expect(f.size, f.path).toBe(files[f.path]!.length);
    }
    // Small (non-LFS) files were downloaded to be hashed; LFS weights were not.
    expect(requests.some((u) => u.endsWith('/config.json'))).toBe(true);
    expect(requests.some((u) => u.endsWith('/onnx/model.onnx'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a file the repository lacks is reported, not invented', async () => {
    delete files['onnx/model_q4f16.onnx'];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'locus-pin-'));
    const catalogPath = path.join(dir, 'catalog.json');
    copyFileSync(path.resolve('models/catalog.json'), catalogPath);
    const result = await pinCatalog({ catalogPath, host, only: 'HuggingFaceTB/SmolLM2-135M-Instruct' });
    expect(result.problems).toEqual([`HuggingFaceTB/SmolLM2-135M-Instruct@c0ffee0: onnx/model_q4f16.onnx is not in the repository`]);
    const file = result.catalog.models.find((m: { id: string }) => m.id === 'HuggingFaceTB/SmolLM2-135M-Instruct').engines.transformers
      .dtypes.q4f16[0];
    expect(file.sha256).toBeNull();
    rmSync(dir, { recursive: true, force: true });
  });
});
