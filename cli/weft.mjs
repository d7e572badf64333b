#!/usr/bin/env node
// `weft`: run Python files through the Weft browser runtime in headless Chromium.
//
//   weft run FILE.py [--timeout SECONDS] [--gil on|off] [--trace FILE.json]
//
// Output streams as the program writes it; the exit status is the program's own
// (124 when the timeout stopped it). `--gil off` runs it free-threaded; `--trace` saves
// its timeline as Chrome trace-event JSON. Standard input (a pipe, or a terminal line by
// line) is the program's stdin; its end is EOF. This interface is stable.

import { parseArgs } from 'node:util';
import { runFile } from './run.mjs';

const USAGE = 'usage: weft run FILE.py [--timeout SECONDS] [--gil on|off] [--trace FILE.json]';

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        timeout: { type: 'string' },
        gil: { type: 'string', default: 'on' },
        trace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // An unknown option, or one without its value.
    console.error(`weft: ${err.message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] !== 'run' || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const timeout = values.timeout === undefined ? null : Number(values.timeout);
  if (timeout !== null && !(timeout > 0)) {
    console.error(`weft: --timeout needs a positive number of seconds\n${USAGE}`);
    return 2;
  }
  if (values.gil !== 'on' && values.gil !== 'off') {
    console.error(`weft: --gil takes on or off\n${USAGE}`);
    return 2;
  }
  if (values.trace === '') {
    console.error(`weft: --trace needs a file name\n${USAGE}`);
    return 2;
  }
  const out = [null, process.stdout, process.stderr];
  return runFile(positionals[1], {
    timeout,
    gil: values.gil === 'on',
    traceFile: values.trace ?? null,
    input: process.stdin,
    onOutput: (stream, text) => out[stream].write(text),
  });
}

main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err) => {
    console.error(`weft: ${err.message}`);
    process.exit(1);
  },
);
