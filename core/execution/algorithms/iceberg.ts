import { z } from 'zod';
import { Decimal } from '../../domain/decimal';
import { baseState, baseStateShape, defineAlgorithm, restingDraft, type BaseState } from './kernel';
import { minOrderQuantity } from './sizing';

/*
 * ICEBERG: never more than visibleQuantity exposed on the book at once.
 * Emulated: one LIMIT chunk of min(visible, remaining) at a time; the next
 * chunk is posted only when nothing of this group is live any more (the
 * chunk filled, or was cancelled/expired outside the algorithm), so the open
 * quantity of live orders never exceeds visibleQuantity.
 * Native (spec.nativeIceberg, the connector supports it): one LIMIT order
 * for the whole remainder with icebergQuantity = visibleQuantity; the
 * exchange refreshes the shown part. Re-posted the same way if it ends early.
 * The chunk price is spec.limitPrice, fixed: no repricing as the market moves.
 */

export type IcebergState = BaseState;

export const IcebergStateSchema: z.ZodType<IcebergState> = z.object(baseStateShape).strict();

/**
 * The next chunk: at most `visible`, and sized so the remainder after it is
 * either zero or still at or above the minimum order size (no unplaceable dust).
 */
export function nextChunk(remaining: Decimal, visible: Decimal, minimum: Decimal): Decimal {
  const chunk = Decimal.min(visible, remaining);
  const rest = remaining.minus(chunk);
  if (rest.gt(0) && rest.lt(minimum) && remaining.minus(minimum).gte(minimum)) return remaining.minus(minimum);
  return chunk;
}

export const iceberg = defineAlgorithm<IcebergState>({
  strategy: 'ICEBERG',
  keyPrefix: 'chunk',
  stateSchema: IcebergStateSchema,
  initial: () => baseState(),
  decide(state, view) {
    const { spec } = view;
    // A validated spec always has both; without them there is nothing to work.
    if (!spec.limitPrice || !spec.visibleQuantity) return { state, exhausted: true };
    if (view.liveOrders.length > 0) return { state };
    const remaining = spec.totalQuantity.minus(view.filled);
    if (spec.nativeIceberg) {
      return { state, orders: [restingDraft(remaining, spec.limitPrice, spec.visibleQuantity)] };
    }
    const minimum = minOrderQuantity(view.symbolRules, spec.limitPrice);
    return { state, orders: [restingDraft(nextChunk(remaining, spec.visibleQuantity, minimum), spec.limitPrice)] };
  },
});
