// Runs one Python file through the Weft runtime in headless Chromium: serves `www/`,
// opens the runner page, streams output to `onOutput(stream, text)`, returns the exit
// status (124 after a timeout stopped every worker).

import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

export async function runFile(file, { timeout = null, onOutput } = {}) {
  const source = fs.readFileSync(file, 'utf8');
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => process.stderr.write(`weft: page error: ${err.message}\n`));
    await page.exposeFunction('weftOutput', (segments) => {
      for (const [stream, text] of segments) onOutput(stream, text);
    });
    await page.goto(`${server.url}runner/`);
    const ready = await page.evaluate(() => window.weftReady);
    if (ready !== true) throw new Error(ready);
    let timedOut = false;
    const timer = timeout && setTimeout(() => {
      timedOut = true;
      page.evaluate(() => window.weftStop()).catch(() => {});
    }, timeout * 1000);
    const result = await page.evaluate(
      ([src, filename]) => window.weftRun(src, { filename }),
      [source, path.basename(file)],
    );
    clearTimeout(timer);
    if (timedOut) {
      onOutput(2, `weft: timed out after ${timeout} s; every worker was stopped\n`);
      return 124;
    }
    return result.exitCode ?? 1;
  } finally {
    await browser.close();
    await server.close();
  }
}
