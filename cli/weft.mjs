#!/usr/bin/env node
// `weft`: run Python programs through the Weft browser runtime in headless Chromium.
//
//   weft run [--path DIR]... FILE.py [ARG...]
//   weft run [--path DIR]... -m MODULE [ARG...]
//     [--timeout SECONDS] [--gil on|off] [--trace FILE.json]
//
// As `python3 FILE.py ARG...` / `python3 -m MODULE ARG...` would, in the host's working
// directory: sys.argv is FILE.py (as given) or the module's path, then the ARGs; each DIR's
// files are readable at their host paths by every thread and process, and DIR is on
// sys.path. The program sees no other file of the host (cli/project.mjs). Output streams
// as the program writes it; the exit status is the program's own (124 when the timeout
// stopped it). `--gil off` runs it free-threaded; `--trace` saves its timeline as Chrome
// trace-event JSON. Standard input (a pipe, or a terminal line by line) is the program's
// stdin; its end is EOF. weft's options may also follow FILE.py or MODULE; arguments for
// the program that look like them go after `--`. This interface is stable.
//
//   weft test [--path DIR]... [PYTEST ARG...] [--timeout SECONDS] [--gil on|off]
//
// runs pytest in the runtime over the DIRs (the working directory when none is given),
// with the pytest arguments as given (cli/test.mjs); its exit status is pytest's.

import { runProgram } from './run.mjs';
import { testProgram } from './test.mjs';
import { ProjectError } from './project.mjs';

const USAGE = `usage: weft run [--path DIR]... FILE.py [ARG...]
       weft run [--path DIR]... -m MODULE [ARG...]
       weft test [--path DIR]... [PYTEST ARG...]
options: [--timeout SECONDS] [--gil on|off] [--trace FILE.json]`;

class UsageError extends Error {}

// weft's options anywhere before `--` (as before programs took arguments); -h before the
// program only, so `weft run tool.py --help` reaches the tool. For `test` every other
// argument is pytest's (-h included).
function parse(argv) {
  const values = { command: argv[0], timeout: undefined, gil: 'on', trace: undefined, path: [], file: null, module: null, args: [] };
  if (values.command !== 'run' && values.command !== 'test') throw new UsageError('');
  let target = values.command === 'test';
  let own = true;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const option = own && /^--(timeout|gil|trace|path)(?:=(.*))?$/.exec(arg);
    if (own && arg === '--') own = false;
    else if (option) {
      const value = option[2] ?? argv[++i];
      if (value === undefined) throw new UsageError(`option --${option[1]} needs a value`);
      if (option[1] === 'path') values.path.push(value);
      else values[option[1]] = value;
    } else if (target) values.args.push(arg);
    else if (arg === '-m') {
      values.module = argv[++i];
      if (!values.module) throw new UsageError('-m needs a module name');
      target = true;
    } else if (own && arg.startsWith('-')) throw new UsageError(arg === '-h' || arg === '--help' ? '' : `unknown option '${arg}'`);
    else {
      values.file = arg;
      target = true;
    }
  }
  if (!target) throw new UsageError('');
  return values;
}

async function main(argv) {
  let values;
  try {
    values = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message ? `weft: ${err.message}\n${USAGE}` : USAGE);
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
  const program = values.command === 'test'
    ? await testProgram({ paths: values.path, pytestArgs: values.args })
    : { file: values.file, module: values.module, args: values.args, paths: values.path };
  try {
    return await runProgram({
      ...program,
      timeout,
      gil: values.gil === 'on',
      traceFile: values.trace ?? null,
      input: process.stdin,
      // As CPython's isatty() answers in the same place: False when piped (CI logs).
      terminal: { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
      onOutput: (stream, text) => out[stream].write(text),
    });
  } catch (err) {
    if (!(err instanceof ProjectError)) throw err;
    console.error(`weft: ${err.message}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err) => {
    console.error(`weft: ${err.message}`);
    process.exit(1);
  },
);
