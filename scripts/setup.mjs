// Installs what a fresh machine lacks, and nothing else: the wasm target for Rust,
// Debian's Chromium and binaryen, and the npm packages. Uses only Node built-ins, so it runs first.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEST_PACKAGES } from './packages.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WASM_TARGET = 'wasm32-wasip1-threads';
const DEBIAN_PACKAGES = ['chromium', 'chromium-driver', 'fonts-noto-cjk', 'binaryen'];

// Runs a command with inherited stdio; throws on failure.
export function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  return result;
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

export function setup() {
  if (!output('rustup', ['target', 'list', '--installed']).split('\n').includes(WASM_TARGET)) {
    console.log(`setup: adding the Rust target ${WASM_TARGET}`);
    sh('rustup', ['target', 'add', WASM_TARGET]);
  }
  // Chromium for the browser tests and the runner; a CJK font so the zh-CN UI renders.
  const missing = DEBIAN_PACKAGES.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
  if (missing.length) {
    console.log(`setup: installing Debian packages: ${missing.join(' ')}`);
    const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
    const apt = (...args) => sh(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    apt('update');
    apt('install', '-y', '--no-install-recommends', ...missing);
  }
  const lock = `${ROOT}package-lock.json`;
  const installed = `${ROOT}node_modules/.package-lock.json`;
  if (!fs.existsSync(installed) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs)) {
    console.log('setup: installing npm packages');
    sh('npm', [fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
  }
}

// A native CPython with the same pinned pytest wheels (same sha256s, from PyPI through
// pip) in target/pytest-venv, to compare `weft test` with (tests, bench). Returns its python.
export function nativePytest() {
  const venv = `${ROOT}target/pytest-venv`;
  const python = `${venv}/bin/python`;
  const requirements = TEST_PACKAGES.map((p) => `${p.name}==${p.version} --hash=sha256:${p.sha256}\n`).join('');
  const stamp = `${venv}/weft-requirements.txt`;
  if (fs.existsSync(python) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === requirements) return python;
  fs.rmSync(venv, { recursive: true, force: true });
  sh('python3', ['-m', 'venv', venv]);
  fs.writeFileSync(`${venv}/requirements.in`, requirements);
  sh(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary', ':all:', '--require-hashes', '-r', `${venv}/requirements.in`]);
  fs.writeFileSync(stamp, requirements);
  return python;
}

if (import.meta.url === `file://${process.argv[1]}`) setup();
