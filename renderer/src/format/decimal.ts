import Decimal from 'decimal.js';
import { groupDigits } from './number';

/**
 * Decimals for display: from the Decimal (or its canonical string) straight
 * to text with decimal.js's exact toFixed, never through a JS number, so
 * 0.1 + 0.2 shows as 0.3 and a 20-digit quantity keeps every digit. Rounding
 * to the column's places is half-even, as the ledger rounds.
 */
export const EMPTY_CELL = '—';

export interface DecimalFormat {
  /** Fixed decimal places for the column. */
  readonly places: number;
  /** Thousands separators in the integer part (default true). */
  readonly group?: boolean;
  /** Shown for null/undefined (default an em dash). */
  readonly empty?: string;
}

export function formatDecimal(value: Decimal | string | null | undefined, format: DecimalFormat): string {
  if (value === null || value === undefined) return format.empty ?? EMPTY_CELL;
  let d: Decimal;
  try {
    d = Decimal.isDecimal(value) ? value : new Decimal(value);
  } catch {
    // Not a decimal: show what we were given rather than hide it.
    return String(value);
  }
  if (!d.isFinite()) return d.toString();
  const places = Math.max(0, Math.min(30, Math.floor(format.places)));
  const fixed = d.toFixed(places, Decimal.ROUND_HALF_EVEN);
  const negative = fixed.startsWith('-');
  const unsigned = negative ? fixed.slice(1) : fixed;
  const [int = '0', frac] = unsigned.split('.');
  const intText = format.group === false ? int : groupDigits(int);
  const body = frac === undefined ? intText : `${intText}.${frac}`;
  // A value that rounds to zero is zero: no "-0.00".
  const isZero = /^[0.]*$/.test(unsigned);
  return negative && !isZero ? `-${body}` : body;
}
