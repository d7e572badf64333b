// The lessons' multiprocessing and ProcessPoolExecutor examples from ../shared/seed-examples
// match CPython's output under their manifest's `compare` rules.
import { test, expect } from './fixtures.mjs';
import { loadSeeds, comparable } from '../seeds.mjs';

const PROCESS_SEEDS = [
  's001-00', 's001-01', 's001-03', 's001-04', 's001-05', 's001-06', 's001-10',
  's002-17', 's002-18', 's002-19',
  's003-24', 's003-24r',
  's004-28', 's004-29', 's004-30', 's004-31', 's004-32', 's004-33', 's004-34', 's004-35',
  's004-36', 's004-37', 's004-38', 's004-39',
];

for (const seed of loadSeeds(PROCESS_SEEDS)) {
  test(`seed ${seed.file} (${seed.compare})`, async ({ python }) => {
    // s003-24r counts to 100 million in two processes: about a minute here.
    if (seed.compare.startsWith('seconds masked')) test.setTimeout(300_000);
    const result = await python.run(seed.source, { filename: seed.file });
    const [actual, expected] = comparable(seed.compare, result.output, seed.expected);
    expect(actual).toEqual(expected);
    if (seed.compare.startsWith('seconds masked')) {
      expect(Number(result.output.match(/in (\d+\.\d+) seconds/)?.[1])).toBeGreaterThan(0);
    }
  });
}
