// The standard library beyond what the engine freezes (scripts/stdlib.mjs): its modules are
// served beside the engine, fetched on their first import in a run and revalidated from
// the browser's cache after; what cannot work in a tab fails to import and says why.
import { test, expect, program, sameAsCPython } from './fixtures.mjs';

test('a served stdlib module imports in the main thread, a thread and a child process', async ({ python }) => {
  await sameAsCPython(python, program('stdlib_served.py'));
});

test('a module a tab cannot have fails with ModuleNotFoundError saying why; a program\'s own wins', async ({ python }) => {
  const { stdout, exitCode } = await python.run(program('stdlib_unavailable.py'));
  expect(stdout).toBe([
    "ModuleNotFoundError tkinter | No module named 'tkinter' (not in Weft: a browser tab has no Tk)",
    "ModuleNotFoundError sqlite3 | No module named 'sqlite3' (not in Weft: the engine has no SQLite)",
    "ModuleNotFoundError termios | No module named 'termios' (not in Weft: a browser tab has no terminal)",
    'True False',
    'mine',
    '',
  ].join('\n'));
  expect(exitCode).toBe(0);
});

test('a served module is fetched once, then revalidated from the cache (304) by the next run', async ({ python, server }) => {
  const answers = [];
  const seen = (req, res) => req.url.endsWith('/build/stdlib/colorsys.py') && res.on('finish', () => answers.push(res.statusCode));
  server.server.on('request', seen);
  try {
    for (let i = 0; i < 2; i++) {
      const { stdout } = await python.run('import colorsys\nprint(colorsys.rgb_to_hsv(1, 0, 0))\n');
      expect(stdout).toBe('(0.0, 1.0, 1)\n');
    }
  } finally {
    server.server.off('request', seen);
  }
  expect(answers).toEqual([200, 304]);
});

test('a served module that cannot be fetched fails its import with an OSError naming the file', async ({ python }) => {
  await python.page.route('**/build/stdlib/graphlib.py', (route) => route.abort());
  try {
    const { stderr, exitCode } = await python.run('import graphlib\n');
    // (RustPython's OSError message names the errno once more.)
    expect(stderr).toMatch(/^OSError: \[Errno 29\] I\/O error( \(os error 29\))?: '\/usr\/local\/lib\/python3\.14\/graphlib\.py'$/m);
    expect(exitCode).toBe(1);
  } finally {
    await python.page.unroute('**/build/stdlib/graphlib.py');
  }
  // Nothing of the failure stays: the next run fetches it.
  expect((await python.run('import graphlib\nprint(graphlib.TopologicalSorter({1: [2]}).static_order().__next__())\n')).stdout).toBe('2\n');
});
