import { expect } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { PaperExchange } from '../../../core/connectors/paper';
import { createEngine, type Engine } from '../../../core/engine';
import { Decimal } from '../../../core/domain';
import { SyntheticMarketSource, type MarketSource } from '../../../core/market';
import { BTC } from '../execution/support';
import { T0, SYMBOL } from './directive';
import { FlakyConnector } from './flaky-connector';

export { directive, SYMBOL, T0 } from './directive';

export interface TestDesk {
  readonly clock: VirtualClock;
  readonly engine: Engine;
  readonly errors: unknown[];
}

export async function openTestDesk(options: { path?: string; recovery?: 'halt-and-ask' | 'resume'; clock?: VirtualClock } = {}): Promise<TestDesk> {
  const clock = options.clock ?? new VirtualClock(T0);
  const errors: unknown[] = [];
  const engine = await createEngine({
    ledgerPath: options.path ?? ':memory:',
    clock,
    recovery: options.recovery ?? 'halt-and-ask',
    retry: { attempts: 3, delayMs: 1_000 },
    onError: (e) => errors.push(e),
  });
  return { clock, engine, errors };
}

export async function startPaper(desk: TestDesk, fidelity: 'optimistic' | 'realistic' = 'optimistic'): Promise<void> {
  await desk.engine.startPaperSession({
    symbols: [{ symbol: SYMBOL, start_price: '30000' }],
    balances: { BTC: '10', USDT: '1000000' },
    source: { kind: 'synthetic', seed: 11 },
    speed: 1,
    fidelity,
  });
  await desk.clock.advanceAsync(60_000); // first bar: an arrival price
}

/** An engine attached to a paper exchange the test holds (behind a FlakyConnector), as a host attaches a live connector. */
export interface ConnectorDesk extends TestDesk {
  readonly exchange: PaperExchange;
  readonly connector: FlakyConnector;
}

export async function openConnectorDesk(
  options: { fidelity?: 'optimistic' | 'realistic'; source?: MarketSource; seed?: number; retry?: { attempts: number; delayMs: number } } = {},
): Promise<ConnectorDesk> {
  const clock = new VirtualClock(T0);
  const errors: unknown[] = [];
  const source =
    options.source ??
    new SyntheticMarketSource({ seed: options.seed ?? 11, symbols: [SYMBOL], startPrices: { [SYMBOL]: '30000' }, startTime: T0, intervalMs: 60_000 });
  const exchange = new PaperExchange({
    clock,
    source,
    symbols: [BTC],
    balances: { BTC: new Decimal('100'), USDT: new Decimal('10000000') },
    fidelity: options.fidelity ?? 'optimistic',
    onListenerError: (e) => errors.push(e),
  });
  const connector = new FlakyConnector(exchange);
  const engine = await createEngine({
    ledgerPath: ':memory:',
    clock,
    connector,
    retry: options.retry ?? { attempts: 3, delayMs: 1_000 },
    onError: (e) => errors.push(e),
  });
  await clock.advanceAsync(60_000); // first bar after the start: an arrival price
  return { clock, engine, errors, exchange, connector };
}

/** What every test ends with: the ledger's invariants hold and nothing went to onError. */
export function expectClean(desk: TestDesk): void {
  const report = desk.engine.ledger.checkInvariants();
  expect(report.violations).toEqual([]);
  expect(report.ok).toBe(true);
  expect(desk.errors).toEqual([]);
  // Nothing the desk did was refused by a state machine: stale answers are not forced onto newer states.
  const refused = desk.engine.ledger.journal.entries({ limit: 100_000 }).filter((e) => e.kind === 'ILLEGAL_TRANSITION');
  expect(refused.map((e) => e.message)).toEqual([]);
}
