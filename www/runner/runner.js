// The headless runner's page: `weft run` calls `weftRun` through Playwright and receives
// output through the exposed `weftOutput` binding, batched so a flood of lines stays fast.
// `weftRun(source, { filename, gil, trace, stdin, ... })` takes Runtime.run's options, and
// `filesBase64` (path → base64) for a project's files as bytes (and the result's `kept`,
// from the `keep` option, comes back the same way); `weftStdin(text)` and
// `weftStdinClose()` feed the standard input of the run that is starting or running;
// `weftCurrent()` is that Run itself (`scripts/stress.mjs` stops it and reads its processes);
// `weftWarmed` resolves once the runtime's background warm-up has ended (or a run ended it).

import { Runtime } from '../runtime/runtime.js';

const ready = Runtime.load();
let current = null;
// Standard input that came before its run started: [text…, null for the close].
let early = [];

window.weftRun = async (source, options) => {
  current = null;
  const runtime = await ready;
  let batch = [];
  let flushing = Promise.resolve();
  const flush = () => {
    if (!batch.length) return;
    const segments = batch;
    batch = [];
    flushing = flushing.then(() => window.weftOutput(segments));
  };
  const timer = setInterval(flush, 20);
  // With `trace: true` the result also carries the timeline (`trace`) and every output
  // record with its time (`output`).
  const { trace: keepTrace = false, filesBase64 = {}, ...runOptions } = options ?? {};
  for (const [path, data] of Object.entries(filesBase64)) (runOptions.files ??= {})[path] = Uint8Array.fromBase64(data);
  const trace = [];
  const output = [];
  current = runtime.run(source, {
    ...runOptions,
    onOutput(stream, text, { pid, tid, time }) {
      if (keepTrace) output.push({ pid, tid, time, stream, text });
      const last = batch[batch.length - 1];
      if (last && last[0] === stream) last[1] += text;
      else batch.push([stream, text]);
      if (batch.length > 256) flush();
    },
    onTrace(event) {
      if (keepTrace) trace.push(event);
    },
  });
  for (const text of early) text === null ? current.closeStdin() : current.writeStdin(text);
  early = [];
  const { kept, ...result } = await current.done;
  clearInterval(timer);
  flush();
  await flushing;
  if (kept) result.keptBase64 = Object.fromEntries(Object.entries(kept).map(([path, data]) => [path, data?.toBase64() ?? null]));
  return keepTrace ? { ...result, trace, output } : result;
};

window.weftStop = () => current?.stop();
window.weftCurrent = () => current;
window.weftStdin = (text) => (current ? current.writeStdin(text) : early.push(text));
window.weftStdinClose = () => (current ? current.closeStdin() : early.push(null));
window.weftReady = ready.then(() => true, (err) => String(err.message ?? err));
window.weftWarmed = ready.then((runtime) => runtime.warming?.done).then(() => true);
