import { describe, expect, it } from 'vitest';
import { RULES, entry, execPlan, specFor } from './support/fixtures';
import { Sim } from './support/sim';

const plan = (over = {}) => execPlan({ preferred_execution_style: 'TWAP', max_execution_window_minutes: 60, chunk_count_hint: 4, max_slippage_pct: '0.01', ...over });

describe('TWAP', () => {
  it('places evenly spaced, equal slices over the window', () => {
    const spec = specFor({ executionPlan: plan() });
    const sim = new Sim(spec).start();
    sim.trade('20000');
    sim.runUntil(spec.endTime ?? 0, (s) => s.trade('20000'));
    const interval = spec.sliceIntervalMs ?? 0;
    expect(sim.orders.map((o) => o.placedAt - spec.startTime)).toEqual([0, 1, 2, 3].map((i) => i * interval));
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.25', '0.25', '0.25', '0.25']);
    expect(sim.finish).toEqual({ status: 'COMPLETED', reason: 'filled 1 of 1', at: spec.startTime + 3 * interval });
  });

  it('catches up after a partial fill by spreading the shortfall over the slices left', () => {
    const spec = specFor({ executionPlan: plan() });
    const sim = new Sim(spec).start().trade('20000', '0.4'); // slice 0: 0.1 of 0.25, rest expires (IOC)
    sim.runUntil(spec.endTime ?? 0, (s) => s.trade('20000'));
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.25', '0.3', '0.3', '0.3']);
    expect(sim.finish?.status).toBe('COMPLETED');
  });

  it('ends PARTIAL at endTime with what is unfilled', () => {
    const spec = specFor({ executionPlan: plan() });
    const sim = new Sim(spec).start().trade('20000');
    sim.runUntil(spec.endTime ?? 0, (s) => s.trade(s.orders.length < 4 ? '20000' : '20500')); // last slice finds no price under the cap
    expect(sim.finish).toEqual({ status: 'PARTIAL', reason: `execution window ended at ${new Date(spec.endTime ?? 0).toISOString()}; filled 0.75 of 1`, at: spec.endTime });
  });

  it('LIMIT slices: the unfilled rest of a slice is cancelled (and confirmed) before the next slice is sized', () => {
    const spec = specFor({ entryPlan: entry({ order_type: 'LIMIT', limit_price: '19990' }), executionPlan: plan({ max_slippage_pct: null }) });
    const sim = new Sim(spec).start();
    expect(sim.orders[0]).toMatchObject({ type: 'LIMIT', timeInForce: 'GTC' });
    sim.trade('19990', '0.2'); // 0.05 of 0.25 fills, the rest rests
    sim.tick(spec.startTime + (spec.sliceIntervalMs ?? 0));
    expect(sim.cancelsRequested).toEqual(['ORD0']);
    expect(sim.orders).toHaveLength(1); // nothing new while the old slice may still fill
    sim.confirmCancels();
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.25', '0.3166']); // (1 - 0.05) / 3, down to the step
    expect(sim.maxExposure.toFixed()).toBe('0.3166');
  });

  it('after a restart, missed slices fold into the one due now', () => {
    const spec = specFor({ executionPlan: plan() });
    const sim = new Sim(spec).start().trade('20000');
    sim.tick(spec.startTime + 2 * (spec.sliceIntervalMs ?? 0) + 1_000); // slice 1 was missed
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.25', '0.375']); // 0.75 over the 2 slices left
    expect(sim.wakeAt).toBe(spec.startTime + 3 * (spec.sliceIntervalMs ?? 0));
  });

  it('waits for its start time', () => {
    const spec = specFor({ executionPlan: plan() });
    const sim = new Sim(spec, RULES, spec.startTime - 5_000).start();
    expect(sim.orders).toHaveLength(0);
    expect(sim.wakeAt).toBe(spec.startTime);
  });

  it('skips a slice below the minimum size and merges it into the next', () => {
    // 0.0025 BTC in 4 slices, priced at the 20200 cap, with a 20 USD minimum notional:
    // slice 0 (0.0006 = 12 USD) and slice 1 (0.0008 = 16 USD) are too small and roll forward.
    const rules = { ...RULES, minNotional: RULES.minNotional.mul(2) };
    const spec = specFor({ executionPlan: plan() });
    const small = { ...spec, totalQuantity: spec.totalQuantity.div(400) };
    const sim = new Sim(small, rules).start();
    expect(sim.orders).toHaveLength(0);
    sim.runUntil(small.endTime ?? 0, (s) => s.trade('20000'));
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.0012', '0.0013']);
    expect(sim.finish?.status).toBe('COMPLETED');
  });
});
