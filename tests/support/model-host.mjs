// A local model host in the Hugging Face hub layout: GET/HEAD {model}/resolve/{revision}/{file},
// with Range requests, CORS and CORP headers (as the hub sends), a request log, and faults that
// tests switch on: a connection dropped mid-file, tampered bytes, an error status, a slow link.
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/**
 * @typedef {{ dropAfterBytes?: number, tamper?: boolean, status?: number, times?: number }} Fault
 * @typedef {{ method: string, url: string, range?: string, status: number }} LoggedRequest
 */

/**
 * @param {{ roots?: Array<string | { prefix: string, dir: string }>, port?: number, bytesPerSecond?: number }} [options]
 */
export async function startModelHost({ roots, port = 0, bytesPerSecond = 0 } = {}) {
  /** @type {Array<{ prefix: string, dir: string }>} prefix '' serves `dir/{model}/...` for any model. */
  const mounts = (roots ?? []).map((r) => (typeof r === 'string' ? { prefix: '', dir: r } : r));
  /** @type {Map<string, Fault>} keyed by the file path after /resolve/{rev}/ , or '*' */
  const faults = new Map();
  /** @type {LoggedRequest[]} */
  const log = [];
  const sockets = new Set();
  let throttle = bytesPerSecond;

  async function locate(modelId, file) {
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
        if (stat.isFile()) return { full, size: stat.size };
      } catch {}
    }
    return null;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry = { method: req.method ?? 'GET', url: url.pathname, range: req.headers.range, status: 0 };
    log.push(entry);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges, ETag');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      entry.status = 204;
      res.writeHead(204).end();
      return;
    }
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(url.pathname));
    const found = m ? await locate(m[1], m[3]) : null;
    if (!m || !found) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Entry not found');
      return;
    }
    const file = m[3];
    const fault = faults.get(file) ?? faults.get('*');
    if (fault && fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) faults.delete(faults.has(file) ? file : '*');
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
    if (range) {
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
      ETag: `"${found.size}-${path.basename(file)}"`,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.full, { start, end, highWaterMark: 64 * 1024 });
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
        stream.destroy();
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
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    port: address.port,
    log,
    faults,
    /** @param {number} bps bytes per second; 0 = unthrottled */
    setThrottle(bps) {
      throttle = bps;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
