import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { ScheduleStateSchema, type ScheduleState } from '../../../core/execution/algorithms/schedule';
import { baseState, defineAlgorithm, type Draft } from '../../../core/execution/algorithms/kernel';
import type { AlgoView, LiveOrderView } from '../../../core/execution/algorithms/types';
import { D, RULES, execPlan, specFor } from './support/fixtures';

/*
 * The kernel's guard is the last line for the MUST rules, whatever an
 * algorithm proposes. A deliberately careless policy proposes everything
 * wrong at once; the guard must fix or drop each order.
 */

function careless(drafts: readonly Draft[]) {
  return defineAlgorithm<ScheduleState>({
    strategy: 'TWAP',
    keyPrefix: 'x',
    stateSchema: ScheduleStateSchema,
    initial: () => ({ ...baseState(), placed: 7, nextSlice: 0 }),
    decide: (state) => ({ state, orders: drafts }),
  });
}

const spec = specFor({ executionPlan: execPlan({ preferred_execution_style: 'TWAP', max_slippage_pct: '0.01', max_execution_window_minutes: 10 }) });
const live: LiveOrderView = { orderId: 'ORD1', quantity: D('0.5'), filled: D('0.2'), price: D('20100'), icebergQuantity: null, status: 'PARTIALLY_FILLED' };
const view = (over: Partial<AlgoView> = {}): AlgoView => ({
  now: spec.startTime,
  spec,
  filled: D('0.4'), // 0.2 of it on the live order
  liveOrders: [live],
  symbolRules: RULES,
  ...over,
});
const draft = (over: Partial<Draft>): Draft => ({ type: 'LIMIT', quantity: D('0.1'), price: D('20000'), stopPrice: null, timeInForce: 'GTC', icebergQuantity: null, ...over });

describe('kernel guard', () => {
  it('clamps to total - filled - inFlight and drops what no longer fits', () => {
    // 1 - 0.4 filled - 0.3 open = 0.3 available.
    const step = careless([draft({ quantity: D('5') }), draft({ quantity: D('0.2') })]).start(view());
    expect(step.place.map((o) => o.quantity.toFixed())).toEqual(['0.3']);
  });

  it('turns a MARKET order into a LIMIT IOC at the price limit and caps a worse limit', () => {
    const step = careless([draft({ type: 'MARKET', price: null, timeInForce: null }), draft({ price: D('30000'), quantity: D('0.05') })]).start(view());
    expect(step.place.map((o) => [o.type, o.price?.toFixed(), o.timeInForce])).toEqual([
      ['LIMIT', '20200', 'IOC'],
      ['LIMIT', '20200', 'GTC'],
    ]);
  });

  it('puts prices on the tick (BUY down) and quantities on the step (down)', () => {
    const step = careless([draft({ price: D('20000.009'), quantity: D('0.123456') })]).start(view({ liveOrders: [], filled: D(0) }));
    expect([step.place[0]?.price?.toFixed(), step.place[0]?.quantity.toFixed()]).toEqual(['20000', '0.1234']);
  });

  it('drops orders below the minimum size, and a useless iceberg quantity', () => {
    const step = careless([draft({ quantity: D('0.0004') }), draft({ quantity: D('0.01'), icebergQuantity: D('0.02') })]).start(view());
    expect(step.place).toHaveLength(1);
    expect(step.place[0]?.icebergQuantity).toBeNull();
  });

  it('keys continue from the placed counter and never repeat', () => {
    const step = careless([draft({}), draft({})]).start(view({ liveOrders: [], filled: D(0) }));
    expect(step.place.map((o) => o.key)).toEqual(['x-7', 'x-8']);
    expect(step.state.placed).toBe(9);
  });

  it('wakes at the end of the window at the latest', () => {
    expect(careless([]).start(view()).wakeAt).toBe(spec.endTime);
  });

  it('refuses a spec of another strategy', () => {
    expect(() => careless([]).start(view({ spec: { ...spec, strategy: 'POV', participationRate: new Decimal('0.1') } }))).toThrow(/TWAP algorithm given a POV spec/);
  });
});
