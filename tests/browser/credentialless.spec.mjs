// Isolation with `Cross-Origin-Embedder-Policy: credentialless` where the browser has it:
// the page stays cross-origin isolated and runs threads while it shows an image and a
// frame from another origin that sends no CORP, CORS or COEP header, and those requests
// carry no cookies. Other browsers get `require-corp`, from the server and sw.js alike.
import { test as base, expect } from './fixtures.mjs';
import { serve } from '../../cli/server.mjs';
import { request } from './http.helpers.mjs';
import { ARTIFACTS } from './playground.helpers.mjs';

const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="6" fill="#c9b98f"/></svg>';
const FRAME = '<!doctype html><p style="font: 16px sans-serif">A frame from another origin</p>';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

const test = base.extend({
  // Another origin, headers as a plain host sends them; `cookies`: what its picture was sent.
  other: [
    async ({}, use) => {
      const cookies = [];
      const server = await serve({
        isolate: false,
        routes: {
          '/picture.svg': (req, res) => {
            cookies.push(req.headers.cookie ?? null);
            res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' }).end(PICTURE);
          },
          '/frame.html': (req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(FRAME),
        },
      });
      await use({ url: server.url, cookies });
      await server.close();
    },
    { scope: 'worker' },
  ],
});

// Adds the other origin's picture and a credentialless frame of it to the page; resolves to
// whether the picture loaded. It asks the element itself (`complete`, `naturalWidth`)
// rather than awaiting its load event inside the page, so a missed event cannot hang a
// test, and a picture that never settles fails with a message that says so.
async function embedOther(page, url) {
  await page.evaluate((other) => {
    const img = Object.assign(new Image(), { src: `${other}picture.svg`, alt: 'from another origin' });
    const frame = Object.assign(document.createElement('iframe'), { src: `${other}frame.html` });
    frame.setAttribute('credentialless', '');
    document.querySelector('h1').after(img, frame);
  }, url);
  const settled = () => page.evaluate(() => {
    const img = document.querySelector('img[alt="from another origin"]');
    return img.complete ? img.naturalWidth > 0 : 'loading';
  });
  await expect.poll(settled, { message: "the other origin's picture loads or fails", timeout: 30_000 }).not.toBe('loading');
  return settled();
}

test('the server sends credentialless to Chromium and Firefox, require-corp to others', async ({ server }) => {
  const browsers = {
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36': 'credentialless',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36': 'credentialless',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0': 'credentialless',
    'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0': 'credentialless',
    'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0': 'require-corp',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.0 Safari/537.36': 'require-corp',
    [SAFARI]: 'require-corp',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1': 'require-corp',
    '': 'require-corp',
  };
  for (const [agent, policy] of Object.entries(browsers)) {
    const { headers } = await request(server.url, '/embed/demo.html', { headers: { 'User-Agent': agent } });
    expect(headers['cross-origin-embedder-policy'], agent).toBe(policy);
  }
});

test('under credentialless a page shows another origin\'s image and frame, without cookies, and runs threads', async ({ page, server, other }) => {
  await page.goto(`${server.url}embed/demo.html`);
  await page.evaluate(() => (document.cookie = 'weft_session=signed-in; path=/'));
  other.cookies.length = 0;
  expect(await embedOther(page, other.url)).toBe(true);
  await expect(page.frameLocator('iframe').locator('p')).toHaveText('A frame from another origin');
  expect(other.cookies).toEqual([null]);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const snippet = page.locator('weft-snippet').first();
  await snippet.locator('button.run').click();
  await expect(snippet.locator('.status')).toHaveAttribute('data-exit-code', '0', { timeout: 60_000 });
  await expect(snippet.locator('.output .row')).toHaveCount(3);
  await expect(snippet.locator('.output .row').last()).toContainText(/both woke after 1\.\d s/);
  await page.setViewportSize({ width: 1000, height: 1100 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}credentialless.png` });
});

test('under require-corp the same image is refused and the page stays isolated', async ({ browser, server, other }) => {
  const context = await browser.newContext({ userAgent: SAFARI });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}embed/demo.html`);
    expect(await embedOther(page, other.url)).toBe(false);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  } finally {
    await context.close();
  }
});

test('on a static host sw.js isolates the page with credentialless as well', async ({ page, other }) => {
  const plain = await serve({ isolate: false });
  try {
    await page.goto(`${plain.url}embed/demo.html`);
    const isolated = () => page.evaluate(() => crossOriginIsolated).catch(() => false); // false while it reloads
    await expect.poll(isolated, { timeout: 30_000 }).toBe(true);
    const policy = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('cross-origin-embedder-policy')));
    expect(policy).toBe('credentialless');
    expect(await embedOther(page, other.url)).toBe(true);
  } finally {
    await plain.close();
  }
});
