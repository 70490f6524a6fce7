import { z } from 'zod';
import { Decimal } from '../../domain/decimal';
import { baseState, baseStateShape, decimalText, defineAlgorithm, inFlight, workingDraft, type BaseState } from './kernel';

/*
 * POV: keep our executed quantity at participationRate of the market volume
 * observed since startTime. On each new bar of the symbol (opened at or after
 * startTime, each bar counted once by its openTime) the target becomes
 * rate * cumulative volume, and the shortfall target - filled - inFlight is
 * sent as the spec's working order (marketable, capped by priceLimit). A
 * shortfall below the minimum order size waits for the next bar. Market
 * volume is taken as the bars report it (our own fills included, if the
 * source counts them). The window's end ends the group as usual.
 */

export interface PovState extends BaseState {
  /** Market volume of the bars counted so far, decimal string. */
  readonly marketVolume: string;
  /** openTime of the last bar counted; bars at or before it are ignored. */
  readonly lastBarOpenTime: number | null;
}

export const PovStateSchema: z.ZodType<PovState> = z
  .object({ ...baseStateShape, marketVolume: decimalText, lastBarOpenTime: z.number().int().nullable() })
  .strict();

export const pov = defineAlgorithm<PovState>({
  strategy: 'POV',
  keyPrefix: 'pov',
  stateSchema: PovStateSchema,
  initial: () => ({ ...baseState(), marketVolume: '0', lastBarOpenTime: null }),
  decide(state, view, event) {
    const { spec } = view;
    if (event.kind !== 'BAR' || !spec.participationRate) return { state };
    const bar = event.bar;
    const fresh = state.lastBarOpenTime === null || bar.openTime > state.lastBarOpenTime;
    if (bar.symbol !== spec.symbol || bar.openTime < spec.startTime || !fresh) return { state };
    const marketVolume = new Decimal(state.marketVolume).plus(bar.volume);
    const next: PovState = { ...state, marketVolume: marketVolume.toFixed(), lastBarOpenTime: bar.openTime };
    const target = Decimal.min(spec.totalQuantity, marketVolume.mul(spec.participationRate));
    const shortfall = target.minus(view.filled).minus(inFlight(view.liveOrders));
    return shortfall.gt(0) ? { state: next, orders: [workingDraft(spec, shortfall)] } : { state: next };
  },
});
