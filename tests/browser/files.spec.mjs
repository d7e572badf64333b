// One file system per run (www/runtime/files.js): every thread of every process sees the
// same files, a process's threads share its fds, and each process has fds of its own.
// Programs in programs/files_*.py print the same as native CPython.
import { test, expect, sameAsCPython, program } from './fixtures.mjs';

test('a file or directory a thread makes, renames or removes is seen so by the others', async ({ python }) => {
  await sameAsCPython(python, program('files_threads.py'));
});

test("a file object or fd opened in one thread is used in another: one fd table per process", async ({ python }) => {
  await sameAsCPython(python, program('files_fds.py'));
});

test('processes share files, not fds: a child reads what its parent wrote and back, appends lose nothing', async ({ python }) => {
  await sameAsCPython(python, program('files_processes.py'));
});

// Not against CPython's own run: its SIGTERM can land while the child's last line is half
// written (CI's CPython printed "whole lines: False" once on a loaded machine). Weft parks
// a killed process's threads first, so none is cut short in a write.
test('a child killed while it writes files leaves them working for the parent and a new child', async ({ python }) => {
  const result = await python.run(program('files_kill.py'));
  expect({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }).toEqual({
    stdout: 'killed: -15\nwhole lines: True\nnew child reads: written after the kill\nexit: 0\n',
    stderr: '',
    exitCode: 0,
  });
});
