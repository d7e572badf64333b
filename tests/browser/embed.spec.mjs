// Embedding: the demo page's <weft-snippet>s load the engine only at the first Run,
// share one engine, run one after another and at the same time, speak their page's
// language, and can be stopped and run again; a snippet added to the page later works as
// well. The attributes: `editable` (edit, run, Reset), `gil="off"`, `timeline`, `stdin`,
// `timeout`. On a static host the service worker isolates the page; where nothing can (no
// service worker, a frame in a page that is not isolated) a snippet says why and links to
// the playground with its code and GIL setting, and shows no Run button.
import { test, expect, program } from './fixtures.mjs';
import { serve } from '../../cli/server.mjs';
import { ARTIFACTS, editorCode } from './playground.helpers.mjs';

test.use({ locale: 'en-US' });

function watchEngineLoads(page) {
  const loads = [];
  page.on('request', (request) => request.url().endsWith('/weft.wasm') && loads.push(request.url()));
  return loads;
}

const ended = (snippet, timeout = 60_000) =>
  expect(snippet.locator('.status')).toHaveAttribute('data-state', /^(exited|stopped|timedOut|crashed|failed)$/, { timeout });

// Adds `<weft-snippet id=ID ...attributes>` around the test program `name` to the page.
async function addSnippet(page, id, name, attributes = {}) {
  await page.evaluate(([id, code, attributes]) => {
    const snippet = Object.assign(document.createElement('weft-snippet'), { id });
    for (const [key, value] of Object.entries(attributes)) snippet.setAttribute(key, value);
    snippet.append(Object.assign(document.createElement('pre'), { textContent: code }));
    document.body.append(snippet);
  }, [id, program(name), attributes]);
  const snippet = page.locator(`#${id}`);
  await expect(snippet.locator('button.run')).toBeVisible();
  return snippet;
}

test('the demo page runs snippets on one engine, loaded at the first Run', async ({ page, server }) => {
  const engineLoads = watchEngineLoads(page);
  await page.goto(`${server.url}embed/demo.html`);
  const [english, chinese] = [page.locator('#sleepers'), page.locator('#cubes')];
  await expect(english.locator('button.run')).toHaveText('▶ Run');
  await expect(chinese.locator('button.run')).toHaveText('▶ 运行');
  // The author's <pre> stays as written, in the page's own style.
  await expect(english.locator('pre')).toContainText('def nap(name):');
  await expect(english.locator('.output')).toBeHidden();
  await page.waitForLoadState('networkidle');
  expect(engineLoads).toHaveLength(0);

  // One after the other.
  await english.locator('button.run').click();
  await expect(english.locator('.status')).toHaveText(/^(Loading the engine…|Running…)$/);
  await ended(english);
  await chinese.locator('button.run').click();
  await ended(chinese);
  await expect(chinese.locator('.status')).toHaveText(/^退出码 0 · \d+\.\d\d 秒$/);
  await expect(chinese.locator('.output .row')).toHaveText(['立方： [1, 8, 27, 64, 125]']);

  // Both at once.
  await english.locator('button.run').click();
  await chinese.locator('button.run').click();
  await ended(english);
  await ended(chinese);
  await expect(english.locator('.status')).toHaveAttribute('data-exit-code', '0');
  await expect(english.locator('.status')).toHaveText(/^Exit code 0 · \d+\.\d\d s$/);
  const englishRows = english.locator('.output .row');
  await expect(englishRows).toHaveCount(3);
  await expect(englishRows.nth(0)).toContainText(/(first|second) woke up/);
  await expect(englishRows.nth(1)).toContainText(/(first|second) woke up/);
  await expect(englishRows.nth(2)).toContainText(/^main\s*both woke after 1\.\d s$/);
  await expect(chinese.locator('.output .row')).toHaveText(['立方： [1, 8, 27, 64, 125]']);
  expect(engineLoads).toHaveLength(1);
  await page.screenshot({ path: `${ARTIFACTS}embed-demo.png`, fullPage: true });
});

test('the demo\'s attribute snippets: free-threaded with a timeline, input, a deadlock stopped by its time limit', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  const [nogil, greet, deadlock] = ['#nogil', '#greet', '#deadlock'].map((id) => page.locator(id));
  for (const snippet of [nogil, greet, deadlock]) await snippet.locator('button.run').click();
  for (const snippet of [nogil, greet, deadlock]) await ended(snippet);
  await expect(nogil.locator('.status')).toHaveText(/^Exit code 0 · \d+\.\d\d s · GIL off$/);
  await expect(nogil.locator('.output .row').first()).toHaveText('GIL enabled: False');
  await expect(nogil.locator('.chart .summary li[data-tid]')).toHaveCount(3);
  await expect(greet.locator('.output .row')).toHaveText(['hello, Ada', 'hello, Grace']);
  await expect(deadlock.locator('.status')).toHaveText(/^Stopped at the time limit, after [34]\.\d\d s$/);
  await expect(deadlock.locator('.output .row')).toHaveCount(2);
  // CodeMirror measures its lines once it is in view, so the page is shown as a reader sees it.
  await page.locator('#counter .cm-editor').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}embed-demo-attributes.png`, fullPage: true });
});

test('a snippet added later runs, stops and runs again, from the keyboard too', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  // Indented inside its markup, as pages often are; the common indent is removed.
  const indented = program('embed_late.py').replace(/^/gm, '        ');
  await page.evaluate((code) => {
    document.body.insertAdjacentHTML('beforeend', `
      <weft-snippet id="late"><pre>\n${code}      </pre></weft-snippet>`);
  }, indented);
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

test('an editable snippet: edit, run with the button and with Ctrl-Enter, then Reset', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  const snippet = await addSnippet(page, 'edit', 'embed_edit.py', { editable: '' });
  const original = program('embed_edit.py');
  const code = () => snippet.evaluate((el) => el.code);
  // The editor takes the place of the author's <pre>, in the font of the page's <pre>s.
  const editor = snippet.locator('.editor .cm-editor');
  await expect(editor).toBeVisible();
  const fonts = await snippet.evaluate((el) => [document.querySelector('#sleepers pre'), el.shadowRoot.querySelector('.cm-content')]
    .map((e) => getComputedStyle(e).font));
  expect(fonts[1]).toBe(fonts[0]);
  await expect(snippet.locator('pre')).toBeHidden();

  await snippet.locator('button.run').click();
  await ended(snippet);
  await expect(snippet.locator('.output .row')).toHaveText(['as written']);

  await snippet.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('print("edited", 6 * 7)');
  await snippet.locator('button.run').click();
  await expect(snippet.locator('.output .row')).toHaveText(['edited 42'], { timeout: 60_000 });
  await ended(snippet);

  await snippet.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('print("and more")');
  await page.keyboard.press('Control+Enter');
  await expect(snippet.locator('.output .row')).toHaveText(['edited 42', 'and more'], { timeout: 60_000 });
  expect(await code()).toBe('print("edited", 6 * 7)\nprint("and more")');
  await page.screenshot({ path: `${ARTIFACTS}embed-editable.png`, fullPage: true });

  await snippet.locator('button.reset').click();
  expect(await code()).toBe(original);
  await expect(snippet.locator('.cm-content')).toHaveText(original.trimEnd());
  await snippet.locator('button.run').click();
  await expect(snippet.locator('.output .row')).toHaveText(['as written'], { timeout: 60_000 });
  // Without `editable` a snippet stays a plain <pre>.
  await expect(page.locator('#sleepers .cm-editor')).toHaveCount(0);
});

test('gil="off" runs free-threaded, and the status says so', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  const on = await addSnippet(page, 'on', 'embed_gil.py');
  const off = await addSnippet(page, 'off', 'embed_gil.py', { gil: 'off' });
  await on.locator('button.run').click();
  await ended(on);
  await off.locator('button.run').click();
  await ended(off);
  await expect(on.locator('.output .row')).toHaveText(['GIL enabled: True']);
  await expect(off.locator('.output .row')).toHaveText(['GIL enabled: False']);
  await expect(off.locator('.status')).toHaveText(/^Exit code 0 · \d+\.\d\d s · GIL off$/);
  await expect(on.locator('.status')).toHaveText(/^Exit code 0 · \d+\.\d\d s$/);
});

test('timeline draws the run\'s threads under the output', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  const snippet = await addSnippet(page, 'traced', 'embed_timeline.py', { timeline: '' });
  const plain = await addSnippet(page, 'untraced', 'embed_timeline.py');
  await snippet.locator('button.run').click();
  await plain.locator('button.run').click();
  await ended(snippet);
  await ended(plain);
  await expect(snippet.locator('.output .row').last()).toContainText('both napped');
  // One row per thread: the main one and the two nappers, named as in the playground.
  const threads = snippet.locator('.chart .summary li[data-tid]');
  await expect(threads).toHaveCount(3);
  await expect(threads.filter({ hasText: 'napper-0' })).toHaveCount(1);
  await expect(snippet.locator('.legend .key')).toHaveCount(7);
  const [output, canvas] = await Promise.all(['.output', '.chart canvas'].map((s) => snippet.locator(s).boundingBox()));
  expect(canvas.height).toBeGreaterThan(40);
  expect(canvas.y).toBeGreaterThanOrEqual(output.y + output.height);
  await expect(plain.locator('.timeline')).toBeHidden();
  await snippet.screenshot({ path: `${ARTIFACTS}embed-timeline.png` });
});

test('stdin="..." is the program\'s input, then end of file', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  const snippet = await addSnippet(page, 'reader', 'embed_stdin.py', { stdin: 'Ada\n3\n' });
  await snippet.locator('button.run').click();
  await ended(snippet);
  await expect(snippet.locator('.status')).toHaveAttribute('data-exit-code', '0');
  await expect(snippet.locator('.output .row')).toHaveText(['Name? hello Ada, hello Ada, hello Ada, ', 'end of input']);
});

test('timeout="SECONDS" ends a runaway loop as Stop would, and says so', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  const snippet = await addSnippet(page, 'runaway', 'embed_runaway.py', { timeout: '1.5' });
  await snippet.locator('button.run').click();
  await expect(snippet.locator('.output .row')).toHaveText(['looping'], { timeout: 60_000 });
  await ended(snippet, 30_000);
  await expect(snippet.locator('.status')).toHaveAttribute('data-state', 'timedOut');
  await expect(snippet.locator('.status')).toHaveText(/^Stopped at the time limit, after \d+\.\d\d s$/);
  const seconds = Number((await snippet.locator('.status').textContent()).match(/([\d.]+) s$/)[1]);
  expect(seconds).toBeGreaterThanOrEqual(1.5);
  await expect(snippet.locator('button.stop')).toBeDisabled();
  // The snippet runs again, with the same limit.
  await snippet.locator('button.run').click();
  await expect(snippet.locator('.status')).toHaveText('Running…', { timeout: 30_000 });
  await ended(snippet, 30_000);
  await expect(snippet.locator('.status')).toHaveAttribute('data-state', 'timedOut');
});

test('on a static host the service worker isolates the page; without one, snippets explain and offer the playground', async ({ page, browser }) => {
  const plain = await serve({ isolate: false });
  try {
    // The embed script installs the service worker and reloads the page once.
    await page.goto(`${plain.url}embed/demo.html`);
    const isolated = () => page.evaluate(() => crossOriginIsolated).catch(() => false); // false while it reloads
    await expect.poll(isolated, { timeout: 30_000 }).toBe(true);
    const snippet = page.locator('#cubes');
    await snippet.locator('button.run').click();
    await ended(snippet);
    await expect(snippet.locator('.output .row')).toHaveText(['立方： [1, 8, 27, 64, 125]']);

    const blocked = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
    const other = await blocked.newPage();
    await other.goto(`${plain.url}embed/demo.html`);
    const first = other.locator('#sleepers');
    await expect(first.locator('.why')).toContainText('SharedArrayBuffer', { timeout: 30_000 });
    await expect(first.locator('.why')).toContainText('service worker');
    await expect(first.locator('a.playground')).toHaveText('Open in the playground ↗');
    await expect(other.locator('weft-snippet button.run')).toHaveCount(0);
    await blocked.close();
  } finally {
    await plain.close();
  }
});

test('in a frame of a page that is not isolated, a snippet links to the playground with its code and GIL setting', async ({ page, context, server }) => {
  const lesson = await serve({
    isolate: false,
    routes: {
      '/lesson.html': (req, res) => res.writeHead(200, { 'Content-Type': 'text/html' })
        .end(`<!doctype html><h1>A lesson</h1><iframe src="${server.url}embed/demo.html" width="900" height="700"></iframe>`),
    },
  });
  try {
    await page.goto(`${lesson.url}lesson.html`);
    const frame = page.frameLocator('iframe');
    const nogil = frame.locator('#nogil');
    await expect(nogil.locator('.why')).toContainText('inside this frame', { timeout: 30_000 });
    await expect(frame.locator('weft-snippet button.run')).toHaveCount(0);
    await nogil.locator('a.playground').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}embed-fallback.png` });
    // The GIL setting travels with the code: only the free-threaded snippet's link says gil=0.
    await expect(nogil.locator('a.playground')).toHaveAttribute('href', /#code=[\w$+-]+&gil=0$/);
    await expect(frame.locator('#sleepers a.playground')).toHaveAttribute('href', /#code=[\w$+-]+$/);

    const code = await nogil.evaluate((el) => el.code);
    const [playground] = await Promise.all([context.waitForEvent('page'), nogil.locator('a.playground').click()]);
    await expect(playground.locator('#status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect.poll(() => editorCode(playground)).toBe(code);
    await expect(playground.locator('#gil')).not.toBeChecked();
    await playground.click('#run');
    await expect(playground.locator('#status')).toHaveAttribute('data-state', 'exited', { timeout: 60_000 });
    await expect(playground.locator('#console .row').first()).toContainText('GIL enabled: False');

    // An editable snippet's link carries its edits, and Ctrl-Enter follows it.
    const counter = frame.locator('#counter');
    await counter.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nprint("edited here")');
    const edited = await counter.evaluate((el) => el.code);
    expect(edited).toMatch(/print\("edited here"\)$/);
    const [again] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Control+Enter')]);
    await expect(again.locator('#status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect.poll(() => editorCode(again)).toBe(edited);
    await expect(again.locator('#gil')).toBeChecked();
  } finally {
    await lesson.close();
  }
});
