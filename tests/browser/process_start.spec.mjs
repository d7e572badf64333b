// Process start: the first main process and the first child a runtime sets up become the
// templates that later ones are copied from (www/runtime/template.js,
// src/engine/template.rs). A copy must be as good as a fresh process: its run's command
// line, environment, paths and GIL mode, its own random seed. Programs in
// programs/process_start_*.py.
import { test, expect, openPython, program, cpython } from './fixtures.mjs';

const lines = (...rows) => rows.map((row) => `${row}\n`).join('');

// A page of its own, whose runtime has no templates yet.
async function freshPage(browser, server, use) {
  const context = await browser.newContext();
  try {
    await use(await openPython(await context.newPage(), server.url));
  } finally {
    await context.close();
  }
}

// What the runner's current run started its processes of `kind` from.
const madeFrom = (python, kind) => python.page.evaluate((kind) => Boolean(window.weftCurrent().templates[kind]), kind);

test('a main process copied from a template sees its own run: command line, paths, directory, GIL mode', async ({ browser, server }) => {
  await freshPage(browser, server, async (python) => {
    const source = program('process_start_main.py');
    const first = await python.run(source);
    expect({ stdout: first.stdout, stderr: first.stderr }).toEqual({ stdout: cpython(source).stdout, stderr: '' });

    // A run with a directory and a path of its own makes no template, so this is a copy.
    const second = await python.run(source, { gil: false, filename: '/work/main.py', cwd: '/work', path: ['/lib'], args: ['/work/main.py', 'one', 'two'] });
    expect(await madeFrom(python, 'main')).toBe(true);
    expect({ stdout: second.stdout, stderr: second.stderr }).toEqual({
      stdout: lines(
        "argv: ['/work/main.py', 'one', 'two'] ['/work/main.py', 'one', 'two']",
        "path[0] is the script's directory: True",
        "PYTHONPATH: ['/lib'] next on sys.path: True once: True",
        "cwd is the script's directory: True",
        'GIL: False',
        'name: __main__',
      ),
      stderr: '',
    });
  });
});

test('children copied from a template made in another run see their own run, as fresh ones do', async ({ browser, server }) => {
  await freshPage(browser, server, async (python) => {
    const source = program('process_start_children.py');
    const first = await python.run(source);
    expect({ stdout: first.stdout, stderr: first.stderr }).toEqual({ stdout: cpython(source).stdout, stderr: '' });

    // Free-threaded, with a working directory and a PYTHONPATH of its own.
    const second = await python.run(source, { gil: false, filename: '/work/main.py', cwd: '/work', path: ['/lib'] });
    expect(await madeFrom(python, 'child')).toBe(true);
    expect({ stdout: second.stdout, stderr: second.stderr }).toEqual({
      stdout: lines('PYTHONPATH: /lib True', 'cwd: True', 'sys.path: True', 'GIL: False False False', 'pids: True True', 'random differs: True'),
      stderr: '',
    });
  });
});
