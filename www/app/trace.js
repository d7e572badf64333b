// The timeline's data: a run's trace events and output records sorted into rows, one per
// thread, grouped by process. A row keeps its state changes and output times in typed
// arrays grown by doubling, so drawing and hovering find any moment by binary search
// however many tens of thousands of events a run makes.

export const STATES = ['created', 'running', 'gil', 'sleeping', 'blocked', 'finished'];
export const FINISHED = STATES.indexOf('finished');

export class TraceModel {
  constructor() {
    this.clear();
  }

  clear() {
    this.events = []; // every trace event as received, for the download
    this.outputs = []; // { pid, tid, time, stream, text }
    this.processes = new Map(); // pid → { pid, name, rows: [] }
    this.rows = new Map(); // pid * 2**20 + tid → Row
    this.lastTime = 0;
    this.layoutVersion = 0; // bumped when rows, names or processes change
  }

  // `event`: { pid, tid, time, state, label } from the runtime's onTrace.
  trace(event) {
    this.events.push(event);
    const { pid, tid, time, state, label } = event;
    this.lastTime = Math.max(this.lastTime, time);
    if (state === 'process') {
      this.#process(pid).name = label;
      this.layoutVersion++;
      return;
    }
    const row = this.#row(pid, tid);
    if (state === 'name') {
      row.name = label;
      this.layoutVersion++;
      return;
    }
    let code = STATES.indexOf(state);
    if (code < 0) code = STATES.push(state) - 1; // a state this page does not know yet
    row.push(time, code, label);
  }

  output(stream, text, { pid, tid, time }) {
    this.outputs.push({ pid, tid, time, stream, text });
    this.lastTime = Math.max(this.lastTime, time);
    this.#row(pid, tid).tick(time, this.outputs.length - 1);
  }

  // Processes by pid, each with its rows in the order their threads appeared.
  get groups() {
    return [...this.processes.values()].sort((a, b) => a.pid - b.pid);
  }

  #process(pid) {
    let process = this.processes.get(pid);
    if (!process) {
      process = { pid, name: null, rows: [] };
      this.processes.set(pid, process);
      this.layoutVersion++;
    }
    return process;
  }

  #row(pid, tid) {
    const id = pid * 2 ** 20 + tid;
    let row = this.rows.get(id);
    if (!row) {
      row = new Row(pid, tid);
      this.rows.set(id, row);
      this.#process(pid).rows.push(row);
      this.layoutVersion++;
    }
    return row;
  }
}

export class Row {
  constructor(pid, tid) {
    this.pid = pid;
    this.tid = tid;
    this.name = null;
    this.starts = new Float64Array(16); // when each state began (ms)
    this.codes = new Uint8Array(16); // index into STATES
    this.labels = [];
    this.n = 0;
    this.ticks = new Float64Array(16); // output times (ms)
    this.tickOutputs = new Uint32Array(16); // each tick's index in the model's outputs
    this.nTicks = 0;
  }

  push(time, code, label) {
    if (this.n === this.starts.length) {
      this.starts = grow(this.starts);
      this.codes = grow(this.codes);
    }
    // A thread's events come in order; an early one (clocks of two Workers) is put in place.
    let at = this.n;
    while (at > 0 && this.starts[at - 1] > time) at--;
    if (at < this.n) {
      this.starts.copyWithin(at + 1, at, this.n);
      this.codes.copyWithin(at + 1, at, this.n);
    }
    this.starts[at] = time;
    this.codes[at] = code;
    if (at === this.n) this.labels.push(label);
    else this.labels.splice(at, 0, label);
    this.n++;
  }

  tick(time, output) {
    if (this.nTicks === this.ticks.length) {
      this.ticks = grow(this.ticks);
      this.tickOutputs = grow(this.tickOutputs);
    }
    let at = this.nTicks;
    while (at > 0 && this.ticks[at - 1] > time) at--;
    if (at < this.nTicks) {
      this.ticks.copyWithin(at + 1, at, this.nTicks);
      this.tickOutputs.copyWithin(at + 1, at, this.nTicks);
    }
    this.ticks[at] = time;
    this.tickOutputs[at] = output;
    this.nTicks++;
  }

  // The index of the state in force at `time`, or -1 before the first.
  indexAt(time) {
    return upperBound(this.starts, this.n, time) - 1;
  }

  // Span `i` as { state, label, start, end }; `end` is the run's end for the last state.
  span(i, runEnd) {
    return {
      state: STATES[this.codes[i]],
      label: this.labels[i],
      start: this.starts[i],
      end: i + 1 < this.n ? this.starts[i + 1] : Math.max(runEnd, this.starts[i]),
    };
  }

  // Milliseconds spent in each state up to `runEnd`.
  totals(runEnd) {
    const totals = {};
    for (let i = 0; i < this.n; i++) {
      if (this.codes[i] === FINISHED) continue;
      const { state, start, end } = this.span(i, runEnd);
      totals[state] = (totals[state] ?? 0) + (end - start);
    }
    return totals;
  }
}

// The first index in `array[0..n)` whose value is > `value`.
export function upperBound(array, n, value) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The first index in `array[0..n)` whose value is >= `value`.
export function lowerBound(array, n, value) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grow(array) {
  const bigger = new array.constructor(array.length * 2);
  bigger.set(array);
  return bigger;
}
