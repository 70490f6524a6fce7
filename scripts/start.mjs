// `npm start`: build and launch the desktop app. On machines without an
// Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, as here)
// it says so and points at the web mode instead of failing obscurely.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The binary's path, or undefined when the npm package is there without its binary. */
function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path, and throws if it never downloaded
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(`No Electron binary is installed here (the electron package was installed without it,
e.g. with ELECTRON_SKIP_BINARY_DOWNLOAD=1), so the desktop app cannot start.

Run the web mode instead: the same engine and renderer, in your browser, on 127.0.0.1:

  npm run build:renderer
  npm run web -- --data-dir ./ledgerdesk-data --port 4780

and open the URL it prints. To get the desktop app, reinstall electron with its binary
(npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD) on a machine that can download it.`);
  process.exit(1);
}

const run = (label, command, args, env = process.env) => {
  console.log(`> ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`${label} failed`);
    process.exit(result.status ?? 1);
  }
};

/** Is dist/electron-native built for this Electron and this better-sqlite3? */
function nativeIsCurrent() {
  const readJson = (path) => JSON.parse(readFileSync(resolve(root, path), 'utf8'));
  const binding = resolve(root, 'dist/electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  try {
    const stamp = readJson('dist/electron-native/package.json');
    return (
      existsSync(binding) &&
      stamp.electronVersion === readJson('node_modules/electron/package.json').version &&
      stamp.dependencies['better-sqlite3'] === readJson('node_modules/better-sqlite3/package.json').version
    );
  } catch {
    return false;
  }
}

if (!nativeIsCurrent() || process.argv.includes('--rebuild')) {
  run('rebuild better-sqlite3 for Electron', process.execPath, ['scripts/rebuild-electron-abi.mjs']);
}
run('build renderer', 'npx', ['vite', 'build']);
run('build electron', process.execPath, ['scripts/build-electron.mjs']);

// ELECTRON_RUN_AS_NODE would make the binary behave as plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const app = spawnSync(binary, ['.'], { cwd: root, stdio: 'inherit', env });
process.exit(app.status ?? 0);
