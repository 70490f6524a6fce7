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

const DECIMAL_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$|^-?\.\d+$|^-?\d+\.$/;

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

function digitsOf(d: Decimal): { integer: number; fraction: number } {
  const [intPart = '', frac = ''] = d.abs().toFixed().split('.');
  return { integer: intPart === '0' ? 0 : intPart.length, fraction: frac.length };
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
  const wire = z.union([z.string(), z.number()]).superRefine((raw, ctx) => {
    const text = toText(raw);
    if (text === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${String(raw)}' is not a decimal number` });
      return;
    }
    const d = new Decimal(text);
    if (rules.precision !== false) {
      const { integer, fraction } = digitsOf(d);
      if (fraction > MAX_DECIMAL_PLACES) {
        ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_DECIMAL_PLACES} decimal places` });
      }
      if (integer + Math.min(fraction, MAX_DECIMAL_PLACES) > MAX_DIGITS) {
        ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_DIGITS} digits` });
      }
    }
    if (rules.min) {
      const ok = rules.min.inclusive ? d.gte(rules.min.value) : d.gt(rules.min.value);
      if (!ok) ctx.addIssue({ code: 'custom', message: rules.min.message });
    }
    if (rules.max) {
      const ok = rules.max.inclusive ? d.lte(rules.max.value) : d.lt(rules.max.value);
      if (!ok) ctx.addIssue({ code: 'custom', message: rules.max.message });
    }
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
