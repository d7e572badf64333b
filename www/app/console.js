// Console output for the page: text is buffered and painted once per frame, merging
// consecutive text of the same stream, so floods of lines stay cheap.

export class ConsoleView {
  constructor(element) {
    this.element = element;
    this.pending = [];
    this.scheduled = false;
  }

  append(stream, text) {
    const last = this.pending[this.pending.length - 1];
    if (last && last.stream === stream) last.text += text;
    else this.pending.push({ stream, text });
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.scheduled = false;
    const stick = this.element.scrollTop + this.element.clientHeight >= this.element.scrollHeight - 4;
    for (const { stream, text } of this.pending.splice(0)) {
      const span = document.createElement('span');
      if (stream === 2) span.className = 'stderr';
      span.textContent = text;
      this.element.append(span);
    }
    if (stick) this.element.scrollTop = this.element.scrollHeight;
  }

  clear() {
    this.pending = [];
    this.element.textContent = '';
  }

  get text() {
    return this.element.textContent;
  }
}
