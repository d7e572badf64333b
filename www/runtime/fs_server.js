// The run's file server (files.js): one Worker per run keeping the run's tree (fs.js) and
// each process's fd table, running the WASI file calls its processes' threads make, on
// the caller's own memory. A run's end terminates it, so no run sees another's files.

import { MemoryFS, dir, file, resize, writeAt } from './fs.js';
import { FileSlot } from './files.js';
import { GuestMemory } from './memory.js';
import { E } from './wasi.js';

const FILETYPE = { UNKNOWN: 0, CHAR: 2, DIR: 3, FILE: 4 };
const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 };
const FDFLAGS_APPEND = 1;
const RIGHTS_ALL = 0x1fffffffn;
const STDIO = 3; // fds 0, 1, 2

// The Worker's entry (worker.js, role `files`). `files`: the program's files, packed.
// `terminal`: whether stdout and stderr are terminals (as a console is) or pipes.
// `stdlib`: the served standard library (fs.js MemoryFS).
export function runFileServer({ files, terminal = { stdout: true, stderr: true }, stdlib = null }) {
  const calls = new FileCalls(new MemoryFS(files, stdlib), terminal);
  const processes = new Map(); // id → { slot, memory, fds }
  self.onmessage = ({ data }) => {
    if (data.type === 'attach') {
      const process = { slot: new FileSlot(data.slot), memory: data.memory, fds: calls.table() };
      processes.set(data.id, process);
      process.slot.serve((name, args) => calls.run(process, name, args));
    } else if (data.type === 'detach') {
      processes.get(data.id)?.slot.stop();
      processes.delete(data.id);
    } else if (data.type === 'read') {
      postMessage({ id: data.id, files: Object.fromEntries(data.paths.map((path) => [path, calls.fs.readFile(path)])) });
    }
  };
}

class FileCalls extends GuestMemory {
  constructor(fs, terminal) {
    super();
    this.fs = fs;
    this.terminal = [false, terminal.stdout, terminal.stderr];
  }

  // A new process's fds: the standard three and the root, preopened (a spawned child
  // inherits no others, as CPython's spawn closes them).
  table() {
    return [{ kind: 'stdio' }, { kind: 'stdio' }, { kind: 'stdio' }, { kind: 'node', node: this.fs.root, preopen: '/', pos: 0 }];
  }

  run(process, name, args) {
    this.bind(process.memory);
    this.fds = process.fds;
    this.slot = process.slot;
    try {
      return this[name](...args);
    } catch {
      // A pointer outside the caller's memory (or a fault of ours): the caller gets an
      // error, not a wait for an answer that never comes.
      return E.FAULT;
    }
  }

  // The lowest free fd, as POSIX gives (the standard three are the Workers' own).
  #add(entry) {
    let fd = STDIO;
    while (this.fds[fd]) fd++;
    this.fds[fd] = entry;
    return fd;
  }

  fd_write(fd, iovs, count, nwritten) {
    const entry = this.fds[fd];
    if (entry?.node?.type !== 'file') return E.BADF;
    const node = entry.node;
    if (entry.append) entry.pos = node.size;
    let total = 0;
    for (const [p, l] of this.iovs(iovs, count)) {
      writeAt(node, entry.pos, this.bytes(p, l));
      entry.pos += l;
      total += l;
    }
    this.view.setUint32(nwritten, total, true);
    return E.SUCCESS;
  }

  fd_pwrite(fd, iovs, count, offset, nwritten) {
    const node = this.fds[fd]?.node;
    if (node?.type !== 'file') return E.BADF;
    let pos = offset, total = 0;
    for (const [p, l] of this.iovs(iovs, count)) { writeAt(node, pos, this.bytes(p, l)); pos += l; total += l; }
    this.view.setUint32(nwritten, total, true);
    return E.SUCCESS;
  }

  fd_read(fd, iovs, count, nread) {
    const entry = this.fds[fd];
    if (entry?.node?.type !== 'file') return E.BADF;
    this.scatter(iovs, count, entry.node.data.subarray(entry.pos, entry.node.size), nread);
    entry.pos += this.view.getUint32(nread, true);
    return E.SUCCESS;
  }

  fd_pread(fd, iovs, count, offset, nread) {
    const node = this.fds[fd]?.node;
    if (node?.type !== 'file') return E.BADF;
    return this.scatter(iovs, count, node.data.subarray(offset, node.size), nread);
  }

  fd_seek(fd, offset, whence, newOffset) {
    const entry = this.fds[fd];
    if (!entry) return E.BADF;
    if (entry.kind === 'stdio') return E.SPIPE;
    const pos = [0, entry.pos, entry.node.size ?? 0][whence] + offset;
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
    if (fd < STDIO) this.slot.close(fd);
    return E.SUCCESS;
  }

  // dup2's move: `to` now names what `from` did. The standard three stay the Workers'.
  fd_renumber(from, to) {
    if (from < STDIO || to < STDIO) return E.NOTSUP;
    if (!this.fds[from]) return E.BADF;
    this.fds[to] = this.fds[from];
    this.fds[from] = undefined;
    return E.SUCCESS;
  }

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
    resize(node, size);
    return E.SUCCESS;
  }

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
    for (let i = cookie; i < entries.length; i++) {
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
    try {
      this.fs.fetched(node);
    } catch {
      return E.IO; // the served stdlib file did not come (offline, or the build is gone)
    }
    if (oflags & OFLAGS.TRUNC) {
      if (node.type === 'dir') return E.ISDIR;
      resize(node, 0);
    }
    const opened = this.#add({ kind: 'node', node, pos: 0, append: Boolean(fdflags & FDFLAGS_APPEND) });
    this.view.setUint32(fdPtr, opened, true);
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
}

function typeOf(node) {
  return node.type === 'dir' ? FILETYPE.DIR : FILETYPE.FILE;
}
