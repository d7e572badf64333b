// The output stream of a run: a byte ring on a SharedArrayBuffer. Any worker of any
// process of the run appends whole records (stream, pid, thread, bytes); the page drains
// them without blocking.
// A full ring makes writers wait for the page, so nothing is ever dropped.

const WRITE = 0, READ = 1, LOCK = 2, CLOSED = 3;
const HEADER_BYTES = 16;
const RECORD_HEADER = 16; // payload length, stream (1 stdout, 2 stderr), pid, thread id
export const DEFAULT_CAPACITY = 1 << 20;

export function createOutputBuffer(capacity = DEFAULT_CAPACITY) {
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

class Ring {
  constructor(sab) {
    this.state = new Int32Array(sab, 0, 4);
    this.bytes = new Uint8Array(sab, HEADER_BYTES);
    this.capacity = this.bytes.length;
  }
  used() {
    return (Atomics.load(this.state, WRITE) - Atomics.load(this.state, READ)) >>> 0;
  }
}

export class OutputWriter extends Ring {
  // Appends one record per call; a write larger than half the ring goes out in pieces.
  write(stream, pid, tid, data) {
    const max = (this.capacity >> 1) - RECORD_HEADER;
    for (let at = 0; at < data.length; at += max) {
      this.#append([stream, pid, tid], data.subarray(at, Math.min(data.length, at + max)));
    }
  }

  #append(labels, chunk) {
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
      const header = new Uint8Array(new Uint32Array([chunk.length, ...labels]).buffer);
      this.#copyIn(pos, header);
      this.#copyIn(pos + RECORD_HEADER, chunk);
      Atomics.store(this.state, WRITE, (pos + need) | 0);
      Atomics.notify(this.state, WRITE);
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
    while (Atomics.compareExchange(this.state, LOCK, 0, 1) !== 0) {
      Atomics.wait(this.state, LOCK, 1, 1);
    }
  }

  #unlock() {
    Atomics.store(this.state, LOCK, 0);
    Atomics.notify(this.state, LOCK, 1);
  }
}

export class OutputReader extends Ring {
  // `onRecord(stream, text, { pid, tid })` gets decoded text; UTF-8 split across records
  // is kept.
  constructor(sab, onRecord) {
    super(sab);
    this.onRecord = onRecord;
    this.decoders = new Map();
  }

  // Reads everything written so far.
  drain() {
    const end = Atomics.load(this.state, WRITE) >>> 0;
    let pos = Atomics.load(this.state, READ) >>> 0;
    while (pos !== end) {
      const header = new Uint32Array(this.#copyOut(pos, RECORD_HEADER).buffer);
      const [length, stream, pid, tid] = header;
      const payload = this.#copyOut(pos + RECORD_HEADER, length);
      pos = (pos + RECORD_HEADER + ((length + 3) & ~3)) >>> 0;
      const text = this.#decoder(stream, pid, tid).decode(payload, { stream: true });
      this.onRecord(stream, text, { pid, tid });
    }
    Atomics.store(this.state, READ, pos | 0);
    Atomics.notify(this.state, READ);
  }

  // Drains whenever writers add records, until `close()`.
  async follow() {
    while (!Atomics.load(this.state, CLOSED)) {
      this.drain();
      const seen = Atomics.load(this.state, WRITE);
      const { async, value } = Atomics.waitAsync(this.state, WRITE, seen);
      if (async) await value;
      // Let the page paint between bursts instead of draining in a tight loop.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
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
