// The output stream of a run: a byte ring on a SharedArrayBuffer. Any worker of any
// process of the run appends whole records (stream, pid, thread, time, bytes): stdout,
// stderr and the timeline's thread states. The page drains them without blocking.
// A full ring makes writers wait for the page, so nothing is ever dropped.

const WRITE = 0, READ = 1, LOCK = 2, CLOSED = 3, TAKEN = 4;
const HEADER_BYTES = 20;
// The lock's value while held: the holder's process tag (high 12 bits) and the count of
// acquisitions so far (TAKEN, low 20), so the page can tell a lock held all along from
// one taken again.
const TAG_SHIFT = 20;
// Payload length, stream (1 stdout, 2 stderr, 3 thread state), pid, thread id, then the
// time in ms since the run started (f64).
const RECORD_HEADER = 24;
const TRACE = 3;
// How late the page may see thread states written without output.
const FOLLOW_MS = 50;
// Thread-state codes, as in src/engine/trace.rs.
const STATES = ['created', 'running', 'gil', 'sleeping', 'blocked', 'finished', 'name', 'process'];
export const DEFAULT_CAPACITY = 1 << 20;

export function createOutputBuffer(capacity = DEFAULT_CAPACITY) {
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

class Ring {
  constructor(sab) {
    this.state = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.bytes = new Uint8Array(sab, HEADER_BYTES);
    this.capacity = this.bytes.length;
  }
  used() {
    return (Atomics.load(this.state, WRITE) - Atomics.load(this.state, READ)) >>> 0;
  }
}

export class OutputWriter extends Ring {
  // `epoch`: when the run started, as `performance.timeOrigin + performance.now()`,
  // which every worker of the run reads on the same clock. `owner`: the writing
  // process's tag, 1 to 4095 (Process.writer).
  constructor(sab, epoch, owner) {
    super(sab);
    this.epoch = epoch;
    this.owner = owner;
    this.held = 0;
  }

  // Appends one record per call; a write larger than half the ring goes out in pieces.
  write(stream, pid, tid, data) {
    const max = (this.capacity >> 1) - RECORD_HEADER;
    for (let at = 0; at < data.length; at += max) {
      this.#append([stream, pid, tid], data.subarray(at, Math.min(data.length, at + max)));
    }
  }

  // A thread's new state (a code of STATES) and what it is about (UTF-8 bytes). The page
  // is not woken for it (that costs the writer more than the record): it drains states
  // with the next output or within FOLLOW_MS.
  trace(pid, tid, code, label) {
    const data = new Uint8Array(1 + label.length);
    data[0] = code;
    data.set(label, 1);
    this.#append([TRACE, pid, tid], data, false);
  }

  #append(labels, chunk, wake = true) {
    const need = RECORD_HEADER + ((chunk.length + 3) & ~3);
    this.#lock();
    try {
      for (;;) {
        if (Atomics.load(this.state, CLOSED)) return;
        const read = Atomics.load(this.state, READ);
        if (this.capacity - this.used() >= need) break;
        this.#unlock();
        Atomics.wait(this.state, READ, read, 50);
        this.#lock();
      }
      let pos = Atomics.load(this.state, WRITE) >>> 0;
      const header = new Uint8Array(RECORD_HEADER);
      const view = new DataView(header.buffer);
      [chunk.length, ...labels].forEach((word, i) => view.setUint32(4 * i, word, true));
      view.setFloat64(16, performance.timeOrigin + performance.now() - this.epoch, true);
      this.#copyIn(pos, header);
      this.#copyIn(pos + RECORD_HEADER, chunk);
      Atomics.store(this.state, WRITE, (pos + need) | 0);
      if (wake) Atomics.notify(this.state, WRITE);
    } finally {
      this.#unlock();
    }
  }

  #copyIn(pos, src) {
    const at = pos % this.capacity;
    const first = Math.min(src.length, this.capacity - at);
    this.bytes.set(src.subarray(0, first), at);
    if (first < src.length) this.bytes.set(src.subarray(first), 0);
  }

  #lock() {
    const value = (this.owner << TAG_SHIFT) | (Atomics.add(this.state, TAKEN, 1) & ((1 << TAG_SHIFT) - 1));
    for (;;) {
      const holder = Atomics.compareExchange(this.state, LOCK, 0, value);
      if (holder === 0) break;
      Atomics.wait(this.state, LOCK, holder, 1);
    }
    this.held = value;
  }

  // Only if still ours: the page may have freed it for others while this process died.
  #unlock() {
    if (Atomics.compareExchange(this.state, LOCK, this.held, 0) === this.held) Atomics.notify(this.state, LOCK, 1);
  }
}

export class OutputReader extends Ring {
  // `onRecord(stream, text, { pid, tid, time })` gets decoded text (UTF-8 split across
  // records is kept); `onTrace({ pid, tid, time, state, label })` the thread states.
  constructor(sab, onRecord, onTrace = () => {}) {
    super(sab);
    this.onRecord = onRecord;
    this.onTrace = onTrace;
    this.decoders = new Map();
    this.labels = new TextDecoder();
  }

  // Reads everything written so far.
  drain() {
    const end = Atomics.load(this.state, WRITE) >>> 0;
    let pos = Atomics.load(this.state, READ) >>> 0;
    while (pos !== end) {
      const view = new DataView(this.#copyOut(pos, RECORD_HEADER).buffer);
      const [length, stream, pid, tid] = [0, 1, 2, 3].map((i) => view.getUint32(4 * i, true));
      const time = view.getFloat64(16, true);
      const payload = this.#copyOut(pos + RECORD_HEADER, length);
      pos = (pos + RECORD_HEADER + ((length + 3) & ~3)) >>> 0;
      if (stream === TRACE) {
        const label = this.labels.decode(payload.subarray(1));
        this.onTrace({ pid, tid, time, state: STATES[payload[0]], label });
      } else {
        const text = this.#decoder(stream, pid, tid).decode(payload, { stream: true });
        this.onRecord(stream, text, { pid, tid, time });
      }
    }
    Atomics.store(this.state, READ, pos | 0);
    Atomics.notify(this.state, READ);
  }

  // Drains whenever writers add records, until `close()`.
  async follow() {
    while (!Atomics.load(this.state, CLOSED)) {
      this.drain();
      const seen = Atomics.load(this.state, WRITE);
      const { async, value } = Atomics.waitAsync(this.state, WRITE, seen, FOLLOW_MS);
      if (async) await value;
      // Let the page paint between bursts instead of draining in a tight loop.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  // The writers' lock's value if the process tagged `owner` holds it, else 0.
  lockHeldBy(owner) {
    const value = Atomics.load(this.state, LOCK);
    return value >>> TAG_SHIFT === owner ? value : 0;
  }

  // Frees the writers' lock if it still has `value` (from `lockHeldBy`). Only for a
  // killed process, whose Worker may have been ended between lock and unlock: WRITE moves
  // only at the end of an append, so what it left half-copied lies past the end and is
  // written over.
  release(value) {
    if (Atomics.compareExchange(this.state, LOCK, value, 0) === value) Atomics.notify(this.state, LOCK);
  }

  // Final drain; writers still running are refused from now on.
  close() {
    this.drain();
    Atomics.store(this.state, CLOSED, 1);
    Atomics.notify(this.state, WRITE);
    Atomics.notify(this.state, READ);
  }

  #decoder(stream, pid, tid) {
    const key = `${stream}:${pid}:${tid}`;
    let decoder = this.decoders.get(key);
    if (!decoder) this.decoders.set(key, (decoder = new TextDecoder()));
    return decoder;
  }

  #copyOut(pos, length) {
    const out = new Uint8Array(length);
    const at = pos % this.capacity;
    const first = Math.min(length, this.capacity - at);
    out.set(this.bytes.subarray(at, at + first));
    if (first < length) out.set(this.bytes.subarray(0, length - first), first);
    return out;
  }
}
