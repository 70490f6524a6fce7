import Decimal from 'decimal.js';
import { z } from 'zod';

/**
 * Decimal numbers as text, the one definition used for CSV cells, source
 * options and descriptors. Plain or scientific notation ("1e-05", as pandas
 * writes small volumes); never NaN, Infinity, hex or thousands separators.
 * Values become Decimal straight from the text, never via a JS number.
 */
export const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}

/** Canonical wire form: plain notation, no exponent. */
export function decimalString(value: Decimal): string {
  return value.toFixed();
}

/** A decimal given as text or as a Decimal, checked to be > 0. */
export const positiveDecimal = z
  .union([z.instanceof(Decimal), z.string().regex(DECIMAL_TEXT, 'is not a decimal number')])
  .transform((value) => new Decimal(value))
  .refine((value) => value.gt(0), 'must be greater than 0');

/** Canonical decimal string > 0, as stored in descriptors. */
export const positiveDecimalString = z
  .string()
  .regex(DECIMAL_TEXT, 'is not a decimal number')
  .refine((text) => new Decimal(text).gt(0), 'must be greater than 0');
