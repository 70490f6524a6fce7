import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { sliceShare } from '../../../core/execution/algorithms/schedule';
import { MIN, NOW, RULES, bar, execPlan, specFor } from './support/fixtures';
import { Sim } from './support/sim';

/** Three past days in which volume in the minutes after 14:00 grows steeply. */
const history = [1, 2, 3].flatMap((day) =>
  Array.from({ length: 10 }, (_, m) => bar(NOW - day * 86_400_000 + m * MIN, '20000', (m + 1) ** 2)),
);
const plan = execPlan({ preferred_execution_style: 'VWAP', max_execution_window_minutes: 10, chunk_count_hint: 5, max_slippage_pct: '0.01' });

describe('VWAP', () => {
  it('sizes slices in proportion to the volume profile of the source', () => {
    const spec = specFor({ volumeHistory: history, executionPlan: plan });
    const sim = new Sim(spec).start().trade('20000');
    sim.runUntil(spec.endTime ?? 0, (s) => s.trade('20000'));
    const profile = spec.volumeProfile ?? [];
    const total = profile.reduce((a, b) => a.plus(b), new Decimal(0));
    const sizes = sim.orders.map((o) => o.quantity);
    expect(sizes).toHaveLength(5);
    sizes.forEach((q, i) => {
      const ideal = spec.totalQuantity.mul(profile[i] ?? 0).div(total);
      // Each slice is the ideal share, give or take the step rounding carried along.
      expect(q.minus(ideal).abs().lte(RULES.stepSize.mul(2))).toBe(true);
    });
    expect(sizes[4]?.gt(sizes[0]?.mul(10) ?? 0)).toBe(true); // the busy end gets far more than the quiet start
    expect(sim.finish?.status).toBe('COMPLETED');
  });

  it('catches up a shortfall in proportion to the weights left', () => {
    const spec = specFor({ volumeHistory: history, executionPlan: plan });
    const sim = new Sim(spec).start().trade('20000', '0'); // slice 0 fills nothing
    sim.tick(spec.startTime + (spec.sliceIntervalMs ?? 0));
    const w = spec.volumeProfile ?? [];
    const expected = spec.totalQuantity.mul(sliceShare(w, 1)).div(RULES.stepSize).floor().mul(RULES.stepSize);
    expect(sim.orders[1]?.quantity.toFixed()).toBe(expected.toFixed());
    expect(sim.orders[1]?.quantity.gt(spec.totalQuantity.mul(w[1] ?? 0).div(w.reduce((a, b) => a.plus(b)))) ?? false).toBe(true);
  });

  it('with no history the U-shaped default puts more at both ends than in the middle', () => {
    const spec = specFor({ executionPlan: plan });
    const sim = new Sim(spec).start().trade('20000');
    sim.runUntil(spec.endTime ?? 0, (s) => s.trade('20000'));
    const q = sim.orders.map((o) => o.quantity.toNumber());
    expect(q[0]).toBeGreaterThan(q[2] ?? Infinity);
    expect(q[4]).toBeGreaterThan(q[2] ?? Infinity);
  });
});
