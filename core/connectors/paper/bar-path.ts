import { Decimal } from '../../domain/decimal';
import type { MarketBar } from '../../market/types';

/**
 * A bar only says where the price went, not in which order. We assume the
 * usual backtesting path: open, then the extreme nearer in the bar's
 * direction's opposite (low for an up bar, high for a down bar), then the
 * other extreme, then close. Orders are triggered and filled in the order
 * this path reaches their prices, which decides, for example, whether the
 * stop or the take-profit of a pair went first.
 */
const ZERO = new Decimal(0);

export function barPath(bar: MarketBar): readonly Decimal[] {
  return bar.close.gte(bar.open) ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
}

export interface Reach {
  /** Price distance travelled along the path before the level was reached: sorts events within a bar. */
  readonly distance: Decimal;
  /** Where the price was at that moment: the level itself, or the open when the bar gapped past it. */
  readonly price: Decimal;
}

/**
 * Where the path first reaches `level` moving `direction` (DOWN: price at or
 * below it; UP: at or above). `strict` asks for the price to go beyond the
 * level, not merely touch it.
 */
export function firstReach(path: readonly Decimal[], level: Decimal, direction: 'DOWN' | 'UP', strict: boolean): Reach | undefined {
  const reached = (p: Decimal): boolean =>
    direction === 'DOWN' ? (strict ? p.lt(level) : p.lte(level)) : strict ? p.gt(level) : p.gte(level);
  const first = path[0];
  if (first === undefined) return undefined;
  if (reached(first)) return { distance: ZERO, price: first };
  let travelled = ZERO;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as Decimal;
    const b = path[i] as Decimal;
    if (reached(b)) return { distance: travelled.plus(a.minus(level).abs()), price: level };
    travelled = travelled.plus(b.minus(a).abs());
  }
  return undefined;
}
