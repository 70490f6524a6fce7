/**
 * The live connector against the fake exchange on the happy path: start
 * (markets, clock, stream, reconciliation), place, the stream's reports
 * (each fact once), cancel, queries, and refusals made before sending.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import { expectOneOrder, intend, lastSeq, requestLines, startRig, streamBarrier, SYMBOL } from './harness';

describe('start', () => {
  it('loads the symbol rules, measures the clock, subscribes once, reconciles clean', async () => {
    const { connector, fake } = await startRig();
    expect(requestLines(fake)).toEqual([
      'GET /api/v3/exchangeInfo',
      'GET /api/v3/time',
      'userDataStream.subscribe.signature',
      'GET /api/v3/openOrders',
      'GET /api/v3/myTrades',
    ]);
    expect(fake.unknownRequests()).toEqual([]);
    const rules = connector.capabilities().symbols;
    expect(rules.map((r) => [r.symbol, r.tickSize.toFixed(), r.stepSize.toFixed(), r.minQuantity.toFixed(), r.minNotional.toFixed()])).toEqual([
      [SYMBOL, '0.01', '0.00001', '0.00001', '5'],
    ]);
    expect(connector.capabilities()).toMatchObject({ nativeIceberg: true, nativeOco: false, modifyInPlace: false });
  });
});

describe('orders', () => {
  it('places with our client order id, reports ACK once, then each trade once, as PARTIAL_FILL and FILL', async () => {
    const rig = await startRig();
    const { connector, fake } = rig;
    const request = intend(rig);
    const placed = await connector.place(request);
    expect(placed).toMatchObject({ ok: true, value: { clientOrderId: request.clientOrderId, status: 'NEW', exchangeOrderId: '1' } });
    const post = fake.requests({ method: 'POST', path: '/api/v3/order' });
    expect(post.map((r) => [r.params['newClientOrderId'], r.params['quantity'], r.params['price'], r.params['type']])).toEqual([
      [request.clientOrderId, '0.01', '25000', 'LIMIT'],
    ]);

    const partial = new Promise<void>((resolve) => connector.onReport((r) => r.kind === 'PARTIAL_FILL' && resolve()));
    fake.control.fill(request.clientOrderId, { qty: '0.004' });
    await partial;
    const filled = new Promise<void>((resolve) => connector.onReport((r) => r.kind === 'FILL' && resolve()));
    fake.control.fill(request.clientOrderId);
    await filled;

    expect(rig.reports.map((r) => [r.kind, 'trade' in r ? r.trade.tradeId : '-', r.kind === 'REJECTED' ? '' : r.order.status])).toEqual([
      ['ACK', '-', 'NEW'],
      ['PARTIAL_FILL', '1', 'PARTIALLY_FILLED'],
      ['FILL', '2', 'FILLED'],
    ]);
    const fillReport = rig.reports[2];
    expect(fillReport?.kind === 'FILL' && fillReport.trade).toMatchObject({
      price: new Decimal('25000'),
      quantity: new Decimal('0.006'),
      fee: new Decimal('0.000006'),
      feeAsset: 'BTC',
      liquidity: 'MAKER',
      side: 'BUY',
    });
    expectOneOrder(rig, request.clientOrderId, { exchange: 'FILLED', ledger: 'FILLED' });
    expect(rig.ledger.fillsOfOrder(request.clientOrderId).map((f) => f.trade_id)).toEqual(['1', '2']);
  });

  it('a market order that fills at once reports its fills from the answer, and the stream repeats nothing', async () => {
    const rig = await startRig();
    const request = intend(rig, { type: 'MARKET', price: undefined, quantity: new Decimal('0.002') });
    const placed = await rig.connector.place(request);
    expect(placed).toMatchObject({ ok: true, value: { status: 'FILLED', filledQuantity: new Decimal('0.002'), averagePrice: new Decimal('30000') } });
    // The stream brings the same NEW and TRADE again; once it has delivered them, still one report.
    await streamBarrier(rig);
    expect(rig.reports.filter((r) => r.kind !== 'REJECTED' && r.order.clientOrderId === request.clientOrderId).map((r) => r.kind)).toEqual(['FILL']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'FILLED', ledger: 'FILLED' });
  });

  it('cancels by client order id; a second cancel says the order is already CANCELED; unknown ids are NOT_FOUND', async () => {
    const rig = await startRig();
    const request = intend(rig);
    await rig.connector.place(request);
    const cancelled = await rig.connector.cancel(request.clientOrderId, SYMBOL);
    expect(cancelled).toMatchObject({ ok: true, value: { clientOrderId: request.clientOrderId, status: 'CANCELED' } });
    expect(await rig.connector.cancel(request.clientOrderId, SYMBOL)).toMatchObject({ ok: true, value: { status: 'CANCELED' } });
    expect(await rig.connector.cancel('ORD_20251201_143000_zzzzz', SYMBOL)).toMatchObject({ ok: false, outcome: 'NOT_FOUND' });
    expect(rig.reports.map((r) => r.kind)).toEqual(['ACK', 'CANCELED']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'CANCELED', ledger: 'CANCELED' });
  });

  it('a cancel of a filled order is refused as INVALID_ORDER, naming the state', async () => {
    const rig = await startRig();
    const request = intend(rig);
    await rig.connector.place(request);
    rig.fake.control.fill(request.clientOrderId);
    expect(await rig.connector.cancel(request.clientOrderId, SYMBOL)).toMatchObject({
      ok: false,
      outcome: 'REJECTED',
      reason: 'INVALID_ORDER',
      message: `order ${request.clientOrderId} is already FILLED`,
    });
  });

  it('queries: open orders, trades since a time, balances as decimals', async () => {
    const rig = await startRig();
    const a = intend(rig);
    const b = intend(rig, { side: 'SELL', price: new Decimal('35000') });
    await rig.connector.place(a);
    await rig.connector.place(b);
    rig.fake.control.fill(a.clientOrderId, { qty: '0.003' });
    const open = await rig.connector.openOrders();
    expect(open.ok && open.value.map((o) => [o.clientOrderId, o.status, o.filledQuantity.toFixed()])).toEqual([
      [a.clientOrderId, 'PARTIALLY_FILLED', '0.003'],
      [b.clientOrderId, 'NEW', '0'],
    ]);
    const trades = await rig.connector.tradesSince(rig.clock.now() - 1000);
    expect(trades.ok && trades.value.map((t) => [t.tradeId, t.clientOrderId, t.quantity.toFixed()])).toEqual([['1', a.clientOrderId, '0.003']]);
    const balances = await rig.connector.balances();
    // 10 BTC, 0.01 locked by the SELL, plus 0.003 bought less its 0.1% fee.
    expect(balances.ok && balances.value['BTC']).toEqual({ free: new Decimal('9.992997'), locked: new Decimal('0.01') });
  });
});

describe('refused before sending', () => {
  it('a size below the minimum never reaches the exchange (no POST), with a clear error', async () => {
    const rig = await startRig();
    const before = lastSeq(rig.fake);
    const tooSmall = await rig.connector.place(intend(rig, { quantity: new Decimal('0.0001'), price: new Decimal('25000') }));
    expect(tooSmall).toEqual({
      ok: false,
      outcome: 'REJECTED',
      reason: 'BELOW_MIN_SIZE',
      message: 'notional 2.5 USDT is below the minimum 5',
    });
    const offStep = await rig.connector.place(intend(rig, { quantity: new Decimal('0.010001') }));
    expect(offStep).toMatchObject({ ok: false, reason: 'QUANTITY_OFF_STEP' });
    const offTick = await rig.connector.place(intend(rig, { price: new Decimal('25000.005') }));
    expect(offTick).toMatchObject({ ok: false, reason: 'PRICE_OFF_TICK' });
    const unknownSymbol = await rig.connector.place({ ...intend(rig), symbol: 'DOGE/USDT' });
    expect(unknownSymbol).toMatchObject({ ok: false, reason: 'UNKNOWN_SYMBOL' });
    expect(requestLines(rig.fake, before)).toEqual([]);
    expect(rig.fake.requests({ method: 'POST' })).toEqual([]);
  });

  it('modify in place is refused (Binance spot has none here): cancel and place instead', async () => {
    const rig = await startRig();
    expect(await rig.connector.modify({ clientOrderId: 'ORD_20251201_143000_aaaaa', price: new Decimal('1') }, SYMBOL)).toMatchObject({
      ok: false,
      reason: 'INVALID_ORDER',
    });
  });
});
