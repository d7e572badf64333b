// `npm run bench`: Weft measured side by side with native CPython in one run. Prints a
// table of ratios and saves it under bench/results/. Targets are reported, not asserted.
// `npm run bench -- GROUP...` measures only those groups of rows: start, gil, timeline,
// loops, threads, processes, messages, first-call, pytest.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ROOT, setup, nativePytest } from './setup.mjs';
import { build, WASM_OUT } from './build.mjs';
import { SEED_DIR } from '../tests/seeds.mjs';

const GROUPS = ['start', 'gil', 'timeline', 'loops', 'threads', 'processes', 'messages', 'first-call', 'pytest'];
const only = process.argv.slice(2);
for (const group of only) if (!GROUPS.includes(group)) throw new Error(`no bench group ${group}: ${GROUPS.join(', ')}`);
const wanted = (group) => !only.length || only.includes(group);

setup();
build();
const { serve } = await import('../cli/server.mjs');
const { launch } = await import('../cli/browser.mjs');

const program = (name) => fs.readFileSync(`${ROOT}bench/programs/${name}`, 'utf8');
const native = (name) => JSON.parse(execFileSync('python3', [`${ROOT}bench/programs/${name}`], { encoding: 'utf8' }).trim().split('\n').at(-1));
const rows = [];
const row = (name, weft, cpython, target = '') => {
  rows.push({ name, weft, cpython, target });
  console.log(`${name}: ${weft}${cpython ? ` (CPython ${cpython})` : ''}`);
};
const fmt = (x, digits = 2) => Number(x).toFixed(digits);

// `/blank`: an isolated page that loads no runtime of its own, for the runtimes the bench
// loads itself.
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const server = await serve({ routes: { '/blank': (req, res) => res.writeHead(200, { 'Content-Type': 'text/html', ...ISOLATED }).end('<!doctype html>') } });
const browser = await launch();
try {
  // First, in browser contexts of their own (empty caches, nothing else running): what a
  // visitor waits for.
  if (wanted('start')) await startRows();
  const page = await browser.newPage();
  await page.exposeFunction('weftOutput', (segments) => page.__out.push(...segments));
  page.__out = [];
  await page.goto(`${server.url}runner/`);
  const ready = await page.evaluate(() => window.weftReady);
  if (ready !== true) throw new Error(ready);
  // What follows is what a visitor who has had the page open a moment gets: the runtime
  // warmed up, its templates made (www/runtime/template.js).
  await page.evaluate(() => window.weftWarmed);

  // `options`: `gil` (default on) and `record` (the timeline; default on).
  const runWeft = async (source, options = {}) => {
    page.__out = [];
    const result = await page.evaluate(([src, opts]) => window.weftRun(src, opts), [source, options]);
    const stdout = page.__out.filter(([s]) => s === 1).map(([, t]) => t).join('');
    if (result.exitCode !== 0) throw new Error(`bench program failed: ${page.__out.map(([, t]) => t).join('')}`);
    return { ...result, stdout };
  };
  const measure = async (name, options) => JSON.parse((await runWeft(program(name), options)).stdout.trim().split('\n').at(-1));

  if (wanted('gil')) {
    const threadsNative = native('threads_cpu.py');
    for (const [gil, mode, lessonTarget] of [[false, 'free-threaded', '≤ 0.6'], [true, 'GIL', '0.95–1.15']]) {
      const threads = await measure('threads_cpu.py', { gil });
      for (const [loop, target] of [['lesson', lessonTarget], ['allocating', gil ? lessonTarget : '']]) {
        row(`two CPU-bound threads (${loop} loop), ${mode}, parallel / sequential, warm (cold)`,
          `${fmt(threads[loop].warm)} (${fmt(threads[loop].cold)})`,
          `${fmt(threadsNative[loop].warm)} (${fmt(threadsNative[loop].cold)})`, target);
      }
    }

    const sleepNative = native('sleep_overlap.py');
    for (const [gil, mode] of [[true, 'GIL'], [false, 'free-threaded']]) {
      const sleep = await measure('sleep_overlap.py', { gil });
      row(`two threads sleeping 1 s, ${mode}, s`, fmt(sleep.seconds), fmt(sleepNative.seconds), '≈ 1.0');
    }

    // The modes' runs alternate and each keeps its fastest: this machine's speed drifts by
    // more than the cost measured.
    const oneThread = { on: [], off: [] };
    for (let i = 0; i < 3; i++) {
      for (const mode of i % 2 ? ['off', 'on'] : ['on', 'off']) oneThread[mode].push(await measure('one_thread.py', { gil: mode === 'on' }));
    }
    const fastest = (mode, key) => Math.min(...oneThread[mode].map((m) => m[key]));
    const cost = (a, b) => `${fmt((a / b - 1) * 100, 0)} %`;
    row('GIL bookkeeping, one thread (lesson loop, GIL / free-threaded − 1)', cost(fastest('on', 'alone'), fastest('off', 'alone')), '', '≤ 10 %');
    row('GIL bookkeeping, a second thread alive but idle', cost(fastest('on', 'with_idle_thread'), fastest('off', 'with_idle_thread')), '', '≤ 30 %');
  }

  if (wanted('timeline')) {
    // Recording's cost: every seed example (or, without ../shared, every gallery example),
    // run with the timeline recorded and without.
    const examples = fs.existsSync(SEED_DIR)
      ? fs.readdirSync(SEED_DIR).filter((f) => f.endsWith('.py')).map((f) => `${SEED_DIR}/${f}`)
      : fs.readdirSync(`${ROOT}www/examples`).filter((f) => f.endsWith('.py')).map((f) => `${ROOT}www/examples/${f}`);
    const elapsed = { on: 0, off: 0 };
    for (const file of examples) {
      const source = fs.readFileSync(file, 'utf8');
      for (const [key, record] of [['on', true], ['off', false]]) {
        page.__out = [];
        elapsed[key] += (await page.evaluate(([src, opts]) => window.weftRun(src, opts), [source, { record }])).elapsedMs;
      }
    }
    row(`recording the timeline, ${examples.length} ${fs.existsSync(SEED_DIR) ? 'seed' : 'gallery'} examples, time with / without − 1`,
      cost(elapsed.on, elapsed.off), '', '≤ 5 %');
  }

  if (wanted('loops')) {
    // Plain Python loops, the interpreter's own speed: each the fastest of three runs.
    for (const [name, label] of [['is_prime.py', 'is_prime (seed)'], ['while_prime.py', 'a while-loop prime test'], ['add_loop.py', 'the lesson\'s 1 + 1 loop, 3 M iterations (s003-24r)']]) {
      let ours = Infinity;
      let theirs = Infinity;
      for (let i = 0; i < 3; i++) {
        ours = Math.min(ours, (await measure(name)).seconds);
        theirs = Math.min(theirs, native(name).seconds);
      }
      row(`${label} time, Weft / CPython`, fmt(ours / theirs), `${fmt(theirs)} s`, '≤ 4 (stretch 3)');
    }
  }

  if (wanted('threads')) {
    // Thread.start() until it returns: the run's first, the median of 20 one at a time,
    // and 100 back to back, kept alive, twice (the second on the Workers the first left).
    const ours = await measure('thread_start.py');
    const theirs = native('thread_start.py');
    const ms = (s) => fmt(s * 1000, s < 0.01 ? 2 : 0);
    row('Thread.start(), first of a run / median of 20 one at a time, ms',
      `${ms(ours.first)} / ${ms(ours.one)}`, `${ms(theirs.first)} / ${ms(theirs.one)}`, '< 1');
    row('100 threads started back to back, first burst of a run / the next, ms',
      `${ms(ours.burst_first)} / ${ms(ours.burst_next)}`, `${ms(theirs.burst_first)} / ${ms(theirs.burst_next)}`, '≤ 100');
    const queues = await measure('threads_queue.py');
    const queuesNative = native('threads_queue.py');
    row('50 producer + 50 consumer threads, 10 000 items, queue.SimpleQueue / queue.Queue, s',
      `${fmt(queues.simple_queue)} / ${fmt(queues.queue)}`, `${fmt(queuesNative.simple_queue)} / ${fmt(queuesNative.queue)}`, '≤ 3× CPython');
    const downloads = await measure('three_downloads.py');
    row('three threads sleeping 0.3, 0.6, 0.9 s at a run\'s start (the first example), wall time, s',
      fmt(downloads.seconds), fmt(native('three_downloads.py').seconds), '≈ 0.90');
  }

  if (wanted('processes')) {
    const start = await measure('process_start.py');
    const startNative = native('process_start.py');
    row('Process.start() to first line from the child, first / next, ms',
      `${fmt(start.first * 1000, 0)} / ${fmt(start.next * 1000, 0)}`,
      `${fmt(startNative.first * 1000, 0)} / ${fmt(startNative.next * 1000, 0)}`, '≤ 150 / ≤ CPython');
    const cold = JSON.parse((await coldRuntimeRun(program('process_start.py'))).trim().split('\n').at(-1));
    row('the same on a runtime with no template yet (its first child is fresh), first / next, ms',
      `${fmt(cold.first * 1000, 0)} / ${fmt(cold.next * 1000, 0)}`, '', '');

    const ready = await measure('pool_ready.py');
    row('Pool(4): every worker started, ms', fmt(ready.seconds * 1000, 0), fmt(native('pool_ready.py').seconds * 1000, 0), '≤ 300');

    const pool = await measure('pool_speedup.py');
    row('Pool(2) CPU-bound map, speedup over serial', fmt(pool.speedup), fmt(native('pool_speedup.py').speedup), '≥ 1.85');
  }

  if (wanted('messages')) {
    const queue = await measure('queue_throughput.py');
    const queueNative = native('queue_throughput.py');
    row('multiprocessing.Queue, small objects per second, first round after start', fmt(queue.first_items_per_second, 0),
      fmt(queueNative.first_items_per_second, 0), '');
    row('multiprocessing.Queue, small objects per second, steady', fmt(queue.items_per_second, 0),
      fmt(queueNative.items_per_second, 0), '≥ 0.8× CPython');

    const pipe = await measure('pipe_latency.py');
    const pipeNative = native('pipe_latency.py');
    row('Pipe round trip, µs, first 1000 after start', fmt(pipe.first_round_trip_us, 0), fmt(pipeNative.first_round_trip_us, 0), '');
    row('Pipe round trip, µs, steady', fmt(pipe.round_trip_us, 0), fmt(pipeNative.round_trip_us, 0), '≤ 1.2× CPython');
  }

  if (wanted('first-call')) {
    const first = await measure('first_call.py');
    const firstNative = native('first_call.py');
    row('first call / steady state of a CPU-bound function', fmt(first.first / first.steady),
      fmt(firstNative.first / firstNative.steady), '≤ 1.2');
  }

  if (wanted('pytest')) {
    // The whole command's wall time, as CI sees it: weft test (Chromium, the runtime, pytest
    // in it) against the same pinned pytest on CPython (target/pytest-venv).
    const python = nativePytest();
    const wall = (cmd, args, cwd) => {
      const t0 = Date.now();
      spawnSync(cmd, args, { cwd, stdio: 'ignore' });
      return (Date.now() - t0) / 1000;
    };
    for (const [label, dir] of [
      ['the sample project (17 tests: threads, a Pool, a Process, asyncio)', `${ROOT}tests/fixtures/pytest_project`],
      ['100 trivial tests (the fixed start-up cost)', `${ROOT}bench/programs/pytest_trivial`],
    ]) {
      const ours = wall(process.execPath, [`${ROOT}cli/weft.mjs`, 'test', '-q'], dir);
      const theirs = wall(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], dir);
      row(`weft test on ${label}, wall time, s (Weft / CPython)`, `${fmt(ours, 1)} (${fmt(ours / theirs, 1)}×)`, fmt(theirs), '');
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`\n${'benchmark'.padEnd(width)} | Weft | CPython | target`);
for (const r of rows) console.log(`${r.name.padEnd(width)} | ${r.weft} | ${r.cpython} | ${r.target}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
fs.mkdirSync(`${ROOT}bench/results`, { recursive: true });
fs.writeFileSync(`${ROOT}bench/results/${stamp}.json`, JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
console.log(`\nsaved bench/results/${stamp}.json`);

// The stdout of `source` run on a runtime of its own, loaded without its warm-up.
async function coldRuntimeRun(source) {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}blank`);
    return await page.evaluate(async (source) => {
      const { Runtime } = await import('/runtime/runtime.js');
      const runtime = await Runtime.load({ warmup: false });
      let stdout = '';
      const { exitCode } = await runtime.run(source, { onOutput: (stream, text) => (stdout += stream === 1 ? text : '') }).done;
      if (exitCode !== 0) throw new Error(`bench program failed (exit code ${exitCode})`);
      return stdout;
    }, source);
  } finally {
    await page.close();
  }
}

// Page load to ready (Run can start; the warm-up goes on in the background until a run
// starts) on a first visit and on a repeat visit in the same context (HTTP cache and V8's
// code cache kept); a run started at once; what a first visit downloads, counted as the
// server writes it; and, on a runtime whose warm-up has ended, Run to first output.
async function startRows() {
  const context = await browser.newContext();
  let sent = 0;
  const count = (req, res) => {
    for (const method of ['write', 'end']) {
      const original = res[method];
      res[method] = (chunk, ...rest) => {
        if (chunk && typeof chunk !== 'function') sent += chunk.length;
        return original.call(res, chunk, ...rest);
      };
    }
  };
  const visit = async () => {
    const visitor = await context.newPage();
    await visitor.exposeFunction('weftOutput', () => {});
    const start = Date.now();
    await visitor.goto(`${server.url}runner/`);
    const ready = await visitor.evaluate(() => window.weftReady);
    if (ready !== true) throw new Error(ready);
    const readyMs = Date.now() - start;
    const hello = await visitor.evaluate(() => window.weftRun('print("hello")\n', { trace: true }));
    const threads = await visitor.evaluate((src) => window.weftRun(src, {}), program('one_thread.py'));
    if (hello.exitCode !== 0 || threads.exitCode !== 0) throw new Error('a first visit\'s programs failed');
    await visitor.close();
    return { readyMs, firstOutputMs: hello.output[0].time };
  };
  server.server.on('request', count);
  let first;
  try {
    first = await visit();
  } finally {
    server.server.off('request', count);
  }
  const repeat = await visit();
  await context.close();
  row('first visit: page load to ready, ms', fmt(first.readyMs, 0), '', '≤ 1500');
  row('repeat visit: page load to ready, ms', fmt(repeat.readyMs, 0), '', '≤ 800');
  row('first visit: a run started at ready, to its first output, ms', fmt(first.firstOutputMs, 0), '');
  row('a first visit\'s download, runner page to a threads program\'s end, MB', fmt(sent / 1e6, 1), '', '≤ 6 (stretch 4.4)');

  const page = await browser.newPage();
  await page.goto(`${server.url}blank`);
  const starts = await page.evaluate(async () => {
    const { Runtime } = await import('/runtime/runtime.js');
    const runtime = await Runtime.load({ warmup: false });
    await runtime.warmup();
    const templates = Object.values(runtime.templates).map((t) => t.bytes.length);
    const times = [];
    for (let i = 0; i < 10; i++) {
      const t1 = performance.now();
      let out = null;
      await runtime.run('print("hello")\n', { onOutput: () => (out ??= performance.now() - t1) }).done;
      times.push(out);
    }
    return { times: times.sort((a, b) => a - b), templates };
  });
  await page.close();
  row('Run to first output of print("hello"), warmed runtime, median of 10, ms', fmt(starts.times[5], 0), '', '≤ 150');
  row('memory a warmed runtime keeps for its templates (main + child), MB', fmt(starts.templates.reduce((a, b) => a + b, 0) / 1e6, 1), '');

  // As served: the engine and the copies scripts/bundle.mjs compressed beside it.
  const mb = (ext) => `${(fs.statSync(WASM_OUT + ext).size / 1e6).toFixed(1)} MB`;
  row('wasm size raw / gzip / brotli', `${mb('')} / ${mb('.gz')} / ${mb('.br')}`, '');
}
