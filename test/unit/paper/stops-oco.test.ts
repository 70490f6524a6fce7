import { describe, expect, it } from 'vitest';
import type { PlaceOrderRequest } from '../../../core/connectors/types';
import { BTC, d, nextId, openExchange, placeNow, tradesOf, type TestExchange } from './support/fixtures';
import { flat, type BarSpec } from './support/scripted-source';

const MINUTE = 60_000;

/** A sell OCO protecting 1 BTC: take-profit limit at 20500, stop-market at 19500. */
function exitPair(): { tp: PlaceOrderRequest; sl: PlaceOrderRequest } {
  const tpId = nextId();
  const slId = nextId();
  const common = { symbol: BTC.symbol, side: 'SELL', quantity: d('1') } as const;
  return {
    tp: { ...common, clientOrderId: tpId, type: 'LIMIT', price: d('20500'), ocoWith: slId },
    sl: { ...common, clientOrderId: slId, type: 'STOP_MARKET', stopPrice: d('19500'), ocoWith: tpId },
  };
}

async function placePair(t: TestExchange, pair: { tp: PlaceOrderRequest; sl: PlaceOrderRequest }) {
  const results = [t.exchange.place(pair.tp), t.exchange.place(pair.sl)];
  await t.clock.advanceAsync(1_000);
  for (const r of await Promise.all(results)) expect(r.ok).toBe(true);
}

async function balance(t: TestExchange, asset: string) {
  const r = await t.exchange.balances();
  if (!r.ok) throw new Error('balances refused');
  const b = r.value[asset];
  return [b?.free.toFixed(), b?.locked.toFixed()];
}

function kinds(t: TestExchange, from = 0) {
  return t.seen.slice(from).map(({ report }) => `${report.kind} ${'order' in report ? report.order.clientOrderId : report.clientOrderId}`);
}

describe('stop orders and one-cancels-the-other pairs', () => {
  it('lock the base once for both legs of a pair', async () => {
    const t = openExchange({ balances: { USDT: '0', BTC: '1' } });
    await placePair(t, exitPair());
    expect(await balance(t, 'BTC')).toEqual(['0', '1']);
  });

  it('trigger a stop when the market trades through it; its sibling is cancelled', async () => {
    const crash: BarSpec = { open: '20000', high: '20050', low: '19400', close: '19450', volume: '20' };
    const script = { [BTC.symbol]: [flat('20000'), { open: '20000', high: '20400', low: '19501', close: '20000' }, crash] };
    const t = openExchange({ script, balances: { USDT: '0', BTC: '1' } });
    const pair = exitPair();
    await placePair(t, pair);
    const before = t.seen.length;

    await t.clock.advanceAsync(MINUTE - 1_000); // low 19501: above the stop, below the take-profit
    expect(t.seen.length).toBe(before);

    await t.clock.advanceAsync(MINUTE + 1_000); // the crash goes through 19500
    expect(kinds(t, before)).toEqual([`CANCELED ${pair.tp.clientOrderId}`, `FILL ${pair.sl.clientOrderId}`]);
    const [trade] = tradesOf(t.seen);
    expect(trade && [trade.price.toFixed(), trade.quantity.toFixed(), trade.liquidity]).toEqual(['19500', '1', 'TAKER']);
    expect(await balance(t, 'BTC')).toEqual(['0', '0']);
    expect(await balance(t, 'USDT')).toEqual(['19480.5', '0']); // 19,500 less the 0.1% taker fee
    const tp = await t.exchange.findOrder(pair.tp.clientOrderId, BTC.symbol);
    expect(tp.ok && tp.value.status).toBe('CANCELED');
  });

  it('fill the take-profit and cancel the stop when the bar reaches the take-profit first', async () => {
    // A down bar goes open -> high -> low -> close: 20600 is reached before 19400.
    const wild: BarSpec = { open: '20000', high: '20600', low: '19400', close: '19450', volume: '20' };
    const t = openExchange({ script: { [BTC.symbol]: [flat('20000'), wild] }, balances: { USDT: '0', BTC: '1' } });
    const pair = exitPair();
    await placePair(t, pair);
    const before = t.seen.length;
    await t.clock.advanceAsync(MINUTE);
    expect(kinds(t, before)).toEqual([`FILL ${pair.tp.clientOrderId}`, `CANCELED ${pair.sl.clientOrderId}`]);
    expect(tradesOf(t.seen).map((x) => [x.price.toFixed(), x.liquidity])).toEqual([['20500', 'MAKER']]);
  });

  it('take the stop first when an up bar dips before it rallies', async () => {
    const wild: BarSpec = { open: '20000', high: '20600', low: '19400', close: '20550', volume: '20' };
    const t = openExchange({ script: { [BTC.symbol]: [flat('20000'), wild] }, balances: { USDT: '0', BTC: '1' } });
    const pair = exitPair();
    await placePair(t, pair);
    const before = t.seen.length;
    await t.clock.advanceAsync(MINUTE);
    expect(kinds(t, before)).toEqual([`CANCELED ${pair.tp.clientOrderId}`, `FILL ${pair.sl.clientOrderId}`]);
  });

  it('cancel both legs when one is cancelled', async () => {
    const t = openExchange({ balances: { USDT: '0', BTC: '1' } });
    const pair = exitPair();
    await placePair(t, pair);
    const before = t.seen.length;
    const cancelling = t.exchange.cancel(pair.sl.clientOrderId, BTC.symbol);
    await t.clock.advanceAsync(1_000);
    expect((await cancelling).ok).toBe(true);
    expect(kinds(t, before)).toEqual([`CANCELED ${pair.sl.clientOrderId}`, `CANCELED ${pair.tp.clientOrderId}`]);
    expect(await balance(t, 'BTC')).toEqual(['1', '0']);
  });

  it('stop-limit: triggers, takes what it can down to its limit, rests the rest and fills it later', async () => {
    const drop: BarSpec = { open: '20000', high: '20000', low: '19480', close: '19490', volume: '20', topSize: '0.5' };
    const bounce: BarSpec = { open: '19490', high: '19600', low: '19470', close: '19550', volume: '20' };
    const t = openExchange({ script: { [BTC.symbol]: [flat('20000'), drop, bounce] }, balances: { USDT: '0', BTC: '2' } });
    const req: PlaceOrderRequest = {
      clientOrderId: nextId(),
      symbol: BTC.symbol,
      side: 'SELL',
      type: 'STOP_LIMIT',
      quantity: d('2'),
      stopPrice: d('19500'),
      price: d('19497'),
    };
    await placeNow(t, req);
    await t.clock.advanceAsync(MINUTE);
    // Triggered at 19500: the bid side there is 0.5 at 19500, then 0.35 at 19498.05; 19495.12 is below the limit.
    expect(tradesOf(t.seen).map((x) => [x.price.toFixed(), x.quantity.toFixed(), x.liquidity])).toEqual([
      ['19500', '0.5', 'TAKER'],
      ['19498.05', '0.35', 'TAKER'],
    ]);
    const resting = await t.exchange.openOrders(BTC.symbol);
    expect(resting.ok && resting.value.map((o) => [o.clientOrderId, o.status, o.filledQuantity.toFixed()])).toEqual([
      [req.clientOrderId, 'PARTIALLY_FILLED', '0.85'],
    ]);
    await t.clock.advanceAsync(MINUTE);
    // The bounce trades through 19497: the rest (1.15) fills as a maker, within 10% of 20.
    expect(tradesOf(t.seen).slice(2).map((x) => [x.price.toFixed(), x.quantity.toFixed(), x.liquidity])).toEqual([
      ['19497', '1.15', 'MAKER'],
    ]);
  });

  it('buy stop: a breakout entry triggers on the way up', async () => {
    const rally: BarSpec = { open: '20000', high: '20700', low: '19990', close: '20650', volume: '20' };
    const t = openExchange({ script: { [BTC.symbol]: [flat('20000'), rally] }, balances: { USDT: '30000', BTC: '0' } });
    const req: PlaceOrderRequest = { clientOrderId: nextId(), symbol: BTC.symbol, side: 'BUY', type: 'STOP_MARKET', quantity: d('1'), stopPrice: d('20500') };
    await placeNow(t, req);
    expect(await balance(t, 'USDT')).toEqual(['9500', '20500']);
    await t.clock.advanceAsync(MINUTE);
    expect(tradesOf(t.seen).map((x) => [x.price.toFixed(), x.quantity.toFixed()])).toEqual([['20500', '1']]);
    expect(await balance(t, 'USDT')).toEqual(['9500', '0']);
  });

  it('a stop already beyond the market triggers on arrival', async () => {
    const t = openExchange({ balances: { USDT: '0', BTC: '1' } });
    const req: PlaceOrderRequest = { clientOrderId: nextId(), symbol: BTC.symbol, side: 'SELL', type: 'STOP_MARKET', quantity: d('0.5'), stopPrice: d('20100') };
    await placeNow(t, req);
    expect(tradesOf(t.seen).map((x) => [x.price.toFixed(), x.quantity.toFixed()])).toEqual([['20000', '0.5']]);
  });
});
