// The lessons' PyPI packages (scripts/packages.mjs): tqdm and tenacity import in every
// process, tqdm draws CPython's bars with threads, processes and without the GIL, the
// playground redraws a bar on one line, and the build step checks what it unpacks.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, py } from './fixtures.mjs';
import { loadSeeds, comparable } from '../seeds.mjs';
import { openPlayground, setCode, finished, screenshot } from './playground.helpers.mjs';
import { PACKAGES, PACKAGES_DIR, ensurePackages } from '../../scripts/packages.mjs';

const version = (name) => PACKAGES.find((p) => p.name === name).version;
// The frames of each bar line written to stderr (a bar redraws itself after a '\r').
const bars = (stderr) => stderr.split('\n').filter((l) => l).map((l) => l.split('\r').filter((f) => f));

for (const seed of loadSeeds(['s001-02', 's001-09'])) {
  test(`seed ${seed.file} (${seed.compare})`, async ({ python }) => {
    const result = await python.run(seed.source, { filename: seed.file });
    const [actual, expected] = comparable(seed.compare, result.output, seed.expected);
    expect(actual).toEqual(expected);
    expect(result.exitCode).toBe(0);
  });
}

const THREADS = py`
  import sys, time
  from concurrent.futures import ThreadPoolExecutor, as_completed
  from tqdm import tqdm

  def work(n):
      time.sleep(0.01 * (n % 3))
      return n * n

  with ThreadPoolExecutor(max_workers=4) as executor:
      futures = [executor.submit(work, n) for n in range(20)]
      results = [f.result() for f in tqdm(as_completed(futures), total=len(futures), desc='线程')]
  print(sorted(results) == [n * n for n in range(20)], sys._is_gil_enabled())
`;

for (const gil of [true, false]) {
  test(`tqdm over as_completed with threads, GIL ${gil ? 'on' : 'off'}`, async ({ python }) => {
    const result = await python.run(THREADS, { gil });
    expect(result.stdout).toBe(`True ${gil ? 'True' : 'False'}\n`);
    const [frames] = bars(result.stderr);
    expect(frames[0]).toMatch(/^线程: {3}0%\| {10}\| 0\/20 \[00:00<\?, \?it\/s\]$/);
    expect(frames.at(-1)).toMatch(/^线程: 100%\|█{10}\| 20\/20 \[\d\d:\d\d<00:00, +[\d.]+it\/s\]$/);
    expect(result.exitCode).toBe(0);
  });
}

test("tqdm.contrib.concurrent's process_map and thread_map share tqdm's lock with their workers", async ({ python }) => {
  test.setTimeout(120_000);
  const result = await python.run(py`
    from tqdm.contrib.concurrent import process_map, thread_map

    def square(x):
        return x * x

    if __name__ == '__main__':
        print(process_map(square, range(8), max_workers=2, desc='processes'))
        print(thread_map(square, range(8), max_workers=4, desc='threads'))
  `);
  expect(result.stdout).toBe('[0, 1, 4, 9, 16, 25, 36, 49]\n'.repeat(2));
  expect(bars(result.stderr).map((frames) => frames.at(-1).split(' [')[0])).toEqual([
    'processes: 100%|██████████| 8/8',
    'threads: 100%|██████████| 8/8',
  ]);
  expect(result.exitCode).toBe(0);
});

test('tenacity retries, and both packages report their pinned versions', async ({ python }) => {
  const result = await python.run(py`
    import importlib.metadata
    import tqdm
    from tenacity import RetryError, retry, stop_after_attempt, wait_fixed

    calls = []

    @retry(stop=stop_after_attempt(3), wait=wait_fixed(0.01))
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ValueError('not yet')
        return 'ok'

    @retry(stop=stop_after_attempt(2))
    def never():
        raise ValueError('no')

    print(flaky(), len(calls))
    try:
        never()
    except RetryError as e:
        print('gave up after', e.last_attempt.attempt_number)
    print(tqdm.__version__, importlib.metadata.version('tqdm'), importlib.metadata.version('tenacity'))
  `);
  expect(result.stdout).toBe(`ok 3\ngave up after 2\n${version('tqdm')} ${version('tqdm')} ${version('tenacity')}\n`);
  expect(result.exitCode).toBe(0);
});

test('the playground redraws a tqdm bar in place: one line, updated, then finished', async ({ page, server }) => {
  await openPlayground(page, server.url);
  await setCode(page, py`
    import time
    from tqdm import tqdm

    for i in tqdm(range(30), desc='下载'):
        time.sleep(0.05)
    print('done')
  `);
  await page.click('#run');
  const barLines = () => page.evaluate(() => window.weft.view.lines.filter((l) => l.stream === 2).map((l) => l.text));
  // Mid-run: the one line shows a bar between the first frame and the last.
  await expect.poll(barLines, { timeout: 30_000 }).toEqual([expect.stringMatching(/^下载: +[1-9]\d?%\|.*\| ([1-9]|[12]\d)\/30 /)]);
  const { stdout, stderr, exitCode } = await finished(page);
  expect(stdout).toBe('done\n');
  expect(stderr).toMatch(/^下载: 100%\|█{10}\| 30\/30 \[00:0\d<00:00, +[\d.]+it\/s\]\n$/);
  expect(exitCode).toBe('0');
  await expect(page.locator('#console .row.stderr')).toHaveCount(1);
  await screenshot(page, 'playground-tqdm');
});

test('the console keeps a line a trailing carriage return leaves, and a \\r\\n is one newline', async ({ page, server }) => {
  await openPlayground(page, server.url);
  await setCode(page, py`
    import sys
    print('first', end='\\r', flush=True)
    print(flush=True)
    sys.stdout.write('a\\r\\nb\\rc\\n')
    print('long line\\rshort')
  `);
  await page.click('#run');
  expect((await finished(page)).stdout).toBe('first\na\nc\nshort\n');
});

// Wheels made by Python's zipfile: one module stored, one deflated, metadata and data.
function wheel(entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-wheel-'));
  const file = path.join(dir, 'w.whl');
  execFileSync('python3', ['-c', `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for i, (name, text) in enumerate(json.loads(sys.argv[2])):
        z.writestr(name, text, zipfile.ZIP_DEFLATED if i % 2 else zipfile.ZIP_STORED)
`, file, JSON.stringify(entries)]);
  const bytes = fs.readFileSync(file);
  fs.rmSync(dir, { recursive: true });
  return bytes;
}
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

test('the package step unpacks modules only, refuses a wrong sha256 or a path outside, and skips what is there', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-packages-'));
  const target = path.join(dir, 'py-packages');
  const good = wheel([
    ['demo/__init__.py', 'X = 1\n'],
    ['demo/sub/mod.py', 'Y = 2\n'],
    ['demo/data.txt', 'not a module'],
    ['demo-1.0.dist-info/METADATA', 'Name: demo'],
  ]);
  const pin = { name: 'demo', version: '1.0', url: 'demo.whl', sha256: sha256(good) };
  try {
    expect(await ensurePackages([pin], target, async () => good)).toBe(true);
    const files = fs.readdirSync(target, { recursive: true }).filter((f) => fs.statSync(path.join(target, f)).isFile()).sort();
    expect(files).toEqual(['_weft_package_versions.py', 'demo/__init__.py', 'demo/sub/mod.py', 'installed.json']);
    expect(fs.readFileSync(path.join(target, 'demo/sub/mod.py'), 'utf8')).toBe('Y = 2\n');
    // Already there: no download at all.
    expect(await ensurePackages([pin], target, async () => { throw new Error('downloaded again'); })).toBe(false);
    // A changed pin whose wheel does not match: refused, and what was there stays.
    const bad = { ...pin, version: '1.1', sha256: '0'.repeat(64) };
    await expect(ensurePackages([bad], target, async () => good)).rejects.toThrow(/sha256/);
    const escape = wheel([['../evil.py', 'import os\n']]);
    await expect(ensurePackages([{ ...pin, sha256: sha256(escape) }], path.join(dir, 'other'), async () => escape)).rejects.toThrow(/unsafe path/);
    expect(fs.readFileSync(path.join(target, 'demo/__init__.py'), 'utf8')).toBe('X = 1\n');
    expect(fs.existsSync(path.join(dir, 'evil.py'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The engine was built from the pinned packages.
  expect(JSON.parse(fs.readFileSync(path.join(PACKAGES_DIR, 'installed.json'), 'utf8'))).toEqual(PACKAGES);
});
