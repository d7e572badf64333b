// Links into the playground, read from and written to the URL hash: `#code=…` holds the
// code compressed with lz-string (URL-safe alphabet, so it needs no escaping) and opens
// it exactly as it was; `#example=ID` opens a gallery example. Options (the GIL switch,
// when it lands) are meant to follow as further `&name=value` pairs.

import LZString from 'lz-string';

export function codeHash(code) {
  return `#code=${LZString.compressToEncodedURIComponent(code)}`;
}

export function exampleHash(id) {
  return `#example=${encodeURIComponent(id)}`;
}

// What `hash` asks to open: `{ code }`, `{ example }`, or `{}`.
export function readHash(hash) {
  const params = new Map();
  for (const pair of hash.replace(/^#/, '').split('&')) {
    const at = pair.indexOf('=');
    if (at > 0) params.set(pair.slice(0, at), pair.slice(at + 1));
  }
  if (params.has('code')) {
    const code = LZString.decompressFromEncodedURIComponent(params.get('code'));
    if (typeof code === 'string') return { code };
  }
  if (params.has('example')) return { example: decodeURIComponent(params.get('example')) };
  return {};
}
