import Decimal from 'decimal.js';

/**
 * Exact arithmetic onto price and size grids. decimal.js rounds every
 * product and sum to the global precision, which the app configures
 * elsewhere (core/domain sets 40 digits; plain decimal.js has 20): bars must
 * not depend on which modules a process happened to load. So intermediate
 * products and sums use a private class with room for every digit, and only
 * the final step onto the grid rounds (toNearest is exact at any precision).
 * Results are instances of the global Decimal class.
 */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });

/** a * b with every digit kept; an intermediate, to be put onto a grid. */
export function exactMul(a: Decimal, b: Decimal | number): Decimal {
  return new Exact(a).mul(b);
}

/** a + b with every digit kept; an intermediate, to be put onto a grid. */
export function exactAdd(a: Decimal, b: Decimal): Decimal {
  return new Exact(a).plus(b);
}

export function floorTo(value: Decimal, step: Decimal): Decimal {
  return new Decimal(value.toNearest(step, Decimal.ROUND_FLOOR));
}

export function ceilTo(value: Decimal, step: Decimal): Decimal {
  return new Decimal(value.toNearest(step, Decimal.ROUND_CEIL));
}

export function nearestTo(value: Decimal, step: Decimal): Decimal {
  return new Decimal(value.toNearest(step, Decimal.ROUND_HALF_EVEN));
}
