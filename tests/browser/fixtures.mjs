// Test fixtures: a COOP/COEP server for `www/`, and `python`, a runner page that runs
// programs through the real runtime and returns their output and exit status.

import { test as base, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../../cli/server.mjs';

export { expect };

export const test = base.extend({
  server: [
    async ({}, use) => {
      const server = await serve();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  python: [
    async ({ server, browser }, use) => {
      const page = await browser.newPage();
      await use(await openPython(page, server.url));
      await page.close();
    },
    { scope: 'worker' },
  ],
});

// Opens the runner page of the server at `url` in `page` and waits for the runtime: the
// `python` fixture, or a test's own in a context of its own.
export async function openPython(page, url) {
  const sink = { segments: [] };
  await page.exposeFunction('weftOutput', (segments) => sink.segments.push(...segments));
  await page.goto(`${url}runner/`);
  const ready = await page.evaluate(() => window.weftReady);
  if (ready !== true) throw new Error(`runtime failed to load: ${ready}`);
  const pick = (s) => sink.segments.filter(([stream]) => s.includes(stream)).map(([, t]) => t).join('');
  return {
    page,
    // Runs `source`; resolves to { stdout, stderr, output, exitCode, elapsedMs, ... },
    // with `trace` and `records` (output with times) when `trace` is set. `stdin`:
    // the program's whole standard input (then EOF); without it stdin stays open for
    // `window.weftStdin(text)` / `window.weftStdinClose()` on `page`. Other options go
    // to `Runtime.run` as they are (`files`, `module`, `path`, `cwd`, `args`).
    async run(source, { filename = 'main.py', timeout, gil = true, trace = false, stdin, ...rest } = {}) {
      sink.segments = [];
      const timer = timeout && setTimeout(() => page.evaluate(() => window.weftStop()), timeout * 1000);
      const options = { filename, gil, trace, ...rest, ...(stdin !== undefined && { stdin }) };
      const { output: records, ...result } = await page.evaluate(([src, opts]) => window.weftRun(src, opts), [source, options]);
      clearTimeout(timer);
      return { ...result, records, stdout: pick([1]), stderr: pick([2]), output: pick([1, 2]) };
    },
    // What the current run has printed to stdout and stderr so far.
    soFar: () => pick([1, 2]),
  };
}

// What native CPython prints for `source` (stdout, stderr, status), for fidelity checks.
// `stdin`: text piped to it; without it stdin is /dev/null.
export function cpython(source, filename = 'main.py', { stdin } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cpython-'));
  fs.writeFileSync(path.join(dir, filename), source);
  try {
    const stdio = [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
    const stdout = execFileSync('python3', [filename], { cwd: dir, encoding: 'utf8', stdio, input: stdin });
    return { stdout, exitCode: 0 };
  } catch (err) {
    return { stdout: err.stdout, stderr: err.stderr, exitCode: err.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The text of a test program in tests/browser/programs/ (NAME with its .py).
export function program(name) {
  return fs.readFileSync(new URL(`programs/${name}`, import.meta.url), 'utf8');
}

// Runs `source` in Weft and in native CPython; deterministic programs must print the same.
export async function sameAsCPython(python, source) {
  const ours = await python.run(source);
  const theirs = cpython(source);
  expect(ours.stderr).toBe('');
  expect(ours.stdout).toBe(theirs.stdout);
  expect(ours.exitCode).toBe(0);
  return ours;
}

// Waits until `read()` (the output so far) includes `text`.
export async function waitFor(read, text, timeout = 30_000) {
  await expect.poll(read, { timeout }).toContain(text);
}

// Dedents a template literal so Python sources can be indented with the test code.
export function py(strings, ...values) {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
  return text.split('\n').map((l) => l.slice(indent)).join('\n');
}
