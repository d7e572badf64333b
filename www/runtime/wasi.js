// WASI preview1 for one wasm instance of a Weft process: args, environment, clocks,
// randomness, stdio into the run's output ring, sleeping with Atomics.wait, and the calls
// on files, which the run's file server runs (files.js). `thread-spawn` lives in threads.js.

import { FileSlot, FILE_CALLS } from './files.js';
import { GuestMemory } from './memory.js';
import { PID } from './mailbox.js';

export const E = {
  SUCCESS: 0, ACCES: 2, AGAIN: 6, BADF: 8, EXIST: 20, FAULT: 21, INVAL: 28, IO: 29, ISDIR: 31, NOENT: 44,
  NOSYS: 52, NOTDIR: 54, NOTEMPTY: 55, NOTSUP: 58, SPIPE: 70,
};
const STDIO = 3; // fds 0, 1, 2

// Thrown by proc_exit to unwind out of wasm; the worker reports `code`.
export class ProcessExit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

export class Wasi extends GuestMemory {
  // `output`: an OutputWriter. Output is labelled with the process's pid (the first word
  // of its `mailbox`: a waiting child gets it later) and this instance's thread id `tid`.
  // `stdin`: a StdinReader (stdin.js) for fd 0; without one fd 0 is at end of file.
  // `files`: the process's slot at the run's file server (files.js).
  constructor({ args, env, files, output, mailbox, tid = 0, stdin = null }) {
    super();
    this.args = args;
    this.env = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    this.files = new FileSlot(files);
    this.output = output;
    this.mailbox = mailbox;
    this.tid = tid;
    this.stdin = stdin;
    this.sleeper = new Int32Array(new SharedArrayBuffer(4));
    this.memory = null;
  }

  imports() {
    const names = Object.getOwnPropertyNames(Wasi.prototype).filter((n) => /^(args|environ|clock|random|fd|path|poll|proc|sched)_/.test(n));
    const table = Object.fromEntries(names.map((n) => [n, this[n].bind(this)]));
    for (const name of FILE_CALLS) table[name] ??= (...args) => this.files.call(name, args);
    // Anything else the engine links gets ENOSYS instead of a link error.
    return new Proxy(table, { get: (t, name) => t[name] ?? (() => E.NOSYS) });
  }

  #writeStrings(list, ptrs, buf) {
    const enc = new TextEncoder();
    const view = this.view;
    for (const s of list) {
      const b = enc.encode(s + '\0');
      view.setUint32(ptrs, buf, true);
      this.bytes(buf, b.length).set(b);
      ptrs += 4;
      buf += b.length;
    }
    return E.SUCCESS;
  }

  #sizes(list, countPtr, sizePtr) {
    const enc = new TextEncoder();
    this.view.setUint32(countPtr, list.length, true);
    this.view.setUint32(sizePtr, list.reduce((n, s) => n + enc.encode(s).length + 1, 0), true);
    return E.SUCCESS;
  }

  args_sizes_get(c, s) { return this.#sizes(this.args, c, s); }
  args_get(p, b) { return this.#writeStrings(this.args, p, b); }
  environ_sizes_get(c, s) { return this.#sizes(this.env, c, s); }
  environ_get(p, b) { return this.#writeStrings(this.env, p, b); }

  clock_res_get(id, ptr) {
    this.view.setBigUint64(ptr, 1000n, true);
    return E.SUCCESS;
  }

  // Workers have their own performance.timeOrigin; the sum is one clock for all of them.
  clock_time_get(id, precision, ptr) {
    const ms = performance.timeOrigin + performance.now();
    this.view.setBigUint64(ptr, BigInt(Math.round(ms * 1e6)), true);
    return E.SUCCESS;
  }

  random_get(ptr, len) {
    const tmp = new Uint8Array(len);
    for (let i = 0; i < len; i += 65536) crypto.getRandomValues(tmp.subarray(i, Math.min(len, i + 65536)));
    this.bytes(ptr, len).set(tmp);
    return E.SUCCESS;
  }

  sched_yield() { return E.SUCCESS; }

  proc_exit(code) { throw new ProcessExit(code); }
  proc_raise() { return E.NOSYS; }

  // stdout and stderr go to the output ring and stdin comes from the run's stdin ring, in
  // this Worker; every other fd is the run's file server's (files.js).
  fd_write(fd, iovs, count, nwritten) {
    if (fd >= STDIO) return this.files.call('fd_write', [fd, iovs, count, nwritten]);
    if (fd === 0 || this.files.isClosed(fd)) return E.BADF;
    const chunks = this.iovs(iovs, count).map(([p, l]) => this.bytes(p, l).slice());
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const data = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { data.set(c, at); at += c.length; }
    this.output.write(fd, Atomics.load(this.mailbox, PID), this.tid, data);
    this.view.setUint32(nwritten, total, true);
    return E.SUCCESS;
  }

  fd_read(fd, iovs, count, nread) {
    if (fd >= STDIO) return this.files.call('fd_read', [fd, iovs, count, nread]);
    if (this.files.isClosed(fd)) return E.BADF;
    // Blocks this thread until the page gives input or closes it (see stdin.js).
    const data = fd === 0 && this.stdin ? this.stdin.read(this.iovs(iovs, count).reduce((n, [, l]) => n + l, 0)) : new Uint8Array();
    return this.scatter(iovs, count, data, nread);
  }

  fd_sync() { return E.SUCCESS; }
  fd_datasync() { return E.SUCCESS; }
  fd_advise() { return E.SUCCESS; }
  fd_filestat_set_times() { return E.SUCCESS; }
  path_filestat_set_times() { return E.SUCCESS; }
  path_readlink() { return E.INVAL; }
  path_symlink() { return E.NOTSUP; }
  path_link() { return E.NOTSUP; }

  // Sleeps until the earliest clock subscription; fd subscriptions are always ready.
  poll_oneoff(inPtr, outPtr, count, neventsPtr) {
    const view = this.view;
    const now = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    let wakeAt = null;
    const ready = [];
    for (let i = 0; i < count; i++) {
      const sub = inPtr + i * 48;
      const tag = view.getUint8(sub + 8);
      if (tag === 0) {
        const timeout = view.getBigUint64(sub + 24, true);
        const abs = view.getUint16(sub + 40, true) & 1;
        const at = abs ? timeout : now + timeout;
        if (wakeAt === null || at < wakeAt) wakeAt = at;
      } else {
        ready.push({ sub, tag });
      }
    }
    let events;
    if (ready.length) {
      events = ready;
    } else {
      const ms = wakeAt === null ? Infinity : Number(wakeAt - now) / 1e6;
      if (ms > 0) Atomics.wait(this.sleeper, 0, 0, ms);
      events = [];
      for (let i = 0; i < count; i++) {
        const sub = inPtr + i * 48;
        if (view.getUint8(sub + 8) === 0) events.push({ sub, tag: 0 });
      }
    }
    const out = this.view;
    events.forEach(({ sub, tag }, i) => {
      const ev = outPtr + i * 32;
      this.bytes(ev, 32).fill(0);
      out.setBigUint64(ev, out.getBigUint64(sub, true), true);
      out.setUint8(ev + 10, tag);
    });
    out.setUint32(neventsPtr, events.length, true);
    return E.SUCCESS;
  }
}
