import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../../../core/domain/decimal';
import { BTC, d, tradesOf } from './support/fixtures';
import { BALANCES, barsArb, opArb, simulate, tradeFields } from './support/simulation';

describe('determinism and conservation (property tests)', () => {
  it('the same seed, source and clock give the same fills and reports, field by field', async () => {
    await fc.assert(
      fc.asyncProperty(barsArb, fc.array(opArb, { minLength: 5, maxLength: 25 }), fc.integer({ min: 0, max: 2 ** 31 }), async (bars, ops, seed) => {
        const a = await simulate(bars, ops, seed, 'realistic');
        const b = await simulate(bars, ops, seed, 'realistic');
        expect(tradesOf(b.seen).map(tradeFields)).toEqual(tradesOf(a.seen).map(tradeFields));
        const shape = (t: typeof a) => t.seen.map(({ report, at }) => [report.kind, at, report.time, 'order' in report ? report.order.status : report.reason]);
        expect(shape(b)).toEqual(shape(a));
        expect(await b.exchange.balances()).toEqual(await a.exchange.balances());
      }),
      { numRuns: 40 },
    );
  });

  it('a different seed changes the latency draws', async () => {
    const bars = [{ open: '20000', high: '20000', low: '20000', close: '20000' }];
    const ops = Array.from({ length: 10 }, () => ({ kind: 'market' as const, side: 'BUY' as const, qty: 10 }));
    const times = async (seed: number) => (await simulate(bars, ops, seed, 'realistic')).seen.map((s) => s.at);
    expect(await times(1)).not.toEqual(await times(2));
  });

  it('balances never go negative, locked funds match the holds, and every asset is conserved less fees', async () => {
    await fc.assert(
      fc.asyncProperty(
        barsArb,
        fc.array(opArb, { minLength: 5, maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom('realistic' as const, 'optimistic' as const),
        async (bars, ops, seed, fidelity) => {
          const never = async (t: Awaited<ReturnType<typeof simulate>>) => {
            const state = t.exchange.exportState();
            for (const b of state.balances) {
              expect(b.free.gte(0) && b.locked.gte(0)).toBe(true);
              const held = state.holds.filter((h) => h.asset === b.asset).reduce((s, h) => s.plus(h.amount), new Decimal(0));
              expect(held.toFixed()).toBe(b.locked.toFixed());
            }
          };
          const t = await simulate(bars, ops, seed, fidelity, never);
          const expected: Record<string, Decimal> = { USDT: d(BALANCES.USDT), BTC: d(BALANCES.BTC) };
          for (const trade of tradesOf(t.seen)) {
            const notional = trade.price.mul(trade.quantity);
            const sign = trade.side === 'BUY' ? 1 : -1;
            expected[BTC.baseAsset] = expected[BTC.baseAsset]!.plus(trade.quantity.mul(sign));
            expected[BTC.quoteAsset] = expected[BTC.quoteAsset]!.minus(notional.mul(sign));
            expected[trade.feeAsset] = expected[trade.feeAsset]!.minus(trade.fee);
          }
          const r = await t.exchange.balances();
          if (!r.ok) throw new Error('balances refused');
          for (const [asset, total] of Object.entries(expected)) {
            const b = r.value[asset];
            expect(b && b.free.plus(b.locked).toFixed()).toBe(total.toFixed());
          }
          // With nothing resting, nothing stays locked.
          const open = await t.exchange.openOrders();
          if (open.ok && open.value.length === 0) for (const b of Object.values(r.value)) expect(b.locked.toFixed()).toBe('0');
        },
      ),
      { numRuns: 60 },
    );
  });
});
