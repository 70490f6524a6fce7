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

function isBeyond(price: Decimal, level: Decimal, direction: 'DOWN' | 'UP', strict: boolean): boolean {
  if (direction === 'DOWN') return strict ? price.lt(level) : price.lte(level);
  return strict ? price.gt(level) : price.gte(level);
}

/**
 * Where the path first reaches `level` moving `direction` (DOWN: price at or
 * below it; UP: at or above). `strict` asks for the price to go beyond the
 * level, not merely touch it. Called for every resting order on every bar,
 * so the common case (not reached) only compares.
 */
export function firstReach(path: readonly Decimal[], level: Decimal, direction: 'DOWN' | 'UP', strict: boolean): Reach | undefined {
  let hit = -1;
  for (let i = 0; i < path.length; i++) {
    if (isBeyond(path[i] as Decimal, level, direction, strict)) {
      hit = i;
      break;
    }
  }
  if (hit < 0) return undefined;
  if (hit === 0) return { distance: ZERO, price: path[0] as Decimal };
  let travelled = ZERO;
  for (let i = 1; i < hit; i++) travelled = travelled.plus((path[i] as Decimal).minus(path[i - 1] as Decimal).abs());
  return { distance: travelled.plus((path[hit - 1] as Decimal).minus(level).abs()), price: level };
}

/** firstReach for a bar, ruling out (with one comparison) the levels the bar's range never reaches. */
export function reachInBar(
  bar: MarketBar,
  path: readonly Decimal[],
  level: Decimal,
  direction: 'DOWN' | 'UP',
  strict: boolean,
): Reach | undefined {
  if (!isBeyond(direction === 'DOWN' ? bar.low : bar.high, level, direction, strict)) return undefined;
  return firstReach(path, level, direction, strict);
}
