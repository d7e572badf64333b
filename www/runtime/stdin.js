// A run's standard input: a byte ring on a SharedArrayBuffer that the page fills
// (`StdinWriter`, never blocking) and the main process's workers read (`StdinReader`,
// blocking with Atomics.wait until bytes come or the page closes it: end of file).

const CAPACITY = 1 << 16; // bytes; a power of two, so positions may wrap around 2^32
const HEAD = 0, TAIL = 1, CLOSED = 2, SEQ = 3; // Int32 words before the bytes
const HEADER = 16;

export function createStdinBuffer() {
  return new SharedArrayBuffer(HEADER + CAPACITY);
}

// The page's end: appends UTF-8 text. Bytes that do not fit wait in `pending` until the
// readers make room (Atomics.waitAsync on TAIL), so the page never blocks.
export class StdinWriter {
  constructor(sab) {
    this.ctl = new Int32Array(sab, 0, HEADER / 4);
    this.bytes = new Uint8Array(sab, HEADER, CAPACITY);
    this.pending = [];
    this.closing = false;
    this.waiting = false;
  }

  get closed() {
    return this.closing;
  }

  write(text) {
    if (this.closing || !text) return;
    const data = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    if (data.length) this.pending.push(data);
    this.#pump();
  }

  // End of file once what was written has been read.
  close() {
    if (this.closing) return;
    this.closing = true;
    this.#pump();
  }

  #pump() {
    const { ctl, bytes } = this;
    let tail;
    while (this.pending.length) {
      const head = Atomics.load(ctl, HEAD);
      tail = Atomics.load(ctl, TAIL);
      const free = CAPACITY - ((head - tail) | 0);
      if (free === 0) break;
      const chunk = this.pending[0];
      const n = Math.min(free, chunk.length);
      for (let i = 0; i < n; ) {
        const at = (head + i) & (CAPACITY - 1);
        const run = Math.min(n - i, CAPACITY - at);
        bytes.set(chunk.subarray(i, i + run), at);
        i += run;
      }
      if (n === chunk.length) this.pending.shift();
      else this.pending[0] = chunk.subarray(n);
      Atomics.store(ctl, HEAD, (head + n) | 0);
      this.#wake();
    }
    if (this.pending.length) {
      this.#whenRead(tail);
    } else if (this.closing && !Atomics.load(ctl, CLOSED)) {
      Atomics.store(ctl, CLOSED, 1);
      this.#wake();
    }
  }

  // Readers wait on SEQ, which changes with every write and the close.
  #wake() {
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
  }

  // `tail` is the TAIL seen full: a read since then must wake us, or a reader that
  // emptied the ring in between would wait for bytes while we wait for it.
  #whenRead(tail) {
    if (this.waiting) return;
    this.waiting = true;
    const { async, value } = Atomics.waitAsync(this.ctl, TAIL, tail);
    const resume = () => {
      this.waiting = false;
      this.#pump();
    };
    if (async) value.then(resume);
    else queueMicrotask(resume);
  }
}

// A worker's end. Any thread may read; each byte goes to exactly one reader.
export class StdinReader {
  // `onWanted()` is called when a read finds nothing to read and has to wait.
  constructor(sab, onWanted = () => {}) {
    this.ctl = new Int32Array(sab, 0, HEADER / 4);
    this.bytes = new Uint8Array(sab, HEADER, CAPACITY);
    this.onWanted = onWanted;
  }

  // Up to `max` bytes: what is there now, else waits for some; empty at end of file.
  read(max) {
    const { ctl, bytes } = this;
    let told = false;
    for (;;) {
      const seq = Atomics.load(ctl, SEQ);
      const tail = Atomics.load(ctl, TAIL);
      const available = (Atomics.load(ctl, HEAD) - tail) | 0;
      if (available > 0) {
        const n = Math.min(available, max);
        const out = new Uint8Array(n);
        for (let i = 0; i < n; ) {
          const at = (tail + i) & (CAPACITY - 1);
          const run = Math.min(n - i, CAPACITY - at);
          out.set(bytes.subarray(at, at + run), i);
          i += run;
        }
        // The bytes are ours only if no other reader took them meanwhile; the writer
        // cannot have reused them before TAIL moves.
        if (Atomics.compareExchange(ctl, TAIL, tail, (tail + n) | 0) !== tail) continue;
        Atomics.notify(ctl, TAIL);
        return out;
      }
      // The writer closes only after its last bytes are in: look again before EOF.
      if (Atomics.load(ctl, CLOSED)) {
        if (Atomics.load(ctl, HEAD) !== tail) continue;
        return new Uint8Array();
      }
      if (max === 0) return new Uint8Array();
      if (!told) {
        told = true;
        this.onWanted();
      }
      Atomics.wait(ctl, SEQ, seq);
    }
  }
}
