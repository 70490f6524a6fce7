// Builds better-sqlite3 for Electron's ABI into dist/electron-native/.
//
// Why a separate copy: a native module is compiled for one ABI. The tests and
// the web mode run under plain Node and load node_modules/better-sqlite3;
// Electron's main process needs the same module built against Electron's
// headers. Rebuilding node_modules in place (what `electron-rebuild` does by
// default) would break `npm test` until the next `npm ci`. So we copy the
// package (sources, no build output) with its runtime dependencies into
// dist/electron-native/node_modules/ and rebuild only that copy; the bundled
// main (scripts/build-electron.mjs) requires it from there, and
// electron-builder.yml ships it unpacked.
//
// Needs a compiler toolchain and Electron's headers (downloaded by
// node-gyp from electronjs.org), so it runs where Electron itself can.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dest = join(root, 'dist', 'electron-native');
const modules = join(root, 'node_modules');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const electronPkg = join(modules, 'electron', 'package.json');
if (!existsSync(electronPkg)) {
  console.error('electron is not installed (node_modules/electron); run npm ci first');
  process.exit(1);
}
const electronVersion = readJson(electronPkg).version;

// better-sqlite3 and what it requires at runtime (bindings locates the .node file).
const runtime = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

rmSync(dest, { recursive: true, force: true });
mkdirSync(join(dest, 'node_modules'), { recursive: true });
const dependencies = {};
for (const name of runtime) {
  const from = join(modules, name);
  dependencies[name] = readJson(join(from, 'package.json')).version;
  cpSync(from, join(dest, 'node_modules', name), {
    recursive: true,
    // Leave the plain-Node build output behind; the copy is built afresh.
    filter: (src) => {
      const rel = relative(from, src);
      return rel !== 'build' && !rel.startsWith('build' + sep);
    },
  });
}
writeFileSync(
  join(dest, 'package.json'),
  // electronVersion lets scripts/start.mjs tell whether this build is stale.
  JSON.stringify({ name: 'ledgerdesk-electron-native', private: true, electronVersion, dependencies }, null, 2) + '\n',
);

console.log(`rebuilding better-sqlite3 ${dependencies['better-sqlite3']} for Electron ${electronVersion} in ${relative(root, dest)}/`);
const result = spawnSync(
  'npx',
  ['electron-rebuild', '--force', '--version', electronVersion, '--module-dir', dest, '--which-module', 'better-sqlite3'],
  { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
);
if (result.status !== 0) {
  console.error('electron-rebuild failed; node_modules/better-sqlite3 (plain Node) is untouched');
  process.exit(result.status ?? 1);
}

const binding = join(dest, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(binding)) {
  console.error(`expected ${relative(root, binding)} after the rebuild, and it is not there`);
  process.exit(1);
}
console.log(`ok: ${relative(root, binding)}`);
