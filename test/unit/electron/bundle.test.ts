import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, SUBSCRIBE_CHANNEL } from '../../../core/api/bridge';

// Builds the real bundles (scripts/build-electron.mjs) and runs the preload the
// way a sandboxed renderer would: a bare context whose require knows only 'electron'.
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), 'ledgerdesk-electron-build-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  const built = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', outdir], { cwd: repo, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
});

function runPreload(argv: string[]) {
  const exposed: { key: string; api: Record<string, unknown> }[] = [];
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listening: string[] = [];
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string) => void listening.push(channel),
    removeListener: () => {},
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.push({ key, api }) },
    ipcRenderer,
  };
  const required: string[] = [];
  const module = { exports: {} };
  runInNewContext(readFileSync(join(outdir, 'preload.cjs'), 'utf8'), {
    require: (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
    module,
    exports: module.exports,
    process: { argv },
  });
  return { exposed, invoked, listening, required, ipcRenderer };
}

describe('the built preload', () => {
  it('runs with only electron available and exposes one named method per command, never ipcRenderer', async () => {
    const { exposed, invoked, listening, required, ipcRenderer } = runPreload([
      '/opt/Ledgerdesk/ledgerdesk',
      '--type=renderer',
      '--ledgerdesk-commands=cancelGroup,cancelAllInPlan',
    ]);
    expect(required).toEqual(['electron']);
    expect(exposed).toHaveLength(1);
    const { key, api } = exposed[0] ?? { key: '', api: {} };
    expect(key).toBe('ledgerdesk');
    expect(Object.keys(api).sort()).toEqual(['cancelAllInPlan', 'cancelGroup', 'onMenuCommand', 'onStatus', 'subscribe']);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(ipcRenderer);
      expect(value).not.toBe(ipcRenderer.invoke);
    }
    await (api.cancelGroup as (p: unknown) => Promise<unknown>)({ groupId: 'EXG_1' });
    (api.subscribe as (s: number, cb: () => void) => void)(5, () => {});
    expect(invoked).toEqual([
      { channel: 'ledgerdesk:cancelGroup', args: [{ groupId: 'EXG_1' }] },
      { channel: SUBSCRIBE_CHANNEL, args: [5] },
    ]);
    expect(listening).toEqual([EVENT_CHANNEL]);
  });

  it('exposes no command when the main process passed none (or passed junk)', () => {
    const { exposed } = runPreload(['x', '--ledgerdesk-commands=constructor,__proto__,a/b']);
    expect(Object.keys(exposed[0]?.api ?? {}).sort()).toEqual(['onMenuCommand', 'onStatus', 'subscribe']);
  });
});

describe('the built main', () => {
  it('requires only electron, Node built-ins and the Electron-ABI better-sqlite3 copy', () => {
    const main = readFileSync(join(outdir, 'main.cjs'), 'utf8');
    const required = new Set([...main.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? ''));
    // ccxt (the live connector) names built-ins without the node: prefix, and lazily imports its optional protobufjs (mexc, dydx only).
    const optional = ['bufferutil', 'utf-8-validate', 'protobufjs/minimal', 'protobufjs/minimal.js'];
    for (const name of required) {
      expect(
        name === 'electron' || name.startsWith('node:') || builtinModules.includes(name) || name === '../electron-native/node_modules/better-sqlite3' || optional.includes(name),
        name,
      ).toBe(true);
    }
    expect(required.has('electron')).toBe(true);
  });
});
