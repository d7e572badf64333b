// One Worker of a Weft process: either its main thread (runs `_start`) or a spare that
// waits for a `thread-spawn` request and then runs that thread. Both instantiate the
// same compiled module on the process's memory, with the run's shared segment. The
// run's file server (fs_server.js) runs this script too, so every Worker has one script.

import { Wasi, ProcessExit } from './wasi.js';
import { OutputWriter } from './output.js';
import { ThreadControl } from './threads.js';
import { MEMORY } from './memory.js';
import { sharedImports } from './shared.js';
import { StdinReader } from './stdin.js';
import { netImports } from './fetch.js';
import { PID, ASSIGNED, END, RUNNING, HALTED, INTERRUPT } from './mailbox.js';
import { runFileServer } from './fs_server.js';
import { takeTemplate, restoreTemplate } from './template.js';

const MEMORY_MAXIMUM_BYTES = MEMORY.maximum * 65536;
const OUT_OF_MEMORY_SLACK = 64 << 20;

const post = (msg) => postMessage(msg);

self.onmessage = ({ data }) => {
  if (data.role === 'main') runMain(data);
  else if (data.role === 'files') runFileServer(data);
  else runSpare(data);
};

function instantiate(config) {
  const threads = new ThreadControl(config.threads);
  const mailbox = new Int32Array(config.mailbox);
  const output = new OutputWriter(config.output, config.epoch, config.writer);
  // Only the main process has the run's stdin; a child's fd 0 is at end of file at once,
  // as a spawned CPython child's stdin is /dev/null.
  const stdin = config.stdin && new StdinReader(config.stdin, () => post({ type: 'input-wanted' }));
  const wasi = new Wasi({ ...config, mailbox, output, stdin });
  const instance = new WebAssembly.Instance(config.module, {
    env: { memory: config.memory },
    wasi: { 'thread-spawn': (arg) => threads.spawn(arg, () => post({ type: 'spawned' })) },
    wasi_snapshot_preview1: wasi.imports(),
    weft_trace: {
      // A child waiting for its job has no pid yet: nothing of it belongs to the run.
      state: (code, ptr, len) => {
        const pid = Atomics.load(mailbox, PID);
        if (pid && config.record) output.trace(pid, wasi.tid, code, new Uint8Array(config.memory.buffer, ptr, len).slice());
      },
    },
    weft_shared: sharedImports(config.shared, config.memory),
    weft_net: netImports(config.memory, post),
    weft_process: {
      spawn: (pid, payload) => post({ type: 'spawn', pid, payload }),
      terminate: (pid, signum) => post({ type: 'terminate', pid, signum }),
      offer_template: (start) => {
        if (config.offerTemplate) post({ type: 'template', kind: config.kind, template: takeTemplate(config.memory, start) });
      },
      assignment: (ptr) => {
        // Set up and waiting for its job (or taking the one it was started for).
        post({ type: 'ready' });
        Atomics.wait(mailbox, ASSIGNED, 0);
        // A child ended before its job began never begins it: it may not have a Stop
        // thread yet (the page starts no spares for an ended process) to keep it out of
        // kernel locks while its Workers are ended.
        for (let end; (end = Atomics.load(mailbox, END)); ) Atomics.wait(mailbox, END, end);
        new Uint32Array(config.memory.buffer, ptr, 3).set(mailbox.subarray(PID, PID + 3));
      },
      // 0: an interrupt (taken back, so the next Stop can ask again); 1: the end.
      await_end: () => {
        Atomics.wait(mailbox, END, RUNNING);
        return Atomics.compareExchange(mailbox, END, INTERRUPT, RUNNING) === INTERRUPT ? 0 : 1;
      },
      halted: () => {
        Atomics.store(mailbox, END, HALTED);
        Atomics.notify(mailbox, END);
      },
    },
  });
  wasi.bind(config.memory);
  return { instance, wasi };
}

// Runs wasm until it returns or exits; any other failure ends the whole process.
function guarded(fn, memory) {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof ProcessExit) return err.code;
    // A trap with memory grown to (nearly) its maximum is an allocation that failed.
    const outOfMemory = memory.buffer.byteLength > MEMORY_MAXIMUM_BYTES - OUT_OF_MEMORY_SLACK;
    post({ type: 'crash', message: `${err?.name ?? 'Error'}: ${err?.message ?? err}`, outOfMemory });
    return undefined;
  }
}

// A process made from a template enters the engine where the template's copy left off.
function runMain(config) {
  const { instance } = instantiate(config);
  if (config.template) restoreTemplate(config.memory, config.template);
  post({ type: 'instantiated' });
  const entry = config.template ? instance.exports.weft_resume : instance.exports._start;
  const code = guarded(entry, config.memory);
  if (code !== undefined) post({ type: 'exit', code: code ?? 0 });
}

// Instantiates before waiting, so a thread start costs only the hand-over. A thread that
// returned leaves the instance as it found it (wasi_thread_start sets the only mutable
// globals, the stack pointer and the TLS base, from its start argument), so the next
// thread runs on the same instance: no instantiation between threads. Its files and fds
// are the process's, at the run's file server, so there is no WASI state to reset.
function runSpare(config) {
  const threads = new ThreadControl(config.threads);
  const { instance, wasi } = instantiate(config);
  for (;;) {
    const { tid, startArg } = threads.take();
    wasi.tid = tid;
    const code = guarded(() => instance.exports.wasi_thread_start(tid, startArg), config.memory);
    threads.exited();
    if (code === undefined) return;
    if (code !== null) {
      post({ type: 'exit', code });
      return;
    }
  }
}
