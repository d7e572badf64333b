// A static file server for `www/`, on loopback only, with the headers that make pages
// cross-origin isolated (COOP/COEP), which SharedArrayBuffer and wasm threads require.
// Every file has an ETag to revalidate against; the `.br`/`.gz` that scripts/bundle.mjs
// writes beside a file go to browsers that accept them.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedderPolicy } from '../www/coep.js';

export const WWW = fileURLToPath(new URL('../www/', import.meta.url));
export const HOST = '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.py': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

// Preferred first.
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

// `routes` maps extra URL paths to handlers `(req, res) => void` (used by tests).
export function serve({ root = WWW, port = 0, isolate = true, routes = {} } = {}) {
  const base = fs.realpathSync(root);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (routes[url.pathname]) return routes[url.pathname](req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    let name;
    try {
      name = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'bad request');
    }
    const found = await find(base, name);
    if (!found) return send(res, 404, 'not found');
    const variants = await precompressed(found);
    const chosen = variants.find(({ coding }) => accepts(req.headers['accept-encoding'], coding)) ?? found;
    const etag = `"${chosen.stat.size.toString(36)}-${Math.trunc(chosen.stat.mtimeMs).toString(36)}${chosen.coding ? `-${chosen.coding}` : ''}"`;
    // Revalidated on every use: the names are stable (embedding pages link build/embed.js).
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (variants.length) headers.Vary = 'Accept-Encoding';
    if (isolate) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      // By browser, with no `Vary: User-Agent`: on loopback no shared cache stands between.
      headers['Cross-Origin-Embedder-Policy'] = embedderPolicy(req.headers['user-agent']);
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    if (matches(req.headers['if-none-match'], etag)) return res.writeHead(304, headers).end();
    headers['Content-Type'] = TYPES[path.extname(found.file)] ?? 'application/octet-stream';
    headers['Content-Length'] = chosen.stat.size;
    if (chosen.coding) headers['Content-Encoding'] = chosen.coding;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(chosen.file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, HOST, () => {
      const { port: bound } = server.address();
      resolve({ server, url: `http://${HOST}:${bound}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

// The file `name` (a URL path, decoded) stands for under `base`, a directory's being its
// index.html, as { file, stat }; null when there is none or when the path, symlinks
// followed, leads out of `base`.
async function find(base, name) {
  if (name.includes('\0')) return null;
  try {
    let file = await fs.promises.realpath(path.join(base, name));
    let stat = await fs.promises.stat(file);
    if (stat.isDirectory()) {
      file = await fs.promises.realpath(path.join(file, 'index.html'));
      stat = await fs.promises.stat(file);
    }
    const rel = path.relative(base, file);
    if (rel.startsWith('..') || path.isAbsolute(rel) || !stat.isFile()) return null;
    return { file, stat };
  } catch {
    return null;
  }
}

// The compressed copies of `found` that are at least as new as it (an older one is stale).
async function precompressed({ file, stat }) {
  const variants = await Promise.all(ENCODINGS.map(async ([coding, ext]) => {
    const own = await fs.promises.stat(file + ext).catch(() => null);
    return own?.isFile() && own.mtimeMs >= stat.mtimeMs ? { coding, file: file + ext, stat: own } : null;
  }));
  return variants.filter(Boolean);
}

// Whether an Accept-Encoding header allows `coding` (`br;q=0` refuses it).
function accepts(header = '', coding) {
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (name !== coding && name !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

function matches(ifNoneMatch = '', etag) {
  return ifNoneMatch.split(',').some((tag) => ['*', etag].includes(tag.trim().replace(/^W\//, '')));
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
  res.end(text);
}
