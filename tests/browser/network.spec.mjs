// urllib.request through the browser's fetch: responses, errors and timeouts as CPython
// gives them for the same URLs, other origins with and without CORS, threads and
// processes waiting at once, and the lessons' network seeds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { test as base, expect, py, cpython } from './fixtures.mjs';
import { threadsOf, byName, spansIn, overlap } from './timeline.helpers.mjs';
import { netServersFixture } from './net_server.mjs';
import { loadSeeds, comparable } from '../seeds.mjs';

// The page's own server (with the test endpoints) and a second origin serving them too.
const test = base.extend({
  servers: netServersFixture,
  server: [async ({ servers }, use) => use({ url: servers.url }), { scope: 'worker' }],
  other: [async ({ servers }, use) => use({ url: servers.otherUrl }), { scope: 'worker' }],
});

// Runs `source` with BASE set to `base` in Weft and in CPython; both must print the same.
async function sameAsCPython(python, base, source) {
  const program = `BASE = ${JSON.stringify(base)}\n${source}`;
  const ours = await python.run(program);
  const theirs = cpython(program);
  expect(ours.stderr).toBe(theirs.stderr ?? '');
  expect(ours.stdout).toBe(theirs.stdout);
  expect(ours.exitCode).toBe(theirs.exitCode);
  return ours;
}

test('GET of a page: body, status, headers and URL as CPython gets them', async ({ python, server }) => {
  const warnings = [];
  const listen = (m) => warnings.push(m.text());
  python.page.on('console', listen);
  await sameAsCPython(python, `${server.url}net/`, py`
    import urllib.request
    with urllib.request.urlopen(BASE + 'hello.txt') as r:
        print(type(r).__name__, r.status, r.reason, r.getcode(), r.geturl())
        print(r.headers['Content-Type'], r.getheader('content-length'), r.headers['X-Served-By'])
        print(r.info().get_content_charset(), r.closed)
        print(r.read(5), r.readline(), r.read())
    print(r.closed)
    for line in urllib.request.urlopen(urllib.request.Request(BASE + 'hello.txt')):
        print(line)
    # Sent chunked by the server, and compressed for the browser (which asks for gzip).
    for path in ('chunked', 'gzip'):
        r = urllib.request.urlopen(BASE + path)
        print(path, r.getheader('Content-Length'), r.getheader('Transfer-Encoding'), r.getheader('Content-Encoding'), r.read())
    r = urllib.request.urlopen(urllib.request.Request(BASE + 'hello.txt', method='HEAD'))
    print(r.status, r.getheader('Content-Length'), r.read())
  `);
  python.page.off('console', listen);
  expect(warnings).toEqual([]);
});

test('a large response arrives whole, also into memory grown since the run started', async ({ python, server }) => {
  const wasm = fs.readFileSync(new URL('../../www/build/weft.wasm', import.meta.url));
  const result = await python.run(py`
    import hashlib, urllib.request
    ballast = bytearray(400 << 20)  # past the heap reserved at start-up
    data = urllib.request.urlopen('${server.url}build/weft.wasm').read()
    print(len(data), hashlib.sha256(data).hexdigest())
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(`${wasm.length} ${crypto.createHash('sha256').update(wasm).digest('hex')}\n`);
});

test('POST with data and a custom header, echoed by the server', async ({ python, server }) => {
  await sameAsCPython(python, `${server.url}net/`, py`
    import urllib.parse, urllib.request
    data = urllib.parse.urlencode({'name': 'Ada', 'lang': 'py'}).encode()
    req = urllib.request.Request(BASE + 'echo', data=data, headers={'X-Weft-Test': 'hello'})
    print(req.get_method())
    with urllib.request.urlopen(req) as r:
        print(r.read().decode())
    req = urllib.request.Request(BASE + 'echo', data=b'{"a": 1}', method='PUT',
                                 headers={'Content-Type': 'application/json'})
    print(urllib.request.urlopen(req).read().decode())
  `);
});

test('404 raises HTTPError with code, reason, headers and a readable body', async ({ python, server }) => {
  const source = py`
    import urllib.error, urllib.request
    try:
        urllib.request.urlopen(BASE + 'missing')
    except urllib.error.HTTPError as e:
        print(type(e).__name__, isinstance(e, urllib.error.URLError))
        print(e)
        print(repr(e))
        print(e.code, e.reason, e.status, e.getcode(), e.geturl())
        print(e.headers['Content-Type'], e.read())
    urllib.request.urlopen(BASE + 'missing')
  `;
  const ours = await python.run(`BASE = '${server.url}net/'\n${source}`);
  const theirs = cpython(`BASE = '${server.url}net/'\n${source}`);
  expect(ours.stdout).toBe(theirs.stdout);
  expect(ours.exitCode).toBe(1);
  expect(ours.stderr.trim().split('\n').at(-1)).toBe('urllib.error.HTTPError: HTTP Error 404: Not Found');
  expect(theirs.stderr.trim().split('\n').at(-1)).toBe('urllib.error.HTTPError: HTTP Error 404: Not Found');
});

test('a redirect is followed to the final URL', async ({ python, server }) => {
  const result = await sameAsCPython(python, `${server.url}net/`, py`
    import urllib.request
    with urllib.request.urlopen(BASE + 'redirect') as r:
        print(r.status, r.geturl(), r.read())
  `);
  expect(result.stdout).toContain(`${server.url}net/hello.txt`);
});

test('another origin: refused without CORS headers (URLError, at once), read with them', async ({ python, other }) => {
  const result = await python.run(py`
    import time, urllib.error, urllib.request
    BASE = '${other.url}net/'
    start = time.monotonic()
    try:
        urllib.request.urlopen(BASE + 'hello.txt', timeout=30)
    except urllib.error.URLError as e:
        print(type(e).__name__, '|', e, '|', type(e.reason).__name__)
    print('fast' if time.monotonic() - start < 3 else 'slow')
    with urllib.request.urlopen(BASE + 'hello.txt?cors=1') as r:
        print(r.status, r.geturl(), r.read())
    # A custom header makes the browser ask first (a preflight); the server allows it.
    req = urllib.request.Request(BASE + 'echo?cors=1', data=b'x=1', headers={'X-Weft-Test': 'cross'})
    print(urllib.request.urlopen(req).read().decode())
    print(urllib.request.urlopen(BASE + 'redirect?cors=1').geturl())
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe([
    "URLError | <urlopen error the browser's fetch failed: the server is unreachable, or it does not allow " +
      "this page's origin (no CORS header Access-Control-Allow-Origin)> | OSError",
    'fast',
    `200 ${other.url}net/hello.txt?cors=1 b'Hello from the test server.\\nSecond line.\\n'`,
    'method: POST', 'x-weft-test: cross', 'content-type: application/x-www-form-urlencoded', 'body: x=1', '',
    `${other.url}net/hello.txt?cors=1`,
    '',
  ].join('\n'));
});

test('an unreachable host and https without a server give URLError', async ({ python }) => {
  const result = await python.run(py`
    import urllib.error, urllib.request
    for url in ('http://127.0.0.1:9/', 'https://127.0.0.1:9/', 'http://nonexistent.invalid/'):
        try:
            urllib.request.urlopen(url, timeout=10)
        except urllib.error.URLError as e:
            print(url, type(e).__name__, 'unreachable' in str(e))
  `);
  expect(result.stdout).toBe([
    'http://127.0.0.1:9/ URLError True',
    'https://127.0.0.1:9/ URLError True',
    'http://nonexistent.invalid/ URLError True',
    '',
  ].join('\n'));
});

test('a request the browser will not send (TRACE) gives URLError saying so', async ({ python, server }) => {
  const result = await python.run(py`
    import urllib.error, urllib.request
    try:
        urllib.request.urlopen(urllib.request.Request('${server.url}net/echo', method='TRACE'))
    except urllib.error.URLError as e:
        print(e)
  `);
  expect(result.stdout).toMatch(/^<urlopen error the browser refuses to send this request: .*TRACE.*>\n$/);
});

test('Stop ends a run waiting for a slow response at once', async ({ python, server }) => {
  const result = await python.run(py`
    import urllib.request
    print('fetching', flush=True)
    urllib.request.urlopen('${server.url}net/slow?ms=60000')
  `, { timeout: 1.5 });
  expect(result.stdout).toBe('fetching\n');
  expect(result.elapsedMs).toBeLessThan(5000);
});

test('a timeout raises what CPython raises, after about that time', async ({ python, server }) => {
  const program = py`
    import time, urllib.request
    BASE = '${server.url}net/'
    start = time.monotonic()
    try:
        urllib.request.urlopen(BASE + 'slow?ms=3000', timeout=0.5)
    except Exception as e:
        print(type(e).__name__, repr(e), e)
    elapsed = time.monotonic() - start
    print('about 0.5 s' if 0.45 < elapsed < 1.5 else elapsed)
    urllib.request.urlopen(BASE + 'slow?ms=3000', timeout=0.2)
  `;
  const [ours, theirs] = [await python.run(program), cpython(program)];
  expect(ours.stdout).toBe("TimeoutError TimeoutError('timed out') timed out\nabout 0.5 s\n");
  expect(ours.stdout).toBe(theirs.stdout);
  // The traceback's frames differ (CPython's end in its socket reads); its last line does not.
  expect(ours.stderr.trim().split('\n').at(-1)).toBe('TimeoutError: timed out');
  expect(theirs.stderr.trim().split('\n').at(-1)).toBe('TimeoutError: timed out');
});

for (const gil of [true, false]) {
  test(`three threads fetching at once overlap (${gil ? 'GIL' : 'free-threaded'}), shown as blocked on the URL`, async ({ python, server }) => {
    const result = await python.run(py`
      import threading, time, urllib.request
      URL = '${server.url}net/slow?ms=500'
      def fetch():
          with urllib.request.urlopen(URL) as r:
              r.read()
      urllib.request.urlopen('${server.url}net/hello.txt').read()  # imports done before timing
      threads = [threading.Thread(target=fetch, name=f'fetch-{i}') for i in range(3)]
      start = time.monotonic()
      for t in threads: t.start()
      for t in threads: t.join()
      elapsed = time.monotonic() - start
      print('overlapped' if elapsed < 1.2 else f'sequential: {elapsed:.2f} s')
    `, { gil, trace: true });
    expect(result.stdout).toBe('overlapped\n');
    const threads = threadsOf(result.trace);
    const blocked = [0, 1, 2].map((i) => spansIn(byName(threads, `fetch-${i}`), 'blocked'));
    for (const spans of blocked) {
      expect(spans.map((s) => s.label)).toContain(`urllib.request.urlopen GET ${server.url}net/slow?ms=500`);
    }
    expect(overlap(blocked[0], blocked[1])).toBeGreaterThan(300);
  });
}

test('a child process can urlopen', async ({ python, server }) => {
  await sameAsCPython(python, `${server.url}net/`, py`
    import multiprocessing, urllib.request
    def fetch(path):
        with urllib.request.urlopen(BASE + path) as r:
            return r.status, r.read()
    if __name__ == '__main__':
        with multiprocessing.Pool(2) as pool:
            print(pool.map(fetch, ['hello.txt', 'echo']))
  `);
});

// The test machine has no route to the internet: each URL generates an exception line.
for (const seed of loadSeeds(['s001-08', 's004-26'])) {
  test(`seed ${seed.file} (${seed.compare})`, async ({ python }) => {
    const result = await python.run(seed.source, { filename: seed.file });
    expect(result.stderr).toBe('');
    const [actual, expected] = comparable(seed.compare, result.output, seed.expected);
    expect(actual).toEqual(expected);
  });
}
