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
const sorted = (text) => lines(text).sort();
const maskSeconds = (text) => text.replace(/\d+\.\d+ seconds/g, '<t> seconds');

// Returns [actual, expected] in the form the rule compares (for a readable diff).
export function comparable(compare, actual, expected) {
  if (compare === 'exact') return [actual, expected];
  if (compare.startsWith('last line')) return [lastLine(actual), lastLine(expected)];
  if (compare === 'racy: compare sorted') return [sorted(actual), sorted(expected)];
  if (compare.startsWith('racy: worker names and order masked')) {
    const mask = (t) => sorted(t.replace(/Worker-\d+/g, 'Worker-N'));
    return [mask(actual), mask(expected)];
  }
  if (compare.startsWith('seconds masked')) return [maskSeconds(actual), maskSeconds(expected)];
  throw new Error(`no rule for compare: ${compare}`);
}
