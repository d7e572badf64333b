// The minimal page: edit, run, stop, run again, with streaming output.
import { test, expect } from './fixtures.mjs';

test('edit, run, stop and run again', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.locator('#status')).toHaveText('Ready', { timeout: 30_000 });

  await page.fill('#code', 'import threading\nthreading.Thread(target=print, args=("from a thread",)).start()\n');
  await page.click('#run');
  await expect(page.locator('#status')).toHaveText(/^Exit code 0/);
  await expect(page.locator('#console')).toHaveText('from a thread\n');

  await page.fill('#code', 'print("looping", flush=True)\nwhile True:\n    pass\n');
  await page.click('#run');
  await expect(page.locator('#console')).toHaveText('looping\n');
  const stoppedAt = Date.now();
  await page.click('#stop');
  await expect(page.locator('#status')).toHaveText(/^Stopped/);
  expect(Date.now() - stoppedAt).toBeLessThan(1000);

  await page.fill('#code', 'print("again")\n');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('#status')).toHaveText(/^Exit code 0/);
  await expect(page.locator('#console')).toHaveText('again\n');
});

test('stderr is shown apart from stdout', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.locator('#status')).toHaveText('Ready', { timeout: 30_000 });
  await page.fill('#code', 'print("out")\n1/0\n');
  await page.click('#run');
  await expect(page.locator('#status')).toHaveText(/^Exit code 1/);
  await expect(page.locator('#console .stderr').last()).toHaveText(/ZeroDivisionError: division by zero\n$/);
  await expect(page.locator('#console span').first()).not.toHaveClass('stderr');
  await expect(page.locator('#console span').first()).toHaveText('out\n');
});
