// Embedding: the demo page's <weft-snippet>s load the engine only at the first Run,
// share one engine, run at the same time, speak their page's language, and can be
// stopped and run again; a snippet added to the page later works as well; on a static
// host the service worker isolates the page, and where it cannot, Run says why.
import { test, expect } from './fixtures.mjs';
import { serve } from '../../cli/server.mjs';
import { ARTIFACTS } from './playground.helpers.mjs';

test.use({ locale: 'en-US' });

function watchEngineLoads(page) {
  const loads = [];
  page.on('request', (request) => request.url().endsWith('/weft.wasm') && loads.push(request.url()));
  return loads;
}

const ended = (snippet, timeout = 60_000) =>
  expect(snippet.locator('.status')).toHaveAttribute('data-state', /^(exited|stopped|crashed|failed)$/, { timeout });

test('the demo page runs two snippets on one engine, loaded at the first Run', async ({ page, server }) => {
  const engineLoads = watchEngineLoads(page);
  await page.goto(`${server.url}embed/demo.html`);
  const [english, chinese] = [page.locator('weft-snippet').nth(0), page.locator('weft-snippet').nth(1)];
  await expect(page.locator('weft-snippet')).toHaveCount(2);
  await expect(english.locator('button.run')).toHaveText('▶ Run');
  await expect(chinese.locator('button.run')).toHaveText('▶ 运行');
  // The author's <pre> stays as written, in the page's own style.
  await expect(english.locator('pre')).toContainText('def nap(name):');
  await expect(english.locator('.output')).toBeHidden();
  await page.waitForLoadState('networkidle');
  expect(engineLoads).toHaveLength(0);

  // Both at once: the second waits for the same engine load.
  await english.locator('button.run').click();
  await chinese.locator('button.run').click();
  await expect(english.locator('.status')).toHaveText(/^(Loading the engine…|Running…)$/);
  await ended(english);
  await ended(chinese);

  await expect(english.locator('.status')).toHaveAttribute('data-exit-code', '0');
  await expect(english.locator('.status')).toHaveText(/^Exit code 0 · \d+\.\d\d s$/);
  const englishRows = english.locator('.output .row');
  await expect(englishRows).toHaveCount(3);
  await expect(englishRows.nth(0)).toContainText(/(first|second) woke up/);
  await expect(englishRows.nth(1)).toContainText(/(first|second) woke up/);
  await expect(englishRows.nth(2)).toContainText(/^main\s*both woke after 1\.\d s$/);

  await expect(chinese.locator('.status')).toHaveText(/^退出码 0 · \d+\.\d\d 秒$/);
  await expect(chinese.locator('.output .row')).toHaveText(['立方： [1, 8, 27, 64, 125]']);
  expect(engineLoads).toHaveLength(1);
  await page.screenshot({ path: `${ARTIFACTS}embed-demo.png`, fullPage: true });
});

test('a snippet added later runs, stops and runs again, from the keyboard too', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  // Indented inside its markup, as pages often are; the common indent is removed.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', `
      <weft-snippet id="late"><pre>
        import time
        print("started", flush=True)
        while True:
            time.sleep(0.05)
      </pre></weft-snippet>`);
  });
  const late = page.locator('#late');
  await late.locator('button.run').focus();
  await page.keyboard.press('Enter');
  await expect(late.locator('.output .row')).toHaveText(['started'], { timeout: 60_000 });
  await expect(late.locator('.status')).toHaveText('Running…');
  await expect(late.locator('.clock')).toHaveText(/^\d+\.\d s$/);
  await page.keyboard.press('Tab');
  await expect(late.locator('button.stop')).toBeFocused();
  await page.keyboard.press('Space');
  await ended(late);
  await expect(late.locator('.status')).toHaveText(/^Stopped after \d+\.\d\d s$/);
  await expect(late.locator('button.stop')).toBeDisabled();

  await late.locator('button.run').click();
  await expect(late.locator('.output .row')).toHaveText(['started']);
  await late.locator('button.stop').click();
  await ended(late);
  await expect(late.locator('.status')).toHaveAttribute('data-state', 'stopped');
});

test('snippets work on a static host without COOP/COEP, and explain when they cannot', async ({ page, browser }) => {
  const plain = await serve({ isolate: false });
  try {
    // The embed script installs the service worker and reloads the page once.
    await page.goto(`${plain.url}embed/demo.html`);
    const isolated = () => page.evaluate(() => crossOriginIsolated).catch(() => false); // false while it reloads
    await expect.poll(isolated, { timeout: 30_000 }).toBe(true);
    const snippet = page.locator('weft-snippet').nth(1);
    await snippet.locator('button.run').click();
    await ended(snippet);
    await expect(snippet.locator('.output .row')).toHaveText(['立方： [1, 8, 27, 64, 125]']);

    const blocked = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
    const other = await blocked.newPage();
    await other.goto(`${plain.url}embed/demo.html`);
    const first = other.locator('weft-snippet').first();
    await first.locator('button.run').click();
    await ended(first, 30_000);
    await expect(first.locator('.status')).toHaveAttribute('data-state', 'failed');
    await expect(first.locator('.status')).toContainText('SharedArrayBuffer');
    await blocked.close();
  } finally {
    await plain.close();
  }
});
