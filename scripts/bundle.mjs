// Bundles the playground (www/app/) and the embed script (www/embed/) with esbuild into
// www/build/. The runtime stays outside the bundles: it finds its Worker and the engine
// relative to its own URL, so the bundles import it from www/runtime/ as it is.

import { createRequire } from 'node:module';
import { ROOT } from './setup.mjs';

// Synchronous, like the rest of `build()`. esbuild is required here, not imported at the
// top, because build.mjs is loaded before `setup()` has installed the npm packages.
export function bundle() {
  createRequire(import.meta.url)('esbuild').buildSync({
    absWorkingDir: ROOT,
    entryPoints: {
      app: 'www/app/main.js',
      'app-style': 'www/app/style.css',
      embed: 'www/embed/snippet.js',
      'embed-style': 'www/embed/snippet.css',
    },
    outdir: 'www/build',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    external: ['*/runtime/runtime.js'],
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) bundle();
