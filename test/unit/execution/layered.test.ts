import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { RULES, entry, execPlan, size, specFor } from './support/fixtures';
import { Sim } from './support/sim';

const ladderPlan = (distribution: 'UNIFORM' | 'WEIGHTED', over = {}) =>
  execPlan({ chunk_distribution: distribution, chunk_count_hint: 4, ...over });
const buyAt = entry({ order_type: 'LIMIT', limit_price: '19000' });

describe('LAYERED', () => {
  it('UNIFORM: equal sizes on evenly spaced ticks from the limit down, for a BUY', () => {
    const spec = specFor({ entryPlan: buyAt, executionPlan: ladderPlan('UNIFORM') });
    const sim = new Sim(spec).start();
    const { low, high } = spec.ladder ?? { low: new Decimal(0), high: new Decimal(0) };
    expect(sim.orders.map((o) => o.price?.toFixed())).toEqual(['19000', '18936.66', '18873.33', '18810']);
    expect(sim.orders[0]?.price?.eq(high) && sim.orders[3]?.price?.eq(low)).toBe(true);
    const gaps = sim.orders.slice(1).map((o, i) => (sim.orders[i]?.price ?? o.price ?? new Decimal(0)).minus(o.price ?? 0));
    for (const g of gaps) expect(g.minus(high.minus(low).div(3)).abs().lte(RULES.tickSize)).toBe(true);
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.25', '0.25', '0.25', '0.25']);
    expect(sim.orders.every((o) => o.type === 'LIMIT' && o.timeInForce === 'GTC')).toBe(true);
  });

  it('WEIGHTED: linear weights toward better prices, dust on the last level, sum exact', () => {
    const spec = specFor({ entryPlan: buyAt, sizePlan: size('0.1001'), executionPlan: ladderPlan('WEIGHTED') });
    const sim = new Sim(spec).start();
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.01', '0.02', '0.03', '0.0401']);
    const sum = sim.orders.reduce((a, o) => a.plus(o.quantity), new Decimal(0));
    expect(sum.eq(spec.totalQuantity)).toBe(true);
  });

  it('a SELL ladder climbs from its limit', () => {
    const spec = specFor({ entryPlan: entry({ direction: 'SELL', order_type: 'LIMIT', limit_price: '21000' }), executionPlan: ladderPlan('UNIFORM') });
    const prices = new Sim(spec).start().orders.map((o) => o.price?.toFixed());
    expect(prices).toEqual(['21000', '21070', '21140', '21210']);
  });

  it('a MARKET entry is laddered from the arrival price, never beyond the slippage limit', () => {
    const spec = specFor({ arrivalPrice: new Decimal('20000'), executionPlan: ladderPlan('UNIFORM', { max_slippage_pct: '0.001' }) });
    const sim = new Sim(spec).start();
    expect(sim.orders[0]?.price?.toFixed()).toBe('20000');
    expect(sim.orders.every((o) => o.price && spec.priceLimit && o.price.lte(spec.priceLimit))).toBe(true);
  });

  it('completes when every level fills; ends PARTIAL when the window closes first', () => {
    const full = new Sim(specFor({ entryPlan: buyAt, executionPlan: ladderPlan('UNIFORM') })).start().trade('18800');
    expect(full.finish?.status).toBe('COMPLETED');

    const spec = specFor({ entryPlan: buyAt, executionPlan: ladderPlan('UNIFORM', { max_execution_window_minutes: 30 }) });
    const part = new Sim(spec).start().trade('18900'); // the two upper levels trade
    part.tick(spec.endTime ?? 0);
    expect(part.cancelsRequested).toHaveLength(2);
    part.confirmCancels();
    expect(part.finish).toMatchObject({ status: 'PARTIAL', at: spec.endTime });
    expect(part.filled.toFixed()).toBe('0.5');
  });

  it('a ladder whose levels all end unfilled finishes without waiting for a window', () => {
    const sim = new Sim(specFor({ entryPlan: buyAt, executionPlan: ladderPlan('UNIFORM') })).start().trade('18900');
    for (const o of sim.live()) sim.end(o.id, 'EXPIRED');
    expect(sim.finish?.status).toBe('PARTIAL');
  });
});
