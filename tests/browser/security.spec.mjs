// What a program cannot reach: the page that runs it (cookies, storage, DOM, the
// credentials the browser holds), since Python runs in Workers whose only way out is the
// engine's host imports; and the server, which sends the files under its root only, and
// only to this machine.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, openPython, program } from './fixtures.mjs';
import { serve, HOST, WWW } from '../../cli/server.mjs';
import { netServersFixture, PRIVATE } from './net_server.mjs';
import { request } from './http.helpers.mjs';
import { openPlayground, setCode, finished } from './playground.helpers.mjs';

const REACH_PAGE = program('reach_page.py');
const PRINT_MARKUP = program('print_markup.py');
const MARKUP = PRINT_MARKUP.match(/^MARKUP = '(.*)'$/m)[1];
const SECRET = 'weft-secret-7f3a';

const test = base.extend({
  servers: netServersFixture,
});

// A runner page signed in as a user would be: HTTP authentication the browser answers
// for the page, then a session cookie, storage and text in the DOM. `signedIn`: what the
// page's own requests got with them.
async function signedInPage(browser, url) {
  const context = await browser.newContext({ httpCredentials: { username: 'weft', password: 'secret' } });
  const python = await openPython(await context.newPage(), url);
  const signedIn = await python.page.evaluate(async (secret) => {
    const get = (path) => fetch(path, { credentials: 'include' }).then((r) => r.text());
    const byAuthentication = await get('/net/private');
    document.cookie = `weft_session=${secret}; path=/`;
    localStorage.setItem('weft', secret);
    sessionStorage.setItem('weft', secret);
    document.body.insertAdjacentHTML('beforeend', `<p id="secret">${secret}</p>`);
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('weft');
      open.onupgradeneeded = () => open.result.createObjectStore('secrets').put(secret, 'session');
      open.onsuccess = resolve;
      open.onerror = reject;
    });
    return { byAuthentication, headers: JSON.parse(await get('/net/headers')) };
  }, SECRET);
  return { context, python, signedIn };
}

test('a program reaches none of the page: no cookies, storage, DOM or credentials', async ({ browser, servers }) => {
  const { context, python, signedIn } = await signedInPage(browser, servers.url);
  try {
    expect(signedIn.byAuthentication).toBe(PRIVATE);
    expect(signedIn.headers.cookie).toBe(`weft_session=${SECRET}`);

    const result = await python.run(REACH_PAGE, { stdin: `${servers.url} ${servers.otherUrl}\n` });
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain(SECRET);
    const found = JSON.parse(result.stdout);
    for (const module of ['js', 'pyodide', '_js', 'browser', 'document']) {
      expect(found[`import ${module}`]).toMatch(/^ModuleNotFoundError/);
    }
    for (const attempt of ['ctypes.CDLL', 'os.system', 'subprocess', '/etc/passwd']) {
      expect(found[attempt]).toMatch(/^\w+Error: /);
    }
    // The environment is the runtime's own, and the files are the program's.
    expect(Object.keys(found.environ).sort()).toEqual(['PYTHONHASHSEED', 'PYTHON_COLORS', 'RUST_MIN_STACK', 'WEFT_CPU_COUNT', 'WEFT_GIL']);
    expect(Object.keys(found.files.own).sort()).toEqual(['/dev/null', '/main.py']);
    expect(found.files['stdlib: only modules']).toBe(true);
    // HTTP goes out without the page's cookies, authentication or address, to its own
    // origin as to another; public pages still load.
    expect(found.page[0]).toBe(200);
    expect(found.private).toEqual([401, 'sign in\n']);
    for (const headers of [found.headers, found['headers elsewhere']]) {
      for (const name of ['cookie', 'authorization', 'referer']) expect(headers).not.toHaveProperty(name);
    }
    // And the program changed nothing of the page.
    expect(await python.page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual([
      `weft_session=${SECRET}`, 1, 1,
    ]);
  } finally {
    await context.close();
  }
});

test('the engine links only the runtime\'s own host imports', async ({ python }) => {
  // Each of these touches only its process's memory, the run's shared buffers or its
  // Worker's messages to the page; a new one is a new way out of the sandbox to review.
  const imports = await python.page.evaluate(async () => {
    const module = await WebAssembly.compileStreaming(fetch('../build/weft.wasm'));
    const byModule = {};
    for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) (byModule[from] ??= []).push(`${name}:${kind}`);
    return byModule;
  });
  expect(Object.keys(imports).sort()).toEqual(['env', 'wasi', 'wasi_snapshot_preview1', 'weft_net', 'weft_process', 'weft_shared', 'weft_trace']);
  expect(imports.env).toEqual(['memory:memory']);
  expect(imports.wasi).toEqual(['thread-spawn:function']);
  expect(imports.weft_net.sort()).toEqual(['request:function', 'take:function']);
  expect(imports.weft_process.sort()).toEqual(['assignment:function', 'await_end:function', 'halted:function', 'offer_template:function', 'spawn:function', 'terminate:function']);
  expect(imports.weft_trace).toEqual(['state:function']);
  // WASI: arguments, environment, clocks, randomness, files, polling, exit, yield.
  for (const name of imports.wasi_snapshot_preview1) expect(name).toMatch(/^(args|environ|clock|random|fd|path|poll|proc|sched)_\w+:function$/);
  // The shared segment's atomics on the run's SharedArrayBuffer (www/runtime/shared.js).
  for (const name of imports.weft_shared) expect(name).toMatch(/:function$/);
});

// A context whose pages and Workers run under a policy that forbids eval, inline script
// and Workers from blob: or data: URLs, and whose pages note each violation of it and each
// Worker they create (`window.weftSeen`).
async function underPolicy(browser) {
  const context = await browser.newContext({ locale: 'en-US' });
  const policy = "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; object-src 'none'; base-uri 'none'";
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  await context.addInitScript(() => {
    window.weftSeen = { violations: [], workers: [] };
    document.addEventListener('securitypolicyviolation', (e) => window.weftSeen.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const { Worker } = window;
    window.Worker = class extends Worker {
      constructor(url, options) {
        super(url, options);
        window.weftSeen.workers.push(String(url));
      }
    };
  });
  return context;
}

const PRINTED = `${MARKUP}\neval('window.weftInjected = 3')\njavascript:window.weftInjected = 4\n200\n`;

test('the runtime evaluates no program text: Python runs in its own Workers, under a policy without eval', async ({ browser, servers }) => {
  const context = await underPolicy(browser);
  try {
    const python = await openPython(await context.newPage(), servers.url);
    const result = await python.run(PRINT_MARKUP, { stdin: `${servers.url}\n` });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(PRINTED);
    const seen = await python.page.evaluate(() => ({ ...window.weftSeen, injected: window.weftInjected, scripts: document.scripts.length }));
    expect(seen.violations).toEqual([]);
    expect(seen.injected).toBeUndefined();
    expect(seen.scripts).toBe(1); // the runner's own
    // One script for every Worker: the runtime's bundle of worker.js, or worker.js itself
    // when the bundle is missing or older than the runtime (www/runtime/process.js).
    const script = await python.page.evaluate(() => String(window.weftCurrent().script));
    expect([`${servers.url}build/worker.js`, `${servers.url}runtime/worker.js`]).toContain(script);
    expect(new Set(seen.workers)).toEqual(new Set([script]));
  } finally {
    await context.close();
  }
});

test('the playground shows what a program prints and names as text, never as markup', async ({ browser, servers }) => {
  const context = await underPolicy(browser);
  try {
    const page = await context.newPage();
    await openPlayground(page, servers.url);
    const elements = () => page.evaluate(() => document.querySelectorAll('img, script, iframe, object').length);
    const before = await elements();
    await setCode(page, PRINT_MARKUP);
    await page.click('#run');
    await page.locator('#stdin').fill(servers.url);
    await page.locator('#stdin').press('Enter');
    const result = await finished(page);
    expect(result.stdout).toBe(PRINTED);
    await expect(page.locator('#console')).toContainText(MARKUP);
    await expect(page.locator('#timeline .summary')).toContainText(MARKUP);
    expect(await elements()).toBe(before);
    const seen = await page.evaluate(() => ({ ...window.weftSeen, injected: window.weftInjected }));
    expect(seen.violations).toEqual([]);
    expect(seen.injected).toBeUndefined();
  } finally {
    await context.close();
  }
});

test('the server sends only files under www/, whatever the path says', async ({ server }) => {
  const inside = await request(server.url, '/runtime/runtime.js');
  expect(inside.status).toBe(200);
  const outside = fs.readFileSync(new URL('../../package.json', import.meta.url));
  const attempts = [
    '/../package.json', '/../../package.json', '/%2e%2e/package.json', '/%2E%2E%2Fpackage.json',
    '/..%2fpackage.json', '/runtime/..%2f..%2fpackage.json', '/..%5cpackage.json', '/%5c..%5cpackage.json',
    '/.%2e/package.json', '//etc/passwd', '/%2fetc%2fpasswd', `/${path.resolve(WWW, '../package.json')}`,
    `/${encodeURIComponent(path.resolve(WWW, '../package.json'))}`, 'package.json', '../package.json',
    `http://${HOST}/../package.json`, '/runtime/runtime.js%00.html', '/%c0%ae%c0%ae/package.json',
  ];
  for (const attempt of attempts) {
    const { status, body } = await request(server.url, attempt);
    expect([400, 403, 404], attempt).toContain(status);
    expect(body.includes(outside.subarray(0, 40)), attempt).toBe(false);
  }
  // A malformed escape is a bad request, and the server lives on.
  expect((await request(server.url, '/%')).status).toBe(400);
  expect((await request(server.url, '/runtime/runtime.js')).status).toBe(200);
  expect((await request(server.url, '/runtime/runtime.js', { method: 'POST' })).status).toBe(405);
});

test('the server follows no symlink out of its root', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-root-'));
  const root = path.join(dir, 'site');
  fs.mkdirSync(root);
  fs.mkdirSync(path.join(dir, 'site-other'));
  fs.writeFileSync(path.join(root, 'index.html'), 'home');
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(dir, 'site-other', 'secret.txt'), SECRET);
  fs.symlinkSync('../secret.txt', path.join(root, 'file-out'));
  fs.symlinkSync('..', path.join(root, 'dir-out'));
  fs.symlinkSync('index.html', path.join(root, 'same.html'));
  // The root without its trailing slash: `site-other` begins with it.
  const server = await serve({ root });
  try {
    expect((await request(server.url, '/same.html')).body.toString()).toBe('home');
    for (const attempt of ['/file-out', '/dir-out/secret.txt', '/dir-out/site-other/secret.txt', '/..%2fsite-other/secret.txt']) {
      const { status, body } = await request(server.url, attempt);
      expect(status, attempt).toBe(404);
      expect(body.toString(), attempt).not.toContain(SECRET);
    }
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the server listens on the loopback address only', async ({ server }) => {
  expect(server.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  // At this machine's other addresses, nothing answers.
  const { port } = server.server.address();
  const connects = (host) => new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  const others = Object.values(os.networkInterfaces()).flat().filter((a) => !a.internal);
  for (const { address } of others) expect(await connects(address), address).toBe(false);
  expect(await connects(HOST)).toBe(true);
});
