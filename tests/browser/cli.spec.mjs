// `weft run FILE.py`: the headless runner people use from CI.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { program } from './fixtures.mjs';

const WEFT = new URL('../../cli/weft.mjs', import.meta.url).pathname;

// Runs `weft run` on `source`; resolves with stdout, stderr, status and when each stdout chunk came.
function weft(source, args = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-'));
  const file = path.join(dir, 'prog.py');
  fs.writeFileSync(file, source);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WEFT, 'run', file, ...args]);
    const started = Date.now();
    const result = { stdout: '', stderr: '', chunks: [] };
    child.stdout.on('data', (d) => {
      result.stdout += d;
      result.chunks.push({ at: Date.now() - started, text: String(d) });
    });
    child.stderr.on('data', (d) => (result.stderr += d));
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ ...result, code, elapsed: Date.now() - started });
    });
  });
}

test('prints 45 for sum(range(10)) and exits 0', async () => {
  const r = await weft('print(sum(range(10)))\n');
  expect(r.stdout).toBe('45\n');
  expect(r.code).toBe(0);
});

test('prints a traceback and exits 1 for 1/0', async () => {
  const r = await weft('1/0\n');
  expect(r.stdout).toBe('');
  // The file by its absolute path, as CPython names it.
  expect(r.stderr).toMatch(/^Traceback \(most recent call last\):\n  File "\/.*\/weft-cli-\w+\/prog\.py", line 1, in <module>\n/);
  expect(r.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
  expect(r.code).toBe(1);
});

test('exits with the status SystemExit gives', async () => {
  expect((await weft('raise SystemExit(7)\n')).code).toBe(7);
});

test('--timeout stops an infinite loop with status 124', async () => {
  const r = await weft('while True:\n    pass\n', ['--timeout', '2']);
  expect(r.code).toBe(124);
  expect(r.stderr).toMatch(/timed out after 2 s/);
});

test('a piped stdout and stderr are not terminals, as CPython sees them', async () => {
  const r = await weft(program('cli_isatty.py'));
  expect(r.stdout).toBe('False False False\n');
  expect(r.code).toBe(0);
});

test('streams output as it is written', async () => {
  const r = await weft('import time\nprint("first")\ntime.sleep(2)\nprint("second")\n');
  expect(r.stdout).toBe('first\nsecond\n');
  expect(r.chunks[0].text).toBe('first\n');
  expect(r.elapsed - r.chunks[0].at).toBeGreaterThan(1500);
});

test('keeps up with 100 000 lines', async () => {
  const r = await weft('for i in range(100000):\n    print(i)\n');
  const lines = r.stdout.split('\n');
  expect(lines.length).toBe(100001);
  expect(lines[99999]).toBe('99999');
  expect(r.code).toBe(0);
});

test('rejects bad usage with status 2', async () => {
  const child = spawn(process.execPath, [WEFT, 'frobnicate']);
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(2);
});
