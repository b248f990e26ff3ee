// A minimal static file server for the browser tests: 127.0.0.1, a random
// port, files under one root only (symlinks such as www/pkg are followed, but
// a request path may not climb out of the root with `..`).

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * Serves the files under `root`. Returns `{ url, close }`; `url` ends with `/`.
 */
export async function serve(root) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      } catch {
        return send(res, 400, 'bad request');
      }
      if (pathname.includes('\0')) return send(res, 400, 'bad request');
      // Refuse any `..` segment outright, before and after normalisation.
      if (pathname.split(/[\\/]/).includes('..')) return send(res, 403, 'forbidden');
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = path.resolve(base, '.' + pathname);
      if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, 'forbidden');
      const type = TYPES[path.extname(file).toLowerCase()];
      if (!type) return send(res, 404, 'not found');
      let data;
      try {
        const st = await fs.stat(file); // follows symlinks (www/pkg -> ../pkg)
        if (!st.isFile()) return send(res, 404, 'not found');
        data = await fs.readFile(file);
      } catch {
        return send(res, 404, 'not found');
      }
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': data.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : data);
    } catch (e) {
      if (!res.headersSent) send(res, 500, String(e));
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
