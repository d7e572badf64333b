// The run's shared segment: one SharedArrayBuffer that every process of a run sees,
// holding the process table and the arena of cross-process objects (src/engine/shared.rs
// lays it out; the kernel's Rust code does the rest through the `weft_shared` imports,
// src/kernel/host_segment.rs).
// The page itself only ever marks a process exited, never blocking.

const EPOCH = 0;
const TABLE = 8;
// Mirrors src/kernel/process_table.rs: slots after a 16-byte header, 84 bytes each.
const SLOTS = TABLE + 16;
const SLOT = 84;
const EXITED = 3;
const SIZE = 64 << 20;

export function createSharedSegment() {
  return new SharedArrayBuffer(SIZE);
}

// The `weft_shared` imports for one instance, whose own memory is `memory`.
export function sharedImports(sab, memory) {
  const words = new Int32Array(sab);
  const bytes = new Uint8Array(sab);
  const results = { ok: 0, 'not-equal': 1, 'timed-out': 2 };
  return {
    size: () => sab.byteLength,
    load: (at) => Atomics.load(words, at >>> 2),
    store: (at, value) => Atomics.store(words, at >>> 2, value),
    compare_exchange: (at, current, value) => Atomics.compareExchange(words, at >>> 2, current, value),
    fetch_add: (at, delta) => Atomics.add(words, at >>> 2, delta),
    fetch_sub: (at, delta) => Atomics.sub(words, at >>> 2, delta),
    wait: (at, expected, ms) => results[Atomics.wait(words, at >>> 2, expected, ms < 0 ? Infinity : ms)],
    notify: (at, count) => Atomics.notify(words, at >>> 2, count >>> 0 === 0xffffffff ? Infinity : count),
    read: (at, ptr, len) => new Uint8Array(memory.buffer, ptr, len).set(bytes.subarray(at, at + len)),
    write: (at, ptr, len) => bytes.set(new Uint8Array(memory.buffer, ptr, len), at),
  };
}

// Records that `pid` ended without saying so itself (terminated, or crashed), so its
// joiners wake. A process that already recorded its exit keeps its own code.
export function markExited(sab, pid, code) {
  const words = new Int32Array(sab);
  const capacity = Atomics.load(words, (TABLE + 8) >> 2);
  for (let i = 0; i < capacity; i++) {
    const slot = (SLOTS + i * SLOT) >> 2;
    if (Atomics.load(words, slot) !== pid) continue;
    // Without the table's lock (the page never blocks): the state moves by
    // compare-exchange only, here and in the kernel's set_running.
    for (let state = Atomics.load(words, slot + 2); state !== EXITED; ) {
      Atomics.store(words, slot + 3, code);
      const seen = Atomics.compareExchange(words, slot + 2, state, EXITED);
      if (seen === state) {
        Atomics.notify(words, slot + 2);
        break;
      }
      state = seen;
    }
    break;
  }
  Atomics.add(words, EPOCH, 1);
  Atomics.notify(words, EPOCH);
}
