/**
 * The exchange client as the connector configures it, signing against the
 * Binance documentation's own HMAC examples (rest-api.md and
 * web-socket-api.md "SIGNED ... example (HMAC)"), with time taken from the
 * injected clock.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { createCcxtExchange } from '../../../core/connectors/live';
import { verifySigned } from '../../fixtures/fake-binance/signature';

// The documentation's example key pair (published for illustration only).
const DOC_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

const hmac = (payload: string): string => createHmac('sha256', DOC_SECRET).update(payload).digest('hex');

describe('REST: POST /api/v3/order, the documentation example', () => {
  const DOC_PAYLOAD = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
  const DOC_SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

  it('HMAC-SHA256 of the documented payload is the documented signature', () => {
    expect(hmac(DOC_PAYLOAD)).toBe(DOC_SIGNATURE);
  });

  it('signs the documented order at the documented time: same parameters, key header, a signature the documented check accepts', () => {
    const exchange = createCcxtExchange({
      exchangeId: 'binance',
      credentials: { apiKey: DOC_KEY, secret: DOC_SECRET },
      clock: new VirtualClock(1499827319559),
      recvWindowMs: 5000,
    });
    const signed: unknown = exchange.sign('order', 'private', 'POST', {
      symbol: 'LTCBTC',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1',
      price: '0.1',
    });
    const { body, headers, url } = signed as { body: string; headers: Record<string, string>; url: string };
    expect(url).toBe('https://api.binance.com/api/v3/order');
    expect(headers['X-MBX-APIKEY']).toBe(DOC_KEY);
    const params = new URLSearchParams(body);
    const signature = params.get('signature') ?? '';
    const payload = body.slice(0, body.indexOf('&signature='));
    // ccxt puts the timestamp first and, given no client order id, adds its own (the connector always
    // sends ours); the rest are the documentation's parameters and values.
    expect(params.get('newClientOrderId')).toMatch(/^x-TKT5PX2F/);
    expect(Object.fromEntries([...params].filter(([k]) => k !== 'signature' && k !== 'newClientOrderId'))).toEqual(
      Object.fromEntries(new URLSearchParams(DOC_PAYLOAD)),
    );
    expect(signature).toBe(hmac(payload));
    expect(() =>
      verifySigned({
        apiKey: DOC_KEY,
        payload,
        signature,
        timestamp: params.get('timestamp') ?? undefined,
        recvWindow: params.get('recvWindow') ?? undefined,
        serverTimeMs: 1499827319559,
        credentials: { apiKey: DOC_KEY, secret: DOC_SECRET },
      }),
    ).not.toThrow();
  });
});

describe('WebSocket API: params sorted by name, the documentation example', () => {
  it('produces exactly the documented signature', () => {
    const exchange = createCcxtExchange({
      exchangeId: 'binance',
      credentials: { apiKey: DOC_KEY, secret: DOC_SECRET },
      clock: new VirtualClock(1645423376532),
      recvWindowMs: 100,
    });
    const signParams: unknown = Reflect.get(exchange, 'signParams');
    if (typeof signParams !== 'function') throw new Error('ccxt.pro.binance has no signParams');
    const signed = signParams.call(exchange, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
    }) as Record<string, unknown>;
    expect(signed).toMatchObject({ apiKey: DOC_KEY, timestamp: 1645423376532, recvWindow: 100 });
    expect(signed['signature']).toBe('aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24');
  });
});
