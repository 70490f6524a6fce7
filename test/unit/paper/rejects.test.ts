import { describe, expect, it } from 'vitest';
import type { PlaceOrderRequest, RejectReason } from '../../../core/connectors/types';
import { BTC, d, nextId, openExchange, order, type TestExchange } from './support/fixtures';

async function expectRejected(t: TestExchange, request: PlaceOrderRequest, reason: RejectReason) {
  const before = await t.exchange.balances();
  const pending = t.exchange.place(request);
  await t.clock.advanceAsync(1_000);
  const result = await pending;
  expect(result).toMatchObject({ ok: false, outcome: 'REJECTED', reason });
  const report = t.seen.at(-1)?.report;
  expect(report).toMatchObject({ kind: 'REJECTED', clientOrderId: request.clientOrderId, reason });
  // Delivered after the ack latency, like an ack.
  expect(t.seen.at(-1)!.at).toBeGreaterThanOrEqual(50);
  // Nothing changed: no order, same balances.
  const found = await t.exchange.findOrder(request.clientOrderId, request.symbol);
  if (reason !== 'DUPLICATE_CLIENT_ORDER_ID') expect(found.ok).toBe(false);
  expect(await t.exchange.balances()).toEqual(before);
}

describe('rejects', () => {
  const limitBuy = (over: Partial<PlaceOrderRequest> = {}) =>
    order({ side: 'BUY', type: 'LIMIT', quantity: d('0.01'), price: d('19000'), ...over });

  it('size below the minimum quantity (or below one step)', async () => {
    await expectRejected(openExchange({}), limitBuy({ quantity: d('0.00005'), price: d('19000') }), 'QUANTITY_OFF_STEP');
    const small = { ...BTC, minQuantity: d('0.01') };
    await expectRejected(openExchange({ symbols: [small] }), limitBuy({ quantity: d('0.0099') }), 'BELOW_MIN_SIZE');
  });

  it('size below the minimum notional, for limits and for market orders priced at the touch', async () => {
    const t = openExchange({});
    await expectRejected(t, limitBuy({ quantity: d('0.0005'), price: d('19000') }), 'BELOW_MIN_SIZE'); // 9.5 USDT
    await expectRejected(t, order({ side: 'SELL', type: 'MARKET', quantity: d('0.0004') }), 'BELOW_MIN_SIZE'); // ~8 USDT
  });

  it('price off the tick, and stop price off the tick', async () => {
    const t = openExchange({});
    await expectRejected(t, limitBuy({ price: d('19000.005') }), 'PRICE_OFF_TICK');
    await expectRejected(t, order({ side: 'SELL', type: 'STOP_MARKET', quantity: d('0.01'), stopPrice: d('19000.001') }), 'PRICE_OFF_TICK');
  });

  it('quantity off the step', async () => {
    await expectRejected(openExchange({}), limitBuy({ quantity: d('0.01005') }), 'QUANTITY_OFF_STEP');
  });

  it('insufficient balance: limit buy, sell, market buy, and the larger second leg of a pair', async () => {
    const t = openExchange({ balances: { USDT: '1000', BTC: '0.1' } });
    await expectRejected(t, limitBuy({ quantity: d('0.06') }), 'INSUFFICIENT_BALANCE'); // 1140 USDT
    await expectRejected(t, order({ side: 'SELL', type: 'LIMIT', quantity: d('0.2'), price: d('21000') }), 'INSUFFICIENT_BALANCE');
    await expectRejected(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.05') }), 'INSUFFICIENT_BALANCE'); // ~1000.0005
    const first = nextId();
    const second = nextId();
    const placing = t.exchange.place({ clientOrderId: first, symbol: BTC.symbol, side: 'SELL', type: 'LIMIT', quantity: d('0.1'), price: d('21000'), ocoWith: second });
    await t.clock.advanceAsync(1_000);
    expect((await placing).ok).toBe(true);
    await expectRejected(
      t,
      { clientOrderId: second, symbol: BTC.symbol, side: 'SELL', type: 'STOP_MARKET', quantity: d('0.11'), stopPrice: d('19000'), ocoWith: first },
      'INSUFFICIENT_BALANCE',
    );
  });

  it('unknown symbol', async () => {
    await expectRejected(openExchange({}), limitBuy({ symbol: 'DOGE/USDT' }), 'UNKNOWN_SYMBOL');
  });

  it('invalid shapes: limit without price, market with price, iceberg, unpaired market', async () => {
    const t = openExchange({});
    await expectRejected(t, order({ side: 'BUY', type: 'LIMIT', quantity: d('0.01') }), 'INVALID_ORDER');
    await expectRejected(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.01'), price: d('20000') }), 'INVALID_ORDER');
    await expectRejected(t, limitBuy({ icebergQuantity: d('0.001') }), 'INVALID_ORDER');
    await expectRejected(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.01'), ocoWith: 'ORD_X' }), 'INVALID_ORDER');
    await expectRejected(t, limitBuy({ quantity: d('-1') }), 'INVALID_ORDER');
  });

  it('a client order id used before', async () => {
    const t = openExchange({});
    const req = limitBuy();
    const first = t.exchange.place(req);
    await t.clock.advanceAsync(1_000);
    expect((await first).ok).toBe(true);
    await expectRejected(t, { ...req, price: d('18000') }, 'DUPLICATE_CLIENT_ORDER_ID');
  });

  it('a refused cancel or modify answers the caller and sends no report', async () => {
    const t = openExchange({});
    const req = limitBuy();
    const placing = t.exchange.place(req);
    await t.clock.advanceAsync(1_000);
    await placing;
    const count = t.seen.length;
    const results = [
      t.exchange.cancel('ORD_NOPE', BTC.symbol),
      t.exchange.modify({ clientOrderId: req.clientOrderId, price: d('19000.001') }, BTC.symbol),
      t.exchange.modify({ clientOrderId: req.clientOrderId, quantity: d('1000') }, BTC.symbol),
    ];
    await t.clock.advanceAsync(1_000);
    expect(await Promise.all(results)).toMatchObject([
      { ok: false, outcome: 'NOT_FOUND' },
      { ok: false, outcome: 'REJECTED', reason: 'PRICE_OFF_TICK' },
      { ok: false, outcome: 'REJECTED', reason: 'INSUFFICIENT_BALANCE' },
    ]);
    expect(t.seen.length).toBe(count);
  });
});
