// The minimal playground page: edit, Run, Stop, and a console that streams output.

import { Runtime } from '../runtime/runtime.js';
import { ConsoleView } from './console.js';

const $ = (id) => document.getElementById(id);
const view = new ConsoleView($('console'));
let current = null;

function setRunning(running) {
  $('run').disabled = running;
  $('stop').disabled = !running;
}

async function run(runtime) {
  view.clear();
  setRunning(true);
  $('status').textContent = 'Running…';
  current = runtime.run($('code').value, { onOutput: (stream, text) => view.append(stream, text) });
  const result = await current.done;
  view.flush();
  setRunning(false);
  const seconds = (result.elapsedMs / 1000).toFixed(2);
  $('status').textContent = result.stopped ? `Stopped after ${seconds} s` : `Exit code ${result.exitCode} · ${seconds} s`;
}

try {
  const runtime = await Runtime.load();
  $('status').textContent = 'Ready';
  setRunning(false);
  $('run').onclick = () => run(runtime);
  $('stop').onclick = () => current?.stop();
  $('code').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !$('run').disabled) run(runtime);
  });
} catch (err) {
  $('status').textContent = err.message;
}
