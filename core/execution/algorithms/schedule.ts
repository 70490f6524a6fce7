import { z } from 'zod';
import { Decimal } from '../../domain/decimal';
import type { ExecutionStrategyType } from '../../domain/enums';
import type { AlgoSpec } from '../spec';
import { baseState, baseStateShape, cancellable, defineAlgorithm, workingDraft, type BaseState } from './kernel';
import { sum } from './sizing';
import type { Algorithm } from './types';

/*
 * Time-sliced execution, shared by TWAP (equal weights) and VWAP (weights
 * from the volume profile). Slice i is due at startTime + i * sliceIntervalMs.
 * When a slice is due:
 *   1. anything still live from the previous slice is cancelled first, and
 *      the slice waits until those cancels are confirmed (so the new size
 *      knows the true remainder and exposure never stacks up);
 *   2. size = (total - filled) * w[i] / sum(w[i..n-1]) - the catch-up rule:
 *      a shortfall from partial fills is spread over the slices left; the
 *      last slice takes the whole remainder.
 * Slices missed while the worker was down are skipped, not replayed: the
 * catch-up rule folds their quantity into the slice that is due now.
 */

export interface ScheduleState extends BaseState {
  /** Index of the next slice to place (sliceCount when all have been placed). */
  readonly nextSlice: number;
}

export const ScheduleStateSchema: z.ZodType<ScheduleState> = z
  .object({ ...baseStateShape, nextSlice: z.number().int().nonnegative() })
  .strict();

/** Slice i's share of what is left after slices 0..i-1. */
export function sliceShare(weights: readonly Decimal[], i: number): Decimal {
  const rest = sum(weights.slice(i));
  const left = weights.length - i;
  if (left <= 1) return new Decimal(1);
  const w = weights[i];
  return rest.gt(0) && w ? w.div(rest) : new Decimal(1).div(left);
}

export function defineScheduled(
  strategy: Extract<ExecutionStrategyType, 'TWAP' | 'VWAP'>,
  weightsOf: (spec: AlgoSpec) => readonly Decimal[],
): Algorithm<ScheduleState> {
  return defineAlgorithm<ScheduleState>({
    strategy,
    keyPrefix: 'slice',
    stateSchema: ScheduleStateSchema,
    initial: () => ({ ...baseState(), nextSlice: 0 }),
    decide(state, view) {
      const { spec, now } = view;
      const n = spec.sliceCount ?? 1;
      const interval = spec.sliceIntervalMs ?? 0;
      const at = (i: number) => (i < n ? spec.startTime + i * interval : null);
      if (now < spec.startTime) return { state, wakeAt: spec.startTime };
      const due = interval > 0 ? Math.min(n - 1, Math.floor((now - spec.startTime) / interval)) : n - 1;
      if (due < state.nextSlice) return { state, wakeAt: at(state.nextSlice) };
      if (view.liveOrders.length > 0) {
        return { state, cancel: cancellable(view.liveOrders), wakeAt: at(due + 1) };
      }
      const share = sliceShare(weightsOf(spec), due);
      const quantity = spec.totalQuantity.minus(view.filled).mul(share);
      return { state: { ...state, nextSlice: due + 1 }, orders: [workingDraft(spec, quantity)], wakeAt: at(due + 1) };
    },
  });
}
