// Reading recorded runs: the trace events of a run turned into per-thread spans.

// { 'pid:tid': { name, process, spans: [{ state, label, start, end }] } }; a state lasts
// until the thread's next state, the last one until `end`.
export function threadsOf(trace, end = Math.max(...trace.map((e) => e.time))) {
  const threads = {};
  for (const event of trace) {
    const key = `${event.pid}:${event.tid}`;
    const thread = (threads[key] ??= { pid: event.pid, tid: event.tid, spans: [] });
    if (event.state === 'name') thread.name = event.label;
    else if (event.state === 'process') thread.process = event.label;
    else {
      const last = thread.spans[thread.spans.length - 1];
      if (last) last.end = event.time;
      thread.spans.push({ state: event.state, label: event.label, start: event.time, end });
    }
  }
  return threads;
}

export function byName(threads, name) {
  return Object.values(threads).find((t) => t.name === name);
}

export function spansIn(thread, state) {
  return thread.spans.filter((s) => s.state === state);
}

// Total time during which a span of `a` and a span of `b` both last.
export function overlap(a, b) {
  let total = 0;
  for (const x of a) for (const y of b) total += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return total;
}

export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}
