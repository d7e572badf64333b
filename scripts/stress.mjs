// `npm run stress [-- --quick] [--seed N] [--only stop|states|delivery|faults]`: Stop, kills,
// exactly-once delivery and traps under a load that keeps both cores busy, in a time budget;
// prints a report, saves tests/artifacts/stress-report.json, exits 1 if a must-be-0 isn't 0.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ROOT } from './setup.mjs';
import { serve, WWW } from '../cli/server.mjs';
import { launch } from '../cli/browser.mjs';
import { END, HALTED, HALT_MS, INTERRUPT_MS } from '../www/runtime/mailbox.js';

const { values: opts } = parseArgs({ options: { quick: { type: 'boolean' }, seed: { type: 'string' }, only: { type: 'string' } } });
const QUICK = Boolean(opts.quick);
const BUDGET_MS = (QUICK ? 4 : 15) * 60_000;
const STOPS_PER_EXAMPLE = QUICK ? 2 : 20;
const REPEATS = QUICK ? 1 : 2; // of each child state and signal, and of each fault
const ITEMS = QUICK ? 200 : 1000; // per delivery configuration
// A Stop whose `done` has not resolved by then, or a tiny run not finished, is a hang.
const BOUND_MS = 10_000;
// A stress program (children, 1 GiB filled for a trap) not finished by then is a hang.
const PROGRAM_MS = 90_000;
// A stopped run was killed (null), ended by its KeyboardInterrupt (130, as Ctrl-C), or
// ended as it would have (0, every gallery example's status): the interrupt came after
// its last line, or in clean-up that reports it and goes on (atexit, a finalizer), as
// CPython's does.
const STOPPED_CODES = [null, 130, 0];
const REPORT = `${ROOT}tests/artifacts/stress-report.json`;
const STATES = ['starting', 'spinning', 'queue_get', 'pipe_recv', 'lock_acquire', 'event_wait', 'printing', 'allocating', 'kernel_calls'];
// [kind, producers, consumers]: "PxT" is P processes of T threads, P = 0 the main process.
const DELIVERY = [
  ['queue', '2x1', '2x1'], ['queue', '2x2', '0x3'], ['queue', '0x4', '3x1'],
  ['pipe', '2x1', '2x1'], ['pipe', '2x2', '2x2'], ['pipe', '0x3', '0x2'],
];
const FAULT_PLACES = ['write', 'lock', 'kernel'];
// Pages running at once, each its own runner: the gallery's examples mostly sleep, so two
// fit 20 Stops of each in the budget (and stress the machine more).
const SESSIONS = 2;

// mulberry32: the delays come from `--seed`, drawn as the jobs are made, so a run can be
// replayed (a failure's details name its delay too).
const seed = Number(opts.seed ?? Date.now() % 2 ** 32) >>> 0;
let state = seed;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};

const read = (path) => fs.readFileSync(`${ROOT}${path}`, 'utf8');
const started = Date.now();
const report = {
  seed, quick: QUICK, budgetMs: BUDGET_MS, load: null,
  runs: { stop: 0, states: 0, delivery: 0, faults: 0, next: 0 },
  skipped: 0, hangs: [], wrongStatus: [], lost: 0, duplicated: 0, items: 0,
  stops: [], typicalMs: {}, lockLeftHeld: 0, sessions: SESSIONS,
};

// ---- Load: two busy processes for the whole suite, ended however it ends.

const CLOCK_TICKS = 100; // USER_HZ, for /proc/PID/stat
const spinners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
const cpuSeconds = (child) => {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
};
const stopLoad = () => spinners.forEach((child) => child.kill('SIGKILL'));
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// ---- The page: the runner (www/runner/) plus `stressRun`, which runs one program and
// can stop it at a moment, measuring how long the Stop takes.

function pageHelpers({ haltMs, interruptMs, end, halted }) {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // Output stays in the page, a flood of it need not cross to Node: each stream's first
  // and last CAP characters.
  const CAP = 1 << 20;
  let sink;
  window.weftOutput = (segments) => {
    for (const [stream, text] of segments) {
      const s = sink[stream];
      if (s.head.length < CAP) s.head += text;
      else if ((s.tail += text).length > 2 * CAP) s.tail = s.tail.slice(-CAP);
    }
  };
  const text = ({ head, tail }) => (tail ? `${head}\n[…]\n${tail.slice(-CAP)}` : head);
  // Each unfinished thread's last state: what a hung run was doing.
  const lastStates = (trace) => {
    const last = new Map();
    for (const e of trace) last.set(`${e.pid}/${e.tid}`, e);
    return [...last.values()].filter((e) => e.state !== 'finished' && e.state !== 'name' && e.state !== 'process')
      .map((e) => `pid ${e.pid} tid ${e.tid}: ${e.state}${e.label ? ` (${e.label})` : ''} since ${Math.round(e.time)} ms`);
  };
  // Stop → `done`; and Stop → every live process has parked its threads (mailbox word 4
  // is 2, see www/runtime/process.js), a process not parked by then having had its Workers
  // cut. Parking is measured while the next run goes on, and told by later stressRuns.
  let stops = 0;
  const parks = [];
  const measureStop = async (run, boundMs) => {
    const live = [...run.processes.values()].filter((p) => !p.ended && !p.exited);
    const id = ++stops;
    const t0 = performance.now();
    run.stop();
    // Stop may first interrupt the main thread (INTERRUPT_MS), and
    // a process that then exits has nothing left to park.
    const deadline = t0 + interruptMs + haltMs + 100;
    Promise.all(live.map(async (p) => {
      for (let now; (now = Atomics.load(p.mailbox, end)) !== halted && !p.exited; ) {
        const { async, value } = Atomics.waitAsync(p.mailbox, end, now, Math.min(deadline - performance.now(), 20));
        if (async) await value;
        if (performance.now() >= deadline) return null;
      }
      return performance.now() - t0;
    })).then((parked) => {
      const times = parked.filter((ms) => ms !== null);
      parks.push({ id, parkMs: times.length ? Math.max(...times) : null, cutOff: parked.length - times.length });
    });
    const doneMs = await Promise.race([run.done.then(() => performance.now() - t0), sleep(boundMs).then(() => null)]);
    return { id, doneMs, processes: live.length };
  };
  window.stressRun = async ({ source, filename, args = [], gil = true, stopAfterMs = null, boundMs }) => {
    sink = { 1: { head: '', tail: '' }, 2: { head: '', tail: '' } };
    const parked = parks.splice(0);
    let ended = false;
    const finished = window.weftRun(source, { filename, args: [filename, ...args], gil, trace: true, stdin: '' });
    finished.then(() => (ended = true));
    await sleep(0);
    const run = window.weftCurrent();
    let stop = null;
    if (stopAfterMs !== null) {
      await Promise.race([finished, sleep(stopAfterMs)]);
      if (!ended) stop = await measureStop(run, boundMs);
    }
    let hang = stop?.doneMs === null;
    let result = await Promise.race([finished, sleep(boundMs).then(() => null)]);
    if (!result) {
      hang = true;
      run.stop();
      result = await Promise.race([finished, sleep(boundMs).then(() => null)]);
    }
    const { trace = [], output, ...status } = result ?? {};
    return { ...status, stop, parks: parked, hang, states: hang ? lastStates(trace) : undefined, stdout: text(sink[1]), stderr: text(sink[2]) };
  };
}

class Session {
  constructor(browser, url) {
    this.browser = browser;
    this.url = url;
    this.stops = new Map(); // the page's stop id → its sample, told its parking later
  }

  async open() {
    this.stops.clear();
    this.page = await this.browser.newPage();
    await this.page.goto(`${this.url}runner/`);
    const ready = await this.page.evaluate(() => window.weftReady);
    if (ready !== true) throw new Error(`the runtime failed to load: ${ready}`);
    await this.page.evaluate(pageHelpers, { haltMs: HALT_MS, interruptMs: INTERRUPT_MS, end: END, halted: HALTED });
  }

  // A page that stops answering is a hang too; the suite goes on in a fresh page.
  async run(spec) {
    const limit = (spec.stopAfterMs ?? 0) + 3 * spec.boundMs;
    let timer;
    try {
      return await Promise.race([
        this.page.evaluate((s) => window.stressRun(s), spec),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${limit} ms`)), limit))),
      ]);
    } catch (err) {
      await this.page.close().catch(() => {});
      await this.open();
      return { hang: true, states: [`the page stopped answering: ${err.message}`], stdout: '', stderr: '' };
    } finally {
      clearTimeout(timer);
    }
  }
}

// ---- Runs and their checks.

const tail = (text, n) => (text.length > n ? `…${text.slice(-n)}` : text);

// Runs one program in `session`; `check(result)` names what is wrong with it, or null.
async function attempt(session, phase, what, spec, check) {
  report.runs[phase]++;
  const result = await session.run({ boundMs: PROGRAM_MS, ...spec });
  for (const { id, ...parked } of result.parks ?? []) Object.assign(session.stops.get(id) ?? {}, parked);
  const problem = result.hang ? 'hang' : check(result);
  if (problem) {
    const failure = {
      phase, what, gil: spec.gil ?? true, args: spec.args, stopAfterMs: spec.stopAfterMs, problem,
      exitCode: result.exitCode, stopped: result.stopped, crashed: result.crashed, states: result.states,
      stdout: tail(result.stdout, 600), stderr: tail(result.stderr, 1500),
    };
    (result.hang ? report.hangs : report.wrongStatus).push(failure);
    console.log(`  ${result.hang ? 'HANG' : 'WRONG'} ${what}: ${problem}`);
  }
  return result;
}

// After a Stop or a crash, the same page must run a program at once.
const nextRun = (session, what) => attempt(session, 'next', `${what}, then a tiny run`, { source: 'print("alive")\n', filename: 'alive.py', boundMs: BOUND_MS },
  (r) => (r.exitCode === 0 && r.stdout === 'alive\n' ? null : `the next run gave ${r.exitCode}: ${tail(r.stdout + r.stderr, 200)}`));

const exitCodeProblem = (r) => (r.exitCode === 0 ? null : `exit code ${r.exitCode}${r.stopped ? ' (stopped)' : ''}${r.crashed ? ' (crashed)' : ''}`);

function stopJobs() {
  const examples = JSON.parse(read('www/examples/index.json')).topics.flatMap((t) => t.examples.map((e) => e.file));
  const sources = new Map(examples.map((file) => [file, read(`www/examples/${file}`)]));
  // file → its run's duration, promised by its measuring job (which starts before any of
  // its stops: jobs start in order).
  const typical = new Map();
  const measure = (file) => async (session) => {
    const running = attempt(session, 'stop', `${file}, run to its end`, { source: sources.get(file), filename: file }, exitCodeProblem)
      .then((r) => (report.typicalMs[file] = Math.round(r.elapsedMs || 1000)));
    typical.set(file, running);
    await running;
  };
  const stopOnce = (file, round, fraction = random()) => async (session) => {
    const gil = round % 2 === 0;
    const stopAfterMs = Math.round(fraction * await typical.get(file));
    const what = `${file} (GIL ${gil ? 'on' : 'off'}) stopped at ${stopAfterMs} ms`;
    const r = await attempt(session, 'stop', what, { source: sources.get(file), filename: file, gil, stopAfterMs, boundMs: BOUND_MS },
      (r) => (r.stop ? (r.stopped && STOPPED_CODES.includes(r.exitCode) ? null : `after Stop: exit code ${r.exitCode}, stopped ${r.stopped}`) : exitCodeProblem(r)));
    if (r.stop?.doneMs != null) {
      const sample = { file, gil, stopAfterMs, ...r.stop, parkMs: null, cutOff: 0 };
      report.stops.push(sample);
      session.stops.set(sample.id, sample);
    }
    await nextRun(session, what);
  };
  // Round by round, so a short budget still stops every example.
  const rounds = Array.from({ length: STOPS_PER_EXAMPLE }, (_, round) => examples.map((file) => stopOnce(file, round)));
  return [...examples.map(measure), ...rounds.flat()];
}

function stateJobs() {
  const source = read('tests/stress/child_states.py');
  const jobs = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const state of STATES) {
      for (const [how, code] of [['terminate', -15], ['kill', -9]]) {
        const gil = jobs.length % 2 === 0;
        const waitMs = Math.round(random() * 300);
        jobs.push(async (session) => {
          const want = `exitcode ${code} joined True`;
          await attempt(session, 'states', `${how}() of a child ${state} (GIL ${gil ? 'on' : 'off'}, after ${waitMs} ms)`,
            { source, filename: 'child_states.py', args: [state, how, String(waitMs)], gil },
            (r) => exitCodeProblem(r)
              ?? (state !== 'starting' && !r.stdout.includes('ready True') ? 'the child never got ready' : null)
              ?? (r.stdout.includes(want) ? null : `wanted "${want}", got "${r.stdout.match(/exitcode \S+ joined \S+/)?.[0]}"`)
              ?? (r.stdout.endsWith('parent continues\n') ? null : 'the parent did not go on'));
        });
      }
    }
  }
  return jobs;
}

// Every (producer, seq) must arrive once: consumers print `got p:s …`, one line each.
function checkDelivery(r, producers, perProducer) {
  const seen = new Map();
  for (const [, items] of r.stdout.matchAll(/^got ?(.*)$/gm)) {
    for (const item of items.split(' ').filter(Boolean)) seen.set(item, (seen.get(item) ?? 0) + 1);
  }
  let lost = 0;
  for (let p = 0; p < producers; p++) for (let s = 0; s < perProducer; s++) lost += seen.has(`${p}:${s}`) ? 0 : 1;
  const duplicated = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
  const unknown = [...seen.keys()].filter((item) => {
    const [p, s] = item.split(':').map(Number);
    return !(p < producers && s < perProducer);
  });
  return { lost, duplicated, unknown };
}

function deliveryJobs() {
  const source = read('tests/stress/exactly_once.py');
  return DELIVERY.flatMap(([kind, producing, consuming]) => [true, ...(QUICK ? [] : [false])].map((gil) => async (session) => {
    const [procs, threads] = producing.split('x').map(Number);
    const producers = Math.max(procs, 1) * threads;
    const perProducer = Math.floor(ITEMS / producers);
    let counted;
    await attempt(session, 'delivery', `${kind}, producers ${producing}, consumers ${consuming}, ${ITEMS} items (GIL ${gil ? 'on' : 'off'})`,
      { source, filename: 'exactly_once.py', args: [kind, String(ITEMS), producing, consuming], gil },
      (r) => {
        counted = checkDelivery(r, producers, perProducer);
        return exitCodeProblem(r)
          ?? (r.stdout.includes(`expect ${producers} ${perProducer}\n`) ? null : 'no final line')
          ?? (counted.unknown.length ? `items never sent: ${counted.unknown.slice(0, 5).join(' ')}` : null);
      });
    if (!counted) return; // a hang, counted as such
    report.items += producers * perProducer;
    report.lost += counted.lost;
    report.duplicated += counted.duplicated;
    if (counted.lost || counted.duplicated) console.log(`  LOST ${counted.lost}, DUPLICATED ${counted.duplicated}: ${kind} ${producing} → ${consuming}`);
  }));
}

function faultJobs() {
  const source = read('tests/stress/faults.py');
  const jobs = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const place of FAULT_PLACES) {
      for (const who of ['child', 'main']) {
        jobs.push(async (session) => {
          const what = `a trap in the ${who} process during ${place}`;
          const r = await attempt(session, 'faults', what, { source, filename: 'faults.py', args: [place, who] }, (r) => (who === 'main'
            ? (r.crashed && r.exitCode === 1 && /MemoryError: out of memory/.test(r.stderr) ? null : `crashed ${r.crashed}, exit code ${r.exitCode}`)
            : exitCodeProblem(r)
              ?? (/MemoryError/.test(r.stderr) ? null : 'no MemoryError reported')
              ?? (r.stdout.includes('exitcode 1\n') ? null : `child ${r.stdout.match(/exitcode \S+/)?.[0]}`)
              ?? (r.stdout.includes('kernel works True\n') && r.stdout.endsWith('parent continues\n') ? null : 'the parent did not go on')));
          if (r.stdout.includes('lock left held True')) report.lockLeftHeld++;
          await nextRun(session, what);
        });
      }
    }
  }
  return jobs;
}

// ---- The report.

const percentile = (values, p) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const spread = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : null });
const ms = (x) => (x === null ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(0));

function finish(note) {
  const wallSeconds = (Date.now() - started) / 1000;
  report.elapsedSeconds = Math.round(wallSeconds);
  report.note = note;
  report.load = {
    what: '2 × `node -e "for (;;);"` at normal priority, for the whole suite',
    cpuSeconds: spinners.map((child) => Math.round(cpuSeconds(child))),
    wallSeconds: Math.round(wallSeconds),
  };
  const slowest = report.stops.reduce((a, b) => (b.doneMs > (a?.doneMs ?? -1) ? b : a), null);
  report.stopLatencyMs = { ...spread(report.stops.map((s) => s.doneMs)), slowest };
  const parks = report.stops.map((s) => s.parkMs).filter((x) => x !== null);
  report.parkLatencyMs = spread(parks);
  report.cutOff = report.stops.reduce((n, s) => n + s.cutOff, 0);
  const runs = Object.values(report.runs).reduce((a, b) => a + b, 0);
  const stop = report.stopLatencyMs;
  const park = report.parkLatencyMs;
  const rows = [
    ['runs tried', `${runs}: ${report.runs.stop} gallery (${report.stops.length} stopped mid-run), ${report.runs.states} child states, ${report.runs.delivery} delivery, ${report.runs.faults} faults, ${report.runs.next} next runs`, ''],
    ['hangs', report.hangs.length, '0'],
    ['wrong exit codes or statuses', report.wrongStatus.length, '0'],
    [`lost items (of ${report.items})`, report.lost, '0'],
    ['duplicated items', report.duplicated, '0'],
    ['Stop → done, ms: p50 / p95 / slowest', `${ms(stop.p50)} / ${ms(stop.p95)} / ${ms(stop.max)}${slowest ? ` (${slowest.file} at ${slowest.stopAfterMs} ms)` : ''}`, ''],
    ['Stop → every thread parked, ms: p50 / p95 / slowest', `${ms(park.p50)} / ${ms(park.p95)} / ${ms(park.max)}`, ''],
    [`processes not parked in ${HALT_MS} ms (Workers cut)`, report.cutOff, ''],
    ['child traps that left their Lock held', report.lockLeftHeld, ''],
    ['runs skipped for the time budget', report.skipped, ''],
    ['load', `${report.load.what}: ${report.load.cpuSeconds.join(' + ')} CPU-s in ${report.load.wallSeconds} s`, ''],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\nWeft stress report (seed ${seed}${QUICK ? ', quick' : ''}, engine ${report.engine.sha256}, ${report.elapsedSeconds} s)${note ? `: ${note}` : ''}`);
  for (const [name, value, must] of rows) console.log(`${name.padEnd(width)} | ${value}${must ? ` (must be ${must})` : ''}`);
  for (const failure of [...report.hangs, ...report.wrongStatus]) console.log(`\n${failure.problem}: ${failure.what}\n${JSON.stringify(failure, null, 2)}`);
  fs.mkdirSync(`${ROOT}tests/artifacts`, { recursive: true });
  fs.writeFileSync(REPORT, JSON.stringify(report, null, 2));
  console.log(`\nsaved ${REPORT.slice(ROOT.length)}`);
  const ok = !note && !report.hangs.length && !report.wrongStatus.length && !report.lost && !report.duplicated;
  process.exit(ok ? 0 : 1);
}

// ---- Main: each phase gets its share of the time left, what it leaves goes to the next.

if (!fs.existsSync(`${WWW}build/weft.wasm`)) {
  console.error('stress: www/build/weft.wasm is missing; build the engine first (npm run build)');
  process.exit(2);
}
// The pages are served a copy of www/ taken now: the tree may be rebuilt or edited during
// the suite, and a page and the Workers it starts later must load one version of it.
const snapshot = fs.mkdtempSync(`${os.tmpdir()}/weft-stress-`);
process.on('exit', () => fs.rmSync(snapshot, { recursive: true, force: true }));
fs.cpSync(WWW, snapshot, { recursive: true });
const WASM = `${snapshot}/build/weft.wasm`;
// Which engine the figures are of (the pages load it once, at their start).
report.engine = { sha256: createHash('sha256').update(fs.readFileSync(WASM)).digest('hex').slice(0, 16), built: fs.statSync(WASM).mtime };
const watchdog = setTimeout(() => finish(`stopped by the ${BUDGET_MS / 60_000}-minute budget`), BUDGET_MS);
const server = await serve({ root: `${snapshot}/` });
const browser = await launch();
try {
  const sessions = Array.from({ length: SESSIONS }, () => new Session(browser, server.url));
  await Promise.all(sessions.map((session) => session.open()));
  const phases = [['stop', 0.72, stopJobs], ['states', 0.1, stateJobs], ['delivery', 0.08, deliveryJobs], ['faults', 0.1, faultJobs]]
    .filter(([name]) => !opts.only || name === opts.only);
  // Room for the report and for closing the browser.
  const end = started + BUDGET_MS - 20_000;
  let shares = phases.reduce((sum, [, share]) => sum + share, 0);
  for (const [name, share, jobs] of phases) {
    const deadline = Date.now() + ((end - Date.now()) * share) / shares;
    shares -= share;
    const list = jobs();
    console.log(`${name}: ${list.length} runs, until ${new Date(deadline).toISOString().slice(11, 19)}`);
    let next = 0;
    await Promise.all(sessions.map(async (session) => {
      while (next < list.length && Date.now() < deadline) await list[next++](session);
    }));
    if (next < list.length) {
      report.skipped += list.length - next;
      console.log(`  ${name}: ${list.length - next} runs skipped for the time budget`);
    }
  }
} finally {
  clearTimeout(watchdog);
  await browser.close().catch(() => {});
  await server.close();
}
finish(null);
