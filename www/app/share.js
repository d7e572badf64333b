// Links into the playground, read from and written to the URL hash: `#code=…` holds the
// code compressed with lz-string (URL-safe alphabet, so it needs no escaping) and opens
// it exactly as it was; `#example=ID` opens a gallery example. Options follow as further
// `&name=value` pairs: `gil=0` when the GIL switch is off (on is the default).

import LZString from 'lz-string';

export function codeHash(code, { gil = true } = {}) {
  return `#code=${LZString.compressToEncodedURIComponent(code)}${gil ? '' : '&gil=0'}`;
}

export function exampleHash(id) {
  return `#example=${encodeURIComponent(id)}`;
}

// What `hash` asks to open: `{ code }`, `{ example }`, or `{}`, with `gil` (true or false)
// when the link says.
export function readHash(hash) {
  const params = new Map();
  for (const pair of hash.replace(/^#/, '').split('&')) {
    const at = pair.indexOf('=');
    if (at > 0) params.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const options = params.has('gil') ? { gil: params.get('gil') !== '0' } : {};
  if (params.has('code')) {
    const code = LZString.decompressFromEncodedURIComponent(params.get('code'));
    if (typeof code === 'string') return { code, ...options };
  }
  if (params.has('example')) return { example: decodeURIComponent(params.get('example')), ...options };
  return options;
}
