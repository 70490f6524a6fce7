import { VirtualClock } from '../../../core/clock';
import { PaperExchange } from '../../../core/connectors/paper';
import type { SymbolRules } from '../../../core/connectors/types';
import { Decimal } from '../../../core/domain';
import { openLedger, type Ledger } from '../../../core/ledger';
import { SyntheticMarketSource } from '../../../core/market';
import { ExecutionWorker } from '../../../core/execution/worker';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export const BTC: SymbolRules = {
  symbol: 'BTC/USDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  tickSize: new Decimal('0.01'),
  stepSize: new Decimal('0.00001'),
  minQuantity: new Decimal('0.00001'),
  minNotional: new Decimal('5'),
};

export interface Desk {
  readonly clock: VirtualClock;
  readonly ledger: Ledger;
  readonly exchange: PaperExchange;
  readonly worker: ExecutionWorker;
  readonly errors: unknown[];
  close(): Promise<void>;
}

/** A ledger in memory, a paper exchange on a seeded synthetic market, a worker: all on one virtual clock. */
export function openDesk(options: { fidelity?: 'realistic' | 'optimistic'; seed?: number; path?: string } = {}): Desk {
  const clock = new VirtualClock(T0);
  const errors: unknown[] = [];
  const ledger = openLedger(options.path ?? ':memory:', { clock });
  const source = new SyntheticMarketSource({
    seed: options.seed ?? 7,
    symbols: [BTC.symbol],
    startPrices: { [BTC.symbol]: '30000' },
    startTime: T0,
    intervalMs: 60_000,
  });
  const exchange = new PaperExchange({
    clock,
    source,
    symbols: [BTC],
    balances: { BTC: new Decimal('10'), USDT: new Decimal('1000000') },
    fidelity: options.fidelity ?? 'optimistic',
    onListenerError: (e) => errors.push(e),
  });
  const worker = new ExecutionWorker({ ledger, connector: exchange, clock, onError: (e) => errors.push(e) });
  worker.start();
  return {
    clock,
    ledger,
    exchange,
    worker,
    errors,
    async close() {
      await worker.close();
      await exchange.close();
      ledger.close();
    },
  };
}
