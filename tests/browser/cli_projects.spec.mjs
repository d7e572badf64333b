// `weft run --path DIR FILE.py ARG...` and `-m MODULE`: a project of several files
// (tests/fixtures/project/), compared with native python3, and what --path exposes; and
// the same through `Runtime.run`.
import { test, expect } from '@playwright/test';
import { test as pageTest } from './fixtures.mjs';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WEFT = new URL('../../cli/weft.mjs', import.meta.url).pathname;
const PROJECT = new URL('../fixtures/project', import.meta.url).pathname;
const REPO = path.resolve(PROJECT, '../../..');

// Runs `weft ...args` in `cwd`; resolves with stdout, stderr and the exit status.
function weft(args, { cwd = REPO } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WEFT, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const result = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (result.stdout += d));
    child.stderr.on('data', (d) => (result.stderr += d));
    child.on('close', (code) => resolve({ ...result, code }));
  });
}

// The same program under CPython, with the project on PYTHONPATH as --path puts it on sys.path.
function python3(args, { cwd = REPO } = {}) {
  const r = spawnSync('python3', args, { cwd, encoding: 'utf8', env: { ...process.env, PYTHONPATH: PROJECT } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

test('a project file with a package, a thread and a child prints what python3 prints, with its argv and exit status', async () => {
  const args = ['tests/fixtures/project/main.py', 'a', '--b c', '--help'];
  const r = await weft(['run', '--path', 'tests/fixtures/project', ...args]);
  const native = python3(args);
  expect(native.code).toBe(3);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(native.stdout);
  expect(r.stdout).toContain("argv ['a', '--b c', '--help'] main.py\n");
  expect(r.stdout).toContain('thread [27]\n');
  expect(r.stdout).toMatch(/child \('hello from app to a child', 772, '[0-9a-f]{16}'\)\n/);
  expect(r.code).toBe(3);
});

test('-m runs a project module as __main__, its child importing it by name, as python3 -m does', async () => {
  const r = await weft(['run', '--path', PROJECT, '-m', 'app.cli', 'x', 'y']);
  const native = python3(['-m', 'app.cli', 'x', 'y']);
  expect(native.code).toBe(5);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(native.stdout);
  expect(r.stdout).toContain("argv app/cli.py ['x', 'y']\n");
  expect(r.code).toBe(5);
});

test('tracebacks name a project file by its path, and an uncaught exception exits 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-project-'));
  try {
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'fail.py'), 'def fail():\n    raise ValueError("from the project")\n');
    fs.writeFileSync(path.join(dir, 'run.py'), 'from lib.fail import fail\nfail()\n');
    const r = await weft(['run', '--path', dir, 'run.py'], { cwd: dir });
    expect(r.stderr).toContain(`File "${dir}/run.py", line 2, in <module>\n`);
    expect(r.stderr).toContain(`File "${dir}/lib/fail.py", line 2, in fail\n`);
    expect(r.stderr).toMatch(/ValueError: from the project\n$/);
    expect(r.code).toBe(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--path exposes only its directories and FILE.py: not their neighbours, links out, VCS or dependency folders', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-project-'));
  try {
    const project = path.join(dir, 'project');
    for (const sub of ['.git', 'node_modules', '__pycache__', 'assets']) fs.mkdirSync(path.join(project, sub), { recursive: true });
    const files = {
      'secret.txt': 'outside',
      'project/.git/config': 'vcs',
      'project/node_modules/dep.js': 'dep',
      'project/__pycache__/x.pyc': 'cache',
      'project/assets/blob.bin': Buffer.from([0, 255, 128, 10]),
    };
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(project, 'link.txt'));
    const peek = path.join(PROJECT, 'peek.py');
    const paths = [
      path.join(dir, 'secret.txt'), path.join(project, 'link.txt'), path.join(project, '.git/config'),
      path.join(project, 'node_modules/dep.js'), path.join(project, '__pycache__/x.pyc'),
      path.join(project, 'assets/blob.bin'), peek, path.join(PROJECT, 'main.py'), '/etc/hostname',
    ];
    const r = await weft(['run', '--path', project, peek, ...paths]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe([
      `${paths[0]} FileNotFoundError`, `${paths[1]} FileNotFoundError`, `${paths[2]} FileNotFoundError`,
      `${paths[3]} FileNotFoundError`, `${paths[4]} FileNotFoundError`,
      `${paths[5]} read 4`, `${peek} read ${fs.statSync(peek).size}`,
      `${paths[7]} FileNotFoundError`, '/etc/hostname FileNotFoundError', '',
    ].join('\n'));
    expect(r.code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a --path with more files than the limit is refused with a clear error and status 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-project-'));
  try {
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(17 << 20));
    const r = await weft(['run', '--path', dir, path.join(PROJECT, 'peek.py')]);
    expect(r.stderr).toMatch(/^weft: the program's files come to more than 16 MiB \(at .*big\.bin\); --path takes whole directories, give smaller ones\n$/);
    expect(r.code).toBe(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad project usage exits 2 with the usage', async () => {
  for (const args of [['run', '--path'], ['run', '-m'], ['run', '--path', PROJECT], ['run', '--path', '/nonexistent-weft-dir', 'x.py']]) {
    const r = await weft(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: weft run|not a directory/);
  }
});

test('a program may write over a project file: its child reads what it wrote, the host file stays as it was', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-project-'));
  try {
    fs.writeFileSync(path.join(dir, 'note.txt'), 'original');
    fs.writeFileSync(path.join(dir, 'main.py'), [
      'import multiprocessing',
      'def read(): print("child", open("note.txt").read())',
      'if __name__ == "__main__":',
      '    with open("note.txt", "w") as f: f.write("changed")',
      '    print("parent", open("note.txt").read())',
      '    p = multiprocessing.get_context("spawn").Process(target=read)',
      '    p.start(); p.join()',
      '',
    ].join('\n'));
    const r = await weft(['run', '--path', dir, 'main.py'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('parent changed\nchild changed\n');
    expect(fs.readFileSync(path.join(dir, 'note.txt'), 'utf8')).toBe('original');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

pageTest('Runtime.run takes a project: files in directories, bytes, a module for -m, sys.path and a working directory', async ({ python }) => {
  const main = [
    'import os, sys, threading',
    'print(sys.argv, __file__, sys.path[:2], os.getcwd())',
    'print(open("/app/data.bin", "rb").read())',
    't = threading.Thread(target=lambda: print(__import__("pkg.helper").helper.VALUE))',
    't.start(); t.join()',
    'sys.exit(4)',
    '',
  ].join('\n');
  const result = await python.run(null, {
    module: 'pkg.main',
    args: ['-m', 'pkg.main', 'x'],
    files: { '/app/pkg/__init__.py': '', '/app/pkg/main.py': main, '/app/pkg/helper.py': 'VALUE = 42\n', '/app/data.bin': [0, 255, 10] },
    path: ['/app'],
    cwd: '/home',
    stdin: '',
  });
  expect(result.output).toBe([
    "['/app/pkg/main.py', 'x'] /app/pkg/main.py ['/home', '/app'] /home",
    "b'\\x00\\xff\\n'",
    '42',
    '',
  ].join('\n'));
  expect(result.exitCode).toBe(4);
});
