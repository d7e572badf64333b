// Bad input gets a clear, CPython-shaped error and loses nothing; the runtime survives.
import { test, expect, cpython, py } from './fixtures.mjs';

// CPython names the script by its absolute path; Weft by the name it was given.
const relative = (text) => text.replace(/File "\/[^"]*\/main\.py"/g, 'File "main.py"');

test('a syntax error is reported like CPython, with the line and caret', async ({ python }) => {
  const source = 'x = 1\nprint("a"\n';
  const result = await python.run(source);
  expect(result.stderr).toBe(relative(cpython(source).stderr));
  expect(result.stdout).toBe('');
  expect(result.exitCode).toBe(1);
});

test('1/0 gives a traceback with file, lines and source, and exit status 1', async ({ python }) => {
  const source = py`
    def divide(a, b):
        return a / b
    print("before")
    divide(1, 0)
  `;
  const result = await python.run(source);
  expect(result.stdout).toBe('before\n');
  expect(result.stderr).toMatch(new RegExp([
    '^Traceback \\(most recent call last\\):',
    '  File "main.py", line 4, in <module>',
    '    divide\\(1, 0\\)',
    '(.*\\n)*  File "main.py", line 2, in divide',
    '    return a / b',
    '(.*\\n)*ZeroDivisionError: division by zero\\n$',
  ].join('\\n')));
  expect(result.exitCode).toBe(1);
});

test('SystemExit sets the exit status like CPython', async ({ python }) => {
  expect((await python.run('import sys\nsys.exit(3)\n')).exitCode).toBe(3);
  const withMessage = await python.run('import sys\nsys.exit("fatal: no input")\n');
  expect(withMessage.stderr).toBe('fatal: no input\n');
  expect(withMessage.exitCode).toBe(1);
  expect((await python.run('raise SystemExit\n')).exitCode).toBe(0);
});

test('a runaway loop is stopped, and the next run works at once', async ({ python }) => {
  const stopped = await python.run('print("spinning", flush=True)\nwhile True:\n    pass\n', { timeout: 1.5 });
  expect(stopped.stopped).toBe(true);
  expect(stopped.stdout).toBe('spinning\n');
  const next = await python.run('print("fresh run")\n');
  expect(next.stdout).toBe('fresh run\n');
});

test('runaway threads are all stopped together', async ({ python }) => {
  const stopped = await python.run(py`
    import threading
    def spin():
        while True:
            pass
    for _ in range(4):
        threading.Thread(target=spin).start()
    print("started", flush=True)
    spin()
  `, { timeout: 5 });
  expect(stopped.stopped).toBe(true);
  expect(stopped.stdout).toBe('started\n');
  expect((await python.run('print(2 + 2)\n')).stdout).toBe('4\n');
});

test('100 000 lines of output arrive complete and in order', async ({ python }) => {
  const result = await python.run('for i in range(100000):\n    print(i)\n');
  const lines = result.stdout.split('\n');
  expect(lines.length).toBe(100001);
  expect(lines.slice(0, -1).every((line, i) => line === String(i))).toBe(true);
  expect(result.exitCode).toBe(0);
});

// As in CPython, print() writes the text and the newline separately, so racing threads
// may share a line; what must hold is that every message arrives exactly once.
test('output from many threads loses nothing', async ({ python }) => {
  const result = await python.run(py`
    import threading
    def talk(n):
        for i in range(500):
            print(f"thread {n} line {i} " + "x" * 50)
    ts = [threading.Thread(target=talk, args=(n,)) for n in range(4)]
    for t in ts: t.start()
    for t in ts: t.join()
  `);
  const messages = result.stdout.match(/thread \d line \d+ x{50}/g);
  expect(messages.length).toBe(2000);
  expect(new Set(messages).size).toBe(2000);
  expect(result.stdout.replace(/thread \d line \d+ x{50}/g, '').replace(/\n/g, '')).toBe('');
});

test('unbounded allocation ends with a clear out-of-memory error, and the next run works', async ({ python }) => {
  const result = await python.run(py`
    blocks = []
    while True:
        blocks.append(bytearray(16 * 1024 * 1024))
  `);
  expect(result.exitCode).not.toBe(0);
  expect(result.stderr).toMatch(/MemoryError/);
  expect((await python.run('print("still alive")\n')).stdout).toBe('still alive\n');
});

// Every thread bumps a counter in the run's shared segment; once kill() (what Stop does
// when its KeyboardInterrupt has not ended the run) has returned and 200 ms have passed,
// the counter must never move again.
test('kill() ends every worker of the run within 200 ms', async ({ python }) => {
  const result = await python.page.evaluate(async () => {
    const { Runtime } = await import('/runtime/runtime.js');
    const runtime = await Runtime.load({ warmup: false });
    let handle;
    const ready = new Promise((resolve) => (handle = resolve));
    const run = runtime.run([
      'import _weft, threading',
      'counter = _weft.semaphore_new(0, None)',
      'def spin():',
      '    while True:',
      '        _weft.semaphore_release(counter)',
      'for _ in range(3):',
      '    threading.Thread(target=spin).start()',
      'print(counter, flush=True)',
      'spin()',
    ].join('\n'), { onOutput: (stream, text) => handle(Number(text)) });
    const offset = await ready;
    const counter = new Int32Array(run.shared, offset, 1);
    await new Promise((r) => setTimeout(r, 300));
    const moving = Atomics.load(counter, 0);
    const t0 = performance.now();
    run.kill();
    const result = await run.done;
    const stopMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 200));
    const after = Atomics.load(counter, 0);
    await new Promise((r) => setTimeout(r, 300));
    return { moving, after, later: Atomics.load(counter, 0), stopMs, stopped: result.stopped };
  });
  expect(result.moving).toBeGreaterThan(0);
  expect(result.stopped).toBe(true);
  expect(result.stopMs).toBeLessThan(200);
  expect(result.later).toBe(result.after);
});
