// The page's side of Weft: compiles the engine once, then starts runs. A run is one
// Python process (a main Worker plus spare Workers for its threads) sharing a memory,
// an output ring and a thread control block. The page never blocks: it only creates
// and terminates Workers and drains output.

import { createOutputBuffer, OutputReader } from './output.js';
import { createThreadControl, ThreadControl } from './threads.js';
import { MEMORY } from './memory.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
const SPARES = 2;

export class Runtime {
  // `wasmUrl` defaults to the engine that `npm run build` puts in www/build/.
  static async load({ wasmUrl = new URL('../build/weft.wasm', import.meta.url), warmup = true } = {}) {
    checkSupport();
    const module = await WebAssembly.compileStreaming(fetch(wasmUrl));
    const runtime = new Runtime(module);
    if (warmup) await runtime.warmup();
    return runtime;
  }

  constructor(module) {
    this.module = module;
  }

  // Runs the interpreter's hot loop once so that later runs start in optimized code.
  async warmup() {
    await this.run('', { args: ['--warmup', '<warmup>'] }).done;
  }

  // Starts `source` as main.py. `onOutput(stream, text, tid)`: stream 1 stdout, 2 stderr.
  run(source, { filename = 'main.py', files = {}, args = [filename], onOutput = () => {} } = {}) {
    return new Run(this.module, { source, filename, files, args, onOutput });
  }
}

export class Run {
  constructor(module, { source, filename, files, args, onOutput }) {
    this.workers = [];
    this.onOutput = onOutput;
    this.threads = new ThreadControl(createThreadControl());
    const output = createOutputBuffer();
    this.reader = new OutputReader(output, onOutput);
    this.config = {
      module,
      memory: new WebAssembly.Memory({ ...MEMORY, shared: true }),
      output,
      threads: this.threads.ctl.buffer,
      args: ['weft', ...args],
      env: {
        WEFT_CPU_COUNT: String(navigator.hardwareConcurrency || 1),
        RUST_MIN_STACK: String(2 << 20),
        PYTHONHASHSEED: '0',
        // Plain tracebacks, as CPython 3.11 prints them (RustPython colours them on a tty).
        PYTHON_COLORS: '0',
      },
      files: { ...files, [filename]: source },
    };
    this.startedAt = performance.now();
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.reader.follow();
    this.#spawnWorker('main');
  }

  // Ends every worker of the run at once; `done` resolves with exit code null.
  stop() {
    this.#end({ exitCode: null, stopped: true });
  }

  #spawnWorker(role) {
    const worker = new Worker(WORKER_URL, { type: 'module' });
    worker.onmessage = ({ data }) => this.#onMessage(data);
    worker.onerror = (event) => this.#crash({ message: event.message || 'worker failed to start' });
    worker.postMessage({ role, ...this.config });
    this.workers.push(worker);
  }

  #onMessage(msg) {
    switch (msg.type) {
      case 'instantiated':
        for (let i = 0; i < SPARES; i++) this.#spawnWorker('spare');
        break;
      case 'spawned':
        // Keep spares ahead of demand; idle ones are reused for later threads.
        if (this.threads.idle < SPARES) this.#spawnWorker('spare');
        break;
      case 'exit':
        this.#end({ exitCode: msg.code });
        break;
      case 'crash':
        this.#crash(msg);
        break;
    }
  }

  #crash({ message, outOfMemory }) {
    const text = outOfMemory
      ? `MemoryError: out of memory: the process used all of its ${MEMORY.maximum / 16} MiB\n`
      : `weft: the process crashed: ${message}\n`;
    this.reader.drain();
    this.onOutput(2, text, 0);
    this.#end({ exitCode: 1, crashed: true });
  }

  #end(result) {
    if (this.ended) return;
    this.ended = true;
    for (const worker of this.workers) worker.terminate();
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
