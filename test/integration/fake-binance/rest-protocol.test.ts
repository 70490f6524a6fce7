/**
 * The fake's REST API driven by a hand-written client built from the
 * documentation (no ccxt here): the documented curl request itself, error
 * codes and bodies, filters, order lifecycle and the fault controls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeBinance, SymbolSpec } from '../../fixtures/fake-binance';
import { DEFAULT_SYMBOLS, startFakeBinance } from '../../fixtures/fake-binance';
import { hmacSha256Hex } from '../../fixtures/fake-binance/signature';
import { raw, signedClient, signedQuery } from './raw-client';

const DOC_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOC_TIMESTAMP = 1499827319559;
const DOC_QUERY =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

const LTCBTC: SymbolSpec = {
  symbol: 'LTCBTC',
  baseAsset: 'LTC',
  quoteAsset: 'BTC',
  price: '0.10000000',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.00000100', maxPrice: '100000.00000000', tickSize: '0.00000100' },
    { filterType: 'LOT_SIZE', minQty: '0.01000000', maxQty: '100000.00000000', stepSize: '0.01000000' },
    { filterType: 'MIN_NOTIONAL', minNotional: '0.00010000', applyToMarket: true, avgPriceMins: 5 },
  ],
};

/** A hand-driven clock: tests move time, nothing sleeps. */
function manualClock(start: number): { now(): number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

let fake: FakeBinance | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(opts: Parameters<typeof startFakeBinance>[0] = {}): Promise<FakeBinance> {
  fake = await startFakeBinance(opts);
  return fake;
}

const limitBuy = (clientOrderId: string, price = '25000', quantity = '0.01') => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity,
  price,
  newClientOrderId: clientOrderId,
});

describe('the documentation example request', () => {
  it('is accepted byte for byte, and places the order it describes', async () => {
    const clock = manualClock(DOC_TIMESTAMP);
    const f = await start({ apiKey: DOC_KEY, secret: DOC_SECRET, clock, symbols: [LTCBTC], balances: { BTC: '1' } });
    const res = await raw(f.restUrl, { method: 'POST', path: '/api/v3/order', query: DOC_QUERY, apiKey: DOC_KEY });
    expect(res.status).toBe(200);
    // LIMIT orders answer FULL by default.
    expect(res.json).toMatchObject({
      symbol: 'LTCBTC',
      orderListId: -1,
      transactTime: DOC_TIMESTAMP,
      price: '0.10000000',
      origQty: '1.00000000',
      executedQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'NEW',
      timeInForce: 'GTC',
      type: 'LIMIT',
      side: 'BUY',
      workingTime: DOC_TIMESTAMP,
      selfTradePreventionMode: 'NONE',
      fills: [],
    });
    expect(f.openOrders('LTCBTC')).toHaveLength(1);
    expect(f.balance('BTC').locked.toFixed()).toBe('0.1');
  });

  it('accepts the earlier docs\' mixed query + body example', async () => {
    const f = await start({ apiKey: DOC_KEY, secret: DOC_SECRET, clock: manualClock(DOC_TIMESTAMP), symbols: [LTCBTC], balances: { BTC: '1' } });
    const res = await raw(f.restUrl, {
      method: 'POST',
      path: '/api/v3/order',
      query: 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC',
      body: 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77',
      apiKey: DOC_KEY,
    });
    expect(res.status).toBe(200);
    expect(f.orders()).toHaveLength(1);
  });

  it('is refused with -1021 once the server clock has moved past recvWindow, and changes nothing', async () => {
    const clock = manualClock(DOC_TIMESTAMP);
    const f = await start({ apiKey: DOC_KEY, secret: DOC_SECRET, clock, symbols: [LTCBTC], balances: { BTC: '1' } });
    clock.advance(5001);
    const late = await raw(f.restUrl, { method: 'POST', path: '/api/v3/order', query: DOC_QUERY, apiKey: DOC_KEY });
    expect(late.status).toBe(400);
    expect(late.json).toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    clock.advance(-5001 - 1000);
    const early = await raw(f.restUrl, { method: 'POST', path: '/api/v3/order', query: DOC_QUERY, apiKey: DOC_KEY });
    expect(early.json).toEqual({ code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
    expect(f.orders()).toHaveLength(0);
  });

  it('is refused with -1022 when tampered with (signature or any parameter), and -2015/-2014 for other keys', async () => {
    const f = await start({ apiKey: DOC_KEY, secret: DOC_SECRET, clock: manualClock(DOC_TIMESTAMP), symbols: [LTCBTC], balances: { BTC: '1' } });
    const post = (query: string, apiKey = DOC_KEY) => raw(f.restUrl, { method: 'POST', path: '/api/v3/order', query, apiKey });
    expect((await post(DOC_QUERY.replace('quantity=1', 'quantity=2'))).json).toEqual({
      code: -1022,
      msg: 'Signature for this request is not valid.',
    });
    expect((await post(DOC_QUERY.replace('signature=c8', 'signature=c9'))).json).toMatchObject({ code: -1022 });
    const unknown = await post(DOC_QUERY, 'B'.repeat(64));
    expect([unknown.status, unknown.json]).toEqual([401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }]);
    expect((await post(DOC_QUERY, 'short')).json).toEqual({ code: -2014, msg: 'API-key format invalid.' });
    const noSignature = await post(DOC_QUERY.replace(/&signature=.*$/, ''));
    expect(noSignature.json).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
    });
    expect(f.orders()).toHaveLength(0);
  });
});

describe('public endpoints', () => {
  it('answers ping, time and exchangeInfo in the documented shapes', async () => {
    const clock = manualClock(1_700_000_000_000);
    const f = await start({ clock });
    expect((await raw(f.restUrl, { method: 'GET', path: '/api/v3/ping' })).json).toEqual({});
    expect((await raw(f.restUrl, { method: 'GET', path: '/api/v3/time' })).json).toEqual({ serverTime: 1_700_000_000_000 });
    const info = await raw(f.restUrl, { method: 'GET', path: '/api/v3/exchangeInfo', query: 'symbol=BTCUSDT' });
    expect(info.json).toMatchObject({ timezone: 'UTC', serverTime: 1_700_000_000_000 });
    const symbols = (info.json as { symbols: Array<Record<string, unknown>> }).symbols;
    expect(symbols.map((s) => s['symbol'])).toEqual(['BTCUSDT']);
    expect(symbols[0]).toMatchObject({ status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', isSpotTradingAllowed: true });
    expect(symbols[0]?.['filters']).toEqual(expect.arrayContaining([
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      expect.objectContaining({ filterType: 'NOTIONAL', minNotional: '5.00000000' }),
    ]));
    const all = await raw(f.restUrl, { method: 'GET', path: '/api/v3/exchangeInfo' });
    expect((all.json as { symbols: unknown[] }).symbols).toHaveLength(DEFAULT_SYMBOLS.length);
    const bad = await raw(f.restUrl, { method: 'GET', path: '/api/v3/exchangeInfo', query: 'symbol=NOPE' });
    expect([bad.status, bad.json]).toEqual([400, { code: -1121, msg: 'Invalid symbol.' }]);
  });

  it('serves ticker/price, bookTicker and depth from the controlled price', async () => {
    const f = await start();
    f.control.setPrice('ETHUSDT', '1800.5');
    expect((await raw(f.restUrl, { method: 'GET', path: '/api/v3/ticker/price', query: 'symbol=ETHUSDT' })).json).toEqual({
      symbol: 'ETHUSDT',
      price: '1800.50000000',
    });
    expect((await raw(f.restUrl, { method: 'GET', path: '/api/v3/ticker/bookTicker', query: 'symbol=ETHUSDT' })).json).toMatchObject({
      bidPrice: '1800.49000000',
      askPrice: '1800.51000000',
    });
    expect((await raw(f.restUrl, { method: 'GET', path: '/api/v3/depth', query: 'symbol=ETHUSDT&limit=5' })).json).toMatchObject({
      bids: [['1800.49000000', '1.00000000']],
      asks: [['1800.51000000', '1.00000000']],
    });
  });

  it('answers 404 to paths it does not serve and lists them', async () => {
    const f = await start();
    expect((await raw(f.restUrl, { method: 'GET', path: '/sapi/v1/capital/config/getall' })).status).toBe(404);
    expect(f.unknownRequests().map((r) => r.path)).toEqual(['/sapi/v1/capital/config/getall']);
  });
});

describe('order entry refusals (each changes nothing)', () => {
  const cases: Array<[string, Record<string, string>, { code: number; msg: string }]> = [
    ['LIMIT without timeInForce', { ...limitBuy('ORD_1'), timeInForce: '' }, {
      code: -1102,
      msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
    }],
    ['bad decimal', limitBuy('ORD_1', '25,000'), {
      code: -1100,
      msg: "Illegal characters found in parameter 'price'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.",
    }],
    ['bad side', { ...limitBuy('ORD_1'), side: 'LONG' }, { code: -1117, msg: 'Invalid side.' }],
    ['bad type', { ...limitBuy('ORD_1'), type: 'ICEBERG' }, { code: -1116, msg: 'Invalid orderType.' }],
    ['unknown parameter', { ...limitBuy('ORD_1'), colour: 'red' }, {
      code: -1104,
      msg: "Not all sent parameters were read; read '9' parameter(s) but was sent '10'.",
    }],
    ['timeInForce on MARKET', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', timeInForce: 'GTC' }, {
      code: -1106,
      msg: "Parameter 'timeInForce' sent when not required.",
    }],
    ['MARKET without size', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' }, {
      code: -1102,
      msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
    }],
    ['price off tick', limitBuy('ORD_1', '25000.005'), { code: -1013, msg: 'Filter failure: PRICE_FILTER' }],
    ['quantity off step', limitBuy('ORD_1', '25000', '0.000015'), { code: -1013, msg: 'Filter failure: LOT_SIZE' }],
    ['notional too small', limitBuy('ORD_1', '25000', '0.0001'), { code: -1013, msg: 'Filter failure: NOTIONAL' }],
    ['legacy MIN_NOTIONAL', { ...limitBuy('ORD_1', '0.00001', '0.0001'), symbol: 'ETHBTC' }, {
      code: -1013,
      msg: 'Filter failure: MIN_NOTIONAL',
    }],
    ['insufficient balance', limitBuy('ORD_1', '25000', '100'), {
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    }],
    ['LIMIT_MAKER that would take', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.01', price: '30000' }, {
      code: -2010,
      msg: 'Order would immediately match and take.',
    }],
    ['client order id too long', limitBuy('ORD_'.padEnd(37, 'x')), {
      code: -1100,
      msg: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.",
    }],
    ['unknown symbol', { ...limitBuy('ORD_1'), symbol: 'DOGEUSDT' }, { code: -1121, msg: 'Invalid symbol.' }],
  ];

  it.each(cases)('%s', async (_name, params, expected) => {
    const f = await start();
    const before = f.balance('USDT');
    const res = await signedClient(f).post('/api/v3/order', params);
    expect([res.status, res.json]).toEqual([400, expected]);
    expect(f.orders()).toHaveLength(0);
    expect(f.balance('USDT')).toEqual(before);
  });

  it('refuses a parameter sent twice with -1101, and takes the query string over the body on a clash', async () => {
    const f = await start();
    const query = signedQuery(f.secret, { ...limitBuy('ORD_Q1'), symbol: 'BTCUSDT' }, f.serverTime());
    const twice = await raw(f.restUrl, { method: 'POST', path: '/api/v3/order', query: `symbol=ETHUSDT&${query}`, apiKey: f.apiKey });
    expect(twice.json).toEqual({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
    // Signed over query ++ body; the body's symbol loses to the query's.
    const q = 'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = `symbol=ETHUSDT&quantity=0.01&price=25000&newClientOrderId=ORD_Q2&timestamp=${f.serverTime()}`;
    const clash = await raw(f.restUrl, {
      method: 'POST',
      path: '/api/v3/order',
      query: q,
      body: `${body}&signature=${hmacSha256Hex(f.secret, q + body)}`,
      apiKey: f.apiKey,
    });
    expect(clash.status).toBe(200);
    expect(f.ordersByClientId('ORD_Q2').map((o) => o.symbol)).toEqual(['BTCUSDT']);
    expect(f.orders()).toHaveLength(1);
  });

  it('refuses a client order id already used by an open order with -2010, and accepts it again once that order filled', async () => {
    const f = await start();
    const client = signedClient(f);
    expect((await client.post('/api/v3/order', limitBuy('ORD_DUP'))).status).toBe(200);
    expect((await client.post('/api/v3/order', limitBuy('ORD_DUP'))).json).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    expect(f.ordersByClientId('ORD_DUP')).toHaveLength(1);
    f.control.fill('ORD_DUP');
    expect((await client.post('/api/v3/order', limitBuy('ORD_DUP'))).status).toBe(200);
    expect(f.ordersByClientId('ORD_DUP').map((o) => o.status)).toEqual(['FILLED', 'NEW']);
  });
});

describe('order lifecycle', () => {
  it('answers ACK / RESULT / FULL as asked', async () => {
    const f = await start();
    const client = signedClient(f);
    const ack = await client.post('/api/v3/order', { ...limitBuy('ORD_ACK'), newOrderRespType: 'ACK' });
    expect(Object.keys(ack.json as object).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
    const result = await client.post('/api/v3/order', { ...limitBuy('ORD_RES'), newOrderRespType: 'RESULT' });
    expect(result.json).not.toHaveProperty('fills');
    expect(result.json).toHaveProperty('cummulativeQuoteQty', '0.00000000');
    const market = await client.post('/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
    expect(market.json).toMatchObject({
      status: 'FILLED',
      executedQty: '0.01000000',
      cummulativeQuoteQty: '300.00000000',
      fills: [{ price: '30000.00000000', qty: '0.01000000', commission: '0.00001000', commissionAsset: 'BTC', tradeId: 1 }],
    });
  });

  it('queries by origClientOrderId or orderId, and refuses unknown orders with -2013', async () => {
    const f = await start();
    const client = signedClient(f);
    const placed = (await client.post('/api/v3/order', limitBuy('ORD_Q'))).json as { orderId: number };
    const byClient = await client.get('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'ORD_Q' });
    const byId = await client.get('/api/v3/order', { symbol: 'BTCUSDT', orderId: String(placed.orderId) });
    expect(byClient.json).toEqual(byId.json);
    expect(byClient.json).toMatchObject({ clientOrderId: 'ORD_Q', status: 'NEW', isWorking: true, origQty: '0.01000000' });
    expect((await client.get('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'ORD_NONE' })).json).toEqual({
      code: -2013,
      msg: 'Order does not exist.',
    });
    expect((await client.get('/api/v3/order', { symbol: 'BTCUSDT' })).json).toEqual({
      code: -1102,
      msg: "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
    });
  });

  it('cancels with the documented response, releases the reserved funds, and refuses a second cancel with -2011', async () => {
    const f = await start();
    const client = signedClient(f);
    await client.post('/api/v3/order', limitBuy('ORD_C'));
    expect(f.balance('USDT').locked.toFixed()).toBe('250');
    const canceled = await client.del('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'ORD_C', newClientOrderId: 'CXL_1' });
    expect(canceled.json).toMatchObject({ origClientOrderId: 'ORD_C', clientOrderId: 'CXL_1', status: 'CANCELED' });
    expect(f.balance('USDT').locked.toFixed()).toBe('0');
    expect(f.balance('USDT').free.toFixed()).toBe('100000');
    expect((await client.del('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'ORD_C' })).json).toEqual({
      code: -2011,
      msg: 'Unknown order sent.',
    });
  });

  it('cancels all open orders of a symbol, and answers -2011 when there are none', async () => {
    const f = await start();
    const client = signedClient(f);
    await client.post('/api/v3/order', limitBuy('ORD_A1'));
    await client.post('/api/v3/order', limitBuy('ORD_A2'));
    const open = await client.get('/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect((open.json as Array<{ clientOrderId: string }>).map((o) => o.clientOrderId)).toEqual(['ORD_A1', 'ORD_A2']);
    const all = await client.del('/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect((all.json as Array<{ origClientOrderId: string; status: string }>).map((o) => [o.origClientOrderId, o.status])).toEqual([
      ['ORD_A1', 'CANCELED'],
      ['ORD_A2', 'CANCELED'],
    ]);
    expect((await client.del('/api/v3/openOrders', { symbol: 'BTCUSDT' })).json).toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });

  it('sizes a quoteOrderQty MARKET order down to the LOT_SIZE step', async () => {
    const f = await start();
    f.control.setPrice('BTCUSDT', '30000');
    const res = await signedClient(f).post('/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '100' });
    // 100 / 30000 = 0.0033333.. -> 0.00333 at step 0.00001.
    expect(res.json).toMatchObject({ status: 'FILLED', origQty: '0.00333000', origQuoteOrderQty: '100.00000000', cummulativeQuoteQty: '99.90000000' });
  });

  it('lists own trades with increasing ids, by fromId, time window and orderId', async () => {
    const clock = manualClock(1_700_000_000_000);
    const f = await start({ clock });
    const client = signedClient(f);
    await client.post('/api/v3/order', limitBuy('ORD_T', '25000', '0.03'));
    const t1 = f.control.fill('ORD_T', { qty: '0.01' });
    clock.advance(60_000);
    const t2 = f.control.fill('ORD_T', { qty: '0.01', price: '24999.99' });
    clock.advance(60_000);
    const t3 = f.control.fill('ORD_T');
    expect([t1.id, t2.id, t3.id]).toEqual([1, 2, 3]);
    const ids = async (params: Record<string, string>) =>
      ((await client.get('/api/v3/myTrades', { symbol: 'BTCUSDT', ...params })).json as Array<{ id: number }>).map((t) => t.id);
    expect(await ids({})).toEqual([1, 2, 3]);
    expect(await ids({ fromId: '2' })).toEqual([2, 3]);
    expect(await ids({ limit: '2' })).toEqual([2, 3]);
    expect(await ids({ startTime: String(t2.time) })).toEqual([2, 3]);
    expect(await ids({ startTime: String(t1.time), limit: '1' })).toEqual([1]);
    expect(await ids({ endTime: String(t2.time) })).toEqual([1, 2]);
    expect(await ids({ orderId: String(t1.orderId) })).toEqual([1, 2, 3]);
    const trades = (await client.get('/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: '2', limit: '1' })).json;
    expect(trades).toEqual([
      {
        symbol: 'BTCUSDT',
        id: 2,
        orderId: t1.orderId,
        orderListId: -1,
        price: '24999.99000000',
        qty: '0.01000000',
        quoteQty: '249.99990000',
        commission: '0.00001000',
        commissionAsset: 'BTC',
        time: t2.time,
        isBuyer: true,
        isMaker: true,
        isBestMatch: true,
      },
    ]);
    expect((await client.get('/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: '1', startTime: '1' })).json).toMatchObject({ code: -1128 });
    const order = (await client.get('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'ORD_T' })).json;
    expect(order).toMatchObject({ status: 'FILLED', executedQty: '0.03000000', cummulativeQuoteQty: '749.99990000' });
  });

  it('reports balances on /account, with omitZeroBalances', async () => {
    const f = await start({ balances: { USDT: '1000', BTC: '0' } });
    const all = (await signedClient(f).get('/api/v3/account')).json as { balances: Array<{ asset: string }> };
    expect(all).toMatchObject({ canTrade: true, accountType: 'SPOT', permissions: ['SPOT'] });
    expect(all.balances).toContainEqual({ asset: 'USDT', free: '1000.00000000', locked: '0.00000000' });
    const nonZero = (await signedClient(f).get('/api/v3/account', { omitZeroBalances: 'true' })).json as { balances: Array<{ asset: string }> };
    expect(nonZero.balances.map((b) => b.asset)).toEqual(['USDT']);
  });
});

describe('fault controls over raw HTTP', () => {
  it('answers 429 with Retry-After and -1003, once', async () => {
    const f = await start();
    f.control.rateLimitNext({ status: 429, retryAfterSec: 7, match: { path: '/api/v3/account' } });
    const limited = await signedClient(f).get('/api/v3/account');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json).toMatchObject({ code: -1003 });
    expect((await signedClient(f).get('/api/v3/account')).status).toBe(200);
  });

  it('bans for Retry-After seconds of server time after a 418, counting every request sent during the ban', async () => {
    const clock = manualClock(1_700_000_000_000);
    const f = await start({ clock });
    f.control.rateLimitNext({ status: 418, retryAfterSec: 120 });
    const first = await raw(f.restUrl, { method: 'GET', path: '/api/v3/time' });
    expect([first.status, first.headers.get('retry-after')]).toEqual([418, '120']);
    clock.advance(60_000);
    const during = await raw(f.restUrl, { method: 'GET', path: '/api/v3/ping' });
    expect([during.status, during.headers.get('retry-after')]).toEqual([418, '60']);
    expect(during.json).toEqual({
      code: -1003,
      msg: 'Way too much request weight used; IP banned until 1700000120000. Please use WebSocket Streams for live updates to avoid bans.',
    });
    clock.advance(60_000);
    expect((await raw(f.restUrl, { method: 'GET', path: '/api/v3/ping' })).status).toBe(200);
    expect(f.requests().map((r) => r.duringBan)).toEqual([false, true, false]);
  });

  it('commits the order and then answers 503, or drops the socket: the order exists exactly once', async () => {
    const f = await start();
    const client = signedClient(f);
    f.control.commitThenError();
    const res = await client.post('/api/v3/order', limitBuy('ORD_5XX'));
    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      code: -1007,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    });
    f.control.commitThenDrop();
    await expect(client.post('/api/v3/order', limitBuy('ORD_DROP'))).rejects.toThrow();
    expect(f.ordersByClientId('ORD_5XX')).toHaveLength(1);
    expect(f.ordersByClientId('ORD_DROP')).toHaveLength(1);
    expect(f.requests({ method: 'POST', path: '/api/v3/order' }).map((r) => r.outcome.kind)).toEqual(['answered', 'dropped']);
    // Both are found by the lookup a careful client does next.
    expect((await client.get('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'ORD_DROP' })).json).toMatchObject({ status: 'NEW' });
  });

  it('skews the server clock: a client on true time gets -1021', async () => {
    const clock = manualClock(1_700_000_000_000);
    const f = await start({ clock });
    f.control.skewClock(30_000);
    const res = await raw(f.restUrl, {
      method: 'GET',
      path: '/api/v3/account',
      // Signed with the unskewed time, as a client with a correct clock would.
      query: signedQuery(f.secret, {}, clock.now()),
      apiKey: f.apiKey,
    });
    expect(res.json).toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    expect(f.serverTime()).toBe(clock.now() + 30_000);
  });
});
