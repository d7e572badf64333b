// Bundles the playground (www/app/) and the embed script (www/embed/, with chunks for
// what only some snippets use) with esbuild into www/build/, then writes a `.br` and a
// `.gz` beside each script, style sheet and the engine there. The runtime stays outside
// the bundles: it finds its Worker and the engine relative to its own URL, so the bundles
// import it from www/runtime/ as it is. The Worker's script is bundled on its own
// (build/worker.js, with build/worker.json naming its sources and their digests): a
// Worker that fetches and evaluates one module starts three times faster than one that
// loads worker.js's imports, and the runtime uses the bundle only while those digests
// match what it serves (www/runtime/process.js).

import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { ROOT } from './setup.mjs';

const BUILD = `${ROOT}www/build/`;
const RUNTIME = ['*/runtime/runtime.js'];
// The embed script's chunks (embed-NAME-HASH.js) and their map and compressed copies.
const EMBED_CHUNK = /^(embed-[\w-]+-[A-Z0-9]{8}\.js)(\.map|\.br|\.gz)?$/;
const COMPRESSED = /\.(wasm|js|css)$/;
const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_LGWIN, BROTLI_PARAM_SIZE_HINT, BROTLI_MAX_QUALITY, BROTLI_MAX_WINDOW_BITS } = zlib.constants;
// The smallest either format makes: every first visit downloads the engine, and a build
// compresses it once (about two minutes for brotli on one core).
export const ENCODINGS = [
  {
    ext: '.br',
    compress: (data) => zlib.brotliCompressSync(data, {
      params: { [BROTLI_PARAM_QUALITY]: BROTLI_MAX_QUALITY, [BROTLI_PARAM_LGWIN]: BROTLI_MAX_WINDOW_BITS, [BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
    decompress: zlib.brotliDecompressSync,
  },
  { ext: '.gz', compress: (data) => zlib.gzipSync(data, { level: 9 }), decompress: zlib.gunzipSync },
];

// What every bundle here is built with.
const ESBUILD = { absWorkingDir: ROOT, outdir: 'www/build', bundle: true, format: 'esm', target: 'es2022', minify: true, sourcemap: true, logLevel: 'warning' };

// Synchronous, like the rest of `build()`. esbuild is required here, not imported at the
// top, because build.mjs is loaded before `setup()` has installed the npm packages.
export function bundle() {
  const esbuild = createRequire(import.meta.url)('esbuild');
  esbuild.buildSync({
    ...ESBUILD,
    entryPoints: {
      app: 'www/app/main.js',
      'app-style': 'www/app/style.css',
      'embed-style': 'www/embed/snippet.css',
    },
    external: RUNTIME,
  });
  bundleEmbed(esbuild);
  bundleWorker(esbuild);
  precompress();
}

// Split, so a tutorial page loads only what its snippets use: what snippet.js imports
// dynamically (the editor, the timeline, the playground link's compression) becomes
// chunks beside embed.js. Chunks of earlier builds go, with their copies.
function bundleEmbed(esbuild) {
  const { metafile } = esbuild.buildSync({
    ...ESBUILD,
    entryPoints: { embed: 'www/embed/snippet.js' },
    external: RUNTIME,
    splitting: true,
    chunkNames: 'embed-[name]-[hash]',
    metafile: true,
  });
  const made = new Set(Object.keys(metafile.outputs).map((output) => output.split('/').pop()));
  for (const name of fs.readdirSync(BUILD)) {
    const chunk = EMBED_CHUNK.exec(name)?.[1];
    if (chunk && !made.has(chunk)) fs.rmSync(BUILD + name);
  }
}

// Also on its own: `node scripts/bundle.mjs worker` (no precompression; the runtime's
// Workers take build/worker.js uncompressed whenever it is newer than its copies).
export function bundleWorker(esbuild = createRequire(import.meta.url)('esbuild')) {
  const { metafile } = esbuild.buildSync({ ...ESBUILD, entryPoints: { worker: 'www/runtime/worker.js' }, metafile: true });
  const inputs = {};
  for (const input of Object.keys(metafile.inputs).sort()) {
    if (!input.startsWith('www/')) throw new Error(`the Worker's script imports ${input}, outside www/`);
    inputs[input.slice('www/'.length)] = crypto.createHash('sha256').update(fs.readFileSync(ROOT + input)).digest('hex');
  }
  fs.writeFileSync(`${BUILD}worker.json`, `${JSON.stringify({ inputs }, null, 2)}\n`);
}

// cli/server.mjs serves a compressed copy only while it is at least as new as its file,
// so one left from an older build is never sent.
function precompress() {
  for (const name of fs.readdirSync(BUILD).filter((n) => COMPRESSED.test(n))) {
    const data = fs.readFileSync(BUILD + name);
    for (const { ext, compress, decompress } of ENCODINGS) {
      const out = BUILD + name + ext;
      // A build rewrites the engine even when it has not changed: keep its copies then.
      if (fs.existsSync(out) && decompress(fs.readFileSync(out)).equals(data)) {
        const now = new Date();
        fs.utimesSync(out, now, now);
      } else {
        fs.writeFileSync(out, compress(data));
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.argv[2] === 'worker' ? bundleWorker() : bundle();
