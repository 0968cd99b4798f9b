// Serves the raw transformers.js page on 127.0.0.1, cross-origin isolated (COOP same-origin +
// COEP require-corp) like Locus's extension pages: without isolation there is no
// SharedArrayBuffer and ONNX Runtime silently falls back to one thread, which would make the
// baseline slower than Locus for a reason that has nothing to do with Locus.
// /ort/ serves the exact ONNX Runtime files the built extension ships; /ort-plain/ the plain
// (non-asyncify) SIMD-threaded build from the same onnxruntime-web package, for comparison.
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** @param {{ pageDir: string, ortDir: string, ortPlainDir: string }} dirs */
export async function startRawServer({ pageDir, ortDir, ortPlainDir }) {
  const mounts = [
    { prefix: '/ort-plain/', dir: ortPlainDir },
    { prefix: '/ort/', dir: ortDir },
    { prefix: '/', dir: pageDir },
  ];
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const mount = mounts.find((m) => pathname.startsWith(m.prefix));
    const rel = pathname.slice(mount.prefix.length) || 'index.html';
    const full = path.resolve(mount.dir, rel);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    try {
      if (!full.startsWith(path.resolve(mount.dir) + path.sep)) throw new Error('outside');
      const stat = await fs.stat(full);
      if (!stat.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[path.extname(full)] ?? 'application/octet-stream',
        'Content-Length': String(stat.size),
      });
      createReadStream(full).pipe(res);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    origin,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
