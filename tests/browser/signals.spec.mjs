// Signals raised within a run: `_thread.interrupt_main()` and `signal.raise_signal()`
// run the main thread's handler there, as CPython does (none arrive from outside a tab);
// Stop is Ctrl-C. Programs in programs/signals_*.py.
import { test, expect, sameAsCPython, cpython, program, waitFor } from './fixtures.mjs';


test('interrupt_main and raise_signal run the handler in the main thread, as CPython does', async ({ python }) => {
  await sameAsCPython(python, program('signals_interrupt.py'));
});

// Under the GIL: the main thread takes the signal when it next takes the GIL back.
test('an uncaught KeyboardInterrupt ends a busy main thread as Ctrl-C does', async ({ python }) => {
  const source = program('signals_uncaught.py');
  const result = await python.run(source);
  const theirs = cpython(source);
  expect(result.stdout).toBe(theirs.stdout);
  // CPython ends itself by SIGINT, which a shell reports as 130.
  expect(result.exitCode).toBe(130);
  expect(result.stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File "main\.py", line 9, in <module>\n[\s\S]*\nKeyboardInterrupt\n$/);
});

// Stops once the main thread is in `state` (the page knows it from the timeline).
async function stopWhen(python, running, text, state = 'running') {
  await waitFor(python.soFar, text);
  await python.page.waitForFunction((state) => window.weftCurrent().mainState === state, state);
  await python.page.evaluate(() => window.weftStop());
  return running;
}
const stopWhenBusy = (python, running, text) => stopWhen(python, running, text);

test('Stop is Ctrl-C for a busy main thread: finally runs, the traceback prints, status 130', async ({ python }) => {
  const result = await stopWhenBusy(python, python.run(program('signals_stop.py')), 'spinning');
  expect(result.stopped).toBe(true);
  expect(result.exitCode).toBe(130);
  expect(result.stdout).toBe('spinning\nfinally runs\n');
  expect(result.stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File "main\.py", line [56], in <module>\n[\s\S]*\nKeyboardInterrupt\n$/);
});

test('a SIGINT handler sees Stop, and the program ends as it chooses', async ({ python }) => {
  const result = await stopWhenBusy(python, python.run(program('signals_stop_handler.py')), 'spinning');
  expect(result.stopped).toBe(true);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toBe('spinning\nhandler SIGINT\nclean exit\n');
  expect(result.stderr).toBe('');
});

test('a main thread that ignores SIGINT is killed at Stop\'s deadline', async ({ python }) => {
  const running = python.run(program('signals_stop_ignored.py'));
  const result = await stopWhenBusy(python, running, 'spinning');
  expect(result.stopped).toBe(true);
  expect(result.exitCode).toBe(null);
  expect(result.stdout).toBe('spinning\n');
});

for (const [wait, state] of [['sleep', 'sleeping'], ['join', 'blocked'], ['get', 'blocked'], ['acquire', 'blocked'], ['recv', 'blocked']]) {
  for (const gil of [true, false]) {
    test(`Stop is Ctrl-C for a main thread waiting in ${wait}, ${gil ? 'under the GIL' : 'free-threaded'}`, async ({ python }) => {
      const result = await stopWhen(python, python.run(program('signals_stop_waiting.py'), { args: ['main.py', wait], gil }), 'waiting', state);
      expect(result.stopped).toBe(true);
      expect(result.exitCode).toBe(130);
      expect(result.stdout).toBe('waiting\nfinally runs\n');
      expect(result.stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File "main\.py", line \d+, in <module>\n[\s\S]*\nKeyboardInterrupt\n$/);
    });
  }
}

test('a SIGINT handler that returns lets the interrupted sleep finish, as CPython\'s does', async ({ python }) => {
  await sameAsCPython(python, program('signals_sleep_handler.py'));
});
