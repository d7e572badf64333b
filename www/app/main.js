// The playground page: wires the editor, the gallery, the GIL switch, Run/Stop, the
// status, the console and its input line, the timeline, sharing and the language switch together. Code comes
// from the URL hash (a shared link or `#example=ID`), else the gallery's first example.

import { Runtime } from '../runtime/runtime.js';
import { Editor } from './editor.js';
import { ConsoleView } from './console.js';
import { TimelineView } from './timeline.js';
import { downloadJson } from './download.js';
import { StatusView } from './status.js';
import { RunControl } from './session.js';
import { InputLine } from './input.js';
import { Gallery } from './gallery.js';
import { codeHash, readHash } from './share.js';
import { ensureIsolated } from './isolation.js';
import { LANGUAGES, applyTranslations, localized, preferredLanguage, saveLanguage, translate, writerName } from './i18n.js';

const $ = (id) => document.getElementById(id);
let lang = preferredLanguage();
let gallery = null;
let shown = null; // the gallery example in the editor, if the code came from one

const status = new StatusView($('status'), $('clock'), lang, 'loading');
const view = new ConsoleView($('console'), { describe: (pid, tid) => writerName(lang, pid, tid) });
const timeline = new TimelineView($('timeline'), {
  legend: $('timeline-legend'),
  lang,
  onChange: () => ($('download-trace').disabled = timeline.running || !timeline.hasTrace),
});
const runtime = ensureIsolated(new URL('./sw.js', document.baseURI)).then((isolated) => {
  if (isolated) return Runtime.load();
  $('problem-text').dataset.i18n = 'problemIsolation';
  $('problem').hidden = false;
  $('run').disabled = true;
  applyTranslations($('problem'), lang);
  throw new Error(translate(lang, 'problemTitle'));
});
runtime.then(
  () => status.state === 'loading' && status.set('ready'),
  (err) => status.set('failed', { message: err.message }),
);
const editor = new Editor($('editor'), {
  code: '',
  label: translate(lang, 'editorLabel'),
  hintId: 'editor-hint',
  onRun: () => control.run(),
});
const control = new RunControl({
  runtime: () => runtime,
  source: () => editor.code,
  options: () => ({ gil: $('gil').checked }),
  view,
  status,
  stopButton: $('stop'),
  timeline,
  input: new InputLine({ field: $('stdin'), eof: $('stdin-eof'), view }),
});
// For the browser's console and the tests.
window.weft = { editor, view, timeline };

$('run').addEventListener('click', () => control.run());
$('stop').addEventListener('click', () => control.stop());
$('copy').addEventListener('click', copyOutput);
$('share').addEventListener('click', share);
$('zoom-in').addEventListener('click', () => timeline.zoomBy(2));
$('zoom-out').addEventListener('click', () => timeline.zoomBy(0.5));
$('fit').addEventListener('click', () => timeline.fit());
$('download-trace').addEventListener('click', () => {
  downloadJson(`weft-trace${status.gil === false ? '-nogil' : ''}.json`, timeline.chromeTrace());
});
$('language').append(...Object.entries(LANGUAGES).map(([value, name]) => new Option(name, value)));
$('language').addEventListener('change', (event) => {
  saveLanguage(event.target.value);
  setLanguage(event.target.value);
});
$('gallery-list').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-example]');
  if (!link) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  open(location.hash);
});
addEventListener('hashchange', () => open(location.hash));

setLanguage(lang);
gallery = await Gallery.load(new URL('./examples/index.json', document.baseURI));
await open(location.hash);

async function open(hash) {
  const wanted = readHash(hash);
  // A shared link says how it ran: without `gil=0`, with the GIL. An example keeps the switch.
  if (wanted.gil !== undefined || wanted.code !== undefined) $('gil').checked = wanted.gil ?? true;
  if (wanted.code !== undefined) {
    shown = null;
    editor.code = wanted.code;
  } else {
    shown = gallery.find(wanted.example);
    editor.code = await gallery.code(shown);
  }
  showExample();
}

function showExample() {
  gallery.render($('gallery-list'), lang, shown);
  $('about').hidden = !shown;
  if (!shown) return;
  $('about-title').textContent = localized(shown.title, lang);
  $('about-text').textContent = localized(shown.explanation, lang);
}

function setLanguage(next) {
  lang = next;
  document.documentElement.lang = lang;
  document.title = translate(lang, 'pageTitle');
  $('language').value = lang;
  applyTranslations(document, lang);
  status.setLanguage(lang);
  timeline.setLanguage(lang);
  editor.setLabel(translate(lang, 'editorLabel'));
  if (gallery) showExample();
}

// The link is shown at once; only the message waits for the clipboard, which may take a
// while (a link read right after the click was once the previous one).
async function share() {
  history.replaceState(null, '', codeHash(editor.code, { gil: $('gil').checked }));
  $('share-link').value = location.href;
  let copied = true;
  try {
    await navigator.clipboard.writeText(location.href);
  } catch {
    copied = false; // no permission: the link is shown, selected, to copy by hand
  }
  $('share-message').dataset.i18n = copied ? 'shareCopied' : 'shareManual';
  $('share-message').textContent = translate(lang, $('share-message').dataset.i18n);
  $('share-note').hidden = false;
  $('share-link').select();
}

async function copyOutput() {
  try {
    await navigator.clipboard.writeText(view.text);
  } catch {
    return; // no permission to write the clipboard: nothing was copied
  }
  $('copy').textContent = translate(lang, 'copied');
  setTimeout(() => ($('copy').textContent = translate(lang, 'copy')), 1500);
}
