// The run's timeline under the console: a canvas with a row per thread, grouped by
// process, drawn live as trace events arrive. d3-zoom turns wheel, pinch and drag into a
// zoom transform on the time axis only; until the reader zooms, the view follows the run.
// Hovering shows the state under the pointer; a hidden list tells the same in words.

import { zoom as d3zoom, zoomIdentity } from 'd3-zoom';
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { TraceModel, FINISHED, lowerBound } from './trace.js';
import { GUTTER, COLOURS, layout, paint, processTitle, threadTitle } from './timeline-paint.js';
import { translate } from './i18n.js';
import { toChromeTrace } from '../runtime/chrome_trace.js';
import { paintOnNextFrame } from './next-frame.js';

const LEGEND = ['running', 'gil', 'sleeping', 'blocked', 'created', 'finished', 'output'];
const LIVE_FRAME_MS = 50; // a running timeline repaints this often; zooming and panning at once
const MIN_SPAN_MS = 0.02; // the deepest zoom shows 20 µs across the view

export class TimelineView {
  // `legend` gets a key per colour; `onChange()` is called when a run starts and ends.
  constructor(element, { legend, lang, onChange = () => {} }) {
    this.element = element;
    this.legend = legend;
    this.onChange = onChange;
    this.lang = lang;
    this.model = new TraceModel();
    element.classList.add('weft-timeline');
    element.tabIndex = 0;
    element.innerHTML = `
      <canvas aria-hidden="true"></canvas>
      <p class="empty"></p>
      <div class="tip" role="tooltip" hidden></div>
      <div class="summary visually-hidden"></div>`;
    this.canvas = element.querySelector('canvas');
    this.tip = element.querySelector('.tip');
    this.empty = element.querySelector('.empty');
    this.summary = element.querySelector('.summary');
    this.ctx = this.canvas.getContext('2d');
    this.width = 0;
    this.height = 0;
    this.span = 1; // ms the unzoomed view spans
    this.transform = zoomIdentity;
    this.follow = true;
    this.running = false;
    this.end = 0;

    this.zoom = d3zoom()
      .extent(() => [[GUTTER, 0], [this.width, this.height]])
      .filter((ev) => (!ev.ctrlKey || ev.type === 'wheel') && !ev.button && !(ev.type === 'wheel' && Math.abs(ev.deltaX) > Math.abs(ev.deltaY)))
      .on('start', (ev) => ev.sourceEvent && this.#unfollow())
      .on('zoom', (ev) => {
        this.transform = ev.transform;
        this.#schedule();
      });
    this.selection = select(this.canvas).call(this.zoom);
    this.canvas.addEventListener('wheel', (ev) => this.#sideways(ev), { passive: false });
    this.canvas.addEventListener('pointermove', (ev) => this.#hover(ev));
    this.canvas.addEventListener('pointerleave', () => (this.tip.hidden = true));
    element.addEventListener('keydown', (ev) => this.#key(ev));
    new ResizeObserver(() => this.#resize()).observe(element);
    this.setLanguage(lang);
    this.#resize();
  }

  // A new run: forget the last one and follow this one from its start.
  start() {
    this.model.clear();
    this.startedAt = performance.now();
    this.running = true;
    this.end = 0;
    this.summary.replaceChildren();
    this.tip.hidden = true;
    this.fit();
    this.#live();
    this.onChange();
  }

  trace(event) {
    this.model.trace(event);
  }

  // `writer` is onOutput's third argument; its `time` is ms since the run started.
  output(stream, text, { pid, tid, time }) {
    this.model.output(stream, text, { pid, tid, time: time ?? this.#now() });
  }

  finish(elapsedMs) {
    this.running = false;
    this.end = Math.max(elapsedMs ?? 0, this.model.lastTime);
    if (this.follow) this.#setSpan(this.end);
    else this.#rebase(this.end);
    this.#summarize();
    this.#schedule();
    this.onChange();
  }

  get hasTrace() {
    return this.model.events.length > 0 || this.model.outputs.length > 0;
  }

  // The last run as Chrome trace-event JSON.
  chromeTrace() {
    return toChromeTrace({ trace: this.model.events, output: this.model.outputs, end: this.#runEnd() });
  }

  zoomBy(factor) {
    this.#unfollow();
    this.zoom.scaleBy(this.selection, factor, [(GUTTER + this.width) / 2, 0]);
  }

  panBy(px) {
    this.#unfollow();
    this.zoom.translateBy(this.selection, -px / this.transform.k, 0);
  }

  // Back to the whole run, following it while it goes on.
  fit() {
    this.follow = true;
    this.#setSpan(this.#runEnd());
    this.zoom.transform(this.selection, zoomIdentity);
    this.#schedule();
  }

  setLanguage(lang) {
    this.lang = lang;
    const t = (key, params) => translate(lang, key, params);
    this.empty.textContent = t('timelineEmpty');
    this.legend.replaceChildren(
      ...LEGEND.map((state) => {
        const item = document.createElement('span');
        item.className = `key key-${state}`;
        item.style.setProperty('--swatch', COLOURS[state]);
        item.textContent = state === 'output' ? t('legendOutput') : stateName(lang, state);
        return item;
      }),
    );
    if (!this.running && this.summary.childElementCount) this.#summarize();
  }

  // The visible time range in ms, for tests and the summary.
  get visible() {
    return this.#scale().domain();
  }

  // Where time `time` of thread `tid` in process `pid` is drawn, in page coordinates.
  point(pid, tid, time) {
    const item = this.items.find((it) => it.kind === 'thread' && it.row.pid === pid && it.row.tid === tid);
    if (!item) return null;
    const box = this.canvas.getBoundingClientRect();
    return { x: box.left + this.#scale()(time), y: box.top + item.y + item.height / 2 };
  }

  #now() {
    return this.startedAt == null ? 0 : performance.now() - this.startedAt;
  }

  #runEnd() {
    return this.running ? Math.max(this.#now(), this.model.lastTime) : Math.max(this.end, this.model.lastTime);
  }

  // The unzoomed scale spans [0, span]; the zoom transform is relative to it.
  #setSpan(span) {
    this.span = Math.max(span, 1);
    this.zoom.scaleExtent([1, Math.max(1, this.span / MIN_SPAN_MS)]);
  }

  #base() {
    return scaleLinear().domain([0, this.span]).range([GUTTER, Math.max(GUTTER + 1, this.width)]);
  }

  #scale() {
    return this.transform.rescaleX(this.#base());
  }

  // Stop following the run: the view keeps its range while the run goes on.
  #unfollow() {
    if (!this.follow) return;
    this.follow = false;
    this.#setSpan(this.#runEnd());
  }

  // A new unzoomed span (the run ended, or the width changed) showing the same range.
  #rebase(span) {
    const [a, b] = this.#scale().domain();
    this.#setSpan(span);
    const left = GUTTER;
    const width = Math.max(1, this.width - GUTTER);
    const k = this.span / Math.max(b - a, MIN_SPAN_MS);
    this.zoom.transform(this.selection, zoomIdentity.translate(left - k * (left + (a * width) / this.span), 0).scale(k));
  }

  // A sideways wheel or trackpad swipe pans; d3-zoom takes the rest.
  #sideways(ev) {
    if (Math.abs(ev.deltaX) <= Math.abs(ev.deltaY)) return;
    ev.preventDefault();
    this.panBy(-ev.deltaX);
  }

  #key(ev) {
    const step = (this.width - GUTTER) / 8;
    const actions = {
      ArrowLeft: () => this.panBy(step),
      ArrowRight: () => this.panBy(-step),
      '+': () => this.zoomBy(2),
      '=': () => this.zoomBy(2),
      '-': () => this.zoomBy(0.5),
      0: () => this.fit(),
    };
    const action = actions[ev.key];
    if (!action || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    ev.preventDefault();
    action();
  }

  #resize() {
    const width = this.element.clientWidth;
    if (width === this.width || !width) return;
    const keep = !this.follow && this.width;
    this.width = width;
    this.zoom.translateExtent([[GUTTER, -Infinity], [width, Infinity]]);
    if (keep) this.#rebase(this.span);
    this.#schedule();
  }

  // While the run goes on, repaint as events come in and as its clock advances.
  #live() {
    if (this.looping) return;
    this.looping = true;
    let last = 0;
    const frame = (now) => {
      if (!this.running) {
        this.looping = false;
        return;
      }
      if (now - last >= LIVE_FRAME_MS) {
        last = now;
        this.#paint();
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  #schedule = paintOnNextFrame(() => this.#paint());

  #paint() {
    if (this.layoutVersion !== this.model.layoutVersion) {
      this.layoutVersion = this.model.layoutVersion;
      ({ items: this.items, height: this.rowsHeight } = layout(this.model));
    }
    const end = this.#runEnd();
    if (this.follow) this.#setSpan(end);
    const height = this.items.length ? this.rowsHeight : 0;
    const ratio = devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(this.width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(this.width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.height = `${height}px`;
    }
    this.height = height;
    this.empty.hidden = this.items.length > 0;
    const scale = this.#scale();
    const [from, to] = scale.domain();
    this.element.dataset.from = from.toFixed(3);
    this.element.dataset.to = to.toFixed(3);
    if (!height) return;
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    paint(this.ctx, { width: this.width, height, items: this.items, scale, end, now: this.running ? this.#now() : null });
  }

  #hover(ev) {
    const box = this.canvas.getBoundingClientRect();
    const x = ev.clientX - box.left;
    const y = ev.clientY - box.top;
    const item = this.items?.find((it) => y >= it.y && y < it.y + it.height);
    const text = item && this.#describe(item, x);
    if (!text) {
      this.tip.hidden = true;
      return;
    }
    this.tip.replaceChildren(...text.map(([cls, line]) => Object.assign(document.createElement('div'), { className: cls, textContent: line })));
    this.tip.hidden = false;
    // Beside the pointer, within the timeline and the window: below it, or above it.
    const left = Math.min(x + 14, this.width - this.tip.offsetWidth - 4);
    const below = y + 16 + this.tip.offsetHeight <= Math.min(this.height, innerHeight - box.top);
    this.tip.style.left = `${Math.max(4, left)}px`;
    this.tip.style.top = `${Math.max(0, below ? y + 16 : y - 8 - this.tip.offsetHeight)}px`;
  }

  // The tooltip's lines, [class, text], for the item at x; null where there is nothing.
  #describe(item, x) {
    const t = (key, params) => translate(this.lang, key, params);
    if (item.kind === 'process') return [['title', processTitle(item.process)]];
    const { row } = item;
    const where = `${threadTitle(row)} · ${processTitle(this.model.processes.get(row.pid))}`;
    if (x < GUTTER) return [['title', where]];
    const scale = this.#scale();
    const time = scale.invert(x);
    // An output line within 2 px of the pointer comes first.
    const near = lowerBound(row.ticks, row.nTicks, scale.invert(x - 2));
    if (near < row.nTicks && scale(row.ticks[near]) <= x + 2) {
      const line = this.model.outputs[row.tickOutputs[near]];
      return [
        ['title', t('legendOutput')],
        ['label', line.text.replace(/\n$/, '').slice(0, 200)],
        ['time', t('outputAt', { time: ms(line.time) })],
        ['where', where],
      ];
    }
    const i = row.indexAt(time);
    if (i < 0 || row.codes[i] === FINISHED) return null;
    const span = row.span(i, this.#runEnd());
    const lines = [['title', stateName(this.lang, span.state)]];
    if (span.label) lines.push(['label', span.label]);
    lines.push(['time', t('spanTime', { start: ms(span.start), end: ms(span.end), duration: ms(span.end - span.start) })]);
    lines.push(['where', where]);
    return lines;
  }

  // The timeline in words for screen readers: per thread, the time spent in each state.
  #summarize() {
    const t = (key, params) => translate(this.lang, key, params);
    const end = this.#runEnd();
    const list = document.createElement('ul');
    for (const process of this.model.groups) {
      const group = document.createElement('li');
      group.dataset.pid = process.pid;
      group.append(processTitle(process));
      const threads = document.createElement('ul');
      for (const row of process.rows) {
        const item = document.createElement('li');
        item.dataset.tid = row.tid;
        const totals = Object.entries(row.totals(end)).map(([state, total]) => `${stateName(this.lang, state)} ${ms(total)} ms`);
        item.textContent = `${threadTitle(row)}: ${totals.join(', ')}`;
        threads.append(item);
      }
      group.append(threads);
      list.append(group);
    }
    const heading = Object.assign(document.createElement('p'), { textContent: t('timelineSummary') });
    this.summary.replaceChildren(heading, list);
  }
}

// A state's name in `lang`; a state this page does not know yet by its own name.
function stateName(lang, state) {
  const name = translate(lang, `state-${state}`);
  return name === `state-${state}` ? state : name;
}

function ms(value) {
  return value.toFixed(2);
}
