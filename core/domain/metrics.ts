import { Decimal } from './decimal';

interface Progress {
  readonly target_quantity?: Decimal | null;
  readonly filled_quantity?: Decimal | null;
}

/** filled / target in [0, 1+] (above 1 only for an overfill); undefined without a target. */
export function fillRatio(g: Progress): Decimal | undefined {
  if (!g.target_quantity || g.target_quantity.isZero()) return undefined;
  return (g.filled_quantity ?? new Decimal(0)).div(g.target_quantity);
}

/** target - filled, never below zero; undefined without a target. */
export function remainingQuantity(g: Progress): Decimal | undefined {
  if (!g.target_quantity) return undefined;
  return Decimal.max(0, g.target_quantity.minus(g.filled_quantity ?? 0));
}
