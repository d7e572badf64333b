// A process's mailbox: the Int32Array through which the page and the process's Workers
// talk without messages (process.js writes it, worker.js waits on it). A child waits at
// ASSIGNED for its job; the Stop thread (src/engine/weft_module.rs `halt_on_stop`) at END.

export const PID = 0; // then PPID and the payload channel: a child's job
export const ASSIGNED = 3; // 1 once the job is in
export const END = 4; // what the page asks of the Stop thread:
export const RUNNING = 0;
export const HALT = 1; // park every thread; the Stop thread answers HALTED
export const HALTED = 2;
export const INTERRUPT = 3; // Ctrl-C: SIGINT in the main thread (taken back to RUNNING)
// How long Stop lets the KeyboardInterrupt end a run before it kills the run.
export const INTERRUPT_MS = 1000;
// How long a kill waits for HALTED (every thread parked) before ending the Workers.
export const HALT_MS = 500;
export const SLOTS = 5;

export const createMailbox = (pid) => {
  const mailbox = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  mailbox[PID] = pid;
  return mailbox;
};
