// The page's side of Weft: compiles the engine once, then starts runs. A run is a tree
// of Python processes (www/runtime/process.js) sharing an output ring and a shared
// segment. The page never blocks: it only creates and terminates Workers, marks
// processes exited and drains output.

import { createOutputBuffer, OutputReader } from './output.js';
import { createSharedSegment, markExited } from './shared.js';
import { Process, workerScript, WORKER_MODULE, kindOf } from './process.js';
import { MEMORY } from './memory.js';
import { createStdinBuffer, StdinWriter } from './stdin.js';
import { packFiles } from './fs.js';
import { FileServer, createFileSlot } from './files.js';
import { INTERRUPT_MS } from './mailbox.js';

// Children kept started and waiting for a job, once a run has started one. They are
// warmed one at a time, each once no other child is setting up its interpreter (`#warm`).
const WARM_CHILDREN = Math.min(4, navigator.hardwareConcurrency || 1);
// After a kill, how often and how long the page looks for the output lock left held by a
// Worker ended mid-write: one whose threads could not be parked in time (Process.kill),
// which the browser lets run on for up to two seconds after terminate(). A live writer
// holds the lock for microseconds, so the same hold at two looks means its holder is gone.
const LOCK_LOOK_MS = 100;
const LOCK_LOOKS = 30;
// Trace events that name a thread or process instead of changing its state.
const NOT_STATES = ['name', 'process'];
// Waits that no signal cuts short (they run whole, not in signals::SLICE slices), by the
// label the timeline gives them: Stop ends a main thread waiting in one at once.
const UNINTERRUPTIBLE = ['sys.stdin.', 'select.select', 'os.read', 'os.write'];

export class Runtime {
  // `wasmUrl` defaults to the engine that `npm run build` puts in www/build/, `stdlibUrl`
  // to the standard library's files served beside it (scripts/stdlib.mjs); null: none, for
  // an engine without Python of ours to run (the kernel's tests).
  static async load({ wasmUrl = new URL('../build/weft.wasm', import.meta.url), stdlibUrl = new URL('../build/stdlib/', import.meta.url), warmup = true } = {}) {
    checkSupport();
    const [module, script, stdlib] = await Promise.all([WebAssembly.compileStreaming(fetch(wasmUrl)), workerScript(), stdlibUrl && servedStdlib(stdlibUrl)]);
    const runtime = new Runtime(module, script, stdlib);
    if (warmup) runtime.warmup();
    return runtime;
  }

  // `script`: the URL of the Workers' script (process.js workerScript()); `stdlib`: the
  // served standard library's index (servedStdlib).
  constructor(module, script = WORKER_MODULE, stdlib = null) {
    this.module = module;
    this.templates = {};
    this.script = script;
    this.stdlib = stdlib;
  }

  // Runs the warm-up (src/py/_weft_warmup.py) in the background, so that V8 has compiled
  // (lazily, at first call) and tiered up the interpreter by the first run, unless that
  // run comes first: a run's start ends the warm-up at once, so that the two never share
  // the CPU. Its main process and its child are the templates later ones are copied from
  // (template.js). Measured on the 2-core machine: the warm-up takes 1.0-1.9 s; awaited,
  // the page was ready 2.6-3.0 s after its load, now 0.8-1.0 s; a run started at ready
  // prints its first line 0.8-1.0 s after its start. Resolves when it ends.
  warmup() {
    this.warming = this.#run(null, { module: '_weft_warmup' });
    return this.warming.done;
  }

  // Starts `source` as main.py. `onOutput(stream, text, { pid, tid, time })`: stream 1
  // is stdout, 2 stderr; `onTrace({ pid, tid, time, state, label })`: the timeline's
  // thread states (see output.js). Times are in ms since the run started. `gil: false`
  // runs free-threaded, like python3.13t; `record: false` leaves the thread states out
  // (only the benchmark of recording's cost wants that). Standard input stays open for
  // `run.writeStdin` until `run.closeStdin()`; `stdin: 'text'` gives the whole of it at
  // once (then end of file). `onInputWanted()`: a read of stdin found nothing and waits.
  // A project: `files` (path → text or bytes, e.g. '/app/pkg/mod.py'), seen by every
  // thread and process (`source` null: the main file `filename` is one of them);
  // `module: 'pkg.mod'` runs that instead of a file, as `python -m`; `path`: directories
  // for sys.path (PYTHONPATH); `cwd`: the working directory, which also names the main
  // file by its absolute path, as CPython does. `args` is the engine's command line:
  // sys.argv, or ['-m', module, ...] (src/engine/mod.rs). `keep`: absolute paths of files
  // the program writes (a report) to hand back: when the main process exits, `done`'s
  // `kept` maps each to its final bytes, or null.
  // `terminal: { stdout, stderr }`: which of the two are terminals (isatty(); both by
  // default, as in a console); a host whose output is piped says so.
  run(source, options) {
    this.warming?.kill();
    this.warming = null;
    return this.#run(source, options);
  }

  #run(source, { filename = 'main.py', files = {}, module = null, args = module ? ['-m', module] : [filename], path = [], cwd = null, gil = true, record = true, stdin = null, keep = null, terminal, onOutput = () => {}, onTrace = () => {}, onInputWanted = () => {} } = {}) {
    const all = module || source === null ? files : { ...files, [filename]: source };
    const adopt = (kind, made) => (this.templates[kind] ??= made);
    const run = new Run(this.module, { script: this.script, files: packFiles(all, cwd ? [cwd] : []), stdlib: this.stdlib, args, path, cwd, gil, record, keep, terminal, templates: this.templates, onTemplate: adopt, onOutput, onTrace, onInputWanted });
    if (stdin !== null) {
      run.writeStdin(stdin);
      run.closeStdin();
    }
    return run;
  }
}

export class Run {
  // `files`: packed (fs.js packFiles). `templates`: what processes start from, by kind:
  // { main, child } (template.js); without one, the first process of a kind set up offers
  // itself as one, to `onTemplate(kind, template)`, unless the run has a working
  // directory or a path of its own (a copy would keep them), and the run's later
  // processes of that kind start from it.
  constructor(module, { script = WORKER_MODULE, files, stdlib = null, args, path = [], cwd = null, gil, record, keep = null, terminal, templates = {}, onTemplate = () => {}, onOutput, onTrace, onInputWanted = () => {} }) {
    this.script = script;
    this.gil = gil;
    this.templates = { ...templates };
    this.offers = !cwd && !path.length;
    this.onTemplate = onTemplate;
    this.onOutput = onOutput;
    this.onInputWanted = onInputWanted;
    const stdin = createStdinBuffer();
    this.stdin = new StdinWriter(stdin);
    this.processes = new Map();
    const output = createOutputBuffer();
    // pid → when the page killed it (ms since the start). A killed process runs on until
    // its threads are parked (Process.kill), and by then its pipes may have reached EOF:
    // what it writes after its kill is dropped, as the OS would never have let it run.
    this.killedAt = new Map();
    const alive = ({ pid, time }) => !(time > this.killedAt.get(pid));
    // pid → its threads not yet finished, which a kill finishes on the timeline.
    this.liveThreads = new Map();
    this.onTrace = (event) => {
      if (!alive(event)) return;
      if (event.pid === 1 && event.tid === 0 && !NOT_STATES.includes(event.state)) [this.mainState, this.mainLabel] = [event.state, event.label];
      if (!this.liveThreads.has(event.pid)) this.liveThreads.set(event.pid, new Set());
      const live = this.liveThreads.get(event.pid);
      if (event.state === 'finished') live.delete(event.tid);
      else live.add(event.tid);
      // A child names its process once its job is unpickled, just before the target runs.
      if (event.state === 'process' && event.pid !== 1) this.#begun(this.processes.get(event.pid));
      onTrace(event);
    };
    this.reader = new OutputReader(output, (stream, text, where) => alive(where) && onOutput(stream, text, where), this.onTrace);
    this.shared = createSharedSegment();
    this.keep = keep;
    this.files = new FileServer(script, { files, terminal, stdlib }, (message) => this.#crash(this.processes.get(1), { message }));
    this.common = {
      module,
      output,
      epoch: performance.timeOrigin + performance.now(),
      record,
      shared: this.shared,
      env: {
        WEFT_CPU_COUNT: String(navigator.hardwareConcurrency || 1),
        RUST_MIN_STACK: String(2 << 20),
        PYTHONHASHSEED: '0',
        // Plain tracebacks, as CPython 3.11 prints them (RustPython colours them on a tty).
        PYTHON_COLORS: '0',
        WEFT_GIL: gil ? '1' : '0',
        ...(cwd && { WEFT_CWD: cwd }),
        ...(path.length && { PYTHONPATH: path.join(':') }),
      },
    };
    this.waitingChildren = [];
    this.startedAt = this.common.epoch - performance.timeOrigin; // the workers' time 0
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.reader.follow();
    this.#add(this.#process({ pid: 1, args, run: { ...this.common, stdin } }));
  }

  // Appends `text` (UTF-8) to the program's standard input.
  writeStdin(text) {
    if (!this.ended) this.stdin.write(text);
  }

  // End of file for the program's standard input, once it has read what was written.
  closeStdin() {
    this.stdin.close();
  }

  get stdinClosed() {
    return this.stdin.closed;
  }

  // Stop, as Ctrl-C: the main thread gets KeyboardInterrupt, so its handlers and `finally`
  // blocks run and the traceback prints; `done` then resolves with its exit code (130 if
  // uncaught) and `stopped`. It reaches a main thread that waits (its waits look for a
  // signal every 50 ms: signals::SLICE), or that runs Python under the GIL (whose switch
  // checks deliver signals). What has not ended INTERRUPT_MS later is killed: a wait that
  // cannot be cut short (a Barrier, a full pipe). So at once is a main thread reading stdin
  // (UNINTERRUPTIBLE), a free-threaded run busy in Python (no signal reaches it), or one
  // stopped a second time.
  stop() {
    if (this.ended) return;
    const waits = ['sleeping', 'blocked'].includes(this.mainState) && !UNINTERRUPTIBLE.some((wait) => this.mainLabel.startsWith(wait));
    const reached = waits || (this.gil && ['running', 'gil'].includes(this.mainState));
    if (this.interrupted || !reached || !this.processes.get(1).interrupt()) return this.kill();
    this.interrupted = true;
    setTimeout(() => this.kill(), INTERRUPT_MS);
  }

  // Ends every worker of every process at once; `done` resolves with exit code null.
  kill() {
    this.#end({ exitCode: null, stopped: true });
  }

  #add(process) {
    this.processes.set(process.pid, process);
  }

  #newChild() {
    return this.#process({ args: ['--child'], run: this.common });
  }

  // A process served by the run's file server from its start, through a slot of its own;
  // started from the template of its kind, or fresh (offering itself as one).
  #process({ run, ...options }) {
    const template = this.templates[kindOf(options.args)];
    const start = { template, offerTemplate: !template && this.offers };
    const process = new Process({ ...options, run: { ...run, ...start, files: createFileSlot() }, onMessage: this.#onMessage, script: this.script });
    this.files.attach(process);
    return process;
  }

  // A run that starts one process will likely start more: from then on keep children
  // warmed up (interpreter set up, multiprocessing imported) for the next starts.
  #spawn(pid, ppid, payload) {
    const child = this.waitingChildren.shift() ?? this.#newChild();
    child.assign(pid, ppid, payload);
    this.#add(child);
    this.#warm();
  }

  // Starts one more warm child, unless there are enough or a child is still starting:
  // setting up its interpreter (until it waits for its job: `ready`), or, given a job,
  // re-running the main module and unpickling its process (until it `#begun`; a run
  // without the timeline hears nothing of that). A child warmed beside the one a start
  // waits for shares the CPU with it: on 2 busy cores the first Process.start() took
  // 1.1-2.0 s with two warmed beside it, 0.5-0.75 s with them warmed after it; a Pool(4)
  // copied from templates was ready in 0.80-0.85 s with its refills warmed as soon as its
  // children waited for their jobs, 0.71-0.94 s once they had begun (within the spread).
  #warm() {
    if (this.ended || this.waitingChildren.length >= WARM_CHILDREN) return;
    for (const process of [...this.processes.values(), ...this.waitingChildren]) {
      const starting = !process.ready || (process.pid && !process.begun && this.common.record);
      if (process.pid !== 1 && starting && !process.ended) return;
    }
    this.waitingChildren.push(this.#newChild());
  }

  #begun(process) {
    if (!process || process.begun) return;
    process.begun = true;
    this.#warm();
  }

  #onMessage = (process, msg) => {
    switch (msg.type) {
      case 'spawn':
        this.#spawn(msg.pid, process.pid, msg.payload);
        break;
      case 'terminate': {
        const target = this.processes.get(msg.pid);
        if (target && !target.ended) {
          this.reader.drain();
          const time = performance.now() - this.startedAt;
          for (const tid of this.liveThreads.get(msg.pid) ?? []) {
            this.onTrace({ pid: msg.pid, tid, time, state: 'finished', label: '' });
          }
          this.killedAt.set(msg.pid, time);
          this.#kill(target);
          markExited(this.shared, msg.pid, -msg.signum);
        }
        break;
      }
      case 'exit':
        if (process.pid === 1) {
          const end = (kept) => this.#end({ exitCode: msg.code, ...(kept && { kept }), ...(this.interrupted && { stopped: true }) });
          if (this.keep) this.files.read(this.keep).then(end);
          else end();
        } else {
          // Normally the engine has recorded its exit code already; not if it failed
          // before (or while) taking its job.
          this.#retire(process, msg.code);
        }
        break;
      case 'crash':
        this.#crash(process, msg);
        break;
      case 'ready':
        process.ready = true;
        this.#warm();
        break;
      case 'template':
        if (!this.templates[msg.kind]) {
          this.templates[msg.kind] = msg.template;
          this.onTemplate(msg.kind, msg.template);
        }
        break;
      case 'input-wanted':
        if (!this.ended) this.onInputWanted();
        break;
    }
  };

  // A crashed child dies alone and its parent sees exit code 1; the main process takes
  // the whole run with it.
  #crash(process, { message, outOfMemory }) {
    const text = outOfMemory
      ? `MemoryError: out of memory: the process used all of its ${MEMORY.maximum / 16} MiB\n`
      : `weft: the process crashed: ${message}\n`;
    this.reader.drain();
    this.onOutput(2, text, { pid: process.pid, tid: 0, time: performance.now() - this.startedAt });
    if (process.pid === 1) this.#end({ exitCode: 1, crashed: true });
    else this.#retire(process, 1);
  }

  #retire(process, code) {
    this.#kill(process);
    this.waitingChildren = this.waitingChildren.filter((child) => child !== process);
    if (process.pid) markExited(this.shared, process.pid, code);
  }

  // Ends a process whose siblings run on; frees the output lock if it died holding it,
  // and once its Workers are surely gone, its fds.
  #kill(process) {
    process.kill();
    let seen = 0;
    let looks = 0;
    const look = setInterval(() => {
      const held = this.reader.lockHeldBy(process.writer);
      if (held && held === seen) this.reader.release(held);
      seen = held;
      if (++looks === LOCK_LOOKS || this.ended) {
        clearInterval(look);
        this.files.detach(process);
      }
    }, LOCK_LOOK_MS);
  }

  #end(result) {
    if (this.ended) return;
    this.ended = true;
    for (const process of [...this.processes.values(), ...this.waitingChildren]) process.kill();
    this.files.close();
    this.reader.close();
    this.finish({ ...result, elapsedMs: performance.now() - this.startedAt });
  }
}

function checkSupport() {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    throw new Error('Weft needs a cross-origin isolated page (COOP/COEP) for SharedArrayBuffer.');
  }
  const threadsProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 4, 1, 3, 1, 1]);
  if (!WebAssembly.validate(threadsProbe)) {
    throw new Error('This browser does not support WebAssembly threads (shared memory).');
  }
}

// The index of the standard library's files served at `url` (scripts/stdlib.mjs writes
// it): { root, base, files }, for each run's file server to mount.
async function servedStdlib(url) {
  const index = new URL('index.json', url);
  const response = await fetch(index);
  if (!response.ok) throw new Error(`Weft could not load the standard library's index (${index}): HTTP ${response.status}`);
  return { ...(await response.json()), base: url.href };
}
