import { SaveLiveSettingsSchema } from '../../../core/api/desktop-contract';
import type { z } from 'zod';
import { fieldErrors, type FieldErrors } from './field-errors';

/** The desktop app's "Live venue" form as the trader types it; the keys go to the OS keychain, never into a file. */
export interface LiveVenueFields {
  readonly exchangeId: string;
  /** "BTC/USDT, ETH/USDT" */
  readonly symbols: string;
  readonly apiKey: string;
  readonly secret: string;
}

export type LiveVenueField = keyof LiveVenueFields;

export const DEFAULT_LIVE_VENUE: LiveVenueFields = { exchangeId: 'binance', symbols: 'BTC/USDT', apiKey: '', secret: '' };

export type LiveVenueResult =
  | { readonly ok: true; readonly request: z.output<typeof SaveLiveSettingsSchema> }
  | { readonly ok: false; readonly errors: FieldErrors<LiveVenueField> };

const ROUTES: Readonly<Record<string, LiveVenueField>> = { exchangeId: 'exchangeId', symbols: 'symbols', apiKey: 'apiKey', secret: 'secret' };

/** The saveLiveSettings request, judged by the very schema the main process parses with; errors at the field. */
export function buildLiveVenueRequest(f: LiveVenueFields): LiveVenueResult {
  const symbols = f.symbols
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const parsed = SaveLiveSettingsSchema.safeParse({ venue: { exchangeId: f.exchangeId.trim(), symbols }, apiKey: f.apiKey, secret: f.secret });
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    errors: fieldErrors<LiveVenueField>(parsed.error, (path) => {
      const key = path[0] === 'venue' ? path[1] : path[0];
      const field = typeof key === 'string' ? ROUTES[key] : undefined;
      return field ? { field } : null;
    }),
  };
}
