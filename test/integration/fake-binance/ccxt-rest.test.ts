/**
 * ccxt.pro.binance (ccxt 4.5) talking REST to the fake: which endpoint each
 * unified method calls, with which parameters, and what comes back.
 */
import { describe, expect, it } from 'vitest';
import { ccxtFor, requestsDuring, startFake, startFakeWithCcxt } from './ccxt-harness';

const ORD = 'ORD_20240101_120000_abc12';

/** ccxt types an order id as possibly undefined; the fake always sends one. */
function idOf(order: { id?: string | undefined }): string {
  if (order.id === undefined) throw new Error('order without id');
  return order.id;
}

const endpoint = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;

describe('ccxt REST against the fake', () => {
  it('loads markets with one GET /api/v3/exchangeInfo and nothing else, and reads the filters', async () => {
    const fake = await startFake();
    const exchange = ccxtFor(fake);
    const sent = await requestsDuring(fake, () => exchange.loadMarkets());
    expect(sent.map(endpoint)).toEqual(['GET /api/v3/exchangeInfo']);
    expect(fake.unknownRequests()).toEqual([]);
    const btc = exchange.market('BTC/USDT');
    expect(btc).toMatchObject({ id: 'BTCUSDT', spot: true, base: 'BTC', quote: 'USDT' });
    expect(btc.precision).toMatchObject({ price: 0.01, amount: 0.00001 });
    expect(btc.limits.cost?.min).toBe(5);
    expect(exchange.market('ETH/BTC').limits.cost?.min).toBe(0.0001);
  });

  it('creates a LIMIT order with our client order id as newClientOrderId (either param name)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    const sent = await requestsDuring(fake, () =>
      exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD }),
    );
    expect(sent.map(endpoint)).toEqual(['POST /api/v3/order']);
    expect(sent[0]?.params).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '25000',
      newClientOrderId: ORD,
      newOrderRespType: 'FULL',
      recvWindow: '10000',
    });
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { clientOrderId: `${ORD}x` });
    expect(fake.requests({ method: 'POST' })[1]?.params['newClientOrderId']).toBe(`${ORD}x`);
    expect(fake.ordersByClientId(ORD)).toHaveLength(1);
    const order = (await exchange.fetchOpenOrders('BTC/USDT')).find((o) => o.clientOrderId === ORD);
    expect(order).toMatchObject({ status: 'open', price: 25000, amount: 0.01, filled: 0, side: 'buy', type: 'limit' });
  });

  it('without a client order id, ccxt invents one with its broker prefix', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000);
    expect(fake.orders()[0]?.clientOrderId).toMatch(/^x-TKT5PX2F/);
  });

  it('fetches an order by client order id with GET /api/v3/order?origClientOrderId=', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    const created = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD });
    let fetched: Awaited<ReturnType<typeof exchange.fetchOrder>> | undefined;
    const sent = await requestsDuring(fake, async () => {
      fetched = await exchange.fetchOrder('', 'BTC/USDT', { origClientOrderId: ORD });
    });
    expect(sent.map(endpoint)).toEqual(['GET /api/v3/order']);
    expect(sent[0]?.params).toMatchObject({ symbol: 'BTCUSDT', origClientOrderId: ORD });
    expect(sent[0]?.params).not.toHaveProperty('orderId');
    expect(fetched).toMatchObject({ id: created.id, clientOrderId: ORD, status: 'open' });
    await exchange.fetchOrder('', 'BTC/USDT', { clientOrderId: ORD });
    expect(fake.requests().at(-1)?.params).toMatchObject({ origClientOrderId: ORD });
    const byId = await exchange.fetchOrder(idOf(created), 'BTC/USDT');
    expect(fake.requests().at(-1)?.params).toMatchObject({ orderId: created.id });
    expect(byId.clientOrderId).toBe(ORD);
  });

  it('cancels by id or by client order id, and cancels all with DELETE /api/v3/openOrders', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    const a = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: `${ORD}a` });
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: `${ORD}b` });
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: `${ORD}c` });

    const byId = await requestsDuring(fake, () => exchange.cancelOrder(idOf(a), 'BTC/USDT'));
    expect(byId.map(endpoint)).toEqual(['DELETE /api/v3/order']);
    expect(byId[0]?.params).toMatchObject({ symbol: 'BTCUSDT', orderId: a.id });

    let canceled: Awaited<ReturnType<typeof exchange.cancelOrder>> | undefined;
    const byClient = await requestsDuring(fake, async () => {
      canceled = await exchange.cancelOrder('', 'BTC/USDT', { origClientOrderId: `${ORD}b` });
    });
    expect(byClient[0]?.params).toMatchObject({ origClientOrderId: `${ORD}b` });
    // As on Binance, a cancel's `clientOrderId` is the cancel request's own id; ours is in info.origClientOrderId.
    expect(canceled).toMatchObject({ status: 'canceled', info: { origClientOrderId: `${ORD}b` } });
    expect(canceled?.clientOrderId).not.toBe(`${ORD}b`);

    const all = await requestsDuring(fake, () => exchange.cancelAllOrders('BTC/USDT'));
    expect(all.map(endpoint)).toEqual(['DELETE /api/v3/openOrders']);
    expect(fake.openOrders()).toEqual([]);
    expect(fake.orders().map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
  });

  it('fetches own trades after a fill (GET /api/v3/myTrades with startTime or fromId) and the balance (GET /api/v3/account)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    const order = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD });
    const t1 = fake.control.fill(ORD, { qty: '0.004' });
    fake.control.fill(ORD);

    const sent = await requestsDuring(fake, () => exchange.fetchMyTrades('BTC/USDT', t1.time));
    expect(sent.map(endpoint)).toEqual(['GET /api/v3/myTrades']);
    expect(sent[0]?.params).toMatchObject({ symbol: 'BTCUSDT', startTime: String(t1.time) });
    const trades = await exchange.fetchMyTrades('BTC/USDT', undefined, undefined, { fromId: t1.id });
    expect(fake.requests().at(-1)?.params).toMatchObject({ fromId: String(t1.id) });
    expect(trades.map((t) => [t.id, t.order, t.amount, t.price, t.side, t.takerOrMaker])).toEqual([
      ['1', order.id, 0.004, 25000, 'buy', 'maker'],
      ['2', order.id, 0.006, 25000, 'buy', 'maker'],
    ]);
    expect(trades[0]?.fee).toEqual({ currency: 'BTC', cost: 0.000004 });

    const balance = await exchange.fetchBalance();
    expect(fake.requests().at(-1)).toMatchObject({ method: 'GET', path: '/api/v3/account' });
    // 100000 - 0.01 * 25000 USDT; 10 + 0.01 - 0.1% commission BTC.
    expect(balance['USDT']).toMatchObject({ free: 99750, used: 0, total: 99750 });
    expect(balance['BTC']).toMatchObject({ free: 10.00999, used: 0 });
  });

  it('fills a MARKET order at the controlled price (send no price: with one, ccxt sends quoteOrderQty instead)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.setPrice('BTCUSDT', '31000');
    const order = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.01);
    expect(fake.requests().at(-1)?.params).toMatchObject({ type: 'MARKET', quantity: '0.01' });
    expect(order).toMatchObject({ status: 'closed', filled: 0.01, average: 31000, cost: 310 });
    await exchange.createOrder('BTC/USDT', 'market', 'buy', 0.01, 31000);
    expect(fake.requests().at(-1)?.params).toMatchObject({ type: 'MARKET', quoteOrderQty: '310' });
    expect(fake.requests().at(-1)?.params).not.toHaveProperty('quantity');
  });

  it('maps the remaining spot calls it makes: time, order book, tickers, order history', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['fetchTime', () => exchange.fetchTime()],
      ['fetchOrderBook', () => exchange.fetchOrderBook('BTC/USDT', 5)],
      ['fetchTicker', () => exchange.fetchTicker('BTC/USDT')],
      ['fetchBidsAsks', () => exchange.fetchBidsAsks(['BTC/USDT'])],
      ['fetchLastPrices', () => exchange.fetchLastPrices(['BTC/USDT'])],
      ['fetchClosedOrders', () => exchange.fetchClosedOrders('BTC/USDT')],
    ];
    const map: Record<string, string[]> = {};
    for (const [name, call] of calls) map[name] = (await requestsDuring(fake, call)).map(endpoint);
    expect(map).toEqual({
      fetchTime: ['GET /api/v3/time'],
      fetchOrderBook: ['GET /api/v3/depth'],
      fetchTicker: ['GET /api/v3/ticker/24hr'],
      fetchBidsAsks: ['GET /api/v3/ticker/bookTicker'],
      fetchLastPrices: ['GET /api/v3/ticker/price'],
      fetchClosedOrders: ['GET /api/v3/allOrders'],
    });
    expect(fake.unknownRequests()).toEqual([]);
    expect((await exchange.fetchTicker('BTC/USDT')).last).toBe(30000);
  });
});
