// The in-memory file system a Weft process sees: `/` holds the program's files.
// Each worker keeps its own copy (threads of a process see the same initial files;
// files written at run time are visible to the thread that wrote them). `/dev/null` is
// there too: reads are at end of file and writes vanish (a spawned child's stdin).

export class MemoryFS {
  constructor(files = {}) {
    this.root = dir();
    this.writeFile('dev/null', new Uint8Array());
    this.lookup(this.root, '/dev/null').sink = true;
    for (const [path, content] of Object.entries(files)) this.writeFile(path, content);
  }

  writeFile(path, content) {
    const parts = split(path);
    const name = parts.pop();
    let node = this.root;
    for (const part of parts) {
      if (!node.children.has(part)) node.children.set(part, dir(node));
      node = node.children.get(part);
    }
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    node.children.set(name, file(data));
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
