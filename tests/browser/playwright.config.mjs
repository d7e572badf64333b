// Browser tests: Debian's headless Chromium, driven by Playwright, against `www/`.
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../cli/browser.mjs';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  // One worker: several tests measure overlap of real threads on a 2-core machine.
  workers: 1,
  timeout: 90_000,
  outputDir: '../artifacts/playwright',
  reporter: [['list'], ['json', { outputFile: '../artifacts/browser-results.json' }]],
  use: {
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
});
