// The headless runner's page: `weft run` calls `weftRun` through Playwright and receives
// output through the exposed `weftOutput` binding, batched so a flood of lines stays fast.

import { Runtime } from '../runtime/runtime.js';

const ready = Runtime.load();
let current = null;

window.weftRun = async (source, options) => {
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
  current = runtime.run(source, {
    ...options,
    onOutput(stream, text) {
      const last = batch[batch.length - 1];
      if (last && last[0] === stream) last[1] += text;
      else batch.push([stream, text]);
      if (batch.length > 256) flush();
    },
  });
  const result = await current.done;
  clearInterval(timer);
  flush();
  await flushing;
  return result;
};

window.weftStop = () => current?.stop();
window.weftReady = ready.then(() => true, (err) => String(err.message ?? err));
