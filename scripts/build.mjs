// Builds the engine (RustPython + our crate) for wasm32-wasip1-threads in release mode
// and places it at www/build/weft.wasm, where the runtime loads it from.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { ROOT, WASM_TARGET, sh, setup } from './setup.mjs';
import { bundle } from './bundle.mjs';
import { ensureStdlib } from './stdlib.mjs';

export const WASM_OUT = `${ROOT}www/build/weft.wasm`;

export function build() {
  // The PyPI packages the engine freezes in (downloaded once, then kept in target/).
  sh('node', [`${ROOT}scripts/packages.mjs`]);
  ensureStdlib();
  sh('cargo', ['build', '--release', '--target', WASM_TARGET, '--features', 'engine', '--ignore-rust-version'], {
    // parking_lot_core's wasm-atomics backend is behind its `nightly` feature.
    env: { ...process.env, RUSTC_BOOTSTRAP: '1' },
  });
  fs.mkdirSync(`${ROOT}www/build`, { recursive: true });
  optimize(`${ROOT}target/${WASM_TARGET}/release/weft.wasm`, WASM_OUT);
  bundle();
}

// binaryen's wasm-opt (Debian's, installed by setup) after the link: what the tests run is
// what ships. It names the target's features because `strip` dropped the section that
// lists them. It takes minutes, so its output is kept per input digest.
const WASM_OPT = ['-O3', ...['threads', 'bulk-memory', 'mutable-globals', 'sign-ext', 'nontrapping-float-to-int', 'reference-types', 'multivalue'].map((f) => `--enable-${f}`)];

function optimize(linked, out) {
  const digest = crypto.createHash('sha256').update(fs.readFileSync(linked)).update(WASM_OPT.join(' ')).digest('hex');
  const kept = `${ROOT}target/weft-opt-${digest.slice(0, 16)}.wasm`;
  if (!fs.existsSync(kept)) {
    for (const old of fs.readdirSync(`${ROOT}target`).filter((n) => /^weft-opt-.*\.wasm$/.test(n))) fs.rmSync(`${ROOT}target/${old}`);
    sh('wasm-opt', [...WASM_OPT, linked, '-o', `${kept}.part`]);
    fs.renameSync(`${kept}.part`, kept);
  }
  fs.copyFileSync(kept, out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setup();
  build();
}
