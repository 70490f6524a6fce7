import type Decimal from 'decimal.js';
import { formatDecimal } from '../format/decimal';

/** Quantities: at least 5 places (aligned columns), more when the value has them (never hides a digit, up to 8). */
export function qty(d: Decimal | null | undefined): string {
  return formatDecimal(d, { places: d ? Math.min(8, Math.max(5, d.decimalPlaces())) : 5 });
}

/** Quantities where space is short: every digit the value has, no padding ("0.9", "1.25"). */
export function qtyShort(d: Decimal | null | undefined): string {
  return formatDecimal(d, { places: d ? Math.min(8, d.decimalPlaces()) : 0 });
}

/** Prices and money: 2 places, more when the value has them (up to 8). */
export function px(d: Decimal | null | undefined): string {
  return formatDecimal(d, { places: d ? Math.min(8, Math.max(2, d.decimalPlaces())) : 2 });
}

/** Averages (of fills, of the market): 2 places; the exact value is in the ledger and the tooltip. */
export function avgPx(d: Decimal | null | undefined): string {
  return formatDecimal(d, { places: 2 });
}

/** Money rounded for a summary line. */
export function money(d: Decimal | null | undefined): string {
  return formatDecimal(d, { places: 2 });
}

/** Signed basis points, one decimal: "+3.2 bp". */
export function bps(d: Decimal | null): string {
  if (!d) return '—';
  const text = formatDecimal(d, { places: 1, group: false });
  return `${d.gt(0) && !text.startsWith('-') ? '+' : ''}${text} bp`;
}

/** "1:05 / 4:00" (minutes:seconds) */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
