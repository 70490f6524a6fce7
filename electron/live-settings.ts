import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialsFrom, type CredentialNames, type CredentialSource } from '../core/connectors/live/credentials';
import { LiveVenueConfigSchema, type LiveVenueConfig } from '../core/connectors/live/options';
import { ApiError } from '../core/api/errors';
import type { Handlers } from '../core/api/define';
import type { DesktopContract } from '../core/api/desktop-contract';
import { SecretStoreError, type SecretStore } from './secrets';

/*
 * The desktop app's live venue: `live.json` in userData (exchange id,
 * symbols, optional URLs, never keys), with the keys in the safeStorage
 * secret store under `<exchangeId>.apiKey` and `<exchangeId>.secret`. The
 * same LiveHostOptions web mode builds from its flags and environment.
 */

export const LIVE_SETTINGS_FILE = 'live.json';

export type LiveSettingsErrorCode = 'UNREADABLE' | 'INVALID';

export class LiveSettingsError extends Error {
  override readonly name = 'LiveSettingsError';
  constructor(
    readonly code: LiveSettingsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The venue in `dir/live.json`, or undefined when there is none (the desk trades paper sessions). */
export function readLiveSettings(dir: string): LiveVenueConfig | undefined {
  const file = join(dir, LIVE_SETTINGS_FILE);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Not the parser's message: it quotes the text around the error, which could be a key pasted in by mistake.
    throw new LiveSettingsError('UNREADABLE', `${file} is not readable JSON`);
  }
  // Keys in this file would sit on disk in clear: the schema is strict, so they are refused by name.
  const parsed = LiveVenueConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LiveSettingsError('INVALID', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const problem = venueProblem(parsed.data);
  if (problem !== undefined) throw new LiveSettingsError('INVALID', `${file}: ${problem}`);
  return parsed.data;
}

/** What the schema cannot say about a venue, or undefined when there is nothing. */
function venueProblem(venue: LiveVenueConfig): string | undefined {
  return (venue.restUrl === undefined) !== (venue.wsApiUrl === undefined) ? 'restUrl and wsApiUrl go together' : undefined;
}

/** Writes `dir/live.json` whole or not at all (write, then rename). */
function writeLiveSettings(dir: string, venue: LiveVenueConfig): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LIVE_SETTINGS_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(venue, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * The desktop contract's handlers (core/api/desktop-contract.ts) over
 * userData `dir` and the keychain `secrets`. Saving checks everything
 * before it writes anything: a refused save leaves the old venue and keys.
 * A damaged live.json reads as no venue, so the trader can save over it.
 */
export function liveSettingsHandlers(dir: string, secrets: SecretStore): Handlers<DesktopContract> {
  const refusal = (error: unknown): unknown =>
    error instanceof SecretStoreError || error instanceof LiveSettingsError ? new ApiError('REFUSED', error.message) : error;
  return {
    liveSettings: async () => {
      let venue: LiveVenueConfig | null;
      try {
        venue = readLiveSettings(dir) ?? null;
      } catch (error) {
        if (!(error instanceof LiveSettingsError)) throw error;
        venue = null;
      }
      const names = venue ? liveSecretNames(venue.exchangeId) : undefined;
      return { venue, keysStored: names !== undefined && secrets.has(names.apiKey) && secrets.has(names.secret) };
    },
    saveLiveSettings: async ({ venue, apiKey, secret }) => {
      const problem = venueProblem(venue);
      if (problem !== undefined) throw new ApiError('BAD_REQUEST', problem);
      try {
        secrets.checkAvailable();
        const names = liveSecretNames(venue.exchangeId);
        secrets.set(names.apiKey, apiKey);
        secrets.set(names.secret, secret);
        writeLiveSettings(dir, venue);
      } catch (error) {
        throw refusal(error);
      }
      return { restartRequired: true as const };
    },
  };
}

/** Where an exchange's keys live in the secret store. */
export function liveSecretNames(exchangeId: string): CredentialNames {
  return { apiKey: `${exchangeId}.apiKey`, secret: `${exchangeId}.secret` };
}

/** The keys for `venue`, read from safeStorage when the connector starts. */
export function liveCredentials(venue: LiveVenueConfig, secrets: Pick<SecretStore, 'get'>): CredentialSource {
  return credentialsFrom(`keychain (${venue.exchangeId})`, (name) => secrets.get(name), liveSecretNames(venue.exchangeId));
}
