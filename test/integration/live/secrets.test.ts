/**
 * Keys never leak: a scenario through every path that writes text (start,
 * orders, a 429, an unknown outcome, a clock resync, a dropped stream,
 * refusals, an authentication failure) with distinctive credentials, then a
 * grep of every log line, every error message, every event, the status, and
 * the ledger's database files.
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import {
  CredentialError,
  credentialsFrom,
  envCredentials,
  ledgerView,
  LiveConnector,
  redactingLogger,
  REDACTED,
  type LogFields,
} from '../../../core/connectors/live';
import { Decimal } from '../../../core/domain';
import { ccxtBinanceConfig } from '../../fixtures/fake-binance';
import { API_KEY, API_SECRET, autoAdvance, intend, makeFake, nextEvent, startRig, SYMBOL, T0 } from './harness';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const WRONG_SECRET = 'WrongSecretXv8Hq3Lm6Zt1Rb9Nc4Wd7Fy2Gk5Jp0Ts3Ue6Ia9Ob2Pc5Qd8Re1Sf';

function leaks(text: string): string[] {
  return [API_KEY, API_SECRET, WRONG_SECRET].filter((s) => text.includes(s));
}

describe('no key or secret in logs, errors, events or the database', () => {
  it('holds across a scenario that touches every fault path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-secrets-'));
    dirs.push(dir);
    const rig = await startRig({ ledger: join(dir, 'ledger.db') });
    const { connector, fake, clock } = rig;
    autoAdvance(rig);
    const texts: string[] = [];
    const keep = (v: unknown) => texts.push(JSON.stringify(v));

    const a = intend(rig);
    keep(await connector.place(a));
    fake.control.rateLimitNext({ status: 429, retryAfterSec: 1 });
    keep(await connector.openOrders(SYMBOL));
    fake.control.commitThenError();
    const b = intend(rig, { price: new Decimal('24000') });
    keep(
      await connector.placeAndResolve(b, {
        onUnknown: (m) => {
          texts.push(m);
          if (rig.ledger.getOrder(b.clientOrderId)?.status === 'PENDING_SUBMIT') rig.ledger.updateOrder({ order_id: b.clientOrderId, status: 'UNKNOWN' });
        },
      }),
    );
    fake.control.skewClock(20_000);
    keep(await connector.cancel(a.clientOrderId, SYMBOL));
    // Refused orders are marked REJECTED in the ledger, as the engine does.
    for (const refused of [intend(rig, { quantity: new Decimal('0.00001') }), intend(rig, { quantity: new Decimal('100') })]) {
      const r = await connector.place(refused);
      keep(r);
      expect(r).toMatchObject({ ok: false, outcome: 'REJECTED' });
      rig.ledger.updateOrder({ order_id: refused.clientOrderId, status: 'REJECTED', reason: r.ok ? '' : r.message });
    }
    keep(await connector.cancel('ORD_20251201_143000_nopez', SYMBOL));
    const back = nextEvent(connector, 'RECONCILED', (e) => e.report.trigger === 'RECONNECT');
    fake.control.dropWebSockets();
    await back;
    keep(connector.status());
    keep(await connector.balances());

    // A second connector with the right key and a wrong secret: refused everywhere, and says so without the secret.
    const wrong = new LiveConnector({
      exchangeId: 'binance',
      credentials: envCredentials('BAD', { BAD_API_KEY: API_KEY, BAD_API_SECRET: WRONG_SECRET }),
      clock,
      symbols: [SYMBOL],
      ledger: ledgerView(rig.ledger),
      urls: ccxtBinanceConfig(fake).urls.api,
      reconnectDelaysMs: [0, 3_600_000],
      logger: { log: (level, message, fields) => rig.logs.push({ level, message, ...(fields === undefined ? {} : { fields }), text: JSON.stringify({ level, message, ...fields }) }) },
    });
    wrong.onEvent(keep);
    const refused = await wrong.start();
    keep(refused);
    expect(refused).toMatchObject({ ok: false });
    await wrong.close();

    await connector.close();
    rig.ledger.close();

    const logText = rig.logs.map((l) => l.text);
    // The scenario did go through the paths that write text.
    for (const expected of ['rate limited', 'order outcome unknown', 'exchange clock measured', 'order stream dropped', 'reconciliation failed']) {
      expect(logText.some((t) => t.includes(expected))).toBe(true);
    }
    expect(texts.some((t) => t.includes('Signature for this request is not valid') || t.includes('-1022'))).toBe(true);
    expect(logText.flatMap(leaks)).toEqual([]);
    expect(texts.flatMap(leaks)).toEqual([]);
    expect(rig.events.map((e) => JSON.stringify(e)).flatMap(leaks)).toEqual([]);
    const files = readdirSync(dir);
    expect(files).toContain('ledger.db');
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      for (const s of [API_KEY, API_SECRET, WRONG_SECRET]) expect(bytes.includes(Buffer.from(s))).toBe(false);
    }
  });
});

describe('redaction', () => {
  it('scrubs both values from messages, fields, nested values and errors before any sink sees them', () => {
    const seen: Array<{ message: string; fields?: LogFields }> = [];
    const logger = redactingLogger({ log: (_l, message, fields) => seen.push({ message, ...(fields === undefined ? {} : { fields }) }) }, () => [API_KEY, API_SECRET]);
    const error = new Error(`signature check failed for key ${API_KEY}`);
    logger.log('error', `request with ${API_SECRET} failed`, { error, nested: { list: [API_KEY, 1, null], [API_SECRET]: true } });
    const text = JSON.stringify(seen);
    expect(leaks(text)).toEqual([]);
    expect(seen[0]?.message).toBe(`request with ${REDACTED} failed`);
    expect(seen[0]?.fields).toMatchObject({ error: { name: 'Error', message: `signature check failed for key ${REDACTED}` }, nested: { list: [REDACTED, 1, null] } });
  });
});

describe('credentials', () => {
  it('reads <PREFIX>_API_KEY and <PREFIX>_API_SECRET from the environment', async () => {
    await expect(envCredentials('LD_BINANCE', { LD_BINANCE_API_KEY: API_KEY, LD_BINANCE_API_SECRET: API_SECRET }).load()).resolves.toEqual({
      apiKey: API_KEY,
      secret: API_SECRET,
    });
  });

  it('names what is missing or malformed, never the value', async () => {
    const missing = envCredentials('LD_BINANCE', { LD_BINANCE_API_KEY: API_KEY }).load();
    await expect(missing).rejects.toThrow(new CredentialError('MISSING', 'environment LD_BINANCE_*: LD_BINANCE_API_SECRET is not set'));
    const withSpace = `${API_SECRET} x`;
    const malformed = await credentialsFrom('keychain', (n) => (n === 'key' ? API_KEY : withSpace), { apiKey: 'key', secret: 'secret' })
      .load()
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(CredentialError);
    expect(malformed).toMatchObject({ code: 'MALFORMED' });
    expect(leaks(String((malformed as Error).message))).toEqual([]);
  });

  it('a connector whose credentials cannot be loaded refuses to start, and says why', async () => {
    const clock = new VirtualClock(T0);
    const fake = await makeFake(clock);
    const connector = new LiveConnector({
      exchangeId: 'binance',
      credentials: envCredentials('NONE', {}),
      clock,
      symbols: [SYMBOL],
      urls: ccxtBinanceConfig(fake).urls.api,
    });
    expect(await connector.start()).toEqual({
      ok: false,
      outcome: 'REJECTED',
      reason: 'EXCHANGE_ERROR',
      message: 'could not start: environment NONE_*: NONE_API_KEY is not set',
    });
    expect(fake.requests()).toEqual([]);
    expect(await connector.place({ clientOrderId: 'ORD_20251201_143000_aaaaa', symbol: SYMBOL, side: 'BUY', type: 'MARKET', quantity: new Decimal('1') })).toMatchObject({
      ok: false,
      reason: 'EXCHANGE_ERROR',
    });
    await connector.close();
  });
});
