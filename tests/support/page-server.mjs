// Serves study pages on 127.0.0.1 as a browser would load them: the course-page fragments of
// ../shared/data/course-pages inside a plain HTML shell, Readability test pages as they are, and
// pages a test registers itself (a generated PDF, a huge page, a right-to-left page, frames).
import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8' };

export function coursePageShell(title, fragment, lang = 'en') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><header><nav><a href="/">Courses</a></nav></header><main><h1>${title}</h1>${fragment}</main><footer>Course material: MIT OpenCourseWare, CC BY-NC-SA 4.0</footer></body></html>`;
}

/** @param {{ coursePagesDir?: string, readabilityPagesDir?: string, port?: number }} [options] */
export async function startPageServer({ coursePagesDir, readabilityPagesDir, port = 0 } = {}) {
  /** @type {Map<string, { body: Buffer | string, type: string, headers?: Record<string,string> }>} */
  const extra = new Map();
  const log = [];
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    log.push({ method: req.method, url: url.pathname });
    const own = extra.get(url.pathname);
    if (own) {
      res.writeHead(200, { 'Content-Type': own.type, ...(own.headers ?? {}) }).end(own.body);
      return;
    }
    try {
      let m = /^\/course\/([^/]+)\/([^/]+\.html)$/.exec(url.pathname);
      if (m && coursePagesDir) {
        const fragment = await fs.readFile(path.join(coursePagesDir, m[1], m[2]), 'utf8');
        const title = m[2]
          .replace(/^\d+-/, '')
          .replace(/\.html$/, '')
          .replace(/-/g, ' ');
        res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(coursePageShell(title, fragment));
        return;
      }
      m = /^\/readability\/([^/]+)\/source\.html$/.exec(url.pathname);
      if (m && readabilityPagesDir) {
        res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(await fs.readFile(path.join(readabilityPagesDir, m[1], 'source.html')));
        return;
      }
    } catch {}
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    origin,
    log,
    /** Serve `body` at `pathname`. */
    add(pathname, body, type = TYPES[path.extname(pathname)] ?? 'text/html; charset=utf-8', headers) {
      extra.set(pathname, { body, type, headers });
      return origin + pathname;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
