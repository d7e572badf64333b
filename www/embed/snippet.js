// <weft-snippet>: makes a <pre> of Python on a tutorial page runnable, with Run and Stop
// and an output console below it. The runtime's code and the engine load at the first
// Run, once for the page: every snippet shares one Runtime. Bundled to build/embed.js;
// a page needs only that script and the tag.

import { ConsoleView } from '../app/console.js';
import { StatusView } from '../app/status.js';
import { RunControl } from '../app/session.js';
import { ensureIsolated } from '../app/isolation.js';
import { matchLanguage, translate, writerName } from '../app/i18n.js';

// At once, not at the first Run: on a host without COOP/COEP the page reloads once under
// the service worker, better before the reader starts than after a click.
const isolated = ensureIsolated(new URL('../sw.js', import.meta.url));
let runtime = null;

function sharedRuntime(lang) {
  runtime ??= isolated.then(async (ok) => {
    if (!ok) throw new Error(translate(lang, 'problemIsolation'));
    const { Runtime } = await import('../runtime/runtime.js');
    return Runtime.load();
  });
  return runtime;
}

class WeftSnippet extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    // The snippet's language is its page's (the nearest `lang`), else the browser's.
    const lang = matchLanguage([this.closest('[lang]')?.lang, ...navigator.languages].filter(Boolean));
    const t = (key) => translate(lang, key);
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <link rel="stylesheet" href="${new URL('./embed-style.css', import.meta.url)}">
      <slot></slot>
      <div class="bar" part="bar">
        <button class="run" part="button run" type="button"><span aria-hidden="true">▶ </span>${t('run')}</button>
        <button class="stop" part="button stop" type="button" disabled><span aria-hidden="true">■ </span>${t('stop')}</button>
        <span class="status" role="status"></span><span class="clock" aria-hidden="true"></span>
      </div>
      <div class="output" part="output" role="region" tabindex="0" aria-label="${t('output')}" hidden></div>`;
    const $ = (selector) => root.querySelector(selector);
    const control = new RunControl({
      runtime: () => sharedRuntime(lang),
      source: () => this.code,
      view: new ConsoleView($('.output'), { describe: (pid, tid) => writerName(lang, pid, tid) }),
      status: new StatusView($('.status'), $('.clock'), lang, 'idle'),
      stopButton: $('.stop'),
      // No input line: a snippet's stdin is empty, so `input()` raises EOFError at once.
      options: () => ({ stdin: '' }),
    });
    $('.run').addEventListener('click', () => {
      $('.output').hidden = false;
      control.run();
    });
    $('.stop').addEventListener('click', () => control.stop());
  }

  // The code of the snippet's <pre>, without the indent common to its lines (so a page
  // may indent its markup).
  get code() {
    const lines = (this.querySelector('pre')?.textContent ?? '').split('\n');
    const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
    const indent = Math.min(...indents); // Infinity when blank: every line becomes ''
    return lines.map((line) => line.slice(indent)).join('\n');
  }
}

customElements.define('weft-snippet', WeftSnippet);
