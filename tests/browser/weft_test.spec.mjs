// `weft test`: pytest in the runtime over tests/fixtures/pytest_project, compared with the
// same pinned pytest on native CPython (target/pytest-venv, made by scripts/setup.mjs's
// nativePytest): counts, exit status, the JUnit report, -k, --timeout and a syntax error.
import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nativePytest } from '../../scripts/setup.mjs';

const WEFT = new URL('../../cli/weft.mjs', import.meta.url).pathname;
const PROJECT = new URL('../fixtures/pytest_project', import.meta.url).pathname;

// pytest starts in seconds here, tens of seconds on a loaded machine.
test.setTimeout(240_000);

// Runs `weft test ...args` in `cwd`; resolves with stdout, stderr and the exit status.
function weftTest(args, { cwd = PROJECT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WEFT, 'test', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const result = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (result.stdout += d));
    child.stderr.on('data', (d) => (result.stderr += d));
    child.on('close', (code) => resolve({ ...result, code }));
  });
}

function nativeTest(args, { cwd = PROJECT } = {}) {
  // Without Playwright's FORCE_COLOR, which pytest obeys over --color (weft test's run never sees it).
  const { FORCE_COLOR, ...env } = process.env;
  const r = spawnSync(nativePytest(), ['-m', 'pytest', '-p', 'no:cacheprovider', ...args], { cwd, env, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

// pytest's last line, "2 failed, 11 passed, 1 skipped ... in 1.33s", as { failed: 2, ... }.
function counts(stdout) {
  const last = stdout.trim().split('\n').pop();
  return Object.fromEntries([...last.matchAll(/(\d+) (\w+)/g)].map(([, n, what]) => [what, Number(n)]));
}

// The JUnit report through the browser's XML parser: the suite's counts and each case's outcome.
async function junit(page, xml) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
    const suite = doc.querySelector('testsuite');
    const totals = Object.fromEntries(['tests', 'failures', 'errors', 'skipped'].map((a) => [a, Number(suite.getAttribute(a))]));
    const cases = Object.fromEntries([...doc.querySelectorAll('testcase')].map((c) => [
      `${c.getAttribute('classname')}::${c.getAttribute('name')}`,
      c.querySelector('failure') ? 'failure' : c.querySelector('error') ? 'error' : c.querySelector('skipped') ? 'skipped' : 'passed',
    ]));
    return { totals, cases };
  }, xml);
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'weft-test-'));
}

test('the sample project: the same counts, exit status and JUnit report as native pytest, with threads, a Pool and asyncio passing', async ({ page }) => {
  const dir = tempDir();
  try {
    const report = path.join(dir, 'reports', 'weft.xml');
    const r = await weftTest(['-q', `--junitxml=${report}`]);
    const native = nativeTest(['-q', `--junitxml=${path.join(dir, 'native.xml')}`]);
    expect(native.code).toBe(1);
    expect(counts(native.stdout)).toEqual({ failed: 2, passed: 12, skipped: 1, xfailed: 1, error: 1 });
    expect(r.stderr).toBe('');
    expect(counts(r.stdout)).toEqual(counts(native.stdout));
    expect(r.code).toBe(native.code);
    // Assertion rewriting: the introspected values, as CPython's pytest prints them.
    expect(r.stdout).toContain('E       assert 6 == 7\n');
    expect(r.stdout).toContain('E       assert (5 + 5) == 11\n');
    expect(r.stdout).toContain('E       RuntimeError: the fixture failed\n');

    const ours = await junit(page, fs.readFileSync(report, 'utf8'));
    const theirs = await junit(page, fs.readFileSync(path.join(dir, 'native.xml'), 'utf8'));
    expect(ours.error).toBeUndefined();
    expect(ours.totals).toEqual({ tests: 17, failures: 2, errors: 1, skipped: 2 });
    expect(ours).toEqual(theirs);
    for (const name of ['test_threads_with_a_lock', 'test_pool', 'test_asyncio']) {
      expect(ours.cases[`test_concurrency::${name}`]).toBe('passed');
    }
    expect(ours.cases['spawned.test_process::test_process_and_queue']).toBe('passed');
    for (const name of ['test_tmp_path', 'test_capsys', 'test_monkeypatch', 'test_raises', 'test_add[1-2-3]']) {
      expect(ours.cases[`test_basics::${name}`]).toBe('passed');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('-k selects, -x stops at the first failure, as native pytest does; --gil off runs the concurrency tests free-threaded', async () => {
  for (const args of [['-q', '-k', 'add or sorted'], ['-q', '-x', 'test_basics.py']]) {
    const r = await weftTest(args);
    const native = nativeTest(args);
    expect(counts(r.stdout)).toEqual(counts(native.stdout));
    expect(r.code).toBe(native.code);
  }
  const free = await weftTest(['-q', '-k', 'threads or pool or asyncio or process', '--gil', 'off']);
  expect(counts(free.stdout)).toEqual({ passed: 4, deselected: 13 });
  expect(free.code).toBe(0);
});

test('a syntax error in a test file is reported as pytest reports it (status 2); no tests is status 5', async () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'test_broken.py'), 'def test_ok():\n    assert True\n\ndef broken(:\n    pass\n');
    const r = await weftTest([], { cwd: dir });
    const native = nativeTest([], { cwd: dir });
    expect(native.code).toBe(2);
    expect(r.code).toBe(2);
    const error = `E     File "${dir}/test_broken.py", line 4\nE       def broken(:\nE                  ^\nE   SyntaxError: invalid syntax\n`;
    expect(native.stdout).toContain(error);
    expect(r.stdout).toContain(error);
    for (const line of ['ERROR collecting test_broken.py', 'Interrupted: 1 error during collection', '1 error in']) {
      expect(r.stdout).toContain(line);
    }
    fs.rmSync(path.join(dir, 'test_broken.py'));
    expect((await weftTest(['-q'], { cwd: dir })).code).toBe(5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--timeout ends a hanging test with status 124', async () => {
  const r = await weftTest(['-s', '--timeout', '60'], { cwd: path.join(PROJECT, 'hang') });
  // The hanging test had started: the timeout ended it, not pytest's start-up.
  expect(r.stdout).toContain('the test waits for ever\n');
  expect(r.stderr).toContain('weft: timed out after 60 s');
  expect(r.code).toBe(124);
});
