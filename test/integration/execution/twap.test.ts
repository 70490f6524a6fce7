import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import { algoRecord, BTC, expectClean, openDesk, plans, T0, type Desk } from './support';
import { ScriptedSource } from './scripted-source';

let desk: Desk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

const twapPlans = plans({
  quantity: '1.2',
  execution: { preferred_execution_style: 'TWAP', max_execution_window_minutes: 12, chunk_count_hint: 6, max_slippage_pct: '0.01' },
});

describe('worker: TWAP on the paper exchange', () => {
  it('places evenly spaced slices over the window and completes the group', async () => {
    desk = openDesk();
    const { clock, ledger, worker } = desk;
    await clock.advanceAsync(60_000); // one bar: an arrival price
    const r = await worker.execute(twapPlans);
    expect(r.strategy).toBe('TWAP');
    await clock.runUntil(() => ledger.getGroup(r.groupId)?.status === 'COMPLETED', { withinMs: 30 * 60_000 });
    await worker.idle();
    const group = ledger.getGroup(r.groupId);
    expect(group?.status).toBe('COMPLETED');
    expect(group?.filled_quantity.toFixed()).toBe('1.2');
    const orders = ledger.ordersOfGroup(r.groupId);
    expect(orders.length).toBe(6);
    expect(orders.map((o) => o.quantity.toFixed())).toEqual(['0.2', '0.2', '0.2', '0.2', '0.2', '0.2']);
    const times = orders.map((o) => o.created_at.getTime() - T0).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(new Set(gaps).size).toBe(1);
    expect(gaps[0]).toBe(2 * 60_000);
    expectClean(desk);
  });

  it("catches up after partial fills on the 'realistic' profile: each slice is (total - filled) / slices left", async () => {
    // A thin book for the first bars (a slice of 0.2 finds ~0.16 within 10 levels), a deep one later.
    const source = new ScriptedSource({
      symbol: BTC.symbol,
      startTime: T0,
      intervalMs: 60_000,
      bars: (i) => (i > 60 ? undefined : { open: '30000', high: '30010', low: '29990', close: '30000', volume: '50', topSize: i < 6 ? '0.05' : '2' }),
    });
    desk = openDesk({ fidelity: 'realistic', source });
    const { clock, ledger, worker } = desk;
    await clock.advanceAsync(60_000);
    const r = await worker.execute(twapPlans);
    const start = clock.now();
    await clock.runUntil(() => ledger.getGroup(r.groupId)?.status === 'COMPLETED', { withinMs: 30 * 60_000 });
    await worker.idle();

    const orders = ledger.ordersOfGroup(r.groupId).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    expect(orders.length).toBe(6);
    const total = new Decimal('1.2');
    let filledBefore = new Decimal(0);
    orders.forEach((o, i) => {
      expect(o.created_at.getTime()).toBe(start + i * 2 * 60_000);
      const left = orders.length - i;
      const expected = i === orders.length - 1 ? total.minus(filledBefore) : total.minus(filledBefore).div(left).toDecimalPlaces(5, Decimal.ROUND_DOWN);
      expect(o.quantity.toFixed()).toBe(expected.toFixed());
      expect(o.status === 'FILLED' || o.status === 'EXPIRED').toBe(true);
      filledBefore = filledBefore.plus(o.filled_quantity);
    });
    // The thin book really left shortfalls, and later slices grew to make them up.
    expect(orders.some((o) => o.status === 'EXPIRED' && o.filled_quantity.gt(0))).toBe(true);
    expect(orders[5]?.quantity.gt('0.2')).toBe(true);
    const group = ledger.getGroup(r.groupId);
    expect(group?.status).toBe('COMPLETED');
    expect(group?.filled_quantity.toFixed()).toBe('1.2');
    // Every fill carries the profile that produced it, and none is beyond the 1% cap.
    const cap = algoRecord(ledger, r.groupId).spec.priceLimit ?? new Decimal(0);
    for (const f of ledger.fillsOfGroup(r.groupId)) {
      expect(f.fidelity_profile).toBe('realistic');
      expect(f.price.lte(cap)).toBe(true);
    }
    expectClean(desk);
  });
});
