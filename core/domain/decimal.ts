import Decimal from 'decimal.js';
import { z } from 'zod';

// One place configures decimal.js for the whole app: 40 significant digits
// keeps averages of 20-digit quantities exact enough, and ROUND_HALF_EVEN is
// what banks and exchanges use.
Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });

export { Decimal };

/** The seeds' precision: max_digits=20, decimal_places=8. */
export const MAX_DIGITS = 20;
export const MAX_DECIMAL_PLACES = 8;

// Plain decimals, plus the exponent form Python's str(Decimal) writes for
// small or scaled values ("1.0E-7", "0E-8"): the seeds' platform serialises
// Decimals that way. The exponent is capped so no input can make us build a
// huge string.
const DECIMAL_TEXT = /^-?(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$/;

/** Canonical wire form: plain notation, no exponent, no trailing zeros. */
export function toDecimalString(d: Decimal): string {
  return d.toFixed();
}

function toText(input: string | number): string | undefined {
  if (typeof input === 'number') {
    // JSON numbers only reach us from foreign producers (the seeds' examples
    // write a few); their shortest round-trip text is the value they meant.
    return Number.isFinite(input) ? String(input) : undefined;
  }
  const t = input.trim();
  return DECIMAL_TEXT.test(t) ? t : undefined;
}

// Counted from the exponent, not from toFixed(): cheap for any magnitude.
function digitsOf(d: Decimal): { integer: number; fraction: number } {
  return { integer: d.isZero() ? 0 : Math.max(0, d.e + 1), fraction: d.decimalPlaces() };
}

export interface DecimalRules {
  /** Enforce the seeds' 20 digits / 8 decimals. Prices and quantities do; ratios too. */
  readonly precision?: boolean;
  readonly min?: { readonly value: Decimal.Value; readonly inclusive: boolean; readonly message: string };
  readonly max?: { readonly value: Decimal.Value; readonly inclusive: boolean; readonly message: string };
}

/**
 * A decimal field: decimal string (or JSON number) on the wire, Decimal in
 * code. Encoding gives the canonical string.
 */
export function decimalField(rules: DecimalRules = { precision: true }) {
  // zod's default for a failed union is a bare "Invalid input"; say what was expected.
  const stringOrNumber = z.union([z.string(), z.number()], {
    error: (iss) => `Invalid input: expected a decimal string, received ${iss.input === null ? 'null' : typeof iss.input}`,
  });
  // Every issue aborts: a value that failed here is never decoded, and the
  // object's cross-field rules must not run on the raw text as if it were a
  // Decimal (zod lets custom issues continue by default).
  const wire = stringOrNumber.superRefine((raw, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message, continue: false });
    const text = toText(raw);
    if (text === undefined) {
      fail(`'${String(raw)}' is not a decimal number`);
      return;
    }
    const d = new Decimal(text);
    if (rules.precision !== false) {
      const { integer, fraction } = digitsOf(d);
      if (fraction > MAX_DECIMAL_PLACES) fail(`must have at most ${MAX_DECIMAL_PLACES} decimal places`);
      if (integer + Math.min(fraction, MAX_DECIMAL_PLACES) > MAX_DIGITS) fail(`must have at most ${MAX_DIGITS} digits`);
    }
    if (rules.min && !(rules.min.inclusive ? d.gte(rules.min.value) : d.gt(rules.min.value))) fail(rules.min.message);
    if (rules.max && !(rules.max.inclusive ? d.lte(rules.max.value) : d.lt(rules.max.value))) fail(rules.max.message);
  });
  return z.codec(wire, z.instanceof(Decimal), {
    decode: (raw) => new Decimal(toText(raw) ?? 'NaN'),
    encode: (d) => toDecimalString(d),
  });
}

/** A price or quantity strictly above zero. */
export const positiveDecimal = (what: string) =>
  decimalField({ precision: true, min: { value: 0, inclusive: false, message: `${what} must be positive` } });

/** A quantity or fee at or above zero. */
export const nonNegativeDecimal = (what: string) =>
  decimalField({ precision: true, min: { value: 0, inclusive: true, message: `${what} cannot be negative` } });

/** A ratio in [0, 1]: urgency, visibility, slippage, fill ratio. */
export const unitIntervalDecimal = (what: string) =>
  decimalField({
    precision: true,
    min: { value: 0, inclusive: true, message: `${what} must be between 0 and 1` },
    max: { value: 1, inclusive: true, message: `${what} must be between 0 and 1` },
  });
