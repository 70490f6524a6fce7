import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretStore, SecretStoreError } from '../../../electron/secrets';
import { fakeSafeStorage } from './fake-safe-storage';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ledgerdesk-secrets-'));
  dirs.push(d);
  return join(d, 'secrets');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('secret store', () => {
  it('stores secrets encrypted, owner-only, and reads them back', () => {
    const dir = tmp();
    const store = createSecretStore({ safeStorage: fakeSafeStorage(), dir });
    const apiSecret = 'sk_live_0123456789abcdef';
    store.set('binance.apiSecret', apiSecret);
    expect(store.get('binance.apiSecret')).toBe(apiSecret);
    expect(store.has('binance.apiSecret')).toBe(true);
    const files = readdirSync(dir);
    expect(files).toEqual(['binance.apiSecret.secret']);
    expect(readFileSync(join(dir, files[0] ?? '')).toString()).not.toContain(apiSecret);
    if (process.platform !== 'win32') expect(statSync(join(dir, files[0] ?? '')).mode & 0o077).toBe(0);
    store.delete('binance.apiSecret');
    expect(store.get('binance.apiSecret')).toBeUndefined();
  });

  it('refuses to store without a real keychain, naming the problem and never the value', () => {
    const value = 'hunter2-secret-value';
    for (const [safeStorage, code] of [
      [fakeSafeStorage({ available: false }), 'ENCRYPTION_UNAVAILABLE'],
      [fakeSafeStorage({ backend: 'basic_text' }), 'WEAK_BACKEND'],
    ] as const) {
      const store = createSecretStore({ safeStorage, dir: tmp() });
      let thrown: unknown;
      try {
        store.set('k', value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SecretStoreError);
      expect((thrown as SecretStoreError).code).toBe(code);
      expect(String((thrown as Error).message)).not.toContain(value);
      expect(safeStorage.encrypted).toBe(0);
    }
    const allowed = createSecretStore({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), dir: tmp(), allowPlainTextBackend: true });
    allowed.set('k', value);
    expect(allowed.get('k')).toBe(value);
  });

  it('refuses names that could leave the directory, and reports damaged files', () => {
    const dir = tmp();
    const store = createSecretStore({ safeStorage: fakeSafeStorage(), dir });
    for (const name of ['../x', '..', 'a/b', '', '.hidden', 'a\\b']) {
      expect(() => store.set(name, 'v'), name).toThrow(SecretStoreError);
    }
    store.set('ok', 'v');
    writeFileSync(join(dir, 'ok.secret'), 'garbage');
    expect(() => store.get('ok')).toThrow(expect.objectContaining({ code: 'UNREADABLE' }));
  });
});
