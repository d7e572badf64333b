// The files a `weft run` program may read: FILE.py and every file under each `--path`
// directory, at their absolute host paths, as bytes. Nothing else of the host is exposed:
// symbolic links (which could lead out), sockets, FIFOs and unreadable files are left out.

import fs from 'node:fs';
import path from 'node:path';

// The files go to every Worker of the run; past this a run would be slow to start.
export const MAX_BYTES = 16 << 20;
// Version control, caches and installed dependencies: never what a program reads.
const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', '.tox', '.mypy_cache', '.pytest_cache']);

export class ProjectError extends Error {}

// Returns a Map of absolute path → Buffer.
export function collectFiles({ file = null, dirs = [] }) {
  const files = new Map();
  let total = 0;
  const add = (at, data) => {
    total += data.length - (files.get(at)?.length ?? 0);
    if (total > MAX_BYTES) {
      throw new ProjectError(`the program's files come to more than ${MAX_BYTES >> 20} MiB (at ${at}); --path takes whole directories, give smaller ones`);
    }
    files.set(at, data);
  };
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: left out, as its files are
    }
    for (const entry of entries) {
      const at = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(at);
      else if (entry.isFile()) {
        let data;
        try {
          data = fs.readFileSync(at);
        } catch {
          continue;
        }
        add(at, data);
      }
    }
  };
  for (const dir of dirs) {
    const root = path.resolve(dir);
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new ProjectError(`--path ${dir}: not a directory`);
    walk(root);
  }
  if (file) add(path.resolve(file), fs.readFileSync(file));
  return files;
}
