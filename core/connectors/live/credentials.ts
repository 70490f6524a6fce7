import { z } from 'zod';

/**
 * Exchange API credentials and where they come from. They live only in the
 * exchange client's memory: never in SQLite, never in a log line, never in an
 * error message (the connector redacts both values from everything it says).
 * The desktop app reads them through Electron safeStorage (electron/ owns
 * that implementation); web mode reads environment variables.
 */
export interface ApiCredentials {
  readonly apiKey: string;
  readonly secret: string;
}

export interface CredentialSource {
  /** Where the credentials come from, safe to show ("environment LEDGERDESK_BINANCE_*"). */
  readonly label: string;
  /** Throws CredentialError when a value is missing or malformed; the message never contains a value. */
  load(): Promise<ApiCredentials>;
}

export type CredentialErrorCode = 'MISSING' | 'MALFORMED';

export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// Printable ASCII without spaces: what exchanges issue. Checked without echoing the value.
const Credential = z.string().regex(/^[\x21-\x7e]{8,512}$/);

/** The names under which a store holds the two values. */
export interface CredentialNames {
  readonly apiKey: string;
  readonly secret: string;
}

/**
 * Credentials read by name from any store: the environment here, Electron's
 * secret store in the desktop app (`credentialsFrom('keychain', (n) => store.get(n), names)`).
 */
export function credentialsFrom(
  label: string,
  read: (name: string) => string | undefined | Promise<string | undefined>,
  names: CredentialNames,
): CredentialSource {
  const one = async (name: string): Promise<string> => {
    const raw: unknown = await read(name);
    if (raw === undefined || raw === '') throw new CredentialError('MISSING', `${label}: ${name} is not set`);
    const parsed = Credential.safeParse(raw);
    if (!parsed.success) {
      throw new CredentialError('MALFORMED', `${label}: ${name} must be 8-512 printable characters without spaces`);
    }
    return parsed.data;
  };
  return {
    label,
    load: async () => ({ apiKey: await one(names.apiKey), secret: await one(names.secret) }),
  };
}

/** Web mode: `${prefix}_API_KEY` and `${prefix}_API_SECRET` from the environment. */
export function envCredentials(
  prefix: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CredentialSource {
  return credentialsFrom(`environment ${prefix}_*`, (name) => env[name], {
    apiKey: `${prefix}_API_KEY`,
    secret: `${prefix}_API_SECRET`,
  });
}
