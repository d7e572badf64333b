// One Python process of a run: its own wasm memory, a main Worker running `_start`, and
// spare Workers for its threads, kept ahead of demand. The run's output ring and shared
// segment are common to all processes. A child starts without a job and waits on its
// mailbox until `assign` gives it one, so the page can keep children warmed up ahead of
// `Process.start()`. `onMessage(process, msg)` hears what the workers report; their HTTP
// requests are run here (`Fetcher`).

import { createThreadControl, ThreadControl, MAX_THREADS } from './threads.js';
import { MEMORY } from './memory.js';
import { Fetcher } from './fetch.js';
import { createMailbox, PID, ASSIGNED, END, RUNNING, HALT, INTERRUPT, HALT_MS } from './mailbox.js';

export const WORKER_MODULE = new URL('./worker.js', import.meta.url);
const WORKER_BUNDLE = new URL('../build/worker.js', import.meta.url);
// What scripts/bundle.mjs bundled into WORKER_BUNDLE: { inputs: { path under www/: sha256 } }.
const WORKER_INPUTS = new URL('../build/worker.json', import.meta.url);
// Spare Workers, each with the module instantiated on the process's memory and waiting on
// its control block: a thread start only hands its request over (threads.js). The
// process keeps at least SPARES (a child CHILD_SPARES) free for the next starts and as
// many as it has threads (the pool doubles as threads come), so a burst of starts finds
// most of its Workers ready, while a program with few threads pays for a few Workers.
// They are never fewer than they were: a finished thread's Worker becomes a spare again.
const SPARES = 3;
// A child's first thread is its Stop thread; the starts of several children at once (a
// Pool's) share the CPU with every Worker they instantiate.
const CHILD_SPARES = 1;
let writers = 0;

// The script every Worker runs: worker.js bundled with its imports, one fetch and one
// module (a Worker then starts in about a third of the time, 18 ms instead of 50 on a
// busy machine), if the bundle was made from the sources served now; else worker.js and
// its module graph, so an edit of the runtime is never run stale.
export async function workerScript() {
  try {
    const { inputs } = await (await fetch(WORKER_INPUTS)).json();
    const www = new URL('../', import.meta.url);
    const fresh = await Promise.all(Object.entries(inputs).map(async ([path, digest]) => {
      const bytes = await (await fetch(new URL(path, www))).arrayBuffer();
      return hex(await crypto.subtle.digest('SHA-256', bytes)) === digest;
    }));
    if (fresh.length && fresh.every(Boolean)) return WORKER_BUNDLE;
    console.warn('weft: www/build/worker.js is older than www/runtime/ (node scripts/bundle.mjs remakes it); using www/runtime/worker.js');
  } catch {
    // No bundle (or no crypto.subtle outside a secure context): the modules.
  }
  return WORKER_MODULE;
}

// A process's kind, by its engine command line: 'child' or 'main' (each has a template).
export const kindOf = (args) => (args[0] === '--child' ? 'child' : 'main');

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

export class Process {
  // `args`: the engine's command line after its name (`['--child']` for a child).
  // `script`: the Workers' script (workerScript()).
  constructor({ pid = 0, args, run, onMessage, script = WORKER_MODULE }) {
    this.pid = pid;
    this.script = script;
    this.onMessage = onMessage;
    this.mailbox = createMailbox(pid);
    this.workers = [];
    this.spares = 0; // spare Workers started (idle, starting up or running a thread)
    this.ended = false;
    this.exited = false; // its main thread has returned
    this.ready = false; // a child: its interpreter is set up (it has waited for its job)
    // Its tag on the run's output lock (output.js): 1 to 4095, unique among any run's
    // last 4095 processes.
    this.writer = (writers++ % 4095) + 1;
    this.threads = new ThreadControl(createThreadControl());
    this.config = {
      ...run,
      mailbox: this.mailbox.buffer,
      memory: new WebAssembly.Memory({ ...MEMORY, shared: true }),
      threads: this.threads.ctl.buffer,
      args: ['weft', ...args],
      kind: kindOf(args),
      writer: this.writer,
    };
    this.fetcher = new Fetcher(this.config.memory);
    this.#spawnWorker('main');
  }

  // Gives a waiting child its job.
  assign(pid, ppid, payload) {
    this.pid = pid;
    this.mailbox.set([pid, ppid, payload], PID);
    Atomics.store(this.mailbox, ASSIGNED, 1);
    Atomics.notify(this.mailbox, ASSIGNED);
  }

  // Ctrl-C: asks the process's Stop thread for SIGINT in its main thread. False if the
  // process is already ending.
  interrupt() {
    if (this.ended || Atomics.compareExchange(this.mailbox, END, RUNNING, INTERRUPT) !== RUNNING) return false;
    Atomics.notify(this.mailbox, END);
    return true;
  }

  // Ends this process: no more of it is heard from now on. Its Workers end once its
  // threads are parked (at once if its main thread has already returned).
  kill() {
    if (this.ended) return;
    this.ended = true;
    this.fetcher.stop();
    const terminate = () => this.workers.forEach((worker) => worker.terminate());
    if (this.exited) return terminate();
    Atomics.store(this.mailbox, END, HALT);
    Atomics.notify(this.mailbox, END);
    const { async, value } = Atomics.waitAsync(this.mailbox, END, HALT, HALT_MS);
    if (async) value.then(terminate);
    else terminate();
  }

  // Starts spare Workers, all at once, until those not taken by a thread (a queued
  // request has taken one) are at least SPARES and at least as many as the threads
  // besides the main one (the hidden Stop thread's included), within the thread limit:
  // one Worker per thread, the main one's included.
  #topUp() {
    const threads = this.threads.live - 1;
    const want = Math.min(MAX_THREADS - 1, threads + Math.max(this.config.kind === 'child' ? CHILD_SPARES : SPARES, threads));
    while (this.spares < want) {
      this.spares++;
      this.#spawnWorker('spare');
    }
  }

  #spawnWorker(role) {
    const worker = new Worker(this.script, { type: 'module' });
    worker.onmessage = ({ data }) => this.#handle(data);
    worker.onerror = (event) => this.onMessage(this, { type: 'crash', message: event.message || 'worker failed to start' });
    worker.postMessage({ role, ...this.config });
    this.workers.push(worker);
  }

  #handle(msg) {
    if (msg.type === 'exit') this.exited = true;
    if (this.ended) return;
    if (msg.type === 'instantiated') {
      // Thread instances may only exist once the main one has set up the memory.
      this.#topUp();
    } else if (msg.type === 'spawned') {
      this.#topUp();
    } else if (!this.fetcher.handle(msg)) {
      this.onMessage(this, msg);
    }
  }
}
