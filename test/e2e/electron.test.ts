// The desktop app through Playwright's `_electron`. These machines have no
// Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1), so the
// suite is skipped here and says why; on a desktop with Electron it runs the
// built app (npm run build:renderer, build:electron, rebuild:electron) over a
// throwaway user-data directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupRows, startPaperSession, submitTicket, waitForGroupStatus } from './desk-page';
import { REPO, STATIC_DIR } from './harness';

const NO_ELECTRON = 'no Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD): run on a desktop with Electron';

/** The binary's path, or null when the npm package was installed without it (require('electron') throws then). */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const NATIVE = join(REPO, 'dist/electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function whyNot(binary: string | null): string | null {
  if (binary === null) return NO_ELECTRON;
  if (!existsSync(NATIVE)) return 'better-sqlite3 is not built for Electron: run `npm run rebuild:electron` first';
  if (!existsSync(join(STATIC_DIR, 'index.html'))) return 'the renderer is not built: run `npm run build:renderer` first';
  return null;
}

const binary = electronBinary();
const skip = whyNot(binary);
if (skip) console.warn(`[e2e] Electron tests skipped: ${skip}`);

describe.skipIf(skip !== null)(skip ?? 'Ledgerdesk desktop app (Electron)', () => {
  let app: ElectronApplication;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    const built = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: REPO, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    // Every place Electron derives userData from points into a temp dir: the test never touches a real ledger.
    home = mkdtempSync(join(tmpdir(), 'ledgerdesk-electron-e2e-'));
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), APPDATA: join(home, 'AppData') } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    app = await _electron.launch({ executablePath: binary ?? '', args: [REPO, `--user-data-dir=${join(home, 'user-data')}`], cwd: REPO, env });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('loads the renderer from the app protocol with only the named bridge: no require, no process, no ipcRenderer', async () => {
    expect(page.url()).toMatch(/^app:\/\//);
    const exposed = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const bridge = w.ledgerdesk as Record<string, unknown> | undefined;
      return {
        bridge: typeof bridge,
        functionsOnly: bridge ? Object.values(bridge).every((v) => typeof v === 'function') : false,
        ipcRenderer: bridge ? 'ipcRenderer' in bridge : true,
        require: typeof w.require,
        process: typeof w.process,
      };
    });
    expect(exposed).toEqual({ bridge: 'object', functionsOnly: true, ipcRenderer: false, require: 'undefined', process: 'undefined' });
  });

  it('refuses to navigate away from the app', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.getByRole('button', { name: 'New paper session' }).waitFor();
    expect(page.url()).toBe(before);
  });

  it('runs a TWAP to completion over IPC, with the status pushed on its channel', async () => {
    await startPaperSession(page);
    await submitTicket(page, { quantity: '1', style: 'TWAP', windowMinutes: '4', chunks: '4' });
    const row = groupRows(page).first();
    await waitForGroupStatus(row, 'COMPLETED');
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });

  it('the Trading menu\'s Cancel all in plan cancels the selected plan', async () => {
    await submitTicket(page, { quantity: '0.5', entry: 'LIMIT', limitPrice: '20000' });
    const row = groupRows(page).first();
    await row.locator('[role="progressbar"][aria-valuetext*="in flight"]').waitFor();
    await app.evaluate(({ Menu }) => {
      const trading = Menu.getApplicationMenu()?.items.find((item) => item.label === 'Trading');
      trading?.submenu?.items.find((item) => item.label === 'Cancel all in plan')?.click();
    });
    await waitForGroupStatus(row, 'CANCELLED');
  });

  it('the Live venue form (desktop only) shows no venue, puts a bad key at its field and saves nothing', async () => {
    await page.getByRole('button', { name: 'Live venue' }).click();
    const form = page.getByRole('form', { name: 'Live venue' });
    await form.getByText('Now: none').waitFor();
    await form.getByLabel('API secret').fill('s3cret');
    await form.getByRole('button', { name: 'Save live venue' }).click();
    await form.getByText('API key is required').waitFor();
    const shown = await page.evaluate(() => (window as unknown as { ledgerdesk: { liveSettings(p?: unknown): Promise<unknown> } }).ledgerdesk.liveSettings());
    expect(shown).toEqual({ ok: true, value: { venue: null, keysStored: false } });
  });
});
