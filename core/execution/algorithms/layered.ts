import { z } from 'zod';
import { Decimal } from '../../domain/decimal';
import type { OrderSide } from '../../domain/enums';
import type { SymbolRules } from '../../connectors/types';
import type { Ladder } from '../spec';
import { baseState, baseStateShape, defineAlgorithm, restingDraft, type BaseState } from './kernel';
import { floorToStep, roundPriceSafe, sum } from './sizing';

/*
 * LAYERED: a ladder of `levels` LIMIT orders between ladder.low and
 * ladder.high, posted once at the start. Level 0 is the price nearest the
 * market (a BUY ladder's high end, a SELL ladder's low end), the last level
 * the farthest, i.e. the best price for us; prices are evenly spaced and
 * rounded to the tick in our favour.
 * UNIFORM: equal sizes. WEIGHTED: linear weights 1, 2, ..., levels from the
 * nearest to the farthest level, so more size waits at better prices.
 * Sizes are rounded down to the step; the rounding dust goes to the last
 * level so the ladder sums exactly to the quantity. Levels that fill are not
 * re-posted; the group finishes when every level is done or the window ends.
 */

export interface LayeredState extends BaseState {
  readonly posted: boolean;
}

export const LayeredStateSchema: z.ZodType<LayeredState> = z.object({ ...baseStateShape, posted: z.boolean() }).strict();

export interface LadderLevel {
  readonly price: Decimal;
  readonly quantity: Decimal;
}

export function ladderWeights(levels: number, distribution: Ladder['distribution']): Decimal[] {
  return Array.from({ length: levels }, (_, k) => new Decimal(distribution === 'WEIGHTED' ? k + 1 : 1));
}

/** The ladder's levels, nearest to the market first. Shared with the translator, which sizes `levels` with it. */
export function ladderLevels(side: OrderSide, ladder: Ladder, total: Decimal, rules: SymbolRules): LadderLevel[] {
  const n = ladder.levels;
  const near = side === 'BUY' ? ladder.high : ladder.low;
  const far = side === 'BUY' ? ladder.low : ladder.high;
  const weights = ladderWeights(n, ladder.distribution);
  const totalWeight = sum(weights);
  const levels: LadderLevel[] = [];
  let allotted = new Decimal(0);
  for (let k = 0; k < n; k += 1) {
    const raw = n === 1 ? near : near.plus(far.minus(near).mul(k).div(n - 1));
    const price = roundPriceSafe(raw, rules.tickSize, side);
    const weight = weights[k] ?? new Decimal(1);
    const quantity = k === n - 1 ? total.minus(allotted) : floorToStep(total.mul(weight).div(totalWeight), rules.stepSize);
    allotted = allotted.plus(quantity);
    levels.push({ price, quantity });
  }
  return levels;
}

export const layered = defineAlgorithm<LayeredState>({
  strategy: 'LAYERED',
  keyPrefix: 'level',
  stateSchema: LayeredStateSchema,
  initial: () => ({ ...baseState(), posted: false }),
  decide(state, view) {
    const { spec } = view;
    if (state.posted || !spec.ladder) return { state, exhausted: true };
    const levels = ladderLevels(spec.side, spec.ladder, spec.totalQuantity.minus(view.filled), view.symbolRules);
    return {
      state: { ...state, posted: true },
      orders: levels.map((l) => restingDraft(l.quantity, l.price)),
      exhausted: true,
    };
  },
});
