// The run status: loading, ready, running (with a clock ticking beside it), then the exit
// code — or stopped (by Stop or by a time limit), crashed, failed to start — and the time
// taken; a run without the GIL says so. `data-state`, `data-exit-code` and `data-gil` carry it for styles and tests
// whatever the language.

import { translate } from './i18n.js';

export class StatusView {
  // `element` is announced to screen readers; `clock`, updated ten times a second, is not.
  constructor(element, clock, lang, state) {
    element.classList.add('weft-status');
    clock.classList.add('weft-clock');
    this.element = element;
    this.clock = clock;
    this.lang = lang;
    this.gil = undefined; // the run's GIL mode, once a page that has the switch tells it
    this.set(state);
  }

  // Whether the run being started has the GIL; only a run without it is marked in the text.
  setGil(gil) {
    this.gil = gil;
    this.render();
  }

  // `state` is also the key of its text; `params` fill it in.
  set(state, params = {}) {
    clearInterval(this.timer);
    this.state = state;
    this.params = params;
    this.clock.textContent = '';
    if (state === 'running') {
      const startedAt = performance.now();
      const tick = () => {
        const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
        this.clock.textContent = translate(this.lang, 'seconds', { seconds });
      };
      tick();
      this.timer = setInterval(tick, 100);
    }
    this.render();
  }

  // Takes what `run.done` resolves to, and whether a time limit stopped the run.
  finished({ exitCode, stopped, crashed, elapsedMs, timedOut = false }) {
    this.set(timedOut ? 'timedOut' : stopped ? 'stopped' : crashed ? 'crashed' : 'exited', { code: exitCode, elapsedMs });
  }

  setLanguage(lang) {
    this.lang = lang;
    this.render();
  }

  render() {
    const { element, state, params } = this;
    element.dataset.state = state;
    if (params.code == null) delete element.dataset.exitCode;
    else element.dataset.exitCode = params.code;
    const text = translate(this.lang, state, { ...params, seconds: ((params.elapsedMs ?? 0) / 1000).toFixed(2) });
    const ran = ['running', 'exited', 'stopped', 'timedOut', 'crashed'].includes(state);
    if (this.gil === undefined) delete element.dataset.gil;
    else element.dataset.gil = this.gil ? 'on' : 'off';
    element.textContent = ran && this.gil === false ? translate(this.lang, 'gilOff', { status: text }) : text;
  }
}
