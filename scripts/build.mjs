// Builds the engine (RustPython + our crate) for wasm32-wasip1-threads in release mode
// and places it at www/build/weft.wasm, where the runtime loads it from.

import fs from 'node:fs';
import { ROOT, WASM_TARGET, sh, setup } from './setup.mjs';
import { bundle } from './bundle.mjs';

export const WASM_OUT = `${ROOT}www/build/weft.wasm`;

export function build() {
  // The PyPI packages the engine freezes in (downloaded once, then kept in target/).
  sh('node', [`${ROOT}scripts/packages.mjs`]);
  sh('cargo', ['build', '--release', '--target', WASM_TARGET, '--features', 'engine', '--ignore-rust-version'], {
    // parking_lot_core's wasm-atomics backend is behind its `nightly` feature.
    env: { ...process.env, RUSTC_BOOTSTRAP: '1' },
  });
  fs.mkdirSync(`${ROOT}www/build`, { recursive: true });
  fs.copyFileSync(`${ROOT}target/${WASM_TARGET}/release/weft.wasm`, WASM_OUT);
  bundle();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setup();
  build();
}
