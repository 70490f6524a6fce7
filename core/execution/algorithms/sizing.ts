import { Decimal } from '../../domain/decimal';
import type { OrderSide } from '../../domain/enums';
import type { SymbolRules } from '../../connectors/types';

/*
 * Exchange arithmetic shared by the translator and every algorithm:
 * quantities go DOWN to the step (never order more than was asked), prices go
 * to the tick in the side's favour (a BUY never pays more, a SELL never
 * receives less than the unrounded price allowed).
 */

export const ZERO = new Decimal(0);

export function floorToStep(quantity: Decimal, step: Decimal): Decimal {
  return step.lte(0) ? quantity : quantity.div(step).floor().mul(step);
}

export function ceilToStep(quantity: Decimal, step: Decimal): Decimal {
  return step.lte(0) ? quantity : quantity.div(step).ceil().mul(step);
}

/** BUY rounds down, SELL rounds up. */
export function roundPriceSafe(price: Decimal, tick: Decimal, side: OrderSide): Decimal {
  if (tick.lte(0)) return price;
  const ticks = price.div(tick);
  const rounded = (side === 'BUY' ? ticks.floor() : ticks.ceil()).mul(tick);
  // A price never rounds to zero: one tick is the least an exchange takes.
  return rounded.gt(0) ? rounded : tick;
}

/** Nearest tick, for trigger prices where neither direction is "safer". */
export function roundPriceNearest(price: Decimal, tick: Decimal): Decimal {
  if (tick.lte(0)) return price;
  const rounded = price.div(tick).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(tick);
  return rounded.gt(0) ? rounded : tick;
}

/**
 * The smallest quantity the exchange accepts at `price`: minQuantity, the
 * quantity worth minNotional, and one step, rounded up to the step. Without
 * a price the notional rule cannot be checked and is left out.
 */
export function minOrderQuantity(rules: SymbolRules, price: Decimal | null): Decimal {
  let min = Decimal.max(rules.minQuantity, rules.stepSize);
  if (price && price.gt(0) && rules.minNotional.gt(0)) min = Decimal.max(min, rules.minNotional.div(price));
  return ceilToStep(min, rules.stepSize);
}

export function meetsMinimum(quantity: Decimal, price: Decimal | null, rules: SymbolRules): boolean {
  return quantity.gt(0) && quantity.gte(minOrderQuantity(rules, price));
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

export function isOnGrid(value: Decimal, grid: Decimal): boolean {
  return grid.lte(0) || value.mod(grid).isZero();
}
