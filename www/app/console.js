// The run's console: a virtual list of output lines. Each line keeps its stream (stderr
// is drawn apart, in red; 0 for a line of typed input only) and its writer; once more
// than one process or thread has written, every line gets a label naming its writer, in
// a colour of its own. Typed input echoed into a line is drawn in its own colour. Only the
// rows in view exist in the DOM and painting happens at most once a frame, so 100 000
// lines cost an array and a few dozen elements.

import { paintOnNextFrame } from './next-frame.js';

const ROW_HEIGHT = 20; // px; rows are given exactly this height (--row-height)
const OVERSCAN = 8;
const PALETTE = ['#7dd3fc', '#fcd34d', '#bef264', '#c4b5fd', '#f9a8d4', '#5eead4', '#fdba74', '#a5b4fc'];

export class ConsoleView {
  // `describe(pid, tid)` gives a label's tooltip.
  constructor(element, { describe }) {
    this.element = element;
    this.describe = describe;
    element.classList.add('weft-console');
    element.style.setProperty('--row-height', `${ROW_HEIGHT}px`);
    this.sizer = Object.assign(document.createElement('div'), { className: 'sizer' });
    this.rows = Object.assign(document.createElement('div'), { className: 'rows' });
    element.append(this.sizer, this.rows);
    // Follow new output only while the reader is at the bottom.
    element.addEventListener('scroll', () => {
      this.follow = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT;
      this.#schedule();
    }, { passive: true });
    new ResizeObserver(() => this.#schedule()).observe(element);
    this.clear();
  }

  clear() {
    this.lines = [];
    this.open = new Map(); // writer and stream → its line still waiting for a newline
    this.writers = new Map(); // pid and tid → { pid, tid: its number in the process, colour }
    this.pids = new Set();
    this.follow = true;
    this.#schedule();
  }

  append(stream, text, { pid, tid }) {
    // Numeric keys: this runs for every record of a flood of output.
    const id = pid * 2 ** 20 + tid;
    const writer = this.writers.get(id) ?? this.#writer(id, pid, tid);
    const key = id * 4 + stream;
    let line = this.open.get(key);
    const parts = (text.includes('\r') ? text.replace(/\r\n/g, '\n') : text).split('\n');
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      if (last && parts[i] === '') {
        line = undefined;
        break;
      }
      if (!line) this.lines.push((line = { stream, writer, text: '', end: '', cr: false }));
      if (line.cr || parts[i].includes('\r')) overwrite(line, parts[i]);
      else line.text += parts[i];
      if (!last) {
        line.end = '\n';
        line = undefined;
      }
    }
    if (line) this.open.set(key, line);
    else this.open.delete(key);
    this.#schedule();
  }

  // Typed input, shown where a terminal's cursor is: after the last output. A line it
  // ends is closed, so the program's next output starts a new one.
  echo(text) {
    const last = this.lines[this.lines.length - 1];
    let line = last && !last.end ? last : null;
    const parts = text.split('\n');
    for (let i = 0; i < parts.length; i++) {
      const ends = i < parts.length - 1;
      if (!parts[i] && !ends) break;
      if (!line) this.lines.push((line = { stream: 0, writer: last?.writer ?? null, text: '', end: '' }));
      if (line.inputTo !== line.text.length) line.inputFrom = line.text.length;
      line.text += parts[i];
      line.inputTo = line.text.length;
      if (ends) {
        line.end = '\n';
        for (const [key, open] of this.open) if (open === line) this.open.delete(key);
        line = null;
      }
    }
    this.#schedule();
  }

  get text() {
    return this.lines.map((line) => line.text + line.end).join('');
  }

  // Threads are numbered per process in the order they first write: the engine's own
  // hidden threads take thread ids too, and the user should see t1, t2, … for theirs.
  #writer(id, pid, tid) {
    const n = this.writers.size;
    const number = tid && 1 + [...this.writers.values()].filter((w) => w.pid === pid && w.tid).length;
    const writer = { pid, tid: number, colour: PALETTE[n] ?? `hsl(${(n * 47) % 360} 80% 75%)` };
    this.writers.set(id, writer);
    this.pids.add(pid);
    return writer;
  }

  #schedule = paintOnNextFrame(() => this.#paint());

  #paint() {
    const { element, lines } = this;
    this.sizer.style.height = `${lines.length * ROW_HEIGHT}px`;
    if (this.follow) element.scrollTop = element.scrollHeight;
    const first = Math.max(0, Math.floor(element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(lines.length, Math.ceil((element.scrollTop + element.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const labelled = this.writers.size > 1;
    const rows = [];
    for (let i = first; i < end; i++) rows.push(this.#row(lines[i], labelled));
    this.rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    this.rows.replaceChildren(...rows);
  }

  #row({ stream, writer, text, inputFrom, inputTo }, labelled) {
    const row = document.createElement('div');
    row.className = stream === 2 ? 'row stderr' : 'row';
    if (labelled && (stream === 0 || !writer)) {
      // A line of typed input only: no writer, an empty label keeps the text aligned.
      row.append(Object.assign(document.createElement('span'), { className: 'who' }));
    } else if (labelled) {
      const label = document.createElement('span');
      label.className = 'who';
      label.style.color = writer.colour;
      // Name the process only when there is more than one.
      label.textContent = `${this.pids.size > 1 ? `p${writer.pid} ` : ''}${writer.tid ? `t${writer.tid}` : 'main'}`;
      label.title = this.describe(writer.pid, writer.tid);
      row.append(label);
    }
    if (inputFrom === undefined) {
      row.append(text);
    } else {
      const typed = Object.assign(document.createElement('span'), { className: 'stdin', textContent: text.slice(inputFrom, inputTo) });
      row.append(text.slice(0, inputFrom), typed, text.slice(inputTo));
    }
    return row;
  }
}

// Text after a carriage return replaces the line, as a terminal's progress bars expect
// (they pad a shorter redraw with spaces). Like a terminal's cursor, a trailing one
// leaves the line shown until more text comes: `bar\r` then a newline keeps the bar.
function overwrite(line, text) {
  const pieces = text.split('\r');
  for (let j = 0; j < pieces.length; j++) {
    if (j > 0) line.cr = true;
    if (!pieces[j]) continue;
    line.text = line.cr ? pieces[j] : line.text + pieces[j];
    line.cr = false;
  }
}
