// One Python process of a run: its own wasm memory, a main Worker running `_start`, and
// spare Workers for its threads. The run's output ring and shared segment are common to
// all processes. A child starts without a job and waits on its mailbox until `assign`
// gives it one, so the page can keep children warmed up ahead of `Process.start()`.
// `onMessage(process, msg)` hears what the workers report; their HTTP requests are run
// here (`Fetcher`).

import { createThreadControl, ThreadControl } from './threads.js';
import { MEMORY } from './memory.js';
import { Fetcher } from './fetch.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
// Three: the hidden Stop thread takes one for good, and programs often start two at once.
const SPARES = 3;
// How long a kill waits for the process to park its threads before ending its Workers.
const HALT_MS = 500;
let writers = 0;

export class Process {
  // `args`: the engine's command line after its name (`['--child']` for a child).
  constructor({ pid = 0, args, run, onMessage }) {
    this.pid = pid;
    this.onMessage = onMessage;
    // pid, ppid, payload channel, a flag the child waits on (1: assigned), then the end
    // flag (1: asked to halt, 2: halted; src/engine/weft_module.rs `halt_on_stop`).
    this.mailbox = new Int32Array(new SharedArrayBuffer(20));
    this.mailbox[0] = pid;
    this.workers = [];
    this.ended = false;
    this.exited = false; // its main thread has returned
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
      writer: this.writer,
    };
    this.fetcher = new Fetcher(this.config.memory);
    this.#spawnWorker('main');
  }

  // Gives a waiting child its job.
  assign(pid, ppid, payload) {
    this.pid = pid;
    this.mailbox.set([pid, ppid, payload]);
    Atomics.store(this.mailbox, 3, 1);
    Atomics.notify(this.mailbox, 3);
  }

  // Ends this process: no more of it is heard from now on. Its Workers end once its
  // threads are parked (at once if its main thread has already returned).
  kill() {
    if (this.ended) return;
    this.ended = true;
    this.fetcher.stop();
    const terminate = () => this.workers.forEach((worker) => worker.terminate());
    if (this.exited) return terminate();
    Atomics.store(this.mailbox, 4, 1);
    Atomics.notify(this.mailbox, 4);
    const { async, value } = Atomics.waitAsync(this.mailbox, 4, 1, HALT_MS);
    if (async) value.then(terminate);
    else terminate();
  }

  #spawnWorker(role) {
    const worker = new Worker(WORKER_URL, { type: 'module' });
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
      for (let i = 0; i < SPARES; i++) this.#spawnWorker('spare');
    } else if (msg.type === 'spawned') {
      // Keep spares ahead of demand; idle ones are reused for later threads.
      if (this.threads.idle < SPARES) this.#spawnWorker('spare');
    } else if (!this.fetcher.handle(msg)) {
      this.onMessage(this, msg);
    }
  }
}
