import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialsFrom, type CredentialNames, type CredentialSource } from '../core/connectors/live/credentials';
import { LiveVenueConfigSchema, type LiveVenueConfig } from '../core/connectors/live/options';
import type { SecretStore } from './secrets';

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
  if ((parsed.data.restUrl === undefined) !== (parsed.data.wsApiUrl === undefined)) {
    throw new LiveSettingsError('INVALID', `${file}: restUrl and wsApiUrl go together`);
  }
  return parsed.data;
}

/** Where an exchange's keys live in the secret store. */
export function liveSecretNames(exchangeId: string): CredentialNames {
  return { apiKey: `${exchangeId}.apiKey`, secret: `${exchangeId}.secret` };
}

/** The keys for `venue`, read from safeStorage when the connector starts. */
export function liveCredentials(venue: LiveVenueConfig, secrets: Pick<SecretStore, 'get'>): CredentialSource {
  return credentialsFrom(`keychain (${venue.exchangeId})`, (name) => secrets.get(name), liveSecretNames(venue.exchangeId));
}
