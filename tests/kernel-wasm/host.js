// The page side of the kernel's tests in Chromium: runs one libtest binary built for
// wasm32-wasip1-threads as a Weft process, on our own host (www/runtime: WASI, threads on
// Workers, `weft_shared` over the run's SharedArrayBuffer), and says how it ended.

import { Runtime } from '/www/runtime/runtime.js';

// `args`: libtest's command line. A run that prints nothing for `idleMs` is taken to hang
// and stopped. Resolves with its stdout and stderr, interleaved as written.
window.runTestBinary = async (url, args, idleMs) => {
  const runtime = await Runtime.load({ wasmUrl: url, stdlibUrl: null, warmup: false });
  let output = '';
  let idle;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => run.stop(), idleMs);
  };
  const run = runtime.run('', {
    args,
    stdin: '',
    onOutput(stream, text) {
      output += text;
      watch();
    },
  });
  watch();
  const { exitCode, crashed = false, stopped = false } = await run.done;
  clearTimeout(idle);
  return { output, exitCode, crashed, stopped };
};
