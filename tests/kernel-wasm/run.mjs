// The kernel's tests (tests/kernel_*.rs) on the target it ships to: builds them for
// wasm32-wasip1-threads and runs each binary in headless Chromium on our host (host.js),
// over a real SharedArrayBuffer. Ends with `kernel tests in Chromium: N passed, N failed`.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, WASM_TARGET } from '../../scripts/setup.mjs';
import { serve } from '../../cli/server.mjs';
import { launch } from '../../cli/browser.mjs';

// Apart from the engine's target/, so this build never waits on the engine build's lock.
const TARGET_DIR = 'target/kernel-wasm';
// The tests' longest wait is 10 s: a test silent for this long hangs.
const IDLE_MS = 60_000;
// One test at a time, each named before it runs (libtest runs wasm tests on its main
// thread anyway), so the test that aborted the binary is known; uncaptured, so a panic's
// message is printed before the abort instead of lost with it; `--exact`, so `--skip`
// passes over exactly the tests that have run.
const LIBTEST_ARGS = ['--test-threads=1', '--nocapture', '--exact'];

// Returns the test binaries as { name, url } (url: the file under the served ROOT).
function buildTests() {
  const args = ['test', '--no-run', '--release', '--ignore-rust-version', '--target', WASM_TARGET,
    '--target-dir', TARGET_DIR, '--test', 'kernel_*', '--message-format', 'json-render-diagnostics'];
  const result = spawnSync('cargo', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`cargo ${args.join(' ')} exited ${result.status}`);
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((msg) => msg.reason === 'compiler-artifact' && msg.executable)
    .map((msg) => ({ name: msg.target.name, url: `/${path.relative(ROOT, msg.executable)}` }));
}

// Runs every test of one binary; adds each failure ({ test, why }) to `failures`. On wasm
// a panic aborts the whole binary, so the test that was running is counted failed and the
// binary starts again, skipping what has run.
async function runBinary(page, { name, url }, failures) {
  const counts = { passed: 0, failed: 0 };
  const ran = [];
  for (;;) {
    const args = [...LIBTEST_ARGS, ...ran.flatMap((test) => ['--skip', test])];
    const end = await page.evaluate(([u, a, ms]) => window.runTestBinary(u, a, ms), [url, args, IDLE_MS]);
    process.stdout.write(end.output);
    const starts = [...end.output.matchAll(/^test (\S+) \.\.\. (ok\n)?/gm)];
    const passed = starts.filter((m) => m[2]).map((m) => m[1]);
    counts.passed += passed.length;
    const summary = end.output.match(/^test result: \w+\. (\d+) passed; (\d+) failed/m);
    if (summary) {
      if (Number(summary[1]) !== passed.length) throw new Error(`${name}: libtest counts ${summary[1]} passed, its lines ${passed.length}`);
      counts.failed += Number(summary[2]);
      return counts;
    }
    counts.failed += 1;
    const how = end.stopped ? `silent for ${IDLE_MS / 1000} s, stopped` : `${end.crashed ? 'crashed, ' : ''}exit ${end.exitCode}`;
    const last = starts.at(-1);
    if (!last || last[2]) {
      failures.push({ test: name, why: `ended outside any test (${how}):\n${end.output.trim()}` });
      return counts;
    }
    failures.push({ test: `${name}::${last[1]}`, why: `${how}:\n${end.output.slice(last.index + last[0].length).trim()}` });
    console.log(`\nkernel-wasm: ${last[1]} FAILED (${how}); running the rest of ${name}`);
    ran.push(...passed, last[1]);
  }
}

async function runKernelTests() {
  const binaries = buildTests().sort((a, b) => a.name.localeCompare(b.name));
  // The repository, with COOP/COEP: the page, www/runtime and the binaries under target/.
  const server = await serve({ root: ROOT });
  const browser = await launch();
  const totals = { passed: 0, failed: 0 };
  const failures = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.log(`kernel-wasm: page error: ${err.message}`));
    await page.goto(`${server.url}tests/kernel-wasm/index.html`);
    for (const binary of binaries) {
      console.log(`\n-- ${binary.name} (wasm32-wasip1-threads, Chromium)`);
      const { passed, failed } = await runBinary(page, binary, failures);
      totals.passed += passed;
      totals.failed += failed;
    }
  } finally {
    await browser.close();
    await server.close();
  }
  for (const { test, why } of failures) console.log(`\nFAILED ${test}: ${why}`);
  return totals;
}

const { passed, failed } = await runKernelTests();
console.log(`\nkernel tests in Chromium: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
