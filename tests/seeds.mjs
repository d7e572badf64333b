// The lessons' seed examples (../shared/seed-examples beside the project) and the rules
// of their manifest's `compare` field: what CPython fixes, and what it leaves to chance.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_DIR = path.resolve(fileURLToPath(new URL('../../shared/seed-examples', import.meta.url)));

export function loadSeeds(ids) {
  if (!fs.existsSync(SEED_DIR)) return [];
  const manifest = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'manifest.json'), 'utf8'));
  return ids.map((id) => {
    const entry = manifest.find((e) => e.file.startsWith(`${id}-`));
    if (!entry) throw new Error(`seed ${id} is not in the manifest`);
    return {
      ...entry,
      id,
      source: fs.readFileSync(path.join(SEED_DIR, entry.file), 'utf8'),
      expected: fs.readFileSync(path.join(SEED_DIR, 'expected', entry.file.replace(/\.py$/, '.out')), 'utf8'),
    };
  });
}

const lines = (text) => text.split('\n').filter((l) => l !== '');
const lastLine = (text) => lines(text).at(-1);
// The line naming the exception: Python 3.14 may print notes after it (pickle adds
// "when serializing tuple item 0"), which older CPythons that made the expected files did not.
const exceptionLine = (text) => lines(text).findLast((l) => /^[A-Za-z_][\w.]*(: |$)/.test(l)) ?? lastLine(text);
const sorted = (text) => lines(text).sort();
const maskSeconds = (text) => text.replace(/\d+\.\d+ seconds/g, '<t> seconds');

// Pids named P1, P2, ... in order of first appearance on the lines that print one, so
// what matters is still compared: the child's parent pid is the main process's own id.
function renamePids(text) {
  const names = new Map();
  return text.replace(/^(parent process|process id): (\d+)$/gm, (_, label, pid) => {
    if (!names.has(pid)) names.set(pid, `P${names.size + 1}`);
    return `${label}: ${names.get(pid)}`;
  });
}

// The pool example (s004-39): pool.map's list, then as many imap_unordered lines (any
// order), then f(20), then lines of worker pids (masked), then its sentences.
function poolShape(text) {
  const [first, ...rest] = lines(text);
  const n = first.split(',').length;
  const unordered = rest.slice(0, n).sort();
  const after = rest.slice(n).map((l, i) => (i > 0 && /^\[?\d+(, \d+)*\]?$/.test(l) ? l.replace(/\d+/g, '<pid>') : l));
  return [first, ...unordered, ...after];
}

// A tqdm bar (s001-02): lines drawn with carriage returns are bars, compared by their
// first and last frames (times and rates masked) and by being redrawn at all; the other
// lines, stdout's, exactly.
function progressBars(text) {
  const frames = (line) => line.split('\r').filter((f) => f).map((f) => f.replace(/ \[[^\]]*\]$/, ' [<time>]'));
  const bar = (line) => ({ first: frames(line)[0], last: frames(line).at(-1), redrawn: frames(line).length > 1 });
  return { stdout: lines(text).filter((l) => !l.includes('\r')), bars: lines(text).filter((l) => l.includes('\r')).map(bar) };
}

// The network examples: one line per URL, whether its page loaded or not (no network, a
// refusal), in any order; a line of another shape stays as it is and fails the comparison.
function urlLines(text) {
  return lines(text).map((l) => l.match(/^('.*') (?:generated an exception: .+|page is \d+ bytes)$/)?.[1] ?? l).sort();
}

// Returns [actual, expected] in the form the rule compares (for a readable diff).
export function comparable(compare, actual, expected) {
  if (compare === 'exact') return [actual, expected];
  if (compare.startsWith('last line (the exception)')) return [exceptionLine(actual), exceptionLine(expected)];
  if (compare.startsWith('last line')) return [lastLine(actual), lastLine(expected)];
  if (compare === 'racy: compare sorted') return [sorted(actual), sorted(expected)];
  if (compare.startsWith('racy: worker names and order masked')) {
    const mask = (t) => sorted(t.replace(/Worker-\d+/g, 'Worker-N'));
    return [mask(actual), mask(expected)];
  }
  if (compare.startsWith('seconds masked')) return [maskSeconds(actual), maskSeconds(expected)];
  if (compare.startsWith("pids masked; the child's parent pid equals the main process id")) {
    return [renamePids(actual), renamePids(expected)];
  }
  if (compare === 'pids masked; the imap_unordered lines in any order') return [poolShape(actual), poolShape(expected)];
  if (compare === 'stdout exact; stderr is a progress bar') return [progressBars(actual), progressBars(expected)];
  if (compare.startsWith('network: one "generated an exception" or "page is N bytes" line per URL')) {
    return [urlLines(actual), urlLines(expected)];
  }
  throw new Error(`no rule for compare: ${compare}`);
}
