#!/usr/bin/env node
// `weft`: run Python files through the Weft browser runtime in headless Chromium.
//
//   weft run FILE.py [--timeout SECONDS]
//
// Output streams as the program writes it; the exit status is the program's own
// (124 when the timeout stopped it). This interface is stable.

import { parseArgs } from 'node:util';
import { runFile } from './run.mjs';

const USAGE = 'usage: weft run FILE.py [--timeout SECONDS]';

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'run' || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const timeout = values.timeout === undefined ? null : Number(values.timeout);
  if (timeout !== null && !(timeout > 0)) {
    console.error(`weft: --timeout needs a positive number of seconds\n${USAGE}`);
    return 2;
  }
  const out = [null, process.stdout, process.stderr];
  return runFile(positionals[1], { timeout, onOutput: (stream, text) => out[stream].write(text) });
}

main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err) => {
    console.error(`weft: ${err.message}`);
    process.exit(1);
  },
);
