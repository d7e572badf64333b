// `weft test`: pytest over a project, in the runtime. pytest and its dependencies are the
// pinned wheels of scripts/packages.mjs (TEST_PACKAGES), fetched once into target/ and
// given to the run as one more project directory; a JUnit report is handed back to the host.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PACKAGES, TEST_PACKAGES_DIR, ensurePackages } from '../scripts/packages.mjs';

const MAIN = fileURLToPath(new URL('./pytest_main.py', import.meta.url));

// Said before the user's arguments, so theirs win. WASI has no os.dup for pytest's fd
// capture and faulthandler (sys capture instead: a child process's output is not
// captured), no os.umask for the cache (which could not outlive the run anyway) and no
// os.getuid for tmp_path's default base. (Colour follows the run's terminals: run.mjs.)
const DEFAULTS = ['--capture=sys', '-p', 'no:faulthandler', '-p', 'no:cacheprovider', '--basetemp=/tmp/pytest'];

// runProgram's options for `pytestArgs` over the `paths` directories (the working
// directory when none is given).
export async function testProgram({ paths, pytestArgs }) {
  await ensurePackages(TEST_PACKAGES, TEST_PACKAGES_DIR, undefined, { distInfo: true });
  const report = junitReport(pytestArgs);
  return {
    file: MAIN,
    args: [...DEFAULTS, ...pytestArgs],
    paths: [...(paths.length ? paths : ['.']), TEST_PACKAGES_DIR],
    keep: report ? [path.resolve(report)] : [],
  };
}

// The file of --junitxml=FILE (or --junit-xml, or the value as the next argument).
function junitReport(args) {
  let report = null;
  for (let i = 0; i < args.length; i++) {
    const option = /^--junit-?xml(?:=(.*))?$/.exec(args[i]);
    if (option) report = option[1] ?? args[++i] ?? null;
  }
  return report;
}
