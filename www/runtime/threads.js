// Threads of one Weft process: `wasi.thread-spawn` queues a start request on a shared
// control block and returns at once; a pre-started spare Worker of the same process
// takes it and runs `wasi_thread_start`. The page keeps spares topped up, so a thread
// start never waits on a blocked agent. Past the limit, spawn fails with EAGAIN and
// Python raises `RuntimeError: can't start new thread`, as CPython does.

import { E } from './wasi.js';

export const MAX_THREADS = 128; // live threads per process, the main thread included
const NEXT_TID = 0, LIVE = 1, IDLE = 2, LOCK = 3, HEAD = 4, TAIL = 5;
const QUEUE = 8;

export function createThreadControl() {
  const ctl = new Int32Array(new SharedArrayBuffer(4 * (QUEUE + 2 * MAX_THREADS)));
  ctl[NEXT_TID] = 1;
  ctl[LIVE] = 1;
  return ctl.buffer;
}

export class ThreadControl {
  constructor(sab) {
    this.ctl = new Int32Array(sab);
  }

  get idle() {
    return Atomics.load(this.ctl, IDLE);
  }

  get live() {
    return Atomics.load(this.ctl, LIVE);
  }

  // The `wasi.thread-spawn` import: returns the new thread's id, or -errno.
  spawn(startArg, onQueued) {
    const { ctl } = this;
    if (Atomics.add(ctl, LIVE, 1) >= MAX_THREADS) {
      Atomics.sub(ctl, LIVE, 1);
      return -E.AGAIN;
    }
    const tid = Atomics.add(ctl, NEXT_TID, 1);
    while (Atomics.compareExchange(ctl, LOCK, 0, 1) !== 0) Atomics.wait(ctl, LOCK, 1, 1);
    const tail = Atomics.load(ctl, TAIL);
    const slot = QUEUE + 2 * (tail % MAX_THREADS);
    Atomics.store(ctl, slot, tid);
    Atomics.store(ctl, slot + 1, startArg);
    Atomics.store(ctl, TAIL, tail + 1);
    Atomics.store(ctl, LOCK, 0);
    Atomics.notify(ctl, LOCK, 1);
    Atomics.notify(ctl, TAIL, 1);
    onQueued();
    return tid;
  }

  // Spare side: blocks until a start request is available and claims it.
  take() {
    const { ctl } = this;
    Atomics.add(ctl, IDLE, 1);
    for (;;) {
      const head = Atomics.load(ctl, HEAD);
      const tail = Atomics.load(ctl, TAIL);
      if (head === tail) {
        Atomics.wait(ctl, TAIL, tail);
        continue;
      }
      if (Atomics.compareExchange(ctl, HEAD, head, head + 1) !== head) continue;
      Atomics.sub(ctl, IDLE, 1);
      const slot = QUEUE + 2 * (head % MAX_THREADS);
      return { tid: Atomics.load(ctl, slot), startArg: Atomics.load(ctl, slot + 1) };
    }
  }

  exited() {
    Atomics.sub(this.ctl, LIVE, 1);
  }
}
