// A local model host in the Hugging Face hub's layout and manner, on 127.0.0.1:
//   GET/HEAD {model}/resolve/{revision}/{file}: the file, with Range (and If-Range) requests, an
//     ETag, X-Repo-Commit, CORS and CORP headers, as the hub sends them;
//   GET /api/models/{model}/revision/{revision}?blobs=true: the commit the revision points to and
//     every file's size and checksum (`lfs.sha256` for LFS files, `blobId` = git blob id for
//     files kept in git), as huggingface_hub's model_info(files_metadata=True) reads it;
//   with `lfs: 'redirect'`, `resolve` answers LFS files (weights: .onnx, .gguf, .bin,
//     .safetensors…, and anything over 10 MB) the way the hub does: a 302 to its file CDN (here a
//     second server on another 127.0.0.1 port, content-addressed by SHA-256), carrying
//     X-Repo-Commit, X-Linked-Etag (the SHA-256) and X-Linked-Size; the CDN serves the bytes with
//     its own ETag and Range/If-Range. The default, `lfs: 'direct'`, serves every file from the
//     host itself, as a plain school mirror does.
// A request log (CDN requests marked `server: 'cdn'`, with the repo path they serve), faults that
// tests switch on (a connection dropped mid-file, tampered bytes, an error status, a slow link),
// and `replaceFile` to change a file on the host (a new commit, as a push would make).
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/**
 * @typedef {{ dropAfterBytes?: number, tamper?: boolean, status?: number, times?: number }} Fault
 * @typedef {{ method: string, url: string, range?: string, ifRange?: string, status: number, server?: 'hub' | 'cdn', file?: string, closed?: boolean }} LoggedRequest
 */

/** Files the hub keeps in LFS (its default .gitattributes patterns, for the kinds models use) or that are over 10 MB. */
const LFS_EXTENSIONS =
  /\.(onnx|onnx_data|gguf|bin|safetensors|pt|pth|ckpt|h5|msgpack|model|tflite|pb|npy|npz|wasm|zip|gz|tar|zst|xz|7z|parquet|arrow|pkl|pickle)$/i;
const LFS_MIN_SIZE = 10 * 1024 * 1024;

const sha = (algorithm, ...parts) => {
  const hash = createHash(algorithm);
  for (const p of parts) hash.update(p);
  return hash.digest('hex');
};

async function hashFile(algorithm, full, prefix) {
  const hash = createHash(algorithm);
  if (prefix) hash.update(prefix);
  for await (const chunk of createReadStream(full)) hash.update(chunk);
  return hash.digest('hex');
}

async function listFiles(dir, prefix = '') {
  const out = [];
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    // `*.sha256` beside a file is the tests' own hash memo (tests/bench/catalog-extra.mjs), not part of the model.
    else if (entry.isFile() && !entry.name.endsWith('.sha256')) out.push(rel);
  }
  return out;
}

/**
 * @param {{ roots?: Array<string | { prefix: string, dir: string }>, port?: number, bytesPerSecond?: number, lfs?: 'direct' | 'redirect' }} [options]
 */
export async function startModelHost({ roots, port = 0, bytesPerSecond = 0, lfs = 'direct' } = {}) {
  /** @type {Array<{ prefix: string, dir: string }>} prefix '' serves `dir/{model}/...` for any model. */
  const mounts = (roots ?? []).map((r) => (typeof r === 'string' ? { prefix: '', dir: r } : r));
  /** @type {Map<string, Fault>} keyed by the file path after /resolve/{rev}/ , or '*' */
  const faults = new Map();
  /** @type {LoggedRequest[]} */
  const log = [];
  const sockets = new Set();
  let throttle = bytesPerSecond;
  /** Files replaced by a test: `${modelId}/${file}` → { bytes, mtimeMs }. */
  const overlays = new Map();
  /** Checksums per file version (path, size, mtime): hashing a big file once is enough. */
  const memo = new Map();
  /** CDN object (SHA-256) → the repo file it holds. */
  const blobs = new Map();

  async function modelDir(modelId) {
    for (const { prefix, dir } of mounts) {
      let id = modelId;
      if (prefix) {
        if (!modelId.startsWith(`${prefix}/`)) continue;
        id = modelId.slice(prefix.length + 1);
      }
      const full = path.join(dir, id);
      if (!full.startsWith(path.resolve(dir))) continue;
      if ((await fs.stat(full).catch(() => null))?.isDirectory()) return full;
    }
    return null;
  }

  /** A file of a model as the host has it now: from disk, or the bytes a test put in its place. */
  async function locate(modelId, file) {
    const overlay = overlays.get(`${modelId}/${file}`);
    if (overlay) return { modelId, file, bytes: overlay.bytes, size: overlay.bytes.length, mtimeMs: overlay.mtimeMs };
    for (const { prefix, dir } of mounts) {
      let id = modelId;
      if (prefix) {
        if (!modelId.startsWith(`${prefix}/`)) continue;
        id = modelId.slice(prefix.length + 1);
      }
      const full = path.join(dir, id, file);
      if (!full.startsWith(path.resolve(dir))) continue;
      try {
        const stat = await fs.stat(full);
        if (stat.isFile()) return { modelId, file, full, size: stat.size, mtimeMs: stat.mtimeMs };
      } catch {}
    }
    return null;
  }

  const isLfs = (found) => LFS_EXTENSIONS.test(found.file) || found.size > LFS_MIN_SIZE;
  const version = (found) => `${found.modelId}/${found.file}\u0000${found.size}\u0000${found.mtimeMs}`;

  async function facts(found) {
    const key = version(found);
    let f = memo.get(key);
    if (!f) {
      const header = `blob ${found.size}\0`;
      f = found.bytes
        ? { sha256: sha('sha256', found.bytes), gitOid: sha('sha1', header, found.bytes) }
        : isLfs(found)
          ? { sha256: await hashFile('sha256', found.full), gitOid: null }
          : { sha256: null, gitOid: await hashFile('sha1', found.full, header) };
      memo.set(key, f);
    }
    return f;
  }

  /** The repository now: its files and a commit id that changes whenever a file does. */
  async function repository(modelId) {
    const dir = await modelDir(modelId);
    const names = new Set(dir ? await listFiles(dir) : []);
    for (const key of overlays.keys()) if (key.startsWith(`${modelId}/`)) names.add(key.slice(modelId.length + 1));
    const files = [];
    for (const name of [...names].sort()) {
      const found = await locate(modelId, name);
      if (found) files.push(found);
    }
    const commit = sha('sha1', files.map((f) => `${f.file} ${f.size} ${f.mtimeMs}`).join('\n'));
    return { files, commit };
  }

  /** A cheap strong validator for bytes served by the host itself: changes with the file. */
  const hostEtag = (found) => `"${sha('sha1', version(found))}"`;

  const cors = (res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range');
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Content-Length, Content-Range, Accept-Ranges, ETag, X-Repo-Commit, X-Linked-Etag, X-Linked-Size, X-Error-Code',
    );
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  };

  /** Sends `found`'s bytes, honouring Range and If-Range, with the fault set for its path. */
  async function sendBytes(req, res, entry, found, etag, extraHeaders = {}) {
    // `closed`: the reply is over (sent, or cut by either side), for tests that wait on it.
    res.on('close', () => (entry.closed = true));
    const fault = faults.get(found.file) ?? faults.get('*');
    if (fault && fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) faults.delete(faults.has(found.file) ? found.file : '*');
    }
    if (fault?.status) {
      entry.status = fault.status;
      res.writeHead(fault.status).end();
      return;
    }
    let start = 0;
    let end = found.size - 1;
    let status = 200;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    // If-Range: the rest only of the same file; a changed file is sent whole.
    const rangeApplies = range && (!req.headers['if-range'] || req.headers['if-range'] === etag);
    if (rangeApplies) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), end) : end;
      if (start > end) {
        entry.status = 416;
        res.writeHead(416, { 'Content-Range': `bytes */${found.size}` }).end();
        return;
      }
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${found.size}`);
    }
    entry.status = status;
    res.writeHead(status, {
      'Content-Length': String(end - start + 1),
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: etag,
      ...extraHeaders,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = found.bytes
      ? (async function* () {
          for (let at = start; at <= end; at += 64 * 1024) yield found.bytes.subarray(at, Math.min(end + 1, at + 64 * 1024));
        })()
      : createReadStream(found.full, { start, end, highWaterMark: 64 * 1024 });
    let sent = 0;
    const began = Date.now();
    for await (const chunk of stream) {
      let data = chunk;
      if (fault?.tamper && sent === 0) {
        data = Buffer.from(chunk);
        data[Math.min(10, data.length - 1)] ^= 0xff;
      }
      if (fault?.dropAfterBytes !== undefined && sent + data.length > fault.dropAfterBytes) {
        const keep = Math.max(0, fault.dropAfterBytes - sent);
        if (keep > 0) await new Promise((r) => res.write(data.subarray(0, keep), r));
        await new Promise((r) => setTimeout(r, 20));
        res.socket?.destroy();
        stream.destroy?.();
        return;
      }
      if (!res.write(data)) await new Promise((r) => res.once('drain', r));
      sent += data.length;
      if (throttle > 0) {
        const due = began + (sent / throttle) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      if (res.destroyed) return;
    }
    res.end();
  }

  /** Logs a request (both servers keep one log) and answers a CORS preflight. */
  function logRequest(req, res, server) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry = {
      method: req.method ?? 'GET',
      url: url.pathname,
      range: req.headers.range,
      ifRange: req.headers['if-range'],
      status: 0,
      server,
    };
    log.push(entry);
    cors(res);
    if (req.method === 'OPTIONS') {
      entry.status = 204;
      res.writeHead(204).end();
    }
    return { url, entry };
  }

  // ── the hub's file CDN (lfs: 'redirect') ───────────────────────────────────────────────────
  const cdnServer = http.createServer(async (req, res) => {
    const { url, entry } = logRequest(req, res, 'cdn');
    if (req.method === 'OPTIONS') return;
    const m = /^\/repos\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(url.pathname);
    const blob = m ? blobs.get(m[1]) : undefined;
    const found = blob ? await locate(blob.modelId, blob.file) : null;
    // Content-addressed: once the file changed, the old object is gone from this fake CDN.
    if (!blob || !found || (await facts(found)).sha256 !== m[1]) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('NoSuchKey');
      return;
    }
    entry.file = found.file;
    // An S3-style entity tag of the object (not its SHA-256).
    await sendBytes(req, res, entry, found, `"${sha('md5', m[1])}"`);
  });

  // ── the hub ────────────────────────────────────────────────────────────────────────────────
  const server = http.createServer(async (req, res) => {
    const { url, entry } = logRequest(req, res, 'hub');
    if (req.method === 'OPTIONS') return;
    const pathname = decodeURIComponent(url.pathname);
    const api = /^\/api\/models\/(.+?)\/revision\/([^/]+)$/.exec(pathname);
    if (api && req.method === 'GET') {
      const { files, commit } = await repository(api[1]);
      if (files.length === 0) {
        entry.status = 404;
        res.writeHead(404, { 'Content-Type': 'application/json', 'X-Error-Code': 'RepoNotFound' }).end('{"error":"Repository not found"}');
        return;
      }
      const blobsToo = /^(1|true)$/i.test(url.searchParams.get('blobs') ?? '');
      const siblings = [];
      for (const f of files) {
        if (!blobsToo) {
          siblings.push({ rfilename: f.file });
          continue;
        }
        const x = await facts(f);
        siblings.push(
          isLfs(f)
            ? {
                rfilename: f.file,
                size: f.size,
                blobId: sha('sha1', `version https://git-lfs.github.com/spec/v1\noid sha256:${x.sha256}\nsize ${f.size}\n`),
                lfs: { sha256: x.sha256, size: f.size, pointerSize: 134 },
              }
            : { rfilename: f.file, size: f.size, blobId: x.gitOid },
        );
      }
      entry.status = 200;
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ _id: commit.slice(0, 24), id: api[1], sha: commit, siblings }));
      return;
    }
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(pathname);
    const found = m ? await locate(m[1], m[3]) : null;
    if (!m || !found) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain', 'X-Error-Code': 'EntryNotFound' }).end('Entry not found');
      return;
    }
    entry.file = found.file;
    const { commit } = await repository(m[1]);
    if (lfs === 'redirect' && isLfs(found)) {
      const { sha256 } = await facts(found);
      blobs.set(sha256, { modelId: m[1], file: found.file });
      entry.status = 302;
      res
        .writeHead(302, {
          Location: `${cdnOrigin}/repos/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
          'X-Repo-Commit': commit,
          'X-Linked-Etag': `"${sha256}"`,
          'X-Linked-Size': String(found.size),
          ETag: `"${sha256}"`,
          'Content-Length': '0',
        })
        .end();
      return;
    }
    await sendBytes(req, res, entry, found, hostEtag(found), { 'X-Repo-Commit': commit });
  });

  for (const s of [server, cdnServer]) {
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  }
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  await new Promise((resolve) => cdnServer.listen(0, '127.0.0.1', resolve));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${address.port}`;
  const cdnOrigin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (cdnServer.address()).port}`;
  return {
    origin,
    port: address.port,
    /** The file CDN's origin (used with lfs: 'redirect'). */
    cdnOrigin,
    log,
    faults,
    /** @param {number} bps bytes per second; 0 = unthrottled */
    setThrottle(bps) {
      throttle = bps;
    },
    /**
     * Changes a file on the host (as a push would: the repository gets a new commit).
     * @param {string} modelId @param {string} file @param {Buffer | Uint8Array} bytes
     */
    replaceFile(modelId, file, bytes) {
      overlays.set(`${modelId}/${file}`, { bytes: Buffer.from(bytes), mtimeMs: Date.now() + overlays.size });
    },
    /** The repository's current commit id. @param {string} modelId */
    async commit(modelId) {
      return (await repository(modelId)).commit;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await Promise.all([server, cdnServer].map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
    },
  };
}
