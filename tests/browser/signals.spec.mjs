// Signals raised within a run: `_thread.interrupt_main()` and `signal.raise_signal()`
// run the main thread's handler there, as CPython does (none arrive from outside a tab).
// Programs in programs/signals_*.py.
import { test, expect, sameAsCPython, cpython, program } from './fixtures.mjs';


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
