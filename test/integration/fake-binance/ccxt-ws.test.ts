/**
 * The user data stream: ccxt.pro.binance 4.5 subscribes on the WebSocket API
 * with `userDataStream.subscribe.signature` (no listenKey for spot) and reads
 * executionReport events; a raw client checks the events field by field
 * against user-data-stream.md.
 */
import { NetworkError } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { FakeBinance } from '../../fixtures/fake-binance';
import { hmacSha256Hex, wsSignaturePayload } from '../../fixtures/fake-binance/signature';
import { rejection, startFake, startFakeWithCcxt } from './ccxt-harness';
import { signedClient } from './raw-client';

const ORD = 'ORD_20240101_120000_ws000';

describe('ccxt watchOrders / watchMyTrades', () => {
  it('subscribes once by signature, then sees NEW, the partial fill, and the fill as orders and trades', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    // Subscribe first, so the watch futures exist before any event is pushed.
    await exchange.authenticate();
    expect(fake.requests({ method: 'userDataStream.subscribe.signature' })).toHaveLength(1);
    const subscribe = fake.requests({ method: 'userDataStream.subscribe.signature' })[0];
    expect(Object.keys(subscribe?.params ?? {}).sort()).toEqual(['apiKey', 'recvWindow', 'signature', 'timestamp']);
    expect(fake.userStreamSubscriptions()).toBe(1);

    const afterNew = exchange.watchOrders('BTC/USDT');
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD });
    expect((await afterNew).map((o) => [o.clientOrderId, o.status, o.filled])).toEqual([[ORD, 'open', 0]]);

    const afterPartial = exchange.watchOrders('BTC/USDT');
    const firstTrade = exchange.watchMyTrades('BTC/USDT');
    fake.control.fill(ORD, { qty: '0.004' });
    expect((await afterPartial).at(-1)).toMatchObject({ clientOrderId: ORD, status: 'open', filled: 0.004, remaining: 0.006 });
    expect((await firstTrade).map((t) => [t.id, t.amount, t.price, t.side, t.takerOrMaker, t.fee?.cost, t.fee?.currency])).toEqual([
      ['1', 0.004, 25000, 'buy', 'maker', 0.000004, 'BTC'],
    ]);

    const afterFill = exchange.watchOrders('BTC/USDT');
    fake.control.fill(ORD);
    expect((await afterFill).at(-1)).toMatchObject({ clientOrderId: ORD, status: 'closed', filled: 0.01, average: 25000 });
    // One subscription served every watch call.
    expect(fake.requests({ method: 'userDataStream.subscribe.signature' })).toHaveLength(1);
  });

  it('shows a cancel under our client order id (ccxt reads C, the canceled order id, before c)', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    await exchange.authenticate();
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD });
    const afterCancel = exchange.watchOrders('BTC/USDT');
    await exchange.cancelOrder('', 'BTC/USDT', { origClientOrderId: ORD });
    expect((await afterCancel).at(-1)).toMatchObject({ clientOrderId: ORD, status: 'canceled' });
    expect(fake.openOrders()).toEqual([]);
  });

  it('a dropped WebSocket rejects the pending watch with NetworkError; watching again resubscribes and gets events', async () => {
    const { fake, exchange } = await startFakeWithCcxt();
    await exchange.authenticate();
    const pending = exchange.watchOrders('BTC/USDT');
    fake.control.dropWebSockets();
    const e = await rejection(pending);
    expect(e.constructor).toBe(NetworkError);
    expect(e.message).toContain('1006');

    await exchange.authenticate();
    expect(fake.requests({ method: 'userDataStream.subscribe.signature' })).toHaveLength(2);
    const again = exchange.watchOrders('BTC/USDT');
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 25000, { newClientOrderId: ORD });
    expect((await again).at(-1)).toMatchObject({ clientOrderId: ORD, status: 'open' });
  });
});

// ---- the events themselves, read by a raw WebSocket client ------------------

const Envelope = z.object({ subscriptionId: z.number().int(), event: z.record(z.string(), z.unknown()) });
const Reply = z.object({
  id: z.union([z.string(), z.number()]),
  status: z.number(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), msg: z.string() }).optional(),
});
const DECIMAL = z.string().regex(/^\d+\.\d{8}$/);

/** user-data-stream.md "Order Update" payload, every field with its documented type. */
const ExecutionReport = z.strictObject({
  e: z.literal('executionReport'),
  E: z.number().int(),
  s: z.string(),
  c: z.string(),
  S: z.enum(['BUY', 'SELL']),
  o: z.string(),
  f: z.enum(['GTC', 'IOC', 'FOK']),
  q: DECIMAL,
  p: DECIMAL,
  P: DECIMAL,
  F: DECIMAL,
  g: z.literal(-1),
  C: z.string(),
  x: z.enum(['NEW', 'CANCELED', 'REPLACED', 'REJECTED', 'TRADE', 'EXPIRED', 'TRADE_PREVENTION']),
  X: z.enum(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH']),
  r: z.literal('NONE'),
  i: z.number().int(),
  l: DECIMAL,
  z: DECIMAL,
  L: DECIMAL,
  n: z.string(),
  N: z.string().nullable(),
  T: z.number().int(),
  t: z.number().int(),
  I: z.number().int(),
  w: z.boolean(),
  m: z.boolean(),
  M: z.boolean(),
  O: z.number().int(),
  Z: DECIMAL,
  Y: DECIMAL,
  Q: DECIMAL,
  W: z.number().int().optional(),
  V: z.literal('NONE'),
});

const AccountPosition = z.strictObject({
  e: z.literal('outboundAccountPosition'),
  E: z.number().int(),
  u: z.number().int(),
  B: z.array(z.strictObject({ a: z.string(), f: DECIMAL, l: DECIMAL })),
});

/** A WebSocket API session that queues every frame, so tests await messages instead of sleeping. */
async function rawSession(fake: FakeBinance): Promise<{
  send(msg: unknown): void;
  next(): Promise<unknown>;
  close(): void;
}> {
  const socket = new WebSocket(fake.wsApiUrl);
  const queued: unknown[] = [];
  const waiting: Array<(m: unknown) => void> = [];
  socket.on('message', (data: Buffer) => {
    const msg: unknown = JSON.parse(data.toString());
    const w = waiting.shift();
    if (w === undefined) queued.push(msg);
    else w(msg);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    send: (msg) => socket.send(JSON.stringify(msg)),
    next: () => (queued.length > 0 ? Promise.resolve(queued.shift()) : new Promise((resolve) => waiting.push(resolve))),
    close: () => socket.close(),
  };
}

function signedSubscribe(fake: FakeBinance, id: string, secret = fake.secret): unknown {
  const params: Record<string, unknown> = { apiKey: fake.apiKey, timestamp: fake.serverTime(), recvWindow: 5000 };
  return { id, method: 'userDataStream.subscribe.signature', params: { ...params, signature: hmacSha256Hex(secret, wsSignaturePayload(params)) } };
}

describe('WebSocket API user data events (raw client)', () => {
  it('answers the subscription as documented and pushes executionReport / outboundAccountPosition in the documented shape', async () => {
    const fake = await startFake();
    const session = await rawSession(fake);
    try {
      session.send(signedSubscribe(fake, 'sub-1'));
      expect(Reply.parse(await session.next())).toEqual({ id: 'sub-1', status: 200, result: { subscriptionId: 0 } });
      // A second subscription for the same account on this connection is refused.
      session.send(signedSubscribe(fake, 'sub-2'));
      expect(Reply.parse(await session.next())).toMatchObject({ id: 'sub-2', status: 400, error: { code: -2035 } });

      await signedClient(fake).post('/api/v3/order', {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01',
        price: '25000',
        newClientOrderId: ORD,
      });
      fake.control.fill(ORD, { qty: '0.004' });
      await signedClient(fake).del('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: ORD, newClientOrderId: 'CXL_1' });

      const events: Array<Record<string, unknown>> = [];
      while (events.filter((e) => e['e'] === 'executionReport').length < 3) events.push(Envelope.parse(await session.next()).event);
      const reports = events.filter((e) => e['e'] === 'executionReport').map((e) => ExecutionReport.parse(e));
      for (const e of events.filter((x) => x['e'] === 'outboundAccountPosition')) AccountPosition.parse(e);

      expect(reports.map((r) => [r.x, r.X, r.c, r.C, r.l, r.z, r.t, r.m, r.w])).toEqual([
        ['NEW', 'NEW', ORD, '', '0.00000000', '0.00000000', -1, false, true],
        ['TRADE', 'PARTIALLY_FILLED', ORD, '', '0.00400000', '0.00400000', 1, true, true],
        ['CANCELED', 'CANCELED', 'CXL_1', ORD, '0.00000000', '0.00400000', -1, false, false],
      ]);
      expect(reports[1]).toMatchObject({ L: '25000.00000000', n: '0.00000400', N: 'BTC', Y: '100.00000000', Z: '100.00000000' });
      // Execution ids increase across events.
      const ids = reports.map((r) => r.I);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    } finally {
      session.close();
    }
  });

  it('refuses a subscription signed with the wrong secret (-1022) or outside the window (-1021)', async () => {
    const fake = await startFake();
    const session = await rawSession(fake);
    try {
      session.send(signedSubscribe(fake, 'bad-sig', 'W'.repeat(64)));
      expect(Reply.parse(await session.next())).toEqual({
        id: 'bad-sig',
        status: 400,
        error: { code: -1022, msg: 'Signature for this request is not valid.' },
      });
      fake.control.skewClock(-10_000);
      const stale = signedSubscribe(fake, 'stale');
      fake.control.skewClock(0);
      session.send(stale);
      expect(Reply.parse(await session.next())).toMatchObject({ id: 'stale', status: 400, error: { code: -1021 } });
      expect(fake.userStreamSubscriptions()).toBe(0);
    } finally {
      session.close();
    }
  });
});
