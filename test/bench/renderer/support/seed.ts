import { mkdirSync } from 'node:fs';
import { openLedger, type Ledger } from '../../../../core/ledger';
import { ledgerPathOf } from '../../../../web/host';

/**
 * Ledger contents for the web-mode benches, written through the ledger's own
 * API (so every aggregate, journal entry and outbox event is what the app
 * would see): one plan, its groups and orders, and fills on those orders.
 */
export const BENCH_SYMBOL = 'BTC/USDT';
const FILL_T0 = Date.UTC(2023, 2, 10, 0, 0, 0);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const benchPlanId = 'TPL_20230310_000000_bplan';
const groupIdOf = (g: number) => `EXG_20230310_000000_g${pad(g, 4)}`;

export interface Seeded {
  readonly planId: string;
  readonly orderIds: readonly string[];
  readonly fills: number;
  readonly ms: number;
}

/** `groups` x `ordersPerGroup` open LIMIT orders (too big to ever fill), then `fills` fills spread over them. */
export function seedLedger(dataDir: string, opts: { groups: number; ordersPerGroup: number; fills: number }): Seeded {
  const t0 = performance.now();
  mkdirSync(dataDir, { recursive: true });
  const ledger = openLedger(ledgerPathOf(dataDir));
  try {
    const orderIds: string[] = [];
    ledger.transaction(() => {
      for (let g = 0; g < opts.groups; g++) {
        for (let k = 0; k < opts.ordersPerGroup; k++) {
          const registered = ledger.registerOrder({
            group_id: groupIdOf(g),
            plan_id: benchPlanId,
            group: { execution_strategy: 'LAYERED', target_quantity: '100000000' },
            plan: { strategy_instance_id: 'bench', asset_symbol: BENCH_SYMBOL, direction: 'BUY' },
            order: { symbol: BENCH_SYMBOL, side: 'BUY', order_type: 'LIMIT', quantity: '1000000', price: '15000' },
          });
          orderIds.push(registered.order.order_id);
        }
      }
    });
    const feeder = fillFeeder(ledger, orderIds);
    for (let done = 0; done < opts.fills; done += 1000) feeder.push(Math.min(1000, opts.fills - done));
    return { planId: benchPlanId, orderIds, fills: opts.fills, ms: performance.now() - t0 };
  } finally {
    ledger.close();
  }
}

/** Writes fills on the given orders, `n` per call in one transaction; trade ids and times keep increasing. */
export function fillFeeder(ledger: Ledger, orderIds: readonly string[], startAt = 0): { push(n: number): void; readonly count: number } {
  let seq = startAt;
  return {
    push(n: number) {
      ledger.transaction(() => {
        for (let i = 0; i < n; i++, seq++) {
          ledger.recordFill({
            parent_order_id: orderIds[seq % orderIds.length] as string,
            trade_id: `BT${seq}`,
            price: `${20000 + (seq % 997)}.${pad(seq % 100, 2)}`,
            quantity: '0.001',
            fee: '0.02',
            fee_asset: 'USDT',
            liquidity: 'MAKER',
            executed_at: new Date(FILL_T0 + seq * 1000).toISOString(),
          });
        }
      });
    },
    get count() {
      return seq - startAt;
    },
  };
}
