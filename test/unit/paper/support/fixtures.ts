import { Decimal } from '../../../../core/domain/decimal';
import type { ExecutionReport, PlaceOrderRequest, SymbolRules } from '../../../../core/connectors/types';
import { PaperExchange } from '../../../../core/connectors/paper/paper-exchange';
import type { FidelityProfile, FidelityProfileName } from '../../../../core/connectors/paper/fidelity';
import { VirtualClock } from '../../../../core/clock/virtual-clock';
import { ScriptedMarketSource, type BarSpec } from './scripted-source';

export const d = (v: string | number): Decimal => new Decimal(v);

export const BTC: SymbolRules = {
  symbol: 'BTC/USDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  tickSize: d('0.01'),
  stepSize: d('0.0001'),
  minQuantity: d('0.0001'),
  minNotional: d('10'),
};

export const ETH: SymbolRules = {
  symbol: 'ETH/USDT',
  baseAsset: 'ETH',
  quoteAsset: 'USDT',
  tickSize: d('0.01'),
  stepSize: d('0.001'),
  minQuantity: d('0.001'),
  minNotional: d('5'),
};

let counter = 0;
/** A fresh client order id for a test order. */
export function nextId(): string {
  counter += 1;
  return `ORD_TEST_${counter}`;
}

export function order(over: Partial<PlaceOrderRequest> & Pick<PlaceOrderRequest, 'side' | 'type' | 'quantity'>): PlaceOrderRequest {
  return { clientOrderId: nextId(), symbol: BTC.symbol, ...over };
}

/** Collects every report with the clock time it was delivered at. */
export function recordReports(exchange: PaperExchange, now: () => number): { report: ExecutionReport; at: number }[] {
  const seen: { report: ExecutionReport; at: number }[] = [];
  exchange.onReport((report) => seen.push({ report, at: now() }));
  return seen;
}

export function tradesOf(seen: readonly { report: ExecutionReport }[]) {
  return seen.flatMap(({ report }) => (report.kind === 'FILL' || report.kind === 'PARTIAL_FILL' ? [report.trade] : []));
}


export interface TestExchange {
  readonly clock: VirtualClock;
  readonly source: ScriptedMarketSource;
  readonly exchange: PaperExchange;
  readonly seen: { report: ExecutionReport; at: number }[];
}

export function openExchange(options: {
  script?: Readonly<Record<string, readonly BarSpec[]>>;
  fidelity?: FidelityProfileName | FidelityProfile;
  balances?: Readonly<Record<string, string>>;
  seed?: number;
  symbols?: readonly SymbolRules[];
  intervalMs?: number;
}): TestExchange {
  const clock = new VirtualClock(0);
  const source = new ScriptedMarketSource(
    options.script ?? { [BTC.symbol]: [{ open: '20000', high: '20000', low: '20000', close: '20000' }] },
    options.intervalMs ?? 60_000,
  );
  const balances = Object.fromEntries(
    Object.entries(options.balances ?? { USDT: '1000000', BTC: '10' }).map(([asset, amount]) => [asset, d(amount)]),
  );
  const exchange = new PaperExchange({
    clock,
    source,
    symbols: options.symbols ?? [BTC],
    balances,
    ...(options.fidelity !== undefined ? { fidelity: options.fidelity } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    onListenerError: (error) => {
      throw error;
    },
  });
  const seen = recordReports(exchange, () => clock.now());
  return { clock, source, exchange, seen };
}

/** Place and let the ack latency pass; the settled result. */
export async function placeNow(t: TestExchange, request: PlaceOrderRequest, ms = 1_000) {
  const pending = t.exchange.place(request);
  await t.clock.advanceAsync(ms);
  return pending;
}
