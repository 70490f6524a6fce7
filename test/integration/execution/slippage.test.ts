import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import { algoRecord, BTC, expectClean, openDesk, plans, T0, type Desk } from './support';
import { ScriptedSource } from './scripted-source';

let desk: Desk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

/** A market that runs away: every bar 0.5% above the one before, for BUYs (below, for SELLs). */
function runaway(direction: 1 | -1): ScriptedSource {
  return new ScriptedSource({
    symbol: BTC.symbol,
    startTime: T0,
    intervalMs: 60_000,
    bars: (i) => {
      if (i > 120) return undefined;
      const close = new Decimal(30000).mul(new Decimal(1).plus(new Decimal('0.005').mul(direction)).pow(i)).toDecimalPlaces(2);
      const wick = close.mul('0.001').toDecimalPlaces(2);
      return { open: close.toFixed(), high: close.plus(wick).toFixed(), low: close.minus(wick).toFixed(), close: close.toFixed(), volume: '20', topSize: '0.3' };
    },
  });
}

describe('max_slippage_pct: no fill beyond the cap when the market runs away', () => {
  for (const [side, fidelity] of [
    ['BUY', 'realistic'],
    ['SELL', 'realistic'],
    ['BUY', 'optimistic'],
  ] as const) {
    it(`${side} TWAP (${fidelity}): fills stop at the cap; the group ends PARTIAL`, async () => {
      desk = openDesk({ fidelity, source: runaway(side === 'BUY' ? 1 : -1) });
      const { clock, ledger, worker } = desk;
      await clock.advanceAsync(60_000);
      const r = await worker.execute(
        plans({
          side,
          quantity: '1.2',
          execution: { preferred_execution_style: 'TWAP', max_execution_window_minutes: 12, chunk_count_hint: 6, max_slippage_pct: '0.01' },
        }),
      );
      const cap = algoRecord(ledger, r.groupId).spec.priceLimit ?? new Decimal(0);
      expect(cap.gt(0)).toBe(true);
      await clock.runUntil(() => ledger.getAlgoState(r.groupId)?.algo_status === 'DONE', { withinMs: 30 * 60_000 });
      await worker.idle();

      const fills = ledger.fillsOfGroup(r.groupId);
      expect(fills.length).toBeGreaterThan(0);
      for (const f of fills) expect(side === 'BUY' ? f.price.lte(cap) : f.price.gte(cap)).toBe(true);
      // Every order the algorithm sent was a capped limit: never a MARKET order, never priced beyond the cap.
      for (const o of ledger.ordersOfGroup(r.groupId)) {
        expect(o.order_type).toBe('LIMIT');
        expect(side === 'BUY' ? o.price?.lte(cap) : o.price?.gte(cap)).toBe(true);
      }
      const group = ledger.getGroup(r.groupId);
      expect(group?.filled_quantity.gt(0)).toBe(true);
      expect(group?.filled_quantity.lt('1.2')).toBe(true);
      expect(group?.status).toBe('PARTIAL');
      expect(ledger.liveOrdersOfGroup(r.groupId)).toEqual([]);
      expectClean(desk);
    });
  }

  it('with min_fill_ratio above what the cap allowed, the group ends FAILED', async () => {
    desk = openDesk({ fidelity: 'realistic', source: runaway(1) });
    const { clock, ledger, worker } = desk;
    await clock.advanceAsync(60_000);
    const r = await worker.execute(
      plans({
        quantity: '1.2',
        execution: {
          preferred_execution_style: 'TWAP',
          max_execution_window_minutes: 12,
          chunk_count_hint: 6,
          max_slippage_pct: '0.01',
          min_fill_ratio: '0.9',
        },
      }),
    );
    await clock.runUntil(() => ledger.getAlgoState(r.groupId)?.algo_status === 'DONE', { withinMs: 30 * 60_000 });
    await worker.idle();
    const group = ledger.getGroup(r.groupId);
    expect(group?.filled_quantity.gt(0)).toBe(true);
    expect(group?.status).toBe('FAILED');
    expectClean(desk);
  });
});
