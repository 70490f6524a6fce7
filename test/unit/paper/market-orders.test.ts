import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from '../../../core/domain/decimal';
import type { ExchangeTrade } from '../../../core/connectors/types';
import { BTC, d, openExchange, order, placeNow, tradesOf, type TestExchange } from './support/fixtures';

/** Average price of a set of trades: sum(price * qty) / sum(qty). */
function average(trades: readonly ExchangeTrade[]): Decimal {
  const qty = trades.reduce((s, t) => s.plus(t.quantity), d(0));
  return trades.reduce((s, t) => s.plus(t.price.mul(t.quantity)), d(0)).div(qty);
}

async function marketBuy(t: TestExchange, quantity: string) {
  const result = await placeNow(t, order({ side: 'BUY', type: 'MARKET', quantity: d(quantity) }));
  expect(result.ok).toBe(true);
  return tradesOf(t.seen);
}

describe('market orders (realistic profile, virtual clock)', () => {
  const bar = { open: '20000', high: '20000', low: '20000', close: '20000', topSize: '1' };

  it('fill at the best ask while the order fits the top of the book', async () => {
    const t = openExchange({ script: { [BTC.symbol]: [bar] } });
    const trades = await marketBuy(t, '0.5');
    expect(trades.map((x) => [x.price.toFixed(), x.quantity.toFixed(), x.liquidity])).toEqual([['20000.01', '0.5', 'TAKER']]);
  });

  it('slip more the bigger they are: each deeper level is further away and thinner', async () => {
    const averages: Decimal[] = [];
    for (const size of ['1', '1.5', '2', '2.5', '3']) {
      const t = openExchange({ script: { [BTC.symbol]: [bar] } });
      const trades = await marketBuy(t, size);
      expect(trades.reduce((s, x) => s.plus(x.quantity), d(0)).toFixed()).toBe(size);
      averages.push(average(trades));
      // The levels walked: prices rise, sizes shrink, gaps widen.
      for (let i = 1; i < trades.length; i++) {
        expect(trades[i]!.price.gt(trades[i - 1]!.price)).toBe(true);
      }
      for (let i = 1; i < trades.length - 1; i++) {
        expect(trades[i]!.quantity.lt(trades[i - 1]!.quantity)).toBe(true);
      }
      for (let i = 2; i < trades.length; i++) {
        const gap = trades[i]!.price.minus(trades[i - 1]!.price);
        expect(gap.gte(trades[i - 1]!.price.minus(trades[i - 2]!.price))).toBe(true);
      }
    }
    for (let i = 1; i < averages.length; i++) expect(averages[i]!.gt(averages[i - 1]!)).toBe(true);
  });

  it('slippage never shrinks as the size grows (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 5, max: 30_000 }), fc.integer({ min: 5, max: 30_000 }), async (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const avg = async (steps: number) => {
          const t = openExchange({ script: { [BTC.symbol]: [bar] } });
          return average(await marketBuy(t, d(steps).mul(BTC.stepSize).toFixed()));
        };
        expect((await avg(large)).gte(await avg(small))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('see the book consumed by earlier takers in the same interval, refilled by the next bar', async () => {
    const t = openExchange({ script: { [BTC.symbol]: [bar, bar] } });
    const first = await marketBuy(t, '1');
    const second = (await marketBuy(t, '1')).slice(first.length);
    expect(average(second).gt(average(first))).toBe(true);
    await t.clock.advanceAsync(60_000);
    const seenBefore = tradesOf(t.seen).length;
    const third = (await marketBuy(t, '1')).slice(seenBefore);
    expect(average(third).toFixed()).toBe(average(first).toFixed());
  });

  it('expire what the book cannot fill, after filling the rest', async () => {
    const t = openExchange({ script: { [BTC.symbol]: [bar] } });
    const result = await placeNow(t, order({ side: 'BUY', type: 'MARKET', quantity: d('50') }));
    expect(result.ok).toBe(true);
    const kinds = t.seen.map((s) => s.report.kind);
    expect(kinds[0]).toBe('ACK');
    expect(kinds.at(-1)).toBe('EXPIRED');
    const last = t.seen.at(-1)!.report;
    if (last.kind !== 'EXPIRED') throw new Error('expected EXPIRED');
    const filled = tradesOf(t.seen).reduce((s, x) => s.plus(x.quantity), d(0));
    expect(last.order.filledQuantity.toFixed()).toBe(filled.toFixed());
    expect(filled.gt(0) && filled.lt(50)).toBe(true);
    expect(last.order.status).toBe('EXPIRED');
  });

  it('do not slip in the optimistic profile, whatever the size', async () => {
    const t = openExchange({ script: { [BTC.symbol]: [bar] }, fidelity: 'optimistic' });
    const trades = await marketBuy(t, '40');
    expect(trades.map((x) => [x.price.toFixed(), x.quantity.toFixed()])).toEqual([['20000.01', '40']]);
    expect(trades[0]!.fidelityProfile).toBe('optimistic');
  });

  it('sell into the bid side, falling with depth', async () => {
    const t = openExchange({ script: { [BTC.symbol]: [bar] } });
    await placeNow(t, order({ side: 'SELL', type: 'MARKET', quantity: d('2') }));
    const trades = tradesOf(t.seen);
    expect(trades[0]!.price.toFixed()).toBe('19999.99');
    expect(average(trades).lt(d('19999.99'))).toBe(true);
  });
});
