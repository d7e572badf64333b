// Helpers for the playground tests: open the page and wait for the engine, set the
// editor's code, run and wait for the end, read the console, keep screenshots.

import { expect } from './fixtures.mjs';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

// Opens the playground (with `hash`, e.g. '#example=pool') and waits until it can run.
export async function openPlayground(page, url, hash = '') {
  await page.goto(`${url}${hash}`);
  await expect(page.locator('#status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

export function setCode(page, code) {
  return page.evaluate((text) => (window.weft.editor.code = text), code);
}

export function editorCode(page) {
  return page.evaluate(() => window.weft.editor.code);
}

// Waits for the run to end; resolves to { state, exitCode, stdout, stderr, text }.
export async function finished(page, timeout = 60_000) {
  await expect(page.locator('#status')).toHaveAttribute('data-state', /^(exited|stopped|crashed|failed)$/, { timeout });
  return page.evaluate(() => {
    const { lines, text } = window.weft.view;
    const pick = (stream) => lines.filter((l) => l.stream === stream).map((l) => l.text + l.end).join('');
    const status = document.getElementById('status');
    return { state: status.dataset.state, exitCode: status.dataset.exitCode, stdout: pick(1), stderr: pick(2), text };
  });
}

export async function run(page, timeout) {
  await page.click('#run');
  return finished(page, timeout);
}

export function screenshot(page, name) {
  return page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

// Starts recording the gaps between the page's animation frames; `stop()` resolves to
// them in ms, sorted, to judge how smooth the page stayed meanwhile.
export async function recordFrameGaps(page) {
  await page.evaluate(() => {
    window.frameGaps = [];
    window.stopFrames = false;
    let last = performance.now();
    const tick = (now) => {
      window.frameGaps.push(now - last);
      last = now;
      if (!window.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return {
    async stop() {
      const gaps = await page.evaluate(() => ((window.stopFrames = true), window.frameGaps));
      return gaps.sort((a, b) => a - b);
    },
  };
}
