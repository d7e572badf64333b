// One file system per run, as an OS has: the run's file server (fs_server.js, a Worker of
// its own) keeps the tree and each process's fd table, so every thread of every process
// sees the same files and a process's threads share its fds. A process's threads call it
// through the process's slot here; the server reads and writes the caller's memory.
//
// Why a server and not a tree every Worker edits in shared memory under a lock: a tree
// of JS objects (fs.js) needs no allocator, directory format or growable buffers, and
// the hop to the server and back (10 to 13 µs more per call than a call that stays in
// the Worker: os.lseek 1.3-4 → 11-15 µs) is small beside what the interpreter spends
// around a file operation (writing a small file and reading it back took 330-770 µs
// before, 460-820 µs after, on a busy machine). stdout, stderr and stdin stay in the
// Workers (wasi.js), as fast as before.

// The WASI calls the server runs: Wasi (wasi.js) sends it these, but writes to stdout
// and stderr and reads from stdin.
export const FILE_CALLS = [
  'fd_write', 'fd_pwrite', 'fd_read', 'fd_pread', 'fd_seek', 'fd_tell', 'fd_close', 'fd_renumber',
  'fd_fdstat_get', 'fd_fdstat_set_flags', 'fd_filestat_get', 'fd_filestat_set_size',
  'fd_prestat_get', 'fd_prestat_dir_name', 'fd_readdir', 'path_open', 'path_filestat_get',
  'path_create_directory', 'path_unlink_file', 'path_remove_directory', 'path_rename',
];
const OPS = new Map(FILE_CALLS.map((name, op) => [name, op]));

// A slot: Int32 words, then the call's arguments as doubles (i64 arguments are offsets,
// sizes and rights, within 2^53 where they matter).
const LOCK = 0, STATE = 1, OP = 2, RESULT = 3;
const CLOSED = 4; // 4, 5, 6: whether fd 0, 1, 2 is closed, which the Workers check themselves
const IDLE = 0, REQUEST = 1, DONE = 2;
const HEADER = 32, MAX_ARGS = 10;

export const createFileSlot = () => new SharedArrayBuffer(HEADER + 8 * MAX_ARGS);

export class FileSlot {
  constructor(sab) {
    this.ctl = new Int32Array(sab, 0, HEADER / 4);
    this.args = new Float64Array(sab, HEADER, MAX_ARGS);
  }

  // A thread's call: blocks until the server has run it; returns its errno. Calls by
  // the process's threads take turns at the lock.
  call(name, args) {
    const { ctl } = this;
    while (Atomics.compareExchange(ctl, LOCK, 0, 1) !== 0) Atomics.wait(ctl, LOCK, 1);
    ctl[OP] = OPS.get(name);
    args.forEach((arg, i) => (this.args[i] = Number(arg)));
    Atomics.store(ctl, STATE, REQUEST);
    Atomics.notify(ctl, STATE);
    while (Atomics.load(ctl, STATE) === REQUEST) Atomics.wait(ctl, STATE, REQUEST);
    const result = ctl[RESULT];
    Atomics.store(ctl, STATE, IDLE);
    Atomics.store(ctl, LOCK, 0);
    Atomics.notify(ctl, LOCK, 1);
    return result;
  }

  isClosed(fd) {
    return Atomics.load(this.ctl, CLOSED + fd) === 1;
  }

  // The server's side: runs each call with `run(name, args)` until `stop()`, waiting
  // with Atomics.waitAsync, so the server never blocks.
  async serve(run) {
    const { ctl } = this;
    while (!this.stopped) {
      const state = Atomics.load(ctl, STATE);
      if (state !== REQUEST) {
        const { async, value } = Atomics.waitAsync(ctl, STATE, state);
        if (async) await value;
        continue;
      }
      ctl[RESULT] = run(FILE_CALLS[ctl[OP]], Array.from(this.args));
      Atomics.store(ctl, STATE, DONE);
      Atomics.notify(ctl, STATE);
    }
  }

  stop() {
    this.stopped = true;
    Atomics.notify(this.ctl, STATE);
  }

  close(fd) {
    Atomics.store(this.ctl, CLOSED + fd, 1);
  }
}

// The page's handle on a run's file server: the server's Worker runs `script`, the
// Workers' own (worker.js, role `files`). `tree`: { files, terminal, stdlib } for
// runFileServer (fs_server.js). `onError(message)`: the server failed, so no file call
// would be answered.
export class FileServer {
  constructor(script, tree, onError) {
    this.worker = new Worker(script, { type: 'module' });
    this.worker.onerror = (event) => onError(event.message || 'the file server failed');
    this.worker.postMessage({ role: 'files', ...tree });
    this.ids = new Map(); // process → its id at the server
    this.reads = new Map(); // read id → its resolver
    this.next = 0; // the last id given, to a process or a read
    this.worker.onmessage = ({ data }) => {
      this.reads.get(data.id)(data.files);
      this.reads.delete(data.id);
    };
  }

  // A process's threads are served from now on (its config's `files` slot, its memory).
  attach(process) {
    const id = ++this.next;
    this.ids.set(process, id);
    this.worker.postMessage({ type: 'attach', id, slot: process.config.files, memory: process.config.memory });
  }

  // Once its Workers are gone: the server drops its fds and memory.
  detach(process) {
    const id = this.ids.get(process);
    if (!id) return;
    this.ids.delete(process);
    this.worker.postMessage({ type: 'detach', id });
  }

  // Resolves to { path: bytes or null } for the absolute `paths`.
  read(paths) {
    const id = ++this.next;
    this.worker.postMessage({ type: 'read', id, paths });
    return new Promise((resolve) => this.reads.set(id, resolve));
  }

  close() {
    this.worker.terminate();
  }
}
