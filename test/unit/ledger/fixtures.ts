import type Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { openLedger, type Ledger } from '../../../core/ledger';

/** 2025-12-01T14:30:00Z: every test ledger starts here and moves only when told. */
export const T0 = Date.UTC(2025, 11, 1, 14, 30, 0);

export const PLAN = 'TPL_20251201_143000_plan1';
export const GROUP = 'EXG_20251201_143000_grp01';
export const ORDER = 'ORD_20251201_143000_ord01';

const opened: Ledger[] = [];

export function testLedger(path = ':memory:'): { ledger: Ledger; clock: VirtualClock } {
  const clock = new VirtualClock(T0);
  const ledger = openLedger(path, {
    clock,
    onError: (e) => {
      throw e;
    },
  });
  opened.push(ledger);
  return { ledger, clock };
}

/** Call at the top of a test file: after every test, each ledger it opened must pass checkInvariants(). */
export function checkInvariantsAfterEach(): void {
  afterEach(() => {
    const ledgers = opened.splice(0);
    for (const ledger of ledgers) {
      if (!ledger.database.open) continue;
      expectHealthy(ledger);
      ledger.close();
    }
  });
}

export const planSpec = { strategy_instance_id: 'strat-1', asset_symbol: 'BTC/USDT', direction: 'BUY' } as const;

/** registerOrder input: a LIMIT BUY of `quantity` at 50000 into GROUP (TWAP target 1) under PLAN, both made if missing. */
export function orderInput(overrides: Record<string, unknown> = {}, order: Record<string, unknown> = {}) {
  return {
    group_id: GROUP,
    plan_id: PLAN,
    group: { execution_strategy: 'TWAP', target_quantity: '1' },
    plan: planSpec,
    order: { symbol: 'BTC/USDT', side: 'BUY', order_type: 'LIMIT', quantity: '0.5', price: '50000', ...order },
    ...overrides,
  };
}

let trade = 0;
export function fillInput(orderId: string, quantity: string, price = '50000', extra: Record<string, unknown> = {}) {
  trade++;
  return {
    parent_order_id: orderId,
    trade_id: `T${trade}`,
    price,
    quantity,
    fee: '0.01',
    fee_asset: 'USDT',
    executed_at: '2025-12-01T14:30:01Z',
    ...extra,
  };
}

/** Every user table's full content, row by row in rowid order: "byte-for-byte unchanged in content". */
export function tableContents(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all();
  out['user_version'] = [db.pragma('user_version', { simple: true })];
  return out;
}

export function expectHealthy(ledger: Ledger): void {
  const report = ledger.checkInvariants();
  if (!report.ok) throw new Error(`invariants violated:\n${report.violations.map((v) => `${v.rule} ${v.entity}: ${v.message}`).join('\n')}`);
}
