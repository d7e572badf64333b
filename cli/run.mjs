// Runs a Python program through the Weft runtime in headless Chromium: serves `www/`,
// opens the runner page, streams output to `onOutput(stream, text)`, returns the exit
// status (124 after a timeout stopped every worker). With `traceFile`, writes the run's
// timeline there as Chrome trace-event JSON once it has ended, timed out or not. Each host
// path in `keep` gets the content the program left there (when its main process exits).
// `input` (a readable stream, e.g. process.stdin) becomes the program's standard input,
// chunk by chunk as it comes (a terminal's lines as they are typed); its end is EOF.

import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { collectFiles } from './project.mjs';
import { toChromeTrace } from '../www/runtime/chrome_trace.js';

// The program is `file` (FILE.py) or `module` (-m MODULE), with `args` after it in
// sys.argv, the files of `paths` (--path) at their host paths and on sys.path, and the
// host's working directory as its own. `gil`: false runs it free-threaded, as
// python3.13t does. `terminal`: whether its stdout and stderr are terminals.
export async function runProgram({ file = null, module = null, args = [], paths = [], timeout = null, gil = true, traceFile = null, keep = [], input = null, terminal = { stdout: false, stderr: false }, onOutput }) {
  const files = collectFiles({ file, dirs: paths });
  const program = {
    ...(module ? { module, args: ['-m', module, ...args] } : { filename: path.resolve(file), args: [file, ...args] }),
    path: paths.map((dir) => path.resolve(dir)),
    cwd: process.cwd(),
    keep: keep.map((at) => path.resolve(at)),
    filesBase64: Object.fromEntries([...files].map(([at, data]) => [at, data.toString('base64')])),
  };
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => process.stderr.write(`weft: page error: ${err.message}\n`));
    await page.exposeFunction('weftOutput', (segments) => {
      for (const [stream, text] of segments) onOutput(stream, text);
    });
    await page.goto(`${server.url}runner/`);
    const ready = await page.evaluate(() => window.weftReady);
    if (ready !== true) throw new Error(ready);
    let timedOut = false;
    const timer = timeout && setTimeout(() => {
      timedOut = true;
      page.evaluate(() => window.weftStop()).catch(() => {});
    }, timeout * 1000);
    const running = page.evaluate(
      (options) => window.weftRun(null, options),
      { ...program, gil, terminal, trace: Boolean(traceFile), ...(!input && { stdin: '' }) },
    );
    const stopForwarding = input ? forward(input, page) : () => {};
    const result = await running.finally(stopForwarding);
    clearTimeout(timer);
    if (timedOut) onOutput(2, `weft: timed out after ${timeout} s; every worker was stopped\n`);
    if (traceFile) writeTrace(traceFile, result, onOutput);
    writeKept(result.keptBase64 ?? {});
    if (timedOut) return 124;
    return result.exitCode ?? 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

// Passes `input`'s chunks to the page in order; returns a function that stops reading, so
// an open stdin does not keep the process alive after the program has ended.
function forward(input, page) {
  let chain = Promise.resolve();
  const send = (fn, arg) => {
    chain = chain.then(() => page.evaluate(fn, arg)).catch(() => {});
  };
  const onData = (chunk) => send((text) => window.weftStdin(text), chunk);
  const onEnd = () => send(() => window.weftStdinClose());
  input.setEncoding('utf8');
  input.on('data', onData);
  input.on('end', onEnd);
  input.on('error', onEnd);
  return () => {
    input.off('data', onData);
    input.off('end', onEnd);
    input.off('error', onEnd);
    input.pause();
    if (input.unref) input.unref();
    else input.destroy?.();
  };
}

// The files the program wrote at `keep` paths; one it did not write is left as it was.
function writeKept(kept) {
  for (const [at, data] of Object.entries(kept)) {
    if (data === null) continue;
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.writeFileSync(at, Buffer.from(data, 'base64'));
  }
}

function writeTrace(file, { trace, output, elapsedMs }, onOutput) {
  if (!Array.isArray(trace)) onOutput(2, 'weft: this runtime recorded no trace events; the trace file has none\n');
  const json = toChromeTrace({ trace: trace ?? [], output: output ?? [], end: elapsedMs });
  fs.writeFileSync(file, JSON.stringify(json));
}
