import { describe, expect, it } from 'vitest';
import { BTC, d, openExchange, order, placeNow, tradesOf } from './support/fixtures';
import { flat, type BarSpec } from './support/scripted-source';

const MINUTE = 60_000;
const dip = (low: string, volume = '10'): BarSpec => ({ open: '20000', high: '20010', low, close: '20000', volume });

describe('limit orders (virtual clock)', () => {
  it('below the market do not fill until the price trades through them, then fill partially across intervals', async () => {
    const script = { [BTC.symbol]: [flat('20000'), dip('19950'), dip('19900'), dip('19890'), dip('19850'), dip('19899'), dip('19800')] };
    const t = openExchange({ script });
    const placed = await placeNow(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('2.5'), price: d('19900') }));
    expect(placed.ok && placed.value.status).toBe('NEW');

    await t.clock.advanceAsync(MINUTE - 1_000); // bar 1: low 19950, above the limit
    await t.clock.advanceAsync(MINUTE); // bar 2: low 19900 touches the limit, does not trade through
    expect(tradesOf(t.seen)).toEqual([]);

    await t.clock.advanceAsync(3 * MINUTE + 1_000); // bars 3-5 trade through: 10% of 10 BTC volume per interval
    const fills = t.seen.filter((s) => s.report.kind === 'PARTIAL_FILL' || s.report.kind === 'FILL');
    expect(fills.map((s) => s.report.kind)).toEqual(['PARTIAL_FILL', 'PARTIAL_FILL', 'FILL']);
    const trades = tradesOf(t.seen);
    expect(trades.map((x) => [x.price.toFixed(), x.quantity.toFixed(), x.liquidity])).toEqual([
      ['19900', '1', 'MAKER'],
      ['19900', '1', 'MAKER'],
      ['19900', '0.5', 'MAKER'],
    ]);
    // One fill per interval, at the bars' times.
    expect(trades.map((x) => x.time)).toEqual([3 * MINUTE, 4 * MINUTE, 5 * MINUTE]);
    const last = fills.at(-1)!.report;
    if (last.kind !== 'FILL') throw new Error('expected FILL');
    expect(last.order.filledQuantity.toFixed()).toBe('2.5');
    expect(last.order.averagePrice?.toFixed()).toBe('19900');
  });

  it('fill on a touch in the optimistic profile, up to the whole interval volume', async () => {
    const script = { [BTC.symbol]: [flat('20000'), dip('19900', '3')] };
    const t = openExchange({ script, fidelity: 'optimistic' });
    await placeNow(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('2.5'), price: d('19900') }));
    await t.clock.advanceAsync(MINUTE);
    expect(tradesOf(t.seen).map((x) => x.quantity.toFixed())).toEqual(['2.5']);
  });

  it('share one interval volume in price, then time, priority', async () => {
    const script = { [BTC.symbol]: [flat('20000'), dip('19800', '20')] };
    const t = openExchange({ script });
    const early = order({ side: 'BUY', type: 'LIMIT', quantity: d('1.5'), price: d('19900') });
    const late = order({ side: 'BUY', type: 'LIMIT', quantity: d('1.5'), price: d('19900') });
    const better = order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('19950') });
    const placed = [early, late, better].map((r) => t.exchange.place(r));
    await t.clock.advanceAsync(1_000);
    expect((await Promise.all(placed)).every((r) => r.ok)).toBe(true);
    await t.clock.advanceAsync(MINUTE);
    // Budget: 10% of 20 = 2 BTC. The higher bid is reached first, then the earlier of the two at 19900.
    expect(tradesOf(t.seen).map((x) => [x.clientOrderId, x.quantity.toFixed()])).toEqual([
      [better.clientOrderId, '1'],
      [early.clientOrderId, '1'],
    ]);
  });

  it('take liquidity up to their price when marketable, and rest the remainder as a maker', async () => {
    const script = { [BTC.symbol]: [flat('20000', { topSize: '1' }), dip('19990')] };
    const t = openExchange({ script });
    await placeNow(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('2'), price: d('20003') }));
    const taken = tradesOf(t.seen);
    // The book has 1 at 20000.01 and 0.7 at 20002.02; 20005.03 is beyond the limit.
    expect(taken.map((x) => [x.price.toFixed(), x.quantity.toFixed(), x.liquidity])).toEqual([
      ['20000.01', '1', 'TAKER'],
      ['20002.02', '0.7', 'TAKER'],
    ]);
    await t.clock.advanceAsync(MINUTE);
    expect(tradesOf(t.seen).slice(2).map((x) => [x.price.toFixed(), x.quantity.toFixed(), x.liquidity])).toEqual([
      ['20003', '0.3', 'MAKER'],
    ]);
  });

  it('IOC takes what it can and expires the rest; FOK fills entirely or not at all', async () => {
    const t = openExchange({});
    const ioc = await placeNow(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('2'), price: d('20001'), timeInForce: 'IOC' }));
    expect(ioc.ok).toBe(true);
    expect(t.seen.map((s) => s.report.kind)).toEqual(['ACK', 'PARTIAL_FILL', 'EXPIRED']);
    const before = t.seen.length;
    await placeNow(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('20100'), timeInForce: 'FOK' }));
    // The first order took the top level: 1 BTC now takes 0.7 at 20002.02 and 0.3 at 20005.03, within 20100.
    expect(t.seen.slice(before).map((s) => s.report.kind)).toEqual(['ACK', 'PARTIAL_FILL', 'FILL']);
    const after = t.seen.length;
    await placeNow(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('20003'), timeInForce: 'FOK' }));
    expect(t.seen.slice(after).map((s) => s.report.kind)).toEqual(['ACK', 'EXPIRED']);
  });

  it('lock the quote while resting and give back what is left on cancel', async () => {
    const t = openExchange({ balances: { USDT: '100000', BTC: '0' } });
    const req = order({ side: 'BUY', type: 'LIMIT', quantity: d('2'), price: d('19000') });
    await placeNow(t, req);
    const locked = await t.exchange.balances();
    expect(locked.ok && [locked.value.USDT?.free.toFixed(), locked.value.USDT?.locked.toFixed()]).toEqual(['62000', '38000']);
    const cancelling = t.exchange.cancel(req.clientOrderId, BTC.symbol);
    await t.clock.advanceAsync(1_000);
    const cancelled = await cancelling;
    expect(cancelled.ok && cancelled.value.status).toBe('CANCELED');
    const after = await t.exchange.balances();
    expect(after.ok && [after.value.USDT?.free.toFixed(), after.value.USDT?.locked.toFixed()]).toEqual(['100000', '0']);
  });
});
