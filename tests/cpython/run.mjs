// CPython 3.13's own test suites (../shared/cpython-tests beside the project) run in Weft
// through `weft run -m driver`, checked against expected.json, the tests that do not pass
// here and why. Ends with `cpython suites: N passed, N failed`.
//
//   node tests/cpython/run.mjs [SUITE...]                 (default: every suite)
//   node tests/cpython/run.mjs --python python3.13 [SUITE...]
//
// --python runs the same driver on a native CPython instead, to compare: it writes the
// outcomes to tests/artifacts/cpython/ and checks nothing.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT } from '../../scripts/setup.mjs';

const TESTS = path.resolve(ROOT, '../shared/cpython-tests');
const ARTIFACTS = path.join(ROOT, 'tests/artifacts/cpython');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/cpython/expected.json'), 'utf8'));
const PREFIX = '##weft-test ';
// A test that has reported nothing for this long hangs: its run is ended and the suite
// starts again after it. Some tests wait 60 s for a child before they fail (a Condition's
// wait(60)), and the slowest passing test takes 37 s here on a loaded machine (a pool
// restarting its worker processes).
const IDLE_MS = 90_000;
// All suites together take about 30 minutes here (see README); past this budget a suite
// stops restarting after a hang, and the suites left are not run (each counts failed),
// so a change that makes many tests hang cannot stretch `npm test` beyond CI's limits.
const BUDGET_MS = 35 * 60_000;
// After SIGTERM (the runner closes its Chromium), how long before SIGKILL.
const KILL_GRACE_MS = 15_000;

// The run in progress, ended with this runner (a Ctrl-C or CI's kill would leave it behind).
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    current?.kill('SIGTERM');
    process.exit(130);
  });
}

// Each suite is one `weft run`; its name is the key in expected.json.
const SUITES = {
  test_queue: ['test.test_queue'],
  test_thread: ['test.test_thread'],
  test_threading_local: ['test.test_threading_local'],
  test_threading: ['test.test_threading'],
  test_concurrent_futures: ['test.test_concurrent_futures'],
  'test_multiprocessing_spawn.test_processes': ['test.test_multiprocessing_spawn.test_processes'],
  'test_multiprocessing_spawn.test_threads': ['test.test_multiprocessing_spawn.test_threads'],
  'test_multiprocessing_spawn.test_manager': ['test.test_multiprocessing_spawn.test_manager'],
  'test_multiprocessing_spawn.test_misc': ['test.test_multiprocessing_spawn.test_misc'],
};

function command(python, modules, after) {
  const args = [...(after ? ['--after', after] : []), ...modules];
  if (python) return [python, [path.join(ROOT, 'tests/cpython/driver.py'), ...args], { PYTHONPATH: TESTS }];
  return [process.execPath, [path.join(ROOT, 'cli/weft.mjs'), 'run', '--path', TESTS, '--path', 'tests/cpython',
    '-m', 'driver', '--', ...args], {}];
}

// One run of the driver, from the test after `after` (null: the first). Resolves to
// { ended: 'done' | 'hung' | 'exited', running: the test started and not finished }.
// Each finished test goes into `outcomes`; every line also goes to `log`.
function runOnce({ python, modules, after, outcomes, log }) {
  const [cmd, args, env] = command(python, modules, after);
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  let running = null;
  let done = false;
  let hung = false;
  let idle;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      hung = true;
      log.write(`\n##runner: nothing reported for ${IDLE_MS / 1000} s; ending the run\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    }, IDLE_MS);
  };
  watch();
  child.stderr.on('data', (chunk) => log.write(chunk));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    log.write(`${line}\n`);
    // A test may have left a partial line before the driver's.
    const at = line.indexOf(PREFIX);
    if (at < 0) return;
    watch();
    const event = JSON.parse(line.slice(at + PREFIX.length));
    if (event.start) running = event.start;
    else if (event.done) done = true;
    else {
      outcomes.set(event.id, { outcome: event.outcome, detail: event.detail, seconds: event.seconds });
      if (event.id === running) running = null;
    }
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(idle);
      log.write(`##runner: exit ${code ?? signal}\n`);
      resolve({ ended: hung ? 'hung' : done ? 'done' : 'exited', running, code: code ?? signal });
    });
  });
}

// Runs one suite to its end, past tests that hang or take their run down with them.
// Returns its outcomes (id -> { outcome, detail, seconds }) and its wall time.
async function runSuite(name, python, deadline) {
  const outcomes = new Map();
  const log = fs.createWriteStream(path.join(ARTIFACTS, `${name}${python ? '.native' : ''}.log`));
  const began = Date.now();
  let after = null;
  for (;;) {
    const end = await runOnce({ python, modules: SUITES[name], after, outcomes, log });
    if (end.ended === 'done') {
      if (end.code !== 0) outcomes.set(`${name} (exit)`, { outcome: 'error', detail: `exit ${end.code} after its tests` });
      break;
    }
    const how = end.ended === 'hung' ? `hang: nothing for ${IDLE_MS / 1000} s` : `crash: exit ${end.code}`;
    if (!end.running) {
      // Between tests (a class's or module's fixture) or before the first: no test to
      // start after, so the rest of the suite cannot be reached.
      const last = [...outcomes.keys()].at(-1);
      outcomes.set(`${name} (after ${last ?? 'loading'})`, { outcome: 'error', detail: how });
      break;
    }
    outcomes.set(end.running, { outcome: 'error', detail: how });
    if (Date.now() > deadline) {
      outcomes.set(`${name} (after ${end.running})`, { outcome: 'error', detail: `not run: over the ${BUDGET_MS / 60_000}-minute budget` });
      break;
    }
    console.log(`  ${end.running}: ${how}; running the rest of ${name}`);
    after = end.running;
  }
  await new Promise((resolve) => log.end(resolve));
  return { outcomes, seconds: Math.round((Date.now() - began) / 1000) };
}

// Every reason says which of these it is: a limit of the platform (a browser tab: no
// fork, subprocess, signals from outside, subinterpreters, CPython's C API), a bug of
// Weft's, or a test that CPython skips on Linux too.
const KINDS = /^(platform|bug|bug \(flaky\)|cpython skips too): /;
// A listed test that never runs here (it is not collected) is expected to be absent.
const NOT_COLLECTED = /^bug: not collected: /;

// Compares a suite's outcomes with its list: a test fails the suite when it does not
// pass and is not listed, when it is listed and passes (unless the list calls it flaky:
// it hangs in some runs only), or when it is listed and did not run at all (the list
// must stay true).
function check(name, outcomes) {
  const listed = EXPECTED[name] ?? {};
  const counts = { passed: 0, listed: 0, failed: 0 };
  const problems = [];
  for (const [id, reason] of Object.entries(listed)) {
    if (!KINDS.test(reason)) throw new Error(`expected.json: ${id}: the reason must start with platform:, bug:, bug (flaky): or cpython skips too:`);
  }
  for (const [id, { outcome, detail }] of outcomes) {
    if (outcome === 'pass' && id in listed && !listed[id].startsWith('bug (flaky): ')) {
      counts.failed += 1;
      problems.push(`NOW PASSES ${id} (listed: ${listed[id]}); take it off expected.json`);
    } else if (outcome === 'pass') counts.passed += 1;
    else if (id in listed) counts.listed += 1;
    else {
      counts.failed += 1;
      problems.push(`FAILED ${id}: ${outcome}: ${detail}`);
    }
  }
  for (const [id, reason] of Object.entries(listed)) {
    if (outcomes.has(id)) continue;
    if (NOT_COLLECTED.test(reason)) counts.listed += 1;
    else {
      counts.failed += 1;
      problems.push(`NOT RUN ${id} (listed: ${reason})`);
    }
  }
  return { counts, problems };
}

async function main(argv) {
  const python = argv[0] === '--python' ? argv[1] : null;
  const names = python ? argv.slice(2) : argv;
  const unknown = names.filter((name) => !(name in SUITES));
  if (unknown.length) throw new Error(`no such suite: ${unknown.join(', ')}`);
  if (!fs.existsSync(TESTS)) {
    console.log(`cpython suites: ${TESTS} is not there; nothing run`);
    return { passed: 0, failed: 0 };
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const totals = { passed: 0, listed: 0, failed: 0 };
  const deadline = Date.now() + BUDGET_MS;
  for (const name of names.length ? names : Object.keys(SUITES)) {
    console.log(`\n-- ${name}`);
    if (Date.now() > deadline) {
      console.log(`${name}: not run, over the ${BUDGET_MS / 60_000}-minute budget`);
      totals.failed += 1;
      continue;
    }
    const { outcomes, seconds } = await runSuite(name, python, deadline);
    const file = path.join(ARTIFACTS, `${name}${python ? '.native' : ''}.json`);
    fs.writeFileSync(file, `${JSON.stringify({ seconds, outcomes: Object.fromEntries(outcomes) }, null, 1)}\n`);
    if (python) {
      const tally = {};
      for (const { outcome } of outcomes.values()) tally[outcome] = (tally[outcome] ?? 0) + 1;
      console.log(`${name} (${python}): ${JSON.stringify(tally)}, ${seconds} s`);
      continue;
    }
    const { counts, problems } = check(name, outcomes);
    for (const problem of problems) console.log(`  ${problem}`);
    console.log(`${name}: ${counts.passed} passed, ${counts.listed} listed, ${counts.failed} failed, ${seconds} s`);
    for (const key of Object.keys(totals)) totals[key] += counts[key];
  }
  console.log(`\nlogs and outcomes: ${path.relative(ROOT, ARTIFACTS)}/`);
  if (python) process.exit(0);
  console.log(`${totals.listed} listed in tests/cpython/expected.json did not pass, as listed`);
  return totals;
}

const { passed, failed } = await main(process.argv.slice(2));
console.log(`cpython suites: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
