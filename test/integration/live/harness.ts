/**
 * The live connector wired to a fresh fake Binance on a shared VirtualClock
 * (the fake's server time and every signature timestamp come from it), a
 * ledger that records what the connector reports, and captured logs and
 * events. Closed after each test.
 */
import { afterEach, expect } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import {
  envCredentials,
  ledgerView,
  LiveConnector,
  type LiveConnectorEvent,
  type LiveConnectorOptions,
  type LogFields,
  type LogLevel,
} from '../../../core/connectors/live';
import type { ExecutionReport, PlaceOrderRequest } from '../../../core/connectors/types';
import { Decimal, generateId } from '../../../core/domain';
import { openLedger, type Ledger } from '../../../core/ledger';
import { ccxtBinanceConfig, startFakeBinance, type FakeBinance, type FakeBinanceOptions } from '../../fixtures/fake-binance';
import { signedClient } from '../fake-binance/raw-client';
import { applyReport } from './ledger-sink';

/** 2025-12-01T14:30:00Z. */
export const T0 = Date.UTC(2025, 11, 1, 14, 30, 0);
export const SYMBOL = 'BTC/USDT';
/** Distinctive 64-character credentials, so a leak is easy to grep for. */
export const API_KEY = 'LdgKeyZq7WvX2pR9tY4uI8oP3aS6dF1gH5jK0lZxC7vB2nM9qW4eR8tY3uI6oP1a';
export const API_SECRET = 'LdgSecQm5Nb8Vc2Xz7Lk4Jh9Gf3Ds6Aq1Wp0Oe5Ir8Tu2Yt7Re4Wq9Za3Sx6Dc1F';

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: LogFields;
  /** The line as a sink would write it. */
  readonly text: string;
}

export interface Rig {
  readonly clock: VirtualClock;
  readonly fake: FakeBinance;
  readonly connector: LiveConnector;
  readonly ledger: Ledger;
  readonly logs: LogLine[];
  readonly reports: ExecutionReport[];
  readonly events: LiveConnectorEvent[];
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export interface RigOptions {
  readonly fake?: FakeBinanceOptions;
  /** An existing fake (a restart keeps the exchange). */
  readonly reuseFake?: FakeBinance;
  readonly clock?: VirtualClock;
  /** An existing ledger (a restart keeps the ledger), or a file path for a new one. */
  readonly ledger?: Ledger | string;
  readonly connector?: Partial<LiveConnectorOptions>;
}

export async function makeFake(clock: VirtualClock, options: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const fake = await startFakeBinance({ clock, apiKey: API_KEY, secret: API_SECRET, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

/** A rig whose connector is built but not started. */
export async function makeRig(options: RigOptions = {}): Promise<Rig> {
  const clock = options.clock ?? new VirtualClock(T0);
  const fake = options.reuseFake ?? (await makeFake(clock, options.fake));
  let ledger: Ledger;
  if (options.ledger === undefined || typeof options.ledger === 'string') {
    const opened = openLedger(options.ledger ?? ':memory:', { clock, onError: (e) => { throw e; } });
    cleanups.push(() => opened.close());
    ledger = opened;
  } else {
    ledger = options.ledger;
  }
  const logs: LogLine[] = [];
  const reports: ExecutionReport[] = [];
  const events: LiveConnectorEvent[] = [];
  const env = { LDTEST_API_KEY: API_KEY, LDTEST_API_SECRET: API_SECRET };
  const connector = new LiveConnector({
    exchangeId: 'binance',
    credentials: envCredentials('LDTEST', env),
    clock,
    symbols: [SYMBOL],
    ledger: ledgerView(ledger),
    // Every ccxt URL key points at the fake, so nothing can leave 127.0.0.1.
    urls: ccxtBinanceConfig(fake).urls.api,
    logger: {
      log: (level, message, fields) => logs.push({ level, message, ...(fields === undefined ? {} : { fields }), text: JSON.stringify({ level, message, ...fields }) }),
    },
    onListenerError: (e) => {
      throw e;
    },
    ...options.connector,
  });
  cleanups.push(() => connector.close());
  connector.onReport((r) => {
    reports.push(r);
    applyReport(ledger, r);
  });
  connector.onEvent((e) => events.push(e));
  return { clock, fake, connector, ledger, logs, reports, events };
}

/** A started rig: markets loaded, stream subscribed, reconciled clean. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const rig = await makeRig(options);
  // A tight budget can make the start itself wait for its window: let the clock follow during start only.
  const stop = autoAdvance(rig);
  const started = await rig.connector.start();
  stop();
  expect(started).toMatchObject({ ok: true, value: { differences: [] } });
  expect(rig.connector.status()).toMatchObject({ connection: 'CONNECTED', acceptingOrders: true });
  return rig;
}

/** The next event of `kind` (and matching `where`) emitted after this call. */
export function nextEvent<K extends LiveConnectorEvent['kind']>(
  connector: LiveConnector,
  kind: K,
  where: (e: Extract<LiveConnectorEvent, { kind: K }>) => boolean = () => true,
): Promise<Extract<LiveConnectorEvent, { kind: K }>> {
  return new Promise((resolve) => {
    const off = connector.onEvent((e) => {
      if (e.kind !== kind) return;
      const typed = e as Extract<LiveConnectorEvent, { kind: K }>;
      if (!where(typed)) return;
      off();
      resolve(typed);
    });
  });
}

/** Whenever the connector waits on the clock (every such event says until when), move the clock there. */
export function autoAdvance(rig: Rig): () => void {
  let chain = Promise.resolve();
  return rig.connector.onEvent((e) => {
    if (!('until' in e)) return;
    const until = e.until;
    chain = chain.then(async () => {
      if (rig.clock.now() < until) await rig.clock.advanceToAsync(until);
    });
  });
}

/** A LIMIT BUY registered in the ledger first (intent before effect), as the engine will do. */
export function intend(rig: Rig, overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  const request: PlaceOrderRequest = {
    clientOrderId: generateId('ORD', rig.clock.now()),
    symbol: SYMBOL,
    side: 'BUY',
    type: 'LIMIT',
    quantity: new Decimal('0.01'),
    price: new Decimal('25000'),
    ...overrides,
  };
  rig.ledger.registerOrder({
    group_id: generateId('EXG', rig.clock.now()),
    plan_id: generateId('TPL', rig.clock.now()),
    group: { execution_strategy: 'SINGLE' },
    plan: { strategy_instance_id: 'live-test', asset_symbol: request.symbol, direction: request.side },
    order: {
      order_id: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      order_type: request.type,
      quantity: request.quantity.toFixed(),
      ...(request.price === undefined ? {} : { price: request.price.toFixed() }),
      ...(request.stopPrice === undefined ? {} : { stop_price: request.stopPrice.toFixed() }),
    },
  });
  return request;
}

/** Exactly one order with this client order id on the exchange and in the ledger, both in `status`, and the ledger sound. */
export function expectOneOrder(rig: Rig, clientOrderId: string, status: { exchange: string; ledger: string }): void {
  const onExchange = rig.fake.ordersByClientId(clientOrderId);
  expect(onExchange.map((o) => o.status)).toEqual([status.exchange]);
  expect(rig.ledger.ordersPage({ limit: 1000 }).items.filter((o) => o.order_id === clientOrderId).map((o) => o.status)).toEqual([status.ledger]);
  const invariants = rig.ledger.checkInvariants();
  expect(invariants.violations).toEqual([]);
  expect(invariants.ok).toBe(true);
}

/** Requests the fake received, as "METHOD path" lines (REST) or the WS API method. */
export function requestLines(fake: FakeBinance, fromSeq = 0): string[] {
  return fake
    .requests()
    .filter((r) => r.seq > fromSeq)
    .map((r) => (r.transport === 'rest' ? `${r.method} ${r.path}` : r.method));
}

export function lastSeq(fake: FakeBinance): number {
  return fake.requests().at(-1)?.seq ?? 0;
}

let barriers = 0;

/**
 * Wait until the stream has delivered everything the exchange pushed before
 * now: an order placed by hand (not through the connector) must come back
 * as an ACK report, and the socket keeps its order.
 */
export async function streamBarrier(rig: Rig): Promise<void> {
  const id = `BARRIER${++barriers}`;
  const acked = new Promise<void>((resolve) => {
    const off = rig.connector.onReport((r) => {
      if (r.kind === 'ACK' && r.order.clientOrderId === id) {
        off();
        resolve();
      }
    });
  });
  const placed = await signedClient(rig.fake).post('/api/v3/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.001',
    price: '10000',
    newClientOrderId: id,
  });
  expect(placed.status).toBe(200);
  await acked;
}

/** The next report of `kind` for `clientOrderId`. */
export function nextReport<K extends ExecutionReport['kind']>(rig: Rig, kind: K, clientOrderId: string): Promise<Extract<ExecutionReport, { kind: K }>> {
  return new Promise((resolve) => {
    const off = rig.connector.onReport((r) => {
      const id = r.kind === 'REJECTED' ? r.clientOrderId : r.order.clientOrderId;
      if (r.kind !== kind || id !== clientOrderId) return;
      off();
      resolve(r as Extract<ExecutionReport, { kind: K }>);
    });
  });
}
