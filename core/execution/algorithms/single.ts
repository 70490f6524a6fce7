import { z } from 'zod';
import { baseState, baseStateShape, defineAlgorithm, workingDraft, type BaseState, type Draft } from './kernel';
import type { AlgoSpec } from '../spec';
import type { Decimal } from '../../domain/decimal';

/*
 * SINGLE: one order for the whole quantity. A stop entry is one exchange-
 * native stop order (STOP_MARKET, or STOP_LIMIT when the entry has a limit
 * or a price cap); otherwise the spec's working order (LIMIT at limitPrice,
 * LIMIT IOC at the price cap, or MARKET; IOC/FOK when it must complete
 * immediately). Once that order is done the algorithm finishes.
 */

export interface SingleState extends BaseState {
  readonly sent: boolean;
}

export const SingleStateSchema: z.ZodType<SingleState> = z.object({ ...baseStateShape, sent: z.boolean() }).strict();

function singleDraft(spec: AlgoSpec, quantity: Decimal): Draft {
  if (!spec.stopPrice) return workingDraft(spec, quantity);
  const base = { quantity, stopPrice: spec.stopPrice, icebergQuantity: null };
  return spec.limitPrice
    ? { ...base, type: 'STOP_LIMIT', price: spec.limitPrice, timeInForce: 'GTC' }
    : { ...base, type: 'STOP_MARKET', price: null, timeInForce: null };
}

export const single = defineAlgorithm<SingleState>({
  strategy: 'SINGLE',
  keyPrefix: 'single',
  stateSchema: SingleStateSchema,
  initial: () => ({ ...baseState(), sent: false }),
  decide(state, view) {
    if (state.sent) return { state, exhausted: true };
    const quantity = view.spec.totalQuantity.minus(view.filled);
    return { state: { ...state, sent: true }, orders: [singleDraft(view.spec, quantity)], exhausted: true };
  },
});
