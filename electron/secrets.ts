import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of Electron's safeStorage used here (so tests can fake it). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export type SecretStoreErrorCode = 'ENCRYPTION_UNAVAILABLE' | 'WEAK_BACKEND' | 'BAD_NAME' | 'UNREADABLE';

/** Messages name the secret and the problem, never the value. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(
    readonly code: SecretStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SecretStore {
  /** Throws the SecretStoreError a `set` would meet now (no keychain, or only the fixed-key fallback). */
  checkAvailable(): void;
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  has(name: string): boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * API keys and secrets, encrypted with the OS keychain through Electron's
 * safeStorage, one file per secret under `dir` (userData/secrets), owner-only.
 * Never in SQLite, never logged. On Linux without a keyring safeStorage
 * falls back to a hard-coded key ('basic_text'); that is refused unless
 * explicitly allowed, since it protects nothing.
 */
export function createSecretStore(options: {
  readonly safeStorage: SafeStorageLike;
  readonly dir: string;
  readonly allowPlainTextBackend?: boolean;
}): SecretStore {
  const { safeStorage, dir } = options;

  const ready = () => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new SecretStoreError('ENCRYPTION_UNAVAILABLE', 'secret storage is not available: no OS keychain could be reached');
    }
    if (safeStorage.getSelectedStorageBackend?.() === 'basic_text' && !options.allowPlainTextBackend) {
      throw new SecretStoreError('WEAK_BACKEND', 'no OS keyring is available (safeStorage would use a fixed key); refusing to store secrets');
    }
  };
  const fileOf = (name: string) => {
    if (!NAME.test(name)) throw new SecretStoreError('BAD_NAME', `bad secret name ${JSON.stringify(name.slice(0, 70))}`);
    return join(dir, `${name}.secret`);
  };

  return {
    checkAvailable: ready,
    has: (name) => existsSync(fileOf(name)),
    get(name) {
      const file = fileOf(name);
      if (!existsSync(file)) return undefined;
      ready();
      try {
        return safeStorage.decryptString(readFileSync(file));
      } catch {
        throw new SecretStoreError('UNREADABLE', `secret ${name} cannot be decrypted (changed keychain or damaged file)`);
      }
    },
    set(name, value) {
      const file = fileOf(name);
      ready();
      const encrypted = safeStorage.encryptString(value);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Write then rename, so a crash never leaves half a secret.
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, encrypted, { mode: 0o600 });
      renameSync(temp, file);
    },
    delete(name) {
      rmSync(fileOf(name), { force: true });
    },
  };
}
