// A run's timeline as Chrome trace-event JSON (Perfetto, chrome://tracing): Python pid/tid
// → trace pid/tid; 'process'/'name' events → process_name/thread_name metadata ('M'); each
// state span → a complete event ('X', name = state, args.label, ts/dur in µs) up to the
// thread's next state or the run's end; each output record → an instant ('i', scope 't').

const NOT_STATES = new Set(['name', 'process']);

// `trace`: the runtime's trace events `{ pid, tid, time, state, label }` (time in ms since
// the run started); `output`: `{ pid, tid, time, stream, text }`; `end`: when the run
// ended (ms), by default the last time seen, so a thread still alive is drawn up to it.
export function toChromeTrace({ trace = [], output = [], end } = {}) {
  const us = (ms) => Math.round(ms * 1000);
  let runEnd = end ?? 0;
  for (const { time } of trace) runEnd = Math.max(runEnd, time);
  for (const { time } of output) runEnd = Math.max(runEnd, time);
  const processNames = new Map();
  const threads = new Map(); // "pid/tid" → { pid, tid, name, states: [] }
  const thread = (pid, tid) => {
    const key = `${pid}/${tid}`;
    if (!threads.has(key)) threads.set(key, { pid, tid, name: null, states: [] });
    return threads.get(key);
  };
  for (const event of trace) {
    if (event.state === 'process') processNames.set(event.pid, event.label);
    else if (event.state === 'name') thread(event.pid, event.tid).name = event.label;
    else thread(event.pid, event.tid).states.push(event);
  }
  for (const line of output) thread(line.pid, line.tid);

  const events = [];
  const pids = new Set([...processNames.keys(), ...[...threads.values()].map((t) => t.pid)]);
  for (const pid of [...pids].sort((a, b) => a - b)) {
    const name = processNames.get(pid) ?? (pid === 1 ? 'MainProcess' : `Process (pid ${pid})`);
    events.push({ ph: 'M', name: 'process_name', pid, tid: 0, args: { name } });
    events.push({ ph: 'M', name: 'process_sort_index', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const { pid, tid, name, states } of threads.values()) {
    events.push({ ph: 'M', name: 'thread_name', pid, tid, args: { name: name ?? (tid ? `Thread ${tid}` : 'MainThread') } });
    events.push({ ph: 'M', name: 'thread_sort_index', pid, tid, args: { sort_index: tid } });
    // Stable by time: events of one thread normally arrive in order already.
    const ordered = states.map((e, i) => [e, i]).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([e]) => e);
    ordered.forEach((event, i) => {
      if (event.state === 'finished' || NOT_STATES.has(event.state)) return;
      const until = i + 1 < ordered.length ? ordered[i + 1].time : runEnd;
      const args = event.label ? { label: event.label } : {};
      events.push({ ph: 'X', name: event.state, cat: 'state', pid, tid, ts: us(event.time), dur: us(until) - us(event.time), args });
    });
  }
  for (const { pid, tid, time, stream, text } of output) {
    events.push({ ph: 'i', s: 't', name: stream === 2 ? 'stderr' : 'stdout', cat: 'output', pid, tid, ts: us(time), args: { text } });
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
