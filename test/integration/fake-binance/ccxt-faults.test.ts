/**
 * Every fault the fake can stage, seen through ccxt.pro.binance 4.5: the
 * exact error class ccxt throws, and what the exchange holds afterwards.
 * The connector's error handling is built on this table (see README.md).
 */
import {
  AuthenticationError,
  BadRequest,
  DDoSProtection,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OperationFailed,
  OrderNotFound,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { describe, expect, it } from 'vitest';
import { absorbCcxtAuthFlightRejection, ccxtFor, rejection, startFake, startFakeWithCcxt } from './ccxt-harness';

const ORD = 'ORD_20240101_120000_f0000';

describe('rate limits and bans', () => {
  it('429 -> DDoSProtection (binance.handleErrors, before the generic 429 -> RateLimitExceeded)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.rateLimitNext({ status: 429, retryAfterSec: 7 });
    const e = await rejection(exchange.fetchBalance());
    expect(e.constructor).toBe(DDoSProtection);
    expect(e).not.toBeInstanceOf(RateLimitExceeded);
    expect(e.message).toContain('"code":-1003');
    await expect(exchange.fetchBalance()).resolves.toBeDefined();
  });

  it('418 -> DDoSProtection, and the fake counts requests a client sends during the ban', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.rateLimitNext({ status: 418, retryAfterSec: 120 });
    expect((await rejection(exchange.fetchBalance())).constructor).toBe(DDoSProtection);
    // A client that ignores Retry-After hits the ban; a test of the connector asserts this stays empty.
    expect((await rejection(exchange.fetchOpenOrders('BTC/USDT'))).constructor).toBe(DDoSProtection);
    expect(fake.requests().filter((r) => r.duringBan).map((r) => r.path)).toEqual(['/api/v3/openOrders']);
  });
});

describe('clock skew', () => {
  it('server clock ahead of ccxt by more than recvWindow -> InvalidNonce (-1021 outside the recvWindow)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.skewClock(20_000);
    const e = await rejection(exchange.fetchBalance());
    expect(e.constructor).toBe(InvalidNonce);
    expect(e.message).toContain('Timestamp for this request is outside of the recvWindow.');
  });

  it('server clock behind ccxt by 1 s or more -> InvalidNonce (-1021 ahead of the server)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.skewClock(-1_500);
    const e = await rejection(exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD }));
    expect(e.constructor).toBe(InvalidNonce);
    expect(e.message).toContain("1000ms ahead of the server's time");
    expect(fake.orders()).toEqual([]);
  });

  it('on the WebSocket API user data subscription too', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.skewClock(20_000);
    const watching = exchange.watchOrders('BTC/USDT');
    absorbCcxtAuthFlightRejection(exchange, fake.wsApiUrl);
    expect((await rejection(watching)).constructor).toBe(InvalidNonce);
    expect(fake.requests({ method: 'userDataStream.subscribe.signature' }).map((r) => r.outcome)).toEqual([
      { kind: 'answered', status: 400, code: -1021 },
    ]);
    expect(fake.userStreamSubscriptions()).toBe(0);
  });
});

describe('order committed, answer lost', () => {
  it('5xx with the -1007 body -> RequestTimeout; the order exists once and is found by client order id', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.commitThenError();
    const e = await rejection(exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD }));
    expect(e.constructor).toBe(RequestTimeout);
    expect(e).toBeInstanceOf(NetworkError);
    expect(fake.ordersByClientId(ORD)).toHaveLength(1);
    expect(await exchange.fetchOrder('', 'BTC/USDT', { origClientOrderId: ORD })).toMatchObject({ clientOrderId: ORD, status: 'open' });
  });

  it.each([
    ['502 with an HTML body', 502, '<html><body>502 Bad Gateway</body></html>', ExchangeNotAvailable],
    ['503 "Service Unavailable."', 503, 'Service Unavailable.', ExchangeNotAvailable],
    ['500 with an empty body', 500, null, ExchangeNotAvailable],
    ['503 with {"code":-1001}', 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }, OperationFailed],
  ] as const)('%s -> %s', async (_name, status, body, errorClass) => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.commitThenError({ status, body });
    const e = await rejection(exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD }));
    expect(e.constructor).toBe(errorClass);
    // Whatever the body, every "answer lost" error is an OperationFailed (NetworkError's parent in ccxt 4.5).
    expect(e).toBeInstanceOf(OperationFailed);
    expect(fake.ordersByClientId(ORD)).toHaveLength(1);
  });

  it('socket destroyed unanswered -> NetworkError; sending the same client order id again -> InvalidOrder (duplicate)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    fake.control.commitThenDrop();
    const e = await rejection(exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD }));
    expect(e.constructor).toBe(NetworkError);
    expect(fake.requests({ method: 'POST', path: '/api/v3/order' }).map((r) => r.outcome.kind)).toEqual(['dropped']);
    const again = await rejection(exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD }));
    expect(again.constructor).toBe(InvalidOrder);
    expect(again.message).toContain('Duplicate order sent.');
    expect(fake.ordersByClientId(ORD)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('maps each documented refusal to a ccxt class', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    const limit = (amount: number, price: number, id: string) =>
      exchange.createOrder('BTC/USDT', 'limit', 'buy', amount, price, { newClientOrderId: id });
    await limit(0.01, 25000, ORD);
    const cases: Array<[string, Promise<unknown>]> = [
      ['duplicate client order id (-2010)', limit(0.01, 25000, ORD)],
      ['LOT_SIZE (-1013, matched on the message)', limit(10_000, 25000, `${ORD}l`)],
      ['NOTIONAL (-1013)', limit(0.0001, 25000, `${ORD}n`)],
      ['insufficient balance (-2010)', limit(100, 25000, `${ORD}i`)],
      ['unknown order on query (-2013)', exchange.fetchOrder('', 'BTC/USDT', { origClientOrderId: 'ORD_NONE' })],
      ['unknown order on cancel (-2011)', exchange.cancelOrder('', 'BTC/USDT', { origClientOrderId: 'ORD_NONE' })],
      ['cancel all with none open (-2011)', exchange.cancelAllOrders('ETH/USDT')],
    ];
    const classes: Record<string, string> = {};
    for (const [name, p] of cases) classes[name] = (await rejection(p)).constructor.name;
    expect(classes).toEqual({
      'duplicate client order id (-2010)': InvalidOrder.name,
      'LOT_SIZE (-1013, matched on the message)': InvalidOrder.name,
      'NOTIONAL (-1013)': BadRequest.name,
      'insufficient balance (-2010)': InsufficientFunds.name,
      'unknown order on query (-2013)': OrderNotFound.name,
      'unknown order on cancel (-2011)': OrderNotFound.name,
      'cancel all with none open (-2011)': OrderNotFound.name,
    });
    expect(fake.orders()).toHaveLength(1);
  });

  it('wrong secret -> AuthenticationError (-1022) on REST and on the WebSocket API; unknown key -> AuthenticationError (-2015)', async () => {
    const fake = await startFake();
    const wrongSecret = ccxtFor(fake, { secret: 'S'.repeat(64) });
    await wrongSecret.loadMarkets();
    expect((await rejection(wrongSecret.fetchBalance())).constructor).toBe(AuthenticationError);
    const watching = wrongSecret.watchOrders();
    absorbCcxtAuthFlightRejection(wrongSecret, fake.wsApiUrl);
    expect((await rejection(watching)).constructor).toBe(AuthenticationError);
    const wrongKey = ccxtFor(fake, { apiKey: 'K'.repeat(64) });
    await wrongKey.loadMarkets();
    const e = await rejection(wrongKey.fetchBalance());
    expect(e.constructor).toBe(AuthenticationError);
    expect(e.message).toContain('-2015');
    expect(fake.requests().map((r) => r.outcome)).toEqual([
      { kind: 'answered', status: 200 },
      { kind: 'answered', status: 400, code: -1022 },
      { kind: 'answered', status: 400, code: -1022 },
      { kind: 'answered', status: 200 },
      { kind: 'answered', status: 401, code: -2015 },
    ]);
  });
});
