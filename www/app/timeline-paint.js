// Draws the timeline on a canvas: the time axis, a header per process, a bar per thread
// coloured by state, output ticks. Spans narrower than a pixel are pooled per pixel column,
// drawn as a stack of the column's states in proportion to their time; runs of one colour
// become one rectangle and each colour is one path, so a frame costs the visible spans.

import { STATES, FINISHED, upperBound, lowerBound } from './trace.js';

export const COLOURS = {
  created: '#cbd5e1',
  running: '#16a34a',
  gil: '#f59e0b',
  sleeping: '#60a5fa',
  blocked: '#8b5cf6',
  finished: '#94a3b8',
  output: '#111827',
  other: '#9ca3af',
};

export const AXIS = 26; // px: the time axis at the top
export const GROUP = 22; // px: a process's header
export const ROW = 20; // px: a thread's row
export const GUTTER = 190; // px: thread names on the left
const BAR = 4; // px of space above and below a bar
const FONT = '12px system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif';

// The rows in drawing order, each with its top `y`: [{ kind: 'process' | 'thread', y, … }].
export function layout(model) {
  const items = [];
  let y = AXIS;
  for (const process of model.groups) {
    items.push({ kind: 'process', y, height: GROUP, process });
    y += GROUP;
    for (const row of process.rows) {
      items.push({ kind: 'thread', y, height: ROW, row });
      y += ROW;
    }
  }
  return { items, height: y + 6 };
}

export function processTitle(process) {
  return `${process.name ?? (process.pid === 1 ? 'MainProcess' : 'Process')} · pid ${process.pid}`;
}

export function threadTitle(row) {
  return row.name ?? (row.tid ? `Thread ${row.tid}` : 'MainThread');
}

// `scale` maps ms to x (d3-scale); `end` is the run's end so far; `now` draws a line there
// while the run goes on.
export function paint(ctx, { width, height, items, scale, end, now }) {
  const [t0, t1] = scale.domain();
  const grid = axisTicks(scale, width);
  ctx.clearRect(0, 0, width, height);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';

  items.forEach((item, i) => {
    ctx.fillStyle = item.kind === 'process' ? '#e8edf4' : i % 2 ? '#f8fafc' : '#fff';
    ctx.fillRect(item.kind === 'process' ? 0 : GUTTER, item.y, width, item.height);
  });
  ctx.fillStyle = '#eceff3';
  for (const { x } of grid) ctx.fillRect(x, AXIS, 1, height - AXIS);

  // Bars, batched by colour across rows; output ticks over them.
  const batches = STATES.map(() => []);
  const ticks = [];
  for (const item of items) {
    if (item.kind !== 'thread') continue;
    const top = item.y + BAR;
    const bar = ROW - 2 * BAR;
    rowSpans(item.row, scale, t0, t1, end, GUTTER, width, (x0, x1, code, from = 0, part = 1) => {
      batches[code].push(x0, top + from * bar, Math.max(x1 - x0, 1), part * bar);
    });
    rowTicks(item.row, scale, t0, t1, GUTTER, width, (x) => ticks.push(x, item.y + item.height - BAR - 3));
  }
  batches.forEach((rects, code) => {
    if (!rects.length) return;
    ctx.fillStyle = COLOURS[STATES[code]] ?? COLOURS.other;
    ctx.beginPath();
    for (let k = 0; k < rects.length; k += 4) ctx.rect(rects[k], rects[k + 1], rects[k + 2], rects[k + 3]);
    ctx.fill();
  });
  ctx.fillStyle = COLOURS.output;
  ctx.beginPath();
  for (let k = 0; k < ticks.length; k += 2) ctx.rect(ticks[k], ticks[k + 1], 1, 5);
  ctx.fill();

  // Names: processes across their header, threads in the gutter.
  for (const item of items) {
    if (item.kind === 'process') {
      ctx.fillStyle = '#1d2330';
      ctx.font = `600 ${FONT}`;
      ctx.fillText(processTitle(item.process), 8, item.y + item.height / 2, width - 16);
      ctx.font = FONT;
    } else {
      ctx.fillStyle = '#353c48';
      ctx.fillText(threadTitle(item.row), 18, item.y + item.height / 2, GUTTER - 24);
    }
  }
  ctx.fillStyle = '#d9dde3';
  ctx.fillRect(GUTTER - 1, AXIS, 1, height - AXIS);

  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, AXIS);
  ctx.fillStyle = '#d9dde3';
  ctx.fillRect(0, AXIS - 1, width, 1);
  for (const { x, text } of grid) {
    ctx.fillStyle = '#9aa3ae';
    ctx.fillRect(x, AXIS - 6, 1, 5);
    ctx.fillStyle = '#5b6470';
    // Centred on its tick, unless that would cross the gutter or the right edge.
    const half = ctx.measureText(text).width / 2;
    ctx.fillText(text, Math.min(Math.max(x - half, GUTTER + 2), width - 2 * half - 2), AXIS / 2 - 2);
  }
  if (now != null && now >= t0 && now <= t1) {
    ctx.fillStyle = '#2563eb';
    ctx.fillRect(Math.round(scale(now)), AXIS, 1, height - AXIS);
  }
}

// Calls `emit(x0, x1, code)` for the row's visible state spans, merged, and
// `emit(x, x + 1, code, from, part)` for each state of a pooled pixel column, `from` and
// `part` being fractions of the bar's height.
export function rowSpans(row, scale, t0, t1, end, left, right, emit) {
  const { starts, codes, n } = row;
  const weights = new Float64Array(STATES.length);
  let column = -1; // the pixel column being pooled
  let pooled = false;
  let run = null; // [x0, x1, code] waiting to be emitted
  const add = (x0, x1, code) => {
    if (run && run[2] === code && x0 <= run[1] + 0.5) run[1] = Math.max(run[1], x1);
    else {
      if (run) emit(run[0], run[1], run[2]);
      run = [x0, x1, code];
    }
  };
  const flushColumn = () => {
    if (!pooled) return;
    let total = 0;
    let kinds = 0;
    for (const weight of weights) {
      total += weight;
      if (weight) kinds++;
    }
    if (kinds === 1) add(column, column + 1, weights.findIndex((weight) => weight > 0));
    else {
      if (run) emit(run[0], run[1], run[2]);
      run = null;
      let from = 0;
      weights.forEach((weight, code) => {
        if (!weight) return;
        emit(column, column + 1, code, from, weight / total);
        from += weight / total;
      });
    }
    weights.fill(0);
    pooled = false;
  };
  for (let i = Math.max(0, upperBound(starts, n, t0) - 1); i < n && starts[i] <= t1; i++) {
    if (codes[i] === FINISHED) {
      // The row ends with a cap.
      const x = scale(starts[i]);
      if (x >= left && x <= right) {
        flushColumn();
        add(Math.max(left, x - 2), x, FINISHED);
      }
      continue;
    }
    const stop = i + 1 < n ? starts[i + 1] : Math.max(end, starts[i]);
    if (stop < t0) continue;
    const x0 = Math.max(left, scale(starts[i]));
    const x1 = Math.min(right, scale(stop));
    if (x1 <= x0) continue;
    if (x1 - x0 >= 1) {
      flushColumn();
      add(x0, x1, codes[i]);
      continue;
    }
    const at = Math.floor(x0);
    if (at !== column) {
      flushColumn();
      column = at;
    }
    weights[codes[i]] += x1 - x0;
    pooled = true;
  }
  flushColumn();
  if (run) emit(run[0], run[1], run[2]);
}

// Calls `emit(x)` once per pixel column that has output in it.
export function rowTicks(row, scale, t0, t1, left, right, emit) {
  const { ticks, nTicks } = row;
  let i = lowerBound(ticks, nTicks, t0);
  while (i < nTicks && ticks[i] <= t1) {
    const x = Math.floor(scale(ticks[i]));
    if (x >= left && x < right) emit(x);
    i = Math.max(i + 1, lowerBound(ticks, nTicks, scale.invert(x + 1)));
  }
}

// Round times along the axis, in ms, or in s once the view spans 2 s or more.
function axisTicks(scale, width) {
  const [t0, t1] = scale.domain();
  const seconds = t1 - t0 >= 2000;
  const unit = seconds ? scale.copy().domain([t0 / 1000, t1 / 1000]) : scale;
  const count = Math.max(2, Math.floor((width - GUTTER) / 90));
  const format = unit.tickFormat(count);
  return unit
    .ticks(count)
    .map((value) => ({ x: Math.round(unit(value)), text: `${format(value)} ${seconds ? 's' : 'ms'}` }))
    .filter(({ x }) => x >= GUTTER && x <= width);
}
