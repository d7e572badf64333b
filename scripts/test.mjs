// `npm test`: set up, build, then run every suite — `cargo test` for the Rust kernel,
// natively and built for wasm in Chromium, Playwright in headless Chromium for the
// runtime, page and runner, CPython's own test suites in Weft — and end with one line:
// `N passed, N failed`. Exits non-zero on any failure.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ROOT, setup } from './setup.mjs';
import { build } from './build.mjs';

const totals = { passed: 0, failed: 0 };

function suite(name, fn) {
  console.log(`\n== ${name}`);
  try {
    const { passed, failed } = fn();
    totals.passed += passed;
    totals.failed += failed;
  } catch (err) {
    console.error(`${name}: ${err.message}`);
    totals.failed += 1;
  }
}

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
  process.stdout.write(result.stdout ?? '');
  return result;
}

suite('setup and build', () => {
  setup();
  build();
  return { passed: 0, failed: 0 };
});

suite('cargo test (native, real threads)', () => {
  const result = run('cargo', ['test', '--release', '--ignore-rust-version']);
  const counts = [...result.stdout.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)];
  const passed = counts.reduce((n, m) => n + Number(m[1]), 0);
  const failed = counts.reduce((n, m) => n + Number(m[2]), 0);
  if (result.status !== 0 && failed === 0) throw new Error(`cargo test exited ${result.status}`);
  return { passed, failed };
});

suite('kernel tests in Chromium (wasm32-wasip1-threads)', () => {
  const result = run('node', ['tests/kernel-wasm/run.mjs']);
  const counts = result.stdout.match(/^kernel tests in Chromium: (\d+) passed, (\d+) failed$/m);
  if (!counts) throw new Error(`tests/kernel-wasm/run.mjs exited ${result.status} without its counts`);
  return { passed: Number(counts[1]), failed: Number(counts[2]) };
});

suite('browser (Playwright, headless Chromium)', () => {
  const report = `${ROOT}tests/artifacts/browser-results.json`;
  fs.rmSync(report, { force: true });
  const args = ['playwright', 'test', '-c', 'tests/browser/playwright.config.mjs', ...process.argv.slice(2)];
  const result = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  if (!fs.existsSync(report)) throw new Error(`playwright produced no report (exit ${result.status})`);
  const { stats } = JSON.parse(fs.readFileSync(report, 'utf8'));
  // A skipped test counts as failed: nothing here may pass by not running.
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected + stats.skipped };
});

// Tests that tests/cpython/expected.json lists as not passing count neither way.
suite("CPython's own tests in Weft (../shared/cpython-tests)", () => {
  const result = run('node', ['tests/cpython/run.mjs']);
  const counts = result.stdout.match(/^cpython suites: (\d+) passed, (\d+) failed$/m);
  if (!counts) throw new Error(`tests/cpython/run.mjs exited ${result.status} without its counts`);
  return { passed: Number(counts[1]), failed: Number(counts[2]) };
});

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
