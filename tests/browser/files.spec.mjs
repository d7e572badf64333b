// One file system per run (www/runtime/files.js): every thread of every process sees the
// same files, a process's threads share its fds, and each process has fds of its own.
// Programs in programs/files_*.py print the same as native CPython.
import { test, sameAsCPython, program } from './fixtures.mjs';

test('a file or directory a thread makes, renames or removes is seen so by the others', async ({ python }) => {
  await sameAsCPython(python, program('files_threads.py'));
});

test("a file object or fd opened in one thread is used in another: one fd table per process", async ({ python }) => {
  await sameAsCPython(python, program('files_fds.py'));
});

test('processes share files, not fds: a child reads what its parent wrote and back, appends lose nothing', async ({ python }) => {
  await sameAsCPython(python, program('files_processes.py'));
});

test('a child killed while it writes files leaves them working for the parent and a new child', async ({ python }) => {
  await sameAsCPython(python, program('files_kill.py'));
});
