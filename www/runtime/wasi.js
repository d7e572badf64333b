// WASI preview1 for one wasm instance of a Weft process: args, environment, clocks,
// randomness, stdio into the run's output ring, an in-memory file system, and sleeping
// with Atomics.wait. `thread-spawn` lives in threads.js.

import { MemoryFS, dir, file, own } from './fs.js';
import { PID } from './mailbox.js';

export const E = {
  SUCCESS: 0, ACCES: 2, AGAIN: 6, BADF: 8, EXIST: 20, INVAL: 28, ISDIR: 31, NOENT: 44,
  NOSYS: 52, NOTDIR: 54, NOTEMPTY: 55, NOTSUP: 58, SPIPE: 70,
};
const FILETYPE = { UNKNOWN: 0, CHAR: 2, DIR: 3, FILE: 4 };
const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 };
const FDFLAGS_APPEND = 1;
const RIGHTS_ALL = 0x1fffffffn;

// Thrown by proc_exit to unwind out of wasm; the worker reports `code`.
export class ProcessExit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

export class Wasi {
  // `output`: an OutputWriter. Output is labelled with the process's pid (the first word
  // of its `mailbox`: a waiting child gets it later) and this instance's thread id `tid`.
  // `stdin`: a StdinReader (stdin.js) for fd 0; without one fd 0 is at end of file.
  // `terminal`: whether stdout and stderr are terminals (as a console is) or pipes.
  constructor({ args, env, files, output, mailbox, tid = 0, stdin = null, terminal = { stdout: true, stderr: true } }) {
    this.terminal = [false, terminal.stdout, terminal.stderr];
    this.args = args;
    this.env = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    this.files = files;
    this.output = output;
    this.mailbox = mailbox;
    this.tid = tid;
    this.stdin = stdin;
    this.sleeper = new Int32Array(new SharedArrayBuffer(4));
    this.reset();
    this.memory = null;
  }

  // The program's files as they were and only the standard descriptors open: what each
  // thread starts with, also the next one a spare Worker runs on this same instance.
  reset() {
    this.fs = this.files instanceof MemoryFS ? this.files : new MemoryFS(this.files);
    this.fds = [
      { kind: 'stdio' }, { kind: 'stdio' }, { kind: 'stdio' },
      { kind: 'node', node: this.fs.root, preopen: '/', pos: 0 },
    ];
  }

  bind(memory) {
    this.memory = memory;
  }

  get view() {
    return new DataView(this.memory.buffer);
  }

  bytes(ptr, len) {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  string(ptr, len) {
    return new TextDecoder().decode(this.bytes(ptr, len).slice());
  }

  imports() {
    const names = Object.getOwnPropertyNames(Wasi.prototype).filter((n) => /^(args|environ|clock|random|fd|path|poll|proc|sched)_/.test(n));
    const table = Object.fromEntries(names.map((n) => [n, this[n].bind(this)]));
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

  #iovs(iovs, count) {
    const view = this.view;
    const list = [];
    for (let i = 0; i < count; i++) {
      list.push([view.getUint32(iovs + i * 8, true), view.getUint32(iovs + i * 8 + 4, true)]);
    }
    return list;
  }

  fd_write(fd, iovs, count, nwritten) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    const chunks = this.#iovs(iovs, count).map(([p, l]) => this.bytes(p, l).slice());
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (entry.kind === 'stdio') {
      if (fd === 0) return E.BADF;
      const data = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) { data.set(c, at); at += c.length; }
      this.output.write(fd, Atomics.load(this.mailbox, PID), this.tid, data);
    } else if (entry.node?.type === 'file') {
      const node = entry.node;
      if (entry.append) entry.pos = node.size;
      for (const c of chunks) { writeAt(node, entry.pos, c); entry.pos += c.length; }
    } else {
      return E.BADF;
    }
    this.view.setUint32(nwritten, total, true);
    return E.SUCCESS;
  }

  fd_pwrite(fd, iovs, count, offset, nwritten) {
    const node = this.fds[fd]?.node;
    if (node?.type !== 'file') return E.BADF;
    let pos = Number(offset), total = 0;
    for (const [p, l] of this.#iovs(iovs, count)) { writeAt(node, pos, this.bytes(p, l).slice()); pos += l; total += l; }
    this.view.setUint32(nwritten, total, true);
    return E.SUCCESS;
  }

  fd_read(fd, iovs, count, nread) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    if (entry.kind === 'stdio') {
      // Blocks this thread until the page gives input or closes it (see stdin.js).
      const data = fd === 0 && this.stdin ? this.stdin.read(this.#iovs(iovs, count).reduce((n, [, l]) => n + l, 0)) : new Uint8Array();
      return this.#scatter(iovs, count, data, nread);
    }
    if (entry.node?.type !== 'file') return E.BADF;
    const data = entry.node.data.subarray(entry.pos, entry.node.size);
    const n = this.#scatter(iovs, count, data, nread);
    entry.pos += this.view.getUint32(nread, true);
    return n;
  }

  fd_pread(fd, iovs, count, offset, nread) {
    const node = this.fds[fd]?.node;
    if (node?.type !== 'file') return E.BADF;
    return this.#scatter(iovs, count, node.data.subarray(Number(offset), node.size), nread);
  }

  #scatter(iovs, count, data, nread) {
    let done = 0;
    for (const [p, l] of this.#iovs(iovs, count)) {
      const n = Math.min(l, data.length - done);
      this.bytes(p, n).set(data.subarray(done, done + n));
      done += n;
      if (n < l) break;
    }
    this.view.setUint32(nread, done, true);
    return E.SUCCESS;
  }

  fd_seek(fd, offset, whence, newOffset) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    if (entry.kind === 'stdio') return E.SPIPE;
    const base = [0, entry.pos, entry.node.size ?? 0][whence];
    const pos = base + Number(offset);
    if (pos < 0) return E.INVAL;
    entry.pos = pos;
    this.view.setBigUint64(newOffset, BigInt(pos), true);
    return E.SUCCESS;
  }

  fd_tell(fd, ptr) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    if (entry.kind === 'stdio') return E.SPIPE;
    this.view.setBigUint64(ptr, BigInt(entry.pos), true);
    return E.SUCCESS;
  }

  fd_close(fd) {
    if (!this.fds[fd]) return E.BADF;
    this.fds[fd] = undefined;
    return E.SUCCESS;
  }

  fd_sync() { return E.SUCCESS; }
  fd_datasync() { return E.SUCCESS; }
  fd_advise() { return E.SUCCESS; }
  fd_fdstat_set_flags(fd, flags) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    entry.append = Boolean(flags & FDFLAGS_APPEND);
    return E.SUCCESS;
  }

  fd_fdstat_get(fd, ptr) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    const view = this.view;
    // stdout and stderr are terminals (no seek/tell rights), like a console, unless the
    // host's are pipes (`weft run | …` in CI, where CPython's isatty() is False too).
    // stdin is a pipe from the page, not a terminal, so `input()` prompts on stdout and
    // raises `EOFError: EOF when reading a line` at its end, as CPython does then.
    const tty = entry.kind === 'stdio' && this.terminal[fd];
    view.setUint8(ptr, entry.kind === 'stdio' ? (tty ? FILETYPE.CHAR : FILETYPE.UNKNOWN) : typeOf(entry.node));
    view.setUint16(ptr + 2, entry.append ? FDFLAGS_APPEND : 0, true);
    // Rights: fd_datasync/fd_write/poll for stdout and stderr, fd_read/poll for stdin.
    const rights = entry.kind !== 'stdio' ? RIGHTS_ALL : fd !== 0 ? 0x1n | 0x40n | 0x8000000n : 0x2n | 0x8000000n;
    view.setBigUint64(ptr + 8, rights, true);
    view.setBigUint64(ptr + 16, entry.kind === 'stdio' ? 0n : RIGHTS_ALL, true);
    return E.SUCCESS;
  }

  fd_filestat_get(fd, ptr) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    this.#filestat(ptr, entry.kind === 'stdio' ? null : entry.node);
    return E.SUCCESS;
  }

  fd_filestat_set_size(fd, size) {
    const node = this.fds[fd]?.node;
    if (node?.type !== 'file') return E.BADF;
    resize(node, Number(size));
    return E.SUCCESS;
  }

  fd_filestat_set_times() { return E.SUCCESS; }

  #filestat(ptr, node) {
    const view = this.view;
    this.bytes(ptr, 64).fill(0);
    view.setBigUint64(ptr + 8, BigInt(node?.ino ?? 0), true);
    view.setUint8(ptr + 16, node ? typeOf(node) : FILETYPE.CHAR);
    view.setBigUint64(ptr + 24, 1n, true);
    view.setBigUint64(ptr + 32, BigInt(node?.type === 'file' ? node.size : 0), true);
    for (const off of [40, 48, 56]) view.setBigUint64(ptr + off, node?.mtime ?? 0n, true);
  }

  fd_prestat_get(fd, ptr) {
    const entry = this.fds[fd];
    if (!entry?.preopen) return E.BADF;
    this.view.setUint8(ptr, 0);
    this.view.setUint32(ptr + 4, new TextEncoder().encode(entry.preopen).length, true);
    return E.SUCCESS;
  }

  fd_prestat_dir_name(fd, ptr, len) {
    const entry = this.fds[fd];
    if (!entry?.preopen) return E.BADF;
    this.bytes(ptr, len).set(new TextEncoder().encode(entry.preopen).subarray(0, len));
    return E.SUCCESS;
  }

  fd_readdir(fd, buf, len, cookie, usedPtr) {
    const node = this.fds[fd]?.node;
    if (node?.type !== 'dir') return E.NOTDIR;
    const entries = [['.', node], ['..', node.parent ?? node], ...node.children];
    const enc = new TextEncoder();
    const out = [];
    for (let i = Number(cookie); i < entries.length; i++) {
      const [name, child] = entries[i];
      const nameBytes = enc.encode(name);
      const rec = new Uint8Array(24 + nameBytes.length);
      const dv = new DataView(rec.buffer);
      dv.setBigUint64(0, BigInt(i + 1), true);
      dv.setBigUint64(8, BigInt(child.ino), true);
      dv.setUint32(16, nameBytes.length, true);
      dv.setUint8(20, typeOf(child));
      rec.set(nameBytes, 24);
      out.push(rec);
    }
    // A truncated last entry tells libc to call again with a bigger buffer.
    let used = 0;
    for (const rec of out) {
      const n = Math.min(rec.length, len - used);
      this.bytes(buf + used, n).set(rec.subarray(0, n));
      used += n;
      if (used >= len) break;
    }
    this.view.setUint32(usedPtr, used, true);
    return E.SUCCESS;
  }

  #at(fd, ptr, len) {
    const base = this.fds[fd]?.node;
    if (base?.type !== 'dir') return { error: E.BADF };
    return { base, path: this.string(ptr, len) };
  }

  path_open(fd, dirflags, ptr, len, oflags, rightsBase, rightsInh, fdflags, fdPtr) {
    const { base, path, error } = this.#at(fd, ptr, len);
    if (error) return error;
    let node = this.fs.lookup(base, path);
    if (node && oflags & OFLAGS.EXCL && oflags & OFLAGS.CREAT) return E.EXIST;
    if (!node) {
      if (!(oflags & OFLAGS.CREAT)) return E.NOENT;
      const at = this.fs.parentOf(base, path);
      if (!at) return E.NOENT;
      node = file();
      at.parent.children.set(at.name, node);
    }
    if (oflags & OFLAGS.DIRECTORY && node.type !== 'dir') return E.NOTDIR;
    if (oflags & OFLAGS.TRUNC) {
      if (node.type === 'dir') return E.ISDIR;
      resize(node, 0);
    }
    this.fds.push({ kind: 'node', node, pos: 0, append: Boolean(fdflags & FDFLAGS_APPEND) });
    this.view.setUint32(fdPtr, this.fds.length - 1, true);
    return E.SUCCESS;
  }

  path_filestat_get(fd, flags, ptr, len, out) {
    const { base, path, error } = this.#at(fd, ptr, len);
    if (error) return error;
    const node = this.fs.lookup(base, path);
    if (!node) return E.NOENT;
    this.#filestat(out, node);
    return E.SUCCESS;
  }

  path_filestat_set_times() { return E.SUCCESS; }

  path_create_directory(fd, ptr, len) {
    const { base, path, error } = this.#at(fd, ptr, len);
    if (error) return error;
    if (this.fs.lookup(base, path)) return E.EXIST;
    const at = this.fs.parentOf(base, path);
    if (!at) return E.NOENT;
    at.parent.children.set(at.name, dir(at.parent));
    return E.SUCCESS;
  }

  #remove(fd, ptr, len, wantDir) {
    const { base, path, error } = this.#at(fd, ptr, len);
    if (error) return error;
    const at = this.fs.parentOf(base, path);
    const node = at?.parent.children.get(at.name);
    if (!node) return E.NOENT;
    if (wantDir && node.type !== 'dir') return E.NOTDIR;
    if (!wantDir && node.type === 'dir') return E.ISDIR;
    if (wantDir && node.children.size) return E.NOTEMPTY;
    at.parent.children.delete(at.name);
    return E.SUCCESS;
  }

  path_unlink_file(fd, ptr, len) { return this.#remove(fd, ptr, len, false); }
  path_remove_directory(fd, ptr, len) { return this.#remove(fd, ptr, len, true); }

  path_rename(fd, ptr, len, fd2, ptr2, len2) {
    const from = this.#at(fd, ptr, len), to = this.#at(fd2, ptr2, len2);
    if (from.error || to.error) return E.BADF;
    const src = this.fs.parentOf(from.base, from.path);
    const dst = this.fs.parentOf(to.base, to.path);
    const node = src?.parent.children.get(src.name);
    if (!node || !dst) return E.NOENT;
    src.parent.children.delete(src.name);
    dst.parent.children.set(dst.name, node);
    if (node.type === 'dir') node.parent = dst.parent;
    return E.SUCCESS;
  }

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

function typeOf(node) {
  return node.type === 'dir' ? FILETYPE.DIR : FILETYPE.FILE;
}

function resize(node, size) {
  if (node.sink) return; // /dev/null
  own(node);
  if (size > node.data.length) {
    const grown = new Uint8Array(Math.max(size, node.data.length * 2));
    grown.set(node.data.subarray(0, node.size));
    node.data = grown;
  } else if (size < node.size) {
    node.data.fill(0, size, node.size);
  }
  node.size = size;
  node.mtime = BigInt(Date.now()) * 1000000n;
}

function writeAt(node, pos, bytes) {
  if (node.sink) return;
  own(node);
  if (pos + bytes.length > node.size) resize(node, pos + bytes.length);
  node.data.set(bytes, pos);
  node.mtime = BigInt(Date.now()) * 1000000n;
}
