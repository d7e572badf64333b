// Standard input: `input()` and `sys.stdin` read what the page (runner, CLI pipe or
// terminal, playground input line) gives, block their thread only, and get EOF as
// CPython does; children of multiprocessing read EOF; Stop ends a run blocked in input().
import { test, expect, cpython, py, waitFor } from './fixtures.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPlayground, setCode, finished, ARTIFACTS } from './playground.helpers.mjs';

test.use({ locale: 'en-US', viewport: { width: 1280, height: 900 } });

const WEFT = new URL('../../cli/weft.mjs', import.meta.url).pathname;

// CPython names the script by its absolute path and marks expressions with carets (3.11).
const comparable = (text) =>
  text.replace(/File "\/[^"]*\/main\.py"/g, 'File "main.py"').replace(/^ *[~^]+ *\n/gm, '');

test('input() with a prompt reads the lines given, as CPython does', async ({ python }) => {
  const source = py`
    name = input("Name: ")
    city = input("City: ")
    print(f"Hello, {name} from {city}!")
    print(repr(input()))
  `;
  const stdin = 'Ada\n张三 城\n  spaced  \n';
  const result = await python.run(source, { stdin });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('Name: City: Hello, Ada from 张三 城!\n\'  spaced  \'\n');
  expect(result.stdout).toBe(cpython(source, 'main.py', { stdin }).stdout);
  expect(result.exitCode).toBe(0);
});

test('input() at end of input raises EOFError with CPython\'s message and traceback', async ({ python }) => {
  const source = py`
    print("before")
    name = input("Name: ")
    print("not reached")
  `;
  const eof = await python.run(source, { stdin: '' });
  const theirs = cpython(source, 'main.py', { stdin: '' });
  expect(eof.stdout).toBe(theirs.stdout);
  expect(eof.stdout).toBe('before\nName: ');
  expect(eof.stderr).toBe(comparable(theirs.stderr));
  expect(eof.stderr).toMatch(/EOFError: EOF when reading a line\n$/);
  expect(eof.exitCode).toBe(1);
  // A last line without a newline is read whole; the next input() gets EOF.
  const twice = py`
    print(repr(input()))
    try:
        input("again: ")
    except EOFError as e:
        print("EOFError:", e)
  `;
  const result = await python.run(twice, { stdin: 'no newline' });
  expect(result.stdout).toBe("'no newline'\nagain: EOFError: EOF when reading a line\n");
  expect(result.stdout).toBe(cpython(twice, 'main.py', { stdin: 'no newline' }).stdout);
});

test('sys.stdin: readline, iteration, read and readlines', async ({ python }) => {
  const source = py`
    import sys
    print(repr(sys.stdin.readline()))
    for n, line in enumerate(sys.stdin):
        print(n, repr(line))
        if line.startswith("stop"):
            break
    print(repr(sys.stdin.readlines(1)))
    print(repr(sys.stdin.read()))
    print(repr(sys.stdin.readline()), repr(sys.stdin.read()))
    print(sys.stdin.isatty(), sys.stdin.fileno(), sys.stdin.encoding)
  `;
  const stdin = `first\n${'x'.repeat(20000)}\nαβγ\nstop here\nafter\nrest one\nrest two`;
  const result = await python.run(source, { stdin });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(cpython(source, 'main.py', { stdin }).stdout);
  // More than the ring holds at once: the page keeps the rest until the program reads.
  const big = `${'line of text\n'.repeat(20000)}end`;
  const counted = await python.run('import sys\ndata = sys.stdin.read()\nprint(len(data), data.count("\\n"), data[-3:])\n', { stdin: big });
  expect(counted.stdout).toBe(`${big.length} 20000 end\n`);
});

test('reads block until the page writes; partial lines wait for their newline', async ({ python }) => {
  const source = py`
    import time
    t0 = time.monotonic()
    a = input("a? ")
    waited = time.monotonic() - t0
    b = input("b? ")
    print()
    print(repr(a), repr(b), waited > 0.5)
    try:
        input()
    except EOFError as e:
        print("EOF:", e)
  `;
  const running = python.run(source);
  await waitFor(python.soFar, 'a? ');
  await python.page.waitForTimeout(800);
  await python.page.evaluate(() => window.weftStdin('Ad'));
  await python.page.waitForTimeout(300);
  expect(python.soFar()).toBe('a? ');
  await python.page.evaluate(() => window.weftStdin('a\nB'));
  await waitFor(python.soFar, 'b? ');
  await python.page.evaluate(() => window.weftStdin('ob\n'));
  await python.page.evaluate(() => window.weftStdinClose());
  const result = await running;
  expect(result.stdout).toBe("a? b? \n'Ada' 'Bob' True\nEOF: EOF when reading a line\n");
  expect(result.exitCode).toBe(0);
});

for (const gil of [true, false]) {
  test(`a thread blocked in input() does not stop another from printing (GIL ${gil ? 'on' : 'off'})`, async ({ python }) => {
    const source = py`
      import threading, time
      stop = threading.Event()
      ticks = []
      def ticker():
          while not stop.is_set():
              ticks.append(time.monotonic())
              print("tick", len(ticks), flush=True)
              time.sleep(0.05)
      t = threading.Thread(target=ticker)
      t.start()
      start = time.monotonic()
      name = input("Name: ")
      end = time.monotonic()
      stop.set()
      t.join()
      during = sum(start < at < end for at in ticks)
      print(f"Hello, {name}; the ticker ticked {'often' if during >= 10 else during} while I waited")
    `;
    const running = python.run(source, { gil });
    await waitFor(python.soFar, 'Name: ');
    await waitFor(python.soFar, 'tick 15\n');
    await python.page.evaluate(() => window.weftStdin('Ada\n'));
    const result = await running;
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Hello, Ada; the ticker ticked often while I waited\n$/);
  });
}

test('Stop ends a run blocked in input() at once', async ({ python }) => {
  const source = py`
    import threading
    threading.Thread(target=input, daemon=True).start()
    print("waiting", flush=True)
    input()
  `;
  const running = python.run(source);
  await waitFor(python.soFar, 'waiting');
  await python.page.waitForTimeout(300);
  const stoppedAt = Date.now();
  await python.page.evaluate(() => window.weftStop());
  const result = await running;
  expect(Date.now() - stoppedAt).toBeLessThan(1000);
  expect(result.exitCode).toBe(null);
  expect(result.stopped).toBe(true);
});

test('a multiprocessing child reads EOF at once, as a spawned CPython child does', async ({ python }) => {
  const source = py`
    import multiprocessing as mp, sys
    def child(q):
        try:
            q.put(("read", input()))
        except EOFError as e:
            q.put(("EOFError", str(e)))
        q.put(sys.stdin.read())
    if __name__ == "__main__":
        q = mp.Queue()
        p = mp.Process(target=child, args=(q,))
        p.start()
        print(q.get(), repr(q.get()))
        p.join()
        print("parent reads", repr(input()))
  `;
  const stdin = 'for the parent\n';
  const result = await python.run(source, { stdin, timeout: 60 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe("('EOFError', 'EOF when reading a line') ''\nparent reads 'for the parent'\n");
  expect(result.stdout).toBe(cpython(source, 'main.py', { stdin }).stdout);
});

// `weft run` with a shell pipeline or a live stdin.
function weft(source, { shell = null, onStdout = () => {} } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-input-'));
  const file = path.join(dir, 'prog.py');
  fs.writeFileSync(file, source);
  const child = shell
    ? spawn('sh', ['-c', `${shell} | "${process.execPath}" "${WEFT}" run "${file}"`])
    : spawn(process.execPath, [WEFT, 'run', file]);
  const result = { stdout: '', stderr: '', child };
  child.stdout.on('data', (d) => {
    result.stdout += d;
    onStdout(result.stdout, child);
  });
  child.stderr.on('data', (d) => (result.stderr += d));
  result.done = new Promise((resolve) => child.on('close', (code) => {
    fs.rmSync(dir, { recursive: true, force: true });
    resolve({ stdout: result.stdout, stderr: result.stderr, code });
  }));
  return result;
}

test('weft run: a piped stdin is the program\'s, EOF where the pipe ends', async () => {
  const source = 'name = input("Name: ")\nprint(f"Hello, {name}!")\nimport sys\nprint(repr(sys.stdin.read()))\ninput()\n';
  const r = await weft(source, { shell: "printf 'Ada\\nrest\\n'" }).done;
  const theirs = cpython(source, 'main.py', { stdin: 'Ada\nrest\n' });
  expect(r.stdout).toBe(theirs.stdout);
  expect(r.stdout).toBe("Name: Hello, Ada!\n'rest\\n'\n");
  expect(r.stderr).toMatch(/EOFError: EOF when reading a line\n$/);
  expect(r.code).toBe(1);

  const echoed = await weft('print(input().upper())\n', { shell: 'echo Ada' }).done;
  expect(echoed).toMatchObject({ stdout: 'ADA\n', stderr: '', code: 0 });
});

test('weft run: lines reach the program as they come; an open stdin does not keep it alive', async () => {
  const source = py`
    import sys
    for line in sys.stdin:
        print("got", line.strip(), flush=True)
        if line.strip() == "last":
            break
    print("bye")
  `;
  const lines = ['one\n', 'two\n', 'last\n'];
  let sent = 0;
  const run = weft(source, {
    // Each line once the previous one has been answered, as a person types them.
    onStdout: (out, child) => {
      if ((out.match(/^got /gm) ?? []).length === sent && sent < lines.length) child.stdin.write(lines[sent++]);
    },
  });
  // The first line goes before any output; stdin is never closed.
  run.child.stdin.write(lines[sent++]);
  const r = await run.done;
  expect(r).toMatchObject({ stdout: 'got one\ngot two\ngot last\nbye\n', stderr: '', code: 0 });
});

test('playground: type a line, press Enter, the program goes on; Ctrl+D ends the input', async ({ page, server }) => {
  await openPlayground(page, server.url);
  await expect(page.locator('#stdin')).toBeDisabled();
  await setCode(page, py`
    name = input("Name: ")
    print(f"Hello, {name}!")
    while True:
        try:
            line = input("> ")
        except EOFError as e:
            print("EOFError:", e)
            break
        print("echo:", line.upper())
  `);
  await page.click('#run');
  // The program waits: the input line is enabled and has the focus.
  await expect(page.locator('#stdin')).toBeEnabled();
  await expect(page.locator('#stdin')).toBeFocused();
  await expect(page.locator('#console')).toContainText('Name: ');
  await page.keyboard.type('Ada');
  await page.keyboard.press('Enter');
  await expect(page.locator('#console')).toContainText('Hello, Ada!');
  await expect(page.locator('#stdin')).toHaveValue('');
  await page.keyboard.type('weft');
  await page.keyboard.press('Enter');
  await expect(page.locator('#console')).toContainText('echo: WEFT');
  // Ctrl+D on a non-empty line sends it without a newline; on an empty line it ends input.
  await page.keyboard.type('par');
  await page.keyboard.press('Control+d');
  await page.keyboard.type('tial');
  await page.keyboard.press('Enter');
  await expect(page.locator('#console')).toContainText('echo: PARTIAL');
  await page.keyboard.press('Control+d');
  const result = await finished(page);
  expect(result.state).toBe('exited');
  expect(result.exitCode).toBe('0');
  // The typed lines are echoed where they were typed, as a terminal shows them.
  expect(result.text).toBe('Name: Ada\nHello, Ada!\n> weft\necho: WEFT\n> partial\necho: PARTIAL\n> EOFError: EOF when reading a line\n');
  await expect(page.locator('#console .stdin').first()).toHaveText('Ada');
  await page.locator('main').screenshot({ path: `${ARTIFACTS}playground-input.png` });
  await expect(page.locator('#stdin')).toBeDisabled();
  await expect(page.locator('#stdin-eof')).toBeDisabled();
});

test('playground: the EOF button, Stop while blocked, and the Chinese strings', async ({ page, server }) => {
  await openPlayground(page, server.url);
  await setCode(page, 'import sys\nprint(len(sys.stdin.read()))\n');
  await page.click('#run');
  await expect(page.locator('#stdin')).toBeFocused();
  await page.keyboard.type('abc');
  await page.keyboard.press('Enter');
  await page.click('#stdin-eof');
  let result = await finished(page);
  expect(result.text).toBe('abc\n4\n');

  await setCode(page, 'print("waiting", flush=True)\ninput()\n');
  await page.click('#run');
  await expect(page.locator('#stdin')).toBeFocused();
  const stoppedAt = Date.now();
  await page.click('#stop');
  result = await finished(page);
  expect(Date.now() - stoppedAt).toBeLessThan(1000);
  expect(result.state).toBe('stopped');
  await expect(page.locator('#stdin')).toBeDisabled();

  await page.selectOption('#language', 'zh-CN');
  await expect(page.locator('#stdin')).toHaveAttribute('placeholder', /程序的输入/);
  await expect(page.locator('#stdin')).toHaveAttribute('aria-label', '程序的输入');
  await page.selectOption('#language', 'en');
  await expect(page.locator('#stdin')).toHaveAttribute('placeholder', /Input for the program/);
});

test('an embedded snippet runs with an empty stdin: input() raises EOFError', async ({ page, server }) => {
  await page.goto(`${server.url}embed/demo.html`);
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<weft-snippet id="asks"><pre>print("asking")\ninput("Name: ")</pre></weft-snippet>');
  });
  const snippet = page.locator('#asks');
  await snippet.locator('button.run').click();
  await expect(snippet.locator('.status')).toHaveAttribute('data-state', 'exited', { timeout: 60_000 });
  await expect(snippet.locator('.status')).toHaveAttribute('data-exit-code', '1');
  await expect(snippet.locator('.output')).toContainText('EOFError: EOF when reading a line');
});
