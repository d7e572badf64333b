// A run's in-memory file system: the program's files at their paths, the standard
// library's served files (scripts/stdlib.mjs), and what the run writes. One tree per run,
// kept by the run's file server (fs_server.js) for every thread of every process.
// `/dev/null` is there too: reads are at end of file and writes vanish (a spawned child's
// stdin).

// Packs a run's files (path → string or bytes) and directories into one
// SharedArrayBuffer that the run's file server takes as its files' bytes: a run's start
// copies the files once, into it.
export function packFiles(files, dirs = []) {
  const items = Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? new TextEncoder().encode(content) : content]);
  const bytes = new Uint8Array(new SharedArrayBuffer(items.reduce((n, [, data]) => n + data.length, 0)));
  let at = 0;
  const entries = items.map(([path, data]) => {
    bytes.set(data, at);
    at += data.length;
    return [path, at - data.length, data.length];
  });
  return { buffer: bytes.buffer, entries, dirs };
}

export class MemoryFS {
  // `stdlib`: the served standard library's { root, base, files } (Runtime.load), files
  // by their path under `root` with their sizes; each is fetched from `base` when it is
  // first opened.
  constructor({ buffer, entries, dirs } = packFiles({}), stdlib = null) {
    this.root = dir();
    this.writeFile('dev/null', new Uint8Array()).sink = true;
    for (const path of dirs) this.directory(split(path));
    for (const [path, size] of Object.entries(stdlib?.files ?? {})) {
      this.add(`${stdlib.root}/${path}`, { ...file(), url: new URL(path, stdlib.base).href, size });
    }
    for (const [path, offset, length] of entries) this.writeFile(path, new Uint8Array(buffer, offset, length));
  }

  writeFile(path, data) {
    return this.add(path, file(data));
  }

  add(path, node) {
    const parts = split(path);
    const name = parts.pop();
    this.directory(parts).children.set(name, node);
    return node;
  }

  // Makes a served file's bytes present: fetched now, synchronously (the server is a
  // Worker; the caller waits for it anyway), and kept for the rest of the run. Throws
  // when the fetch fails.
  fetched(node) {
    if (node.url) {
      const request = new XMLHttpRequest();
      request.open('GET', node.url, false);
      request.responseType = 'arraybuffer';
      request.send();
      if (request.status !== 200) throw new Error(`${node.url}: HTTP ${request.status}`);
      node.data = new Uint8Array(request.response);
      node.size = node.data.length;
      node.url = null;
    }
    return node;
  }

  // The directory at `parts` from the root, made with its parents where missing.
  directory(parts) {
    let node = this.root;
    for (const part of parts) {
      if (!node.children.has(part)) node.children.set(part, dir(node));
      node = node.children.get(part);
    }
    return node;
  }

  // Resolves `path` relative to the directory node `from`; null when missing.
  lookup(from, path) {
    let node = path.startsWith('/') ? this.root : from;
    for (const part of split(path)) {
      if (part === '.') continue;
      if (node.type !== 'dir') return null;
      node = part === '..' ? node.parent ?? node : node.children.get(part);
      if (!node) return null;
    }
    return node;
  }

  // A copy of the file at the absolute `path`; null if there is none.
  readFile(path) {
    const node = this.lookup(this.root, path);
    return node?.type === 'file' ? this.fetched(node).data.slice(0, node.size) : null;
  }

  // The directory that would contain `path`, and the entry's name in it.
  parentOf(from, path) {
    const parts = split(path);
    const name = parts.pop();
    const parent = this.lookup(from, (path.startsWith('/') ? '/' : '') + parts.join('/'));
    return parent && parent.type === 'dir' ? { parent, name } : null;
  }
}

let nextIno = 1;
export function dir(parent = null) {
  return { type: 'dir', children: new Map(), parent, ino: nextIno++, mtime: BigInt(Date.now()) * 1000000n };
}
export function file(data = new Uint8Array()) {
  return { type: 'file', data, size: data.length, ino: nextIno++, mtime: BigInt(Date.now()) * 1000000n };
}

function split(path) {
  return path.split('/').filter((p) => p !== '');
}

export function resize(node, size) {
  if (node.sink) return; // /dev/null
  if (size > node.data.length) {
    const grown = new Uint8Array(Math.max(size, node.data.length * 2));
    grown.set(node.data.subarray(0, node.size));
    node.data = grown;
  } else if (size < node.size) {
    node.data.fill(0, size, node.size);
  }
  node.size = size;
  node.mtime = BigInt(Date.now()) * 1000000n;
}

export function writeAt(node, pos, bytes) {
  if (node.sink) return;
  if (pos + bytes.length > node.size) resize(node, pos + bytes.length);
  node.data.set(bytes, pos);
  node.mtime = BigInt(Date.now()) * 1000000n;
}
