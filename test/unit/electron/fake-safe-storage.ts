import type { SafeStorageLike } from '../../../electron/secrets';

/** A stand-in keychain: reversible, but the plaintext never appears in its output. */
export function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { encrypted: number } {
  const s = {
    encrypted: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString(plain: string) {
      s.encrypted++;
      return Buffer.from('ENC:' + Buffer.from(plain, 'utf8').reverse().toString('base64'));
    },
    decryptString(buf: Buffer) {
      const text = buf.toString();
      if (!text.startsWith('ENC:')) throw new Error('bad ciphertext');
      return Buffer.from(text.slice(4), 'base64').reverse().toString('utf8');
    },
  };
  return s;
}
