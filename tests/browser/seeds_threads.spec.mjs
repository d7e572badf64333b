// The lessons' thread examples from ../shared/seed-examples match CPython's output,
// including the fragments that fail as CPython fails on them.
import { test, expect } from './fixtures.mjs';
import { loadSeeds, comparable } from '../seeds.mjs';

const THREAD_SEEDS = [
  's001-07', 's001-11', 's001-12', 's001-13',
  's002-14', 's002-15', 's002-16', 's003-23', 's003-23r', 's004-25', 's004-27',
];

for (const seed of loadSeeds(THREAD_SEEDS)) {
  test(`seed ${seed.file} (${seed.compare})`, async ({ python }) => {
    const result = await python.run(seed.source, { filename: seed.file });
    const [actual, expected] = comparable(seed.compare, result.output, seed.expected);
    expect(actual).toEqual(expected);
    if (seed.compare.startsWith('seconds masked')) {
      const seconds = Number(result.output.match(/in (\d+\.\d+) seconds/)?.[1]);
      expect(seconds).toBeGreaterThan(0.99);
      expect(seconds).toBeLessThan(1.5);
    }
  });
}
