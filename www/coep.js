// The Cross-Origin-Embedder-Policy to send a browser, by its User-Agent, for cli/server.mjs
// and sw.js: `credentialless` where it is supported (Chromium 96+, Firefox 119+), so images
// and frames from other origins load without CORP or CORS headers (and without cookies);
// `require-corp` elsewhere, which every browser that can be isolated knows.
export function embedderPolicy(userAgent = '') {
  const chromium = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  return chromium?.[1] >= 96 || firefox?.[1] >= 119 ? 'credentialless' : 'require-corp';
}
