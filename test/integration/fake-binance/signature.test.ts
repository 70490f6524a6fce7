/**
 * The fake's signature module against the Binance documentation's own HMAC
 * examples (rest-api.md and web-socket-api.md, "SIGNED ... example (HMAC)"),
 * and its timing window against the documented processing logic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinanceApiError } from '../../fixtures/fake-binance/errors';
import {
  checkTimestamp,
  hmacSha256Hex,
  restSignaturePayload,
  verifySigned,
  wsSignaturePayload,
} from '../../fixtures/fake-binance/signature';

// The documentation's example key pair (published for illustration only).
const DOC_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOC_CREDENTIALS = { apiKey: DOC_KEY, secret: DOC_SECRET };
const DOC_PAYLOAD =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const DOC_SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';
const DOC_TIMESTAMP = 1499827319559;

function refusal(f: () => unknown): { code: number; msg: string; status: number } {
  try {
    f();
  } catch (e) {
    if (e instanceof BinanceApiError) return { code: e.code, msg: e.msg, status: e.httpStatus };
    throw e;
  }
  throw new Error('expected a refusal');
}

const verifyDoc = (signature: string, timestamp = String(DOC_TIMESTAMP), serverTimeMs = DOC_TIMESTAMP): void =>
  verifySigned({
    apiKey: DOC_KEY,
    payload: DOC_PAYLOAD,
    signature,
    timestamp,
    recvWindow: '5000',
    serverTimeMs,
    credentials: DOC_CREDENTIALS,
  });

describe('REST HMAC signature (rest-api.md)', () => {
  it('computes the documented signature for the ASCII example', () => {
    expect(hmacSha256Hex(DOC_SECRET, DOC_PAYLOAD)).toBe(DOC_SIGNATURE);
  });

  it('computes the documented signature for the percent-encoded non-ASCII example', () => {
    const payload =
      'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(hmacSha256Hex(DOC_SECRET, payload)).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('signs the query string without the signature parameter', () => {
    const { payload, signature } = restSignaturePayload(`${DOC_PAYLOAD}&signature=${DOC_SIGNATURE}`, '');
    expect(payload).toBe(DOC_PAYLOAD);
    expect(signature).toBe(DOC_SIGNATURE);
  });

  it('concatenates query and body without a separator (the earlier docs\' "Example 3: mixed")', () => {
    const { payload, signature } = restSignaturePayload(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC',
      'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77',
    );
    expect(payload).toBe('symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(signature).toBe(hmacSha256Hex(DOC_SECRET, payload));
  });

  it('accepts the documented request, in either letter case (HMAC signatures are not case-sensitive)', () => {
    expect(() => verifyDoc(DOC_SIGNATURE)).not.toThrow();
    expect(() => verifyDoc(DOC_SIGNATURE.toUpperCase())).not.toThrow();
  });

  it('refuses a tampered signature with -1022', () => {
    const tampered = (DOC_SIGNATURE.startsWith('0') ? '1' : '0') + DOC_SIGNATURE.slice(1);
    expect(refusal(() => verifyDoc(tampered))).toEqual({
      code: -1022,
      msg: 'Signature for this request is not valid.',
      status: 400,
    });
  });

  it('refuses a signature over a different payload with -1022', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (extra) => {
        const other = hmacSha256Hex(DOC_SECRET, `${DOC_PAYLOAD}&x=${extra}`);
        expect(refusal(() => verifyDoc(other)).code).toBe(-1022);
      }),
    );
  });

  it('refuses an unknown key with -2015 and a malformed one with -2014', () => {
    const verifyWithKey = (apiKey: string | undefined) => () =>
      verifySigned({
        apiKey,
        payload: DOC_PAYLOAD,
        signature: DOC_SIGNATURE,
        timestamp: String(DOC_TIMESTAMP),
        recvWindow: '5000',
        serverTimeMs: DOC_TIMESTAMP,
        credentials: DOC_CREDENTIALS,
      });
    expect(refusal(verifyWithKey('A'.repeat(64)))).toMatchObject({ code: -2015, status: 401 });
    expect(refusal(verifyWithKey('not-a-key'))).toMatchObject({ code: -2014, status: 401 });
    expect(refusal(verifyWithKey(undefined))).toMatchObject({ code: -2014, status: 401 });
  });
});

describe('timing security (the documented processing logic)', () => {
  // Accept iff timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow.
  it('refuses the documented request when the server clock is outside its window, with -1021', () => {
    expect(refusal(() => verifyDoc(DOC_SIGNATURE, String(DOC_TIMESTAMP), DOC_TIMESTAMP + 5001))).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
      status: 400,
    });
    expect(refusal(() => verifyDoc(DOC_SIGNATURE, String(DOC_TIMESTAMP), DOC_TIMESTAMP - 1000))).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
      status: 400,
    });
  });

  it('matches the documented inequality on every (offset, recvWindow)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -70_000, max: 70_000 }), fc.integer({ min: 0, max: 60_000 }), (offset, recvWindow) => {
        const server = DOC_TIMESTAMP + offset;
        const accepted = DOC_TIMESTAMP < server + 1000 && server - DOC_TIMESTAMP <= recvWindow;
        const result = checkTimestamp(String(DOC_TIMESTAMP), String(recvWindow), server);
        expect(result === undefined).toBe(accepted);
        if (result !== undefined) expect(result.code).toBe(-1021);
      }),
    );
  });

  it('defaults recvWindow to 5000 ms and refuses more than 60000', () => {
    expect(checkTimestamp(String(DOC_TIMESTAMP), undefined, DOC_TIMESTAMP + 5000)).toBeUndefined();
    expect(checkTimestamp(String(DOC_TIMESTAMP), undefined, DOC_TIMESTAMP + 5001)?.code).toBe(-1021);
    expect(checkTimestamp(String(DOC_TIMESTAMP), '60001', DOC_TIMESTAMP)?.code).toBe(-1102);
    expect(checkTimestamp(String(DOC_TIMESTAMP), '6000.346', DOC_TIMESTAMP + 6000)).toBeUndefined();
  });

  it('takes timestamps in microseconds too', () => {
    expect(checkTimestamp(`${DOC_TIMESTAMP}123`, '5000', DOC_TIMESTAMP + 100)).toBeUndefined();
    expect(checkTimestamp(`${DOC_TIMESTAMP}123`, '5000', DOC_TIMESTAMP + 6000)?.code).toBe(-1021);
  });

  it('requires a timestamp', () => {
    expect(checkTimestamp(undefined, '5000', DOC_TIMESTAMP)?.code).toBe(-1102);
  });
});

describe('WebSocket API HMAC signature (web-socket-api.md)', () => {
  const base = {
    apiKey: DOC_KEY,
    side: 'SELL',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.01000000',
    price: '52000.00',
    recvWindow: 100,
    timestamp: 1645423376532,
  };

  it('sorts params by name and signs them to the documented value', () => {
    const payload = wsSignaturePayload({ symbol: 'BTCUSDT', ...base, signature: 'ignored' });
    expect(payload).toBe(
      'apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT',
    );
    expect(hmacSha256Hex(DOC_SECRET, payload)).toBe('aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24');
  });

  it('signs non-ASCII values as UTF-8, not percent-encoded, to the documented value', () => {
    const payload = wsSignaturePayload({
      ...base,
      symbol: '１２３４５６',
      side: 'BUY',
      quantity: '1.00000000',
      price: '0.10000000',
      recvWindow: 5000,
    });
    expect(hmacSha256Hex(DOC_SECRET, payload)).toBe('b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd');
  });

  it('gives the same payload whatever order the params arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.entries(base), { minLength: Object.keys(base).length }), (entries) => {
        expect(wsSignaturePayload(Object.fromEntries(entries))).toBe(wsSignaturePayload(base));
      }),
    );
  });
});
