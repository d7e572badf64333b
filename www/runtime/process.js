// One Python process of a run: its own wasm memory, a main Worker running `_start`, and
// spare Workers for its threads. The run's output ring and shared segment are common to
// all processes. `onMessage(process, msg)` hears what the workers report.

import { createThreadControl, ThreadControl } from './threads.js';
import { MEMORY } from './memory.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
const SPARES = 2;

export class Process {
  // `pid`: 1 for the main process; `args`: the engine's command line after its name.
  constructor({ pid, ppid, args, run, onMessage }) {
    this.pid = pid;
    this.ppid = ppid;
    this.onMessage = onMessage;
    this.workers = [];
    this.ended = false;
    this.threads = new ThreadControl(createThreadControl());
    this.config = {
      ...run,
      pid,
      memory: new WebAssembly.Memory({ ...MEMORY, shared: true }),
      threads: this.threads.ctl.buffer,
      args: ['weft', ...args],
      env: { ...run.env, ...(pid === 1 ? {} : { WEFT_PID: String(pid), WEFT_PPID: String(ppid) }) },
    };
    this.#spawnWorker('main');
  }

  // Ends every worker of this process at once.
  kill() {
    this.ended = true;
    for (const worker of this.workers) worker.terminate();
  }

  #spawnWorker(role) {
    const worker = new Worker(WORKER_URL, { type: 'module' });
    worker.onmessage = ({ data }) => this.#handle(data);
    worker.onerror = (event) => this.onMessage(this, { type: 'crash', message: event.message || 'worker failed to start' });
    worker.postMessage({ role, ...this.config });
    this.workers.push(worker);
  }

  #handle(msg) {
    if (this.ended) return;
    if (msg.type === 'instantiated') {
      // Thread instances may only exist once the main one has set up the memory.
      for (let i = 0; i < SPARES; i++) this.#spawnWorker('spare');
    } else if (msg.type === 'spawned') {
      // Keep spares ahead of demand; idle ones are reused for later threads.
      if (this.threads.idle < SPARES) this.#spawnWorker('spare');
    } else {
      this.onMessage(this, msg);
    }
  }
}
