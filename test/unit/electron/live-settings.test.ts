import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialError } from '../../../core/connectors/live/credentials';
import { LIVE_SETTINGS_FILE, liveCredentials, LiveSettingsError, readLiveSettings } from '../../../electron/live-settings';

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
