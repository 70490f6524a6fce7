/**
 * ccxt.pro.binance wired to a fresh fake, closed after each test, plus the
 * small helpers the ccxt tests share.
 */
import ccxt from 'ccxt';
import { afterEach } from 'vitest';
import type { FakeBinance, FakeBinanceOptions, RequestRecord } from '../../fixtures/fake-binance';
import { ccxtBinanceConfig, startFakeBinance } from '../../fixtures/fake-binance';

export type ProBinance = InstanceType<typeof ccxt.pro.binance>;

const open: Array<{ close(): Promise<unknown> }> = [];

afterEach(async () => {
  // ccxt instances first (they hold sockets to the fake), then the fakes.
  const closing = open.splice(0).reverse();
  for (const c of closing) await c.close();
});

export async function startFake(options?: FakeBinanceOptions): Promise<FakeBinance> {
  const fake = await startFakeBinance(options);
  open.push(fake);
  return fake;
}

export function ccxtFor(fake: FakeBinance, overrides: Readonly<Record<string, unknown>> = {}): ProBinance {
  const exchange = new ccxt.pro.binance({ ...ccxtBinanceConfig(fake), ...overrides });
  open.push(exchange);
  return exchange;
}

export async function startFakeWithCcxt(options?: FakeBinanceOptions): Promise<{ fake: FakeBinance; exchange: ProBinance }> {
  const fake = await startFake(options);
  const exchange = ccxtFor(fake);
  await exchange.loadMarkets();
  return { fake, exchange };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error('expected a rejection');
}

/** Requests the fake received while `action` ran. */
export async function requestsDuring(fake: FakeBinance, action: () => Promise<unknown>): Promise<RequestRecord[]> {
  const before = fake.requestCount();
  await action();
  return fake.requests().slice(before);
}

/**
 * ccxt 4.5.84 creates a future named `authenticate:signature:spot` before it
 * sends `userDataStream.subscribe.signature` and rejects it when the exchange
 * refuses the subscription, but nothing awaits that future: Node then reports
 * an unhandled rejection. Call this right after a watch* call that may be
 * refused. (A real connector needs the same guard or a process-level handler.)
 */
export function absorbCcxtAuthFlightRejection(exchange: ProBinance, wsApiUrl: string): void {
  const client: unknown = exchange.clients[wsApiUrl];
  if (typeof client !== 'object' || client === null || !('futures' in client)) return;
  const futures: unknown = client.futures;
  if (typeof futures !== 'object' || futures === null) return;
  const flight: unknown = Reflect.get(futures, 'authenticate:signature:spot');
  if (flight instanceof Promise) flight.catch(() => undefined);
}
