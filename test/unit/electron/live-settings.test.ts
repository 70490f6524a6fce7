import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialError } from '../../../core/connectors/live/credentials';
import { desktopContract } from '../../../core/api/desktop-contract';
import { dispatch } from '../../../core/api/dispatch';
import { bindCommands } from '../../../electron/ipc';
import { LIVE_SETTINGS_FILE, liveCredentials, LiveSettingsError, liveSettingsHandlers, readLiveSettings } from '../../../electron/live-settings';
import { createSecretStore } from '../../../electron/secrets';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../electron/security';
import { FakeIpcMain, FakeSender } from './fake-ipc';
import { fakeSafeStorage } from './fake-safe-storage';

// The desktop app's side of the live option: the venue from userData/live.json,
// the keys through the safeStorage secret store (a Map stands in for it here).

const KEY = 'ElecKeyZq7WvX2pR9tY4uI8oP3aS6dF1gH5jK0lZxC7vB2nM9qW4eR8tY3uI6oP1a';
const SECRET = 'ElecSecQm5Nb8Vc2Xz7Lk4Jh9Gf3Ds6Aq1Wp0Oe5Ir8Tu2Yt7Re4Wq9Za3Sx6Dc1F';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function userData(settings?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-live-settings-'));
  dirs.push(dir);
  if (settings !== undefined) writeFileSync(join(dir, LIVE_SETTINGS_FILE), settings);
  return dir;
}

function refusal(dir: string): LiveSettingsError {
  try {
    readLiveSettings(dir);
  } catch (e) {
    if (e instanceof LiveSettingsError) return e;
    throw e;
  }
  throw new Error('expected a LiveSettingsError');
}

describe('electron live settings', () => {
  it('no live.json: no live venue (the desk trades paper sessions)', () => {
    expect(readLiveSettings(userData())).toBeUndefined();
  });

  it('reads the venue web mode takes from its flags', () => {
    const dir = userData(JSON.stringify({ exchangeId: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], restUrl: 'http://127.0.0.1:9/', wsApiUrl: 'ws://127.0.0.1:9/ws-api/v3' }));
    expect(readLiveSettings(dir)).toEqual({ exchangeId: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], restUrl: 'http://127.0.0.1:9/', wsApiUrl: 'ws://127.0.0.1:9/ws-api/v3' });
  });

  it('refuses keys in the file by name, without echoing them, and bad JSON without quoting it', () => {
    const withKey = refusal(userData(JSON.stringify({ exchangeId: 'binance', symbols: ['BTC/USDT'], apiKey: KEY })));
    expect(withKey.code).toBe('INVALID');
    expect(withKey.message).toContain('apiKey');
    expect(withKey.message).not.toContain(KEY);

    const broken = refusal(userData(`{ "exchangeId": "binance", "secret": ${SECRET} }`));
    expect(broken.code).toBe('UNREADABLE');
    expect(broken.message).not.toContain(SECRET);

    expect(refusal(userData(JSON.stringify({ exchangeId: 'binance', symbols: [] }))).message).toContain('symbols');
    expect(refusal(userData(JSON.stringify({ exchangeId: 'binance', symbols: ['BTC/USDT'], restUrl: 'http://127.0.0.1:9' }))).message).toContain('restUrl and wsApiUrl go together');
  });

  it('reads the keys from the secret store under <exchange>.apiKey / <exchange>.secret, naming a missing one without values', async () => {
    const venue = { exchangeId: 'binance', symbols: ['BTC/USDT'] };
    const store = new Map([
      ['binance.apiKey', KEY],
      ['binance.secret', SECRET],
    ]);
    const source = liveCredentials(venue, { get: (name) => store.get(name) });
    expect(await source.load()).toEqual({ apiKey: KEY, secret: SECRET });
    expect(source.label).toBe('keychain (binance)');

    store.delete('binance.secret');
    const failure = await source.load().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(CredentialError);
    expect(failure instanceof Error ? failure.message : '').toBe('keychain (binance): binance.secret is not set');
  });
});

describe('the desktop settings contract: saving the live venue and its keys', () => {
  const venue = { exchangeId: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'] };
  const desk = (storage = fakeSafeStorage()) => {
    const dir = userData();
    const secrets = createSecretStore({ safeStorage: storage, dir: join(dir, 'secrets') });
    const handlers = liveSettingsHandlers(dir, secrets);
    const call = (command: 'liveSettings' | 'saveLiveSettings', payload?: unknown) => dispatch(desktopContract, handlers, command, payload);
    /** Every file under userData with its bytes: what a refused save must leave as it was. */
    const files = () => {
      const out: Record<string, string> = {};
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(d, e.name));
          else out[join(d, e.name)] = readFileSync(join(d, e.name)).toString('base64');
        }
      };
      walk(dir);
      return out;
    };
    return { dir, secrets, call, files };
  };

  it('saves the venue to live.json and the keys to the keychain only; shows whether the keys are stored, never them; the next start reads both', async () => {
    const { dir, secrets, call } = desk();
    expect(await call('liveSettings')).toEqual({ ok: true, value: { venue: null, keysStored: false } });
    expect(await call('saveLiveSettings', { venue, apiKey: KEY, secret: SECRET })).toEqual({ ok: true, value: { restartRequired: true } });
    const shown = await call('liveSettings');
    expect(shown).toEqual({ ok: true, value: { venue, keysStored: true } });
    expect(JSON.stringify(shown)).not.toContain(KEY);
    const file = readFileSync(join(dir, LIVE_SETTINGS_FILE), 'utf8');
    expect(file).not.toContain(KEY);
    expect(file).not.toContain(SECRET);
    // What electron/main.ts does at the next start.
    const read = readLiveSettings(dir);
    expect(read).toEqual(venue);
    expect(await liveCredentials(read ?? venue, secrets).load()).toEqual({ apiKey: KEY, secret: SECRET });
  });

  it('refuses bad input with BAD_REQUEST and changes nothing', async () => {
    const { call, files } = desk();
    await call('saveLiveSettings', { venue, apiKey: KEY, secret: SECRET });
    const before = files();
    const bad: unknown[] = [
      { venue, apiKey: `${KEY} `, secret: SECRET },
      { venue, apiKey: KEY, secret: `${SECRET}\n` },
      { venue, apiKey: KEY },
      { venue, apiKey: '', secret: SECRET },
      { venue: { ...venue, apiKey: KEY }, apiKey: KEY, secret: SECRET },
      { venue: { ...venue, restUrl: 'http://127.0.0.1:9' }, apiKey: KEY, secret: SECRET },
      { venue: { exchangeId: 'Binance', symbols: ['BTC/USDT'] }, apiKey: KEY, secret: SECRET },
      { venue: { exchangeId: 'binance', symbols: [] }, apiKey: KEY, secret: SECRET },
      { venue, apiKey: KEY, secret: SECRET, extra: true },
      null,
      'binance',
    ];
    for (const payload of bad) {
      const r = await call('saveLiveSettings', payload);
      expect(r, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!r.ok) {
        expect(r.error.message).not.toContain(KEY);
        expect(r.error.message).not.toContain(SECRET);
      }
    }
    expect(files()).toEqual(before);
  });

  it('refuses to save where the keys could not be protected (no keychain, or its fixed-key fallback), writing nothing', async () => {
    for (const storage of [fakeSafeStorage({ available: false }), fakeSafeStorage({ backend: 'basic_text' })]) {
      const { call, files } = desk(storage);
      const before = files();
      const r = await call('saveLiveSettings', { venue, apiKey: KEY, secret: SECRET });
      expect(r).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
      expect(files()).toEqual(before);
      expect(storage.encrypted).toBe(0);
    }
  });

  it('shows a damaged live.json as no venue, so the trader can save over it', async () => {
    const { dir, call } = desk();
    writeFileSync(join(dir, LIVE_SETTINGS_FILE), '{ not json');
    expect(await call('liveSettings')).toEqual({ ok: true, value: { venue: null, keysStored: false } });
    expect((await call('saveLiveSettings', { venue, apiKey: KEY, secret: SECRET })).ok).toBe(true);
    expect(readLiveSettings(dir)).toEqual(venue);
  });

  it('over IPC: only the app page may call them, and unbinding removes them', async () => {
    const { dir, secrets } = desk();
    const ipcMain = new FakeIpcMain();
    const unbind = bindCommands(ipcMain, desktopContract, liveSettingsHandlers(dir, secrets), APP_ORIGIN);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(['ledgerdesk:liveSettings', 'ledgerdesk:saveLiveSettings']);
    const sender = new FakeSender(1);
    expect(await ipcMain.invoke('ledgerdesk:saveLiveSettings', 'https://evil.example/', sender, { venue, apiKey: KEY, secret: SECRET })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(readLiveSettings(dir)).toBeUndefined();
    expect(await ipcMain.invoke('ledgerdesk:liveSettings', APP_ENTRY_URL, sender, undefined)).toEqual({ ok: true, value: { venue: null, keysStored: false } });
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
