import type { z } from 'zod';
import { Decimal, MAX_DECIMAL_PLACES, toDecimalString } from '../domain';

/** Decimal arithmetic on the ledger's canonical TEXT amounts. */
export const dec = (text: string): Decimal => new Decimal(text);
export const str = (d: Decimal): string => toDecimalString(d);
export const ZERO = new Decimal(0);

/** notional / quantity at the seeds' 8 decimals; null while nothing is filled. */
export function averagePrice(notional: string, quantity: string): string | null {
  if (quantity === '0') return null;
  return str(dec(notional).div(quantity).toDecimalPlaces(MAX_DECIMAL_PLACES));
}

/** Stored JSON text back to a JSON value. */
export function jsonOrNull(text: string | null): z.core.util.JSONType | null {
  return text === null ? null : (JSON.parse(text) as z.core.util.JSONType);
}
