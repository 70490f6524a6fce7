import type Decimal from 'decimal.js';

/**
 * Decimal numbers as text, the one definition used for CSV cells, source
 * options and descriptors. Plain or scientific notation ("1e-05", as pandas
 * writes small volumes) with an exponent of at most four digits, so no input
 * can make us build a gigantic string; never NaN, Infinity, hex or thousands
 * separators. Values become Decimal straight from the text, never via a JS
 * number.
 */
export const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$/;

export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}

/** Canonical wire form: plain notation, no exponent. */
export function decimalString(value: Decimal): string {
  return value.toFixed();
}
