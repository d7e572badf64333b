// Fidelity with CPython where its own test suites look closely: lock arguments, the lock
// types, the functions Weft stands in for, sockets. Programs in programs/fidelity_*.py;
// native CPython here is 3.11, so 3.13-only behaviour is asserted as 3.13's tests expect.
import { test, expect, sameAsCPython, program } from './fixtures.mjs';


test('lock acquire() checks its arguments as CPython does, held or not', async ({ python }) => {
  await sameAsCPython(python, program('fidelity_lock_args.py'));
});

test('threading.Lock is the type _thread.lock, with no arguments and no subclasses (3.13)', async ({ python }) => {
  const result = await python.run(program('fidelity_lock_type.py'));
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe([
    "<class '_thread.lock'> <class '_thread.lock'> True",
    'True',
    'Lock (1,) {} TypeError',
    "Lock () {'a': 1} TypeError",
    "type '_thread.lock' is not an acceptable base type",
    'timeout value must be a non-negative number',
    "<class '_thread.RLock'> ['DeprecationWarning']",
    'True',
    '',
  ].join('\n'));
});

test('stand-ins look like the functions they replace and pickle by reference', async ({ python }) => {
  await sameAsCPython(python, program('fidelity_builtins.py'));
});

test('no sockets but asyncio still wakes its loop', async ({ python }) => {
  const result = await python.run(program('fidelity_sockets.py'));
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('False\nOSError True\nOSError True\nOSError True\nwoken\n');
});

test('the modules multiprocessing imports work: mmap, heap, resource_tracker with os.waitpid, shared_memory', async ({ python }) => {
  const result = await python.run(program('fidelity_mp_modules.py'));
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe([
    '<mmap.mmap closed=False, access=ACCESS_DEFAULT, length=16, pos=0, offset=0> 16',
    "b'abcd' 97 b'ab' 2 3",
    '65',
    'True',
    'ValueError: mmap closed or invalid',
    "b'hello world\\n' 24",
    "b'HELLO world\\nhello world\\n'",
    '100 7',
    "ValueError: file descriptor cannot be passed to another process: here each process has its own descriptors (multiprocessing.heap's arenas, sockets)",
    'True True 3',
    '3',
    // Where CPython makes a block: a wasm process cannot see another's memory.
    'OSError: named shared memory is not available in Weft: each process has its own memory (use multiprocessing.Value or Array)',
    '',
  ].join('\n'));
});

test('process sentinels, native thread ids, bad Connection handles and crashed children as in CPython', async ({ python }) => {
  await sameAsCPython(python, program('fidelity_mp_handles.py'));
});
