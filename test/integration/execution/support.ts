import { expect } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { PaperExchange, type FidelityProfile } from '../../../core/connectors/paper';
import type { SymbolRules } from '../../../core/connectors/types';
import { Decimal, decodeWire, EntryPlanSchema, ExecutionPlanSchema, generateId, SizePlanSchema } from '../../../core/domain';
import type { EntryPlan, ExecutionPlan, SizePlan } from '../../../core/domain';
import { openLedger, type Ledger } from '../../../core/ledger';
import { SyntheticMarketSource, type MarketSource } from '../../../core/market';
import { ExecutionWorker } from '../../../core/execution/worker';
import { decodeAlgoRecord, type AlgoRecord } from '../../../core/execution/algo-record';
import { BTC_USDT } from '../../fixtures/symbol-rules';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export const BTC: SymbolRules = BTC_USDT;

export interface Desk {
  readonly clock: VirtualClock;
  readonly ledger: Ledger;
  readonly exchange: PaperExchange;
  readonly worker: ExecutionWorker;
  readonly errors: unknown[];
  close(): Promise<void>;
}

export interface DeskOptions {
  readonly fidelity?: 'realistic' | 'optimistic' | FidelityProfile;
  readonly seed?: number;
  readonly path?: string;
  /** The market; a seeded synthetic walk from 30000 by default. */
  readonly source?: MarketSource;
}

/** A ledger in memory, a paper exchange on a seeded synthetic market, a worker: all on one virtual clock. */
export function openDesk(options: DeskOptions = {}): Desk {
  const clock = new VirtualClock(T0);
  const errors: unknown[] = [];
  const ledger = openLedger(options.path ?? ':memory:', { clock });
  const source =
    options.source ??
    new SyntheticMarketSource({
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

/** What every test ends with: the ledger's invariants hold and nothing went to onError. */
export function expectClean(desk: { readonly ledger: Ledger; readonly errors: readonly unknown[] }): void {
  const report = desk.ledger.checkInvariants();
  expect(report.violations ?? []).toEqual([]);
  expect(report.ok).toBe(true);
  expect(desk.errors).toEqual([]);
  // Nothing the desk did was refused by a state machine: stale answers are not forced onto newer states.
  const refused = desk.ledger.journal.entries({ limit: 100_000 }).filter((e) => e.kind === 'ILLEGAL_TRANSITION');
  expect(refused.map((e) => e.message)).toEqual([]);
}

/** Entry, size and execution plans in the seeds' wire format, decoded as the worker receives them. */
export function plans(parts: {
  side?: 'BUY' | 'SELL';
  quantity: string;
  orderType?: 'MARKET' | 'LIMIT';
  limitPrice?: string;
  execution?: Record<string, unknown>;
  now?: number;
}): { entryPlan: EntryPlan; sizePlan: SizePlan; executionPlan: ExecutionPlan | null } {
  const now = parts.now ?? T0;
  const entryPlan = decodeWire(
    EntryPlanSchema,
    {
      plan_id: generateId('ENT', now),
      symbol: BTC.symbol,
      direction: parts.side ?? 'BUY',
      order_type: parts.orderType ?? 'MARKET',
      ...(parts.limitPrice ? { limit_price: parts.limitPrice } : {}),
    },
    'EntryPlan',
  );
  const sizePlan = decodeWire(SizePlanSchema, { plan_id: generateId('SIZ', now), position_size: parts.quantity }, 'SizePlan');
  const executionPlan = parts.execution
    ? decodeWire(ExecutionPlanSchema, { plan_id: generateId('EXP', now), action: 'EXECUTE_TRADE', ...parts.execution }, 'ExecutionPlan')
    : null;
  return { entryPlan, sizePlan, executionPlan };
}

/** A group's stored algorithm record (spec, state, keys), decoded as the worker decodes it. */
export function algoRecord(ledger: Ledger, groupId: string): AlgoRecord {
  const row = ledger.getAlgoState(groupId);
  const decoded = decodeAlgoRecord(row?.state);
  if (!decoded.ok) throw new Error(`no algorithm record for ${groupId}: ${decoded.message}`);
  return decoded.record;
}
