// Bundles the desktop shell: electron/main.ts -> dist/electron/main.cjs and
// electron/preload.ts -> dist/electron/preload.cjs (run `npm run build:renderer`
// for dist/renderer). Everything but Electron itself and the native SQLite
// binding is bundled, so the packaged app needs no node_modules.
// `--outdir DIR` builds elsewhere (the bundle test does).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 && process.argv[outdirArg + 1] ? resolve(process.argv[outdirArg + 1]) : join(root, 'dist', 'electron');

// better-sqlite3 is loaded from dist/electron-native/, where
// scripts/rebuild-electron-abi.mjs builds a copy for Electron's ABI; the copy
// in node_modules stays built for plain Node, which the tests use. main.cjs
// sits in dist/electron/, hence the relative path.
const electronNativeSqlite = {
  name: 'electron-native-better-sqlite3',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
      path: '../electron-native/node_modules/better-sqlite3',
      external: true,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  // ws's optional native helpers: required inside try/catch, absent is fine.
  // protobufjs: ccxt's optional peer dependency, imported lazily by its mexc and
  // dydx code only (the live connector trades Binance spot); not installed.
  external: ['electron', 'bufferutil', 'utf-8-validate', 'protobufjs/minimal', 'protobufjs/minimal.js'],
};

await build({
  ...common,
  entryPoints: { main: join(root, 'electron', 'main.ts') },
  outdir,
  outExtension: { '.js': '.cjs' },
  plugins: [electronNativeSqlite],
});

await build({
  ...common,
  entryPoints: { preload: join(root, 'electron', 'preload.ts') },
  outdir,
  outExtension: { '.js': '.cjs' },
});

// A sandboxed preload can require only a few modules; anything else would
// fail at runtime inside the window, so fail the build instead.
const preload = readFileSync(join(outdir, 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
const allowed = new Set(['electron']);
const forbidden = required.filter((name) => !allowed.has(name));
if (forbidden.length) {
  console.error(`preload.cjs requires ${forbidden.join(', ')}; a sandboxed preload may only require 'electron'`);
  process.exit(1);
}
console.log(`built ${join(outdir, 'main.cjs')} and preload.cjs (${(preload.length / 1024).toFixed(1)} KiB, requires: ${required.join(', ') || 'nothing'})`);
