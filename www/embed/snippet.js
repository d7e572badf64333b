// <weft-snippet>: makes a <pre> of Python on a tutorial page runnable, with Run and Stop
// and an output console below it; attributes ask for an editor (`editable`), the GIL off
// (`gil="off"`), the run's timeline, standard input (`stdin`) and a time limit (`timeout`).
// The runtime and the engine load at the first Run, once for the page: every snippet
// shares one Runtime. Where the page cannot be isolated, a snippet says why and links to
// the playground instead. Bundled to build/embed.js; the editor, the timeline and the
// link's compression are chunks beside it, loaded only by snippets that use them.

import { ConsoleView } from '../app/console.js';
import { StatusView } from '../app/status.js';
import { RunControl } from '../app/session.js';
import { ensureIsolated } from '../app/isolation.js';
import { matchLanguage, translate, writerName } from '../app/i18n.js';

// At once, not at the first Run: on a host without COOP/COEP the page reloads once under
// the service worker, better before the reader starts than after a click.
const isolated = ensureIsolated(new URL('../sw.js', import.meta.url));
let runtime = null;
// What an editable snippet's editor takes from the page's <pre> (its font through these too).
const PRE_LOOK = ['fontFamily', 'fontSize', 'lineHeight', 'color', 'backgroundColor', 'borderTop', 'borderRight', 'borderBottom',
  'borderLeft', 'borderRadius', 'padding', 'margin'];

function sharedRuntime() {
  runtime ??= import('../runtime/runtime.js').then(({ Runtime }) => Runtime.load());
  return runtime;
}

class WeftSnippet extends HTMLElement {
  #lang;

  connectedCallback() {
    if (this.shadowRoot) return;
    // The snippet's language is its page's (the nearest `lang`), else the browser's.
    this.#lang = matchLanguage([this.closest('[lang]')?.lang, ...navigator.languages].filter(Boolean));
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <link rel="stylesheet" href="${new URL('./embed-style.css', import.meta.url)}">
      <slot></slot>
      <div class="bar" part="bar"></div>
      <div class="output" part="output" role="region" tabindex="0" aria-label="${this.#t('output')}" hidden></div>
      <div class="timeline" part="timeline" hidden>
        <div class="legend"></div>
        <div class="chart" role="group" aria-label="${this.#t('timeline')}"></div>
      </div>`;
    const link = root.querySelector('link');
    const styled = new Promise((resolve) => (link.onload = link.onerror = resolve));
    this.#setUp(root, styled);
  }

  // The code to run: the editor's, else the <pre>'s.
  get code() {
    return this.editor ? this.editor.code : this.#preCode();
  }

  get gil() {
    return this.getAttribute('gil') !== 'off';
  }

  // Until the page is known to be isolated (or not) the bar stays empty: it then gets Run
  // and Stop, or the link to the playground, never a Run that cannot work.
  async #setUp(root, styled) {
    const [ok, editor] = await Promise.all([
      isolated,
      // Ctrl/Cmd-Enter does what the bar's main button does: Run, or open the playground.
      this.hasAttribute('editable') && this.#edit(root, styled, () => root.querySelector('.run, .playground')?.click()),
    ]);
    this.editor = editor || null;
    const reset = editor ? `<button class="reset" part="button reset" type="button" title="${this.#t('resetTitle')}">${this.#t('reset')}</button>` : '';
    await (ok ? this.#runnable(root, reset) : this.#fallback(root, reset));
    root.querySelector('.reset')?.addEventListener('click', () => (this.editor.code = this.original));
  }

  // The playground's editor takes the <pre>'s place and its look. It lives in the shadow
  // root: slotted into it from the page, CodeMirror misreads Chrome's selection. It starts
  // once our style sheet applies, so that its first layout is in the <pre>'s font.
  async #edit(root, styled, onRun) {
    this.original = this.#preCode(); // what Reset puts back
    const [{ Editor }] = await Promise.all([import('../app/editor.js'), styled]);
    const box = Object.assign(document.createElement('div'), { className: 'editor' });
    box.setAttribute('part', 'editor');
    const look = getComputedStyle(this.querySelector('pre'));
    for (const property of PRE_LOOK) box.style[property] = look[property];
    const hint = Object.assign(document.createElement('p'), { id: 'editor-hint', className: 'visually-hidden', textContent: `${this.#t('runHint')}. ${this.#t('editorHint')}` });
    root.querySelector('slot').replaceWith(box, hint);
    return new Editor(box, { code: this.original, label: this.#t('editorLabel'), hintId: hint.id, onRun });
  }

  async #runnable(root, reset) {
    const lang = this.#lang;
    const $ = (selector) => root.querySelector(selector);
    const timeline = this.hasAttribute('timeline')
      ? new (await import('../app/timeline.js')).TimelineView($('.chart'), { legend: $('.legend'), lang })
      : null;
    $('.bar').innerHTML = `
      <button class="run" part="button run" type="button"><span aria-hidden="true">▶ </span>${this.#t('run')}</button>
      <button class="stop" part="button stop" type="button" disabled><span aria-hidden="true">■ </span>${this.#t('stop')}</button>
      ${reset}
      <span class="status" role="status"></span><span class="clock" aria-hidden="true"></span>`;
    const control = new RunControl({
      runtime: sharedRuntime,
      source: () => this.code,
      view: new ConsoleView($('.output'), { describe: (pid, tid) => writerName(lang, pid, tid) }),
      status: new StatusView($('.status'), $('.clock'), lang, 'idle'),
      stopButton: $('.stop'),
      timeline,
      // No input line: stdin is the `stdin` attribute's text (none: empty), then end of file.
      options: () => ({ gil: this.gil, stdin: this.getAttribute('stdin') ?? '', timeout: Number(this.getAttribute('timeout')) || null }),
    });
    $('.run').addEventListener('click', () => {
      $('.output').hidden = false;
      $('.timeline').hidden = !timeline;
      control.run();
    });
    $('.stop').addEventListener('click', () => control.stop());
  }

  // A share link of the playground's (www/app/share.js), with the code as it is at the
  // click, edits included, and the GIL setting; the playground isolates its own tab.
  async #fallback(root, reset) {
    const { codeHash } = await import('../app/share.js');
    const bar = root.querySelector('.bar');
    bar.innerHTML = `
      <p class="why" part="why">${this.#t(window.self === window.top ? 'snippetNotIsolated' : 'snippetInFrame')}</p>
      <a class="playground" part="button playground" target="_blank" rel="noopener">${this.#t('openPlayground')}<span aria-hidden="true"> ↗</span></a>
      ${reset}`;
    const link = bar.querySelector('.playground');
    const refresh = () => (link.href = new URL(`../${codeHash(this.code, { gil: this.gil })}`, import.meta.url));
    refresh();
    link.addEventListener('pointerdown', refresh);
    link.addEventListener('click', refresh);
  }

  #t(key) {
    return translate(this.#lang, key);
  }

  // The code of the snippet's <pre>, without the indent common to its lines (so a page
  // may indent its markup).
  #preCode() {
    const lines = (this.querySelector('pre')?.textContent ?? '').split('\n');
    const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
    const indent = Math.min(...indents); // Infinity when blank: every line becomes ''
    return lines.map((line) => line.slice(indent)).join('\n');
  }
}

customElements.define('weft-snippet', WeftSnippet);
