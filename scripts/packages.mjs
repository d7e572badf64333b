// The pure-Python PyPI packages the lessons import, pinned here: their wheels are fetched
// at build time, checked against their sha256 and their modules unpacked into
// target/py-packages, which the engine freezes in next to src/py (src/engine/mod.rs).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// To add one: a pure-Python wheel (py3-none-any) with no dependencies beyond the standard
// library; `url` is its path under files.pythonhosted.org, as PyPI's JSON API gives it.
// `versionModule`: a module that asks importlib.metadata for the package's version, which
// imports some 80 modules (about 0.9 s in every process here); it is written as the
// pinned version instead.
export const PACKAGES = [
  {
    name: 'tqdm',
    version: '4.70.1',
    url: 'a7/03/921a3d3c75785aca9ebfbfcabfbc3a1be12e2ab5265deb026d55a5a3f83e/tqdm-4.70.1-py3-none-any.whl',
    sha256: 'c293e525e6fef9c20e8728fd4612df02a0aa31bb5fe91ecd93e123b1b7bffa73',
    versionModule: 'tqdm/version.py',
  },
  {
    name: 'tenacity',
    version: '9.2.1',
    url: 'd6/26/1ff2b0721ac66a3ec5b1402b333110b352ab0a8724052ac279a7b82d40c4/tenacity-9.2.1-py3-none-any.whl',
    sha256: '9e56f17539296baab7beabb08b92f6ee3d7be92d8be72d763360677c2ad6580e',
  },
];

export const PACKAGES_DIR = fileURLToPath(new URL('../target/py-packages', import.meta.url));

// pytest and what it needs on Python 3.13 (its colorama, exceptiongroup and tomli are
// for Windows and Python < 3.11), for `weft test` (cli/test.mjs). Not frozen: they are
// unpacked into target/test-packages, which `weft test` gives the run as one more project
// directory, so pages that never run tests do not download them.
export const TEST_PACKAGES = [
  {
    name: 'pytest',
    version: '9.2.0',
    url: '51/39/1f5d8c8877a0fa327db959c19341d4be61660de1ab6b7391f9eb805bcd67/pytest-9.2.0-py3-none-any.whl',
    sha256: '07acdcf88ec174f907dc01af70bf52d49b014bbab03faeeade31c96b18c2e588',
  },
  {
    name: 'pluggy',
    version: '1.7.0',
    url: '40/9e/2b38731e0fc536806f16490e1a12d7f0dc2a1235aa8cc07bcc75416a7daa/pluggy-1.7.0-py3-none-any.whl',
    sha256: '7dd7b0d8832ba3cb632c306926ded123429211b83641b35dc5c41ad2d34f9bec',
  },
  {
    name: 'iniconfig',
    version: '2.3.1',
    url: '56/43/4ca9e49d27a1fcf6bece6f6aec0ea46bb9112489b93d4b688fb415457bdb/iniconfig-2.3.1-py3-none-any.whl',
    sha256: '9121e2c1fdb355232495be3194c8dfe87ccc2d5dee45947b78e68f499790d7a7',
  },
  {
    name: 'packaging',
    version: '26.4',
    url: 'ba/7b/5504f91c9c2733f693d7759e50ede5d27119d4da7e5836c46d3b5ff81d56/packaging-26.4-py3-none-any.whl',
    sha256: '81383611a09c1bc0b08b76e0fd5829d7c6824c65b27a6aee339da133f4233ea2',
  },
  {
    name: 'pygments',
    version: '2.21.0',
    url: '71/46/17f022dd3e953bf20a04a028a21ec746d942f8d2af30fa0f124fa0e6a684/pygments-2.21.0-py3-none-any.whl',
    sha256: '2363c69b61c4a97c838da3b130dcd6468f4848992b21a82f2a63ec34377137d9',
  },
];
export const TEST_PACKAGES_DIR = fileURLToPath(new URL('../target/test-packages', import.meta.url));
const FILES_HOST = 'https://files.pythonhosted.org/packages/';
// Written last: its content says which pins the directory holds.
const STAMP = 'installed.json';
const stampOf = (packages) => JSON.stringify(packages, null, 1);
// The module importlib.metadata's finder reads versions from (src/py/_weft_packages.py).
const VERSIONS_MODULE = '_weft_package_versions.py';

// Makes `dir` hold exactly `packages`; does nothing when it already does, so only the
// first build needs the network. `distInfo`: keep each wheel's METADATA and entry points,
// for importlib.metadata on sys.path (a frozen package's versions come from
// _weft_package_versions instead).
export async function ensurePackages(packages = PACKAGES, dir = PACKAGES_DIR, download = fetchWheel, { distInfo = false } = {}) {
  if (readOrNull(path.join(dir, STAMP)) === stampOf(packages)) return false;
  const staging = `${dir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    await unpack(packages, staging, download, distInfo);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  return true;
}

// Writes the packages' modules, their versions and the stamp into `staging`.
async function unpack(packages, staging, download, distInfo) {
  for (const pkg of packages) {
    const wheel = await download(pkg);
    const digest = crypto.createHash('sha256').update(wheel).digest('hex');
    if (digest !== pkg.sha256) throw new Error(`${pkg.name} ${pkg.version}: sha256 ${digest}, expected ${pkg.sha256}`);
    for (const [name, data] of unzip(wheel)) {
      if (!isModule(name) && !(distInfo && isMetadata(name))) continue;
      fs.mkdirSync(path.join(staging, path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(staging, name), data);
    }
    if (pkg.versionModule) {
      const source = `# Written by scripts/packages.mjs: the pinned version, without importlib.metadata.\n__version__ = ${JSON.stringify(pkg.version)}\n`;
      fs.writeFileSync(path.join(staging, pkg.versionModule), source);
    }
  }
  if (!distInfo) {
    const versions = packages.map((p) => `    ${JSON.stringify(p.name)}: ${JSON.stringify(p.version)},\n`).join('');
    fs.writeFileSync(path.join(staging, VERSIONS_MODULE), `# Generated by scripts/packages.mjs.\nVERSIONS = {\n${versions}}\n`);
  }
  fs.writeFileSync(path.join(staging, STAMP), stampOf(packages));
}

async function fetchWheel(pkg) {
  const url = FILES_HOST + pkg.url;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

// A wheel's Python modules, not its metadata (*.dist-info) nor data files; a name that
// would land outside the directory is refused.
function isModule(name) {
  if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`unsafe path in wheel: ${name}`);
  return name.endsWith('.py') && !/^[^/]+\.(dist-info|data)\//.test(name);
}

const isMetadata = (name) => /^[^/]+\.dist-info\/(METADATA|entry_points\.txt)$/.test(name);

function readOrNull(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

// The entries of a zip archive as [name, bytes], read through its central directory
// (stored or deflated entries: what wheels hold).
export function unzip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    if (name.endsWith('/')) continue;
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(start, start + size);
    if (method === 0) entries.push([name, raw]);
    else if (method === 8) entries.push([name, zlib.inflateRawSync(raw)]);
    else throw new Error(`${name}: zip method ${method} not supported`);
  }
  return entries;
}

// The build's step: both sets (`weft test` would fetch its own at its first run).
if (import.meta.url === `file://${process.argv[1]}`) {
  const sets = [[PACKAGES, PACKAGES_DIR, {}], [TEST_PACKAGES, TEST_PACKAGES_DIR, { distInfo: true }]];
  (async () => {
    for (const [packages, dir, options] of sets) {
      if (await ensurePackages(packages, dir, undefined, options)) {
        console.log(`packages: ${packages.map((p) => `${p.name} ${p.version}`).join(', ')} in ${dir}`);
      }
    }
  })().catch((err) => {
    console.error(`packages: ${err.message}`);
    process.exit(1);
  });
}
