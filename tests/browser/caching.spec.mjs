// Caching and compression: every file the server sends has an ETag, so a repeat visit
// revalidates (304) instead of downloading the engine again; the engine and the bundles
// go out as the brotli or gzip copies the build writes, which decode to the built files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from './fixtures.mjs';
import { serve, WWW } from '../../cli/server.mjs';
import { request } from './http.helpers.mjs';
import { openPlayground } from './playground.helpers.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../cli/browser.mjs';

const built = (name) => fs.readFileSync(path.join(WWW, 'build', name));
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

test('every file has an ETag, and asking with it again gets 304 without a body', async ({ server }) => {
  for (const [file, encoding] of [['/', ''], ['/runtime/runtime.js', 'gzip, br'], ['/build/app.js', 'gzip, br'], ['/build/weft.wasm', 'gzip']]) {
    const headers = { 'Accept-Encoding': encoding };
    const first = await request(server.url, file, { headers });
    expect(first.status, file).toBe(200);
    expect(first.headers.etag, file).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control'], file).toBe('no-cache');
    const again = await request(server.url, file, { headers: { ...headers, 'If-None-Match': first.headers.etag } });
    expect(again.status, file).toBe(304);
    expect(again.body.length, file).toBe(0);
    expect(again.headers.etag, file).toBe(first.headers.etag);
    // The page's isolation holds for what a 304 refreshes as well.
    expect(again.headers['cross-origin-embedder-policy'], file).toBeTruthy();
  }
  // Another encoding is another representation, with an ETag of its own.
  const plain = await request(server.url, '/build/app.js', { method: 'HEAD' });
  const br = await request(server.url, '/build/app.js', { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
  expect(plain.headers.etag).not.toBe(br.headers.etag);
  expect((await request(server.url, '/build/app.js', { headers: { 'If-None-Match': br.headers.etag } })).status).toBe(200);
});

test('the engine and bundles go out precompressed to whoever accepts it, and decode to the built files', async ({ server }) => {
  const decoders = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync, undefined: (b) => b };
  for (const [name, type] of [['weft.wasm', 'application/wasm'], ['app.js', 'text/javascript; charset=utf-8'], ['embed.js', 'text/javascript; charset=utf-8']]) {
    const file = built(name);
    for (const [accept, coding] of [['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip;q=0.5', 'gzip'], ['', undefined], ['identity', undefined]]) {
      const { status, headers, body } = await request(server.url, `/build/${name}`, { headers: { 'Accept-Encoding': accept } });
      expect(status).toBe(200);
      expect(headers['content-type']).toBe(type);
      expect(headers['content-encoding'], `${name} for ${accept}`).toBe(coding);
      expect(headers.vary).toBe('Accept-Encoding');
      expect(Number(headers['content-length'])).toBe(body.length);
      expect(decoders[coding](body).equals(file), `${name} as ${coding}`).toBe(true);
    }
  }
  const sizes = Object.fromEntries(['', '.br', '.gz'].map((ext) => [ext || 'raw', fs.statSync(path.join(WWW, 'build', `weft.wasm${ext}`)).size]));
  console.log(`engine: ${(sizes.raw / 1e6).toFixed(1)} MB, gzip ${(sizes['.gz'] / 1e6).toFixed(1)} MB, brotli ${(sizes['.br'] / 1e6).toFixed(1)} MB`);
  expect(sizes['.br']).toBeLessThan(sizes['.gz']);
});

test('a compressed copy older than its file is never sent', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-root-'));
  const file = path.join(root, 'app.js');
  fs.writeFileSync(file, 'new');
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync('old'));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync('old'));
  const past = new Date(Date.now() - 60_000);
  const age = (ext) => fs.utimesSync(`${file}${ext}`, past, past);
  const server = await serve({ root });
  try {
    const get = () => request(server.url, '/app.js', { headers: { 'Accept-Encoding': 'br, gzip' } });
    age('.br');
    const gzip = await get();
    expect([gzip.headers['content-encoding'], zlib.gunzipSync(gzip.body).toString()]).toEqual(['gzip', 'old']);
    age('.gz');
    const plain = await get();
    expect([plain.headers['content-encoding'], plain.headers.vary, plain.body.toString()]).toEqual([undefined, undefined, 'new']);
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// Bytes that came over the network per URL path, and each response's Content-Encoding.
async function recordTransfers(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const paths = new Map();
  const seen = {};
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    paths.set(requestId, new URL(response.url).pathname);
    seen[new URL(response.url).pathname] = { encoding: new Headers(response.headers).get('content-encoding') };
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    if (paths.has(requestId)) seen[paths.get(requestId)].bytes = encodedDataLength;
  });
  return seen;
}

test('a repeat visit revalidates the engine and the bundles instead of downloading them again', async ({ playwright, server }) => {
  // A profile on disk, as a visitor has: an incognito context's memory cache keeps no
  // entry as large as the engine.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-profile-'));
  const context = await playwright.chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const answered = [];
  const note = (req, res) => res.on('finish', () => answered.push(`${res.statusCode} ${req.url}`));
  server.server.on('request', note);
  try {
    const visits = [];
    for (const visit of ['first', 'repeat']) {
      const page = await context.newPage();
      const transfers = await recordTransfers(context, page);
      const start = Date.now();
      await openPlayground(page, server.url);
      visits.push({ visit, ms: Date.now() - start, engine: transfers['/build/weft.wasm'], app: transfers['/build/app.js'] });
      await page.close();
    }
    const [first, repeat] = visits;
    for (const { visit, ms, engine, app } of visits) console.log(`${visit} visit: engine ${engine.bytes} bytes (${engine.encoding}), app.js ${app.bytes} bytes, ready in ${ms} ms`);
    expect(first.engine.encoding).toBe('br');
    expect(Math.abs(first.engine.bytes - fs.statSync(path.join(WWW, 'build/weft.wasm.br')).size)).toBeLessThan(1024);
    expect(repeat.engine.bytes).toBeLessThan(1024);
    expect(repeat.app.bytes).toBeLessThan(1024);
    expect(answered).toEqual(expect.arrayContaining(['200 /build/weft.wasm', '304 /build/weft.wasm', '304 /build/app.js', '304 /runtime/runtime.js']));

    // What the browser decodes is the engine as built, bit for bit.
    const page = await context.newPage();
    await page.goto(server.url);
    const fetched = await page.evaluate(async () => {
      const response = await fetch('build/weft.wasm');
      const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
      return { type: response.headers.get('content-type'), hash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
    });
    expect(fetched).toEqual({ type: 'application/wasm', hash: sha256(built('weft.wasm')) });
  } finally {
    server.server.off('request', note);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
