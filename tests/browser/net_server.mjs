// Test-only HTTP endpoints for urllib through the browser (network.spec.mjs,
// security.spec.mjs): two servers (two origins) with `www/` and these routes, in a process
// of their own, so that native CPython run synchronously by the tests can reach them too.
// `?cors=1` on any route adds the CORS headers that let another origin read the response.

import { spawn } from 'node:child_process';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { serve } from '../../cli/server.mjs';

const HELLO = 'Hello from the test server.\nSecond line.\n';
export const PRIVATE = 'private page of the signed-in user\n';
// Basic authentication of weft:secret.
const PRIVATE_AUTH = `Basic ${Buffer.from('weft:secret').toString('base64')}`;

function reply(req, res, status, headers, body = '') {
  const cors = new URL(req.url, 'http://localhost').searchParams.has('cors');
  if (cors) {
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Access-Control-Allow-Headers'] = '*';
    headers['Access-Control-Allow-Methods'] = '*';
  }
  if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
  res.writeHead(status, headers).end(body);
}

const text = (body) => ({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });

const routes = {
  '/net/hello.txt': (req, res) => reply(req, res, 200, { ...text(HELLO), 'X-Served-By': 'weft-tests' }, HELLO),
  // Without Content-Length Node sends the body chunked.
  '/net/chunked': (req, res) => reply(req, res, 200, { 'Content-Type': 'text/plain' }, HELLO),
  // Compressed only for clients that ask (the browser does, CPython's urllib does not).
  '/net/gzip': (req, res) => {
    if (!/gzip/.test(req.headers['accept-encoding'] ?? '')) return reply(req, res, 200, text(HELLO), HELLO);
    const body = zlib.gzipSync(HELLO);
    reply(req, res, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': 'gzip', 'Content-Length': body.length }, body);
  },
  '/net/echo': (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = [
        `method: ${req.method}`,
        `x-weft-test: ${req.headers['x-weft-test']}`,
        `content-type: ${req.headers['content-type']}`,
        `body: ${Buffer.concat(chunks).toString()}`,
        '',
      ].join('\n');
      reply(req, res, 200, text(body), body);
    });
  },
  // The request's headers as JSON, to show what a request carried.
  '/net/headers': (req, res) => {
    const body = JSON.stringify(req.headers);
    reply(req, res, 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, body);
  },
  // A page for the signed-in only: by the session cookie or HTTP authentication.
  '/net/private': (req, res) => {
    const signedIn = /\bweft_session=/.test(req.headers.cookie ?? '') || req.headers.authorization === PRIVATE_AUTH;
    if (signedIn) return reply(req, res, 200, text(PRIVATE), PRIVATE);
    reply(req, res, 401, { ...text('sign in\n'), 'WWW-Authenticate': 'Basic realm="weft"' }, 'sign in\n');
  },
  '/net/missing': (req, res) => reply(req, res, 404, text('no such page\n'), 'no such page\n'),
  '/net/redirect': (req, res) => {
    const { search } = new URL(req.url, 'http://localhost');
    reply(req, res, 302, { Location: `/net/hello.txt${search}`, 'Content-Length': 0 });
  },
  // Answers after `ms` milliseconds.
  '/net/slow': (req, res) => {
    const ms = Number(new URL(req.url, 'http://localhost').searchParams.get('ms') ?? 500);
    setTimeout(() => reply(req, res, 200, text('slow\n'), 'slow\n'), ms);
  },
};

// Starts the servers' process; resolves to { url, otherUrl, close }.
export function startNetServers() {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      const [url, otherUrl] = JSON.parse(line);
      resolve({ url, otherUrl, close: () => child.kill() });
    });
  });
}

// The Playwright fixture of both servers, one pair per test worker.
export const netServersFixture = [
  async ({}, use) => {
    const servers = await startNetServers();
    await use(servers);
    servers.close();
  },
  { scope: 'worker' },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const servers = await Promise.all([serve({ routes }), serve({ routes })]);
  console.log(JSON.stringify(servers.map((s) => s.url)));
}
