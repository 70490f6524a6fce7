// Real ledger traffic for the renderer's store tests: an in-memory ledger is
// driven through orders, fills, cancels, late fills and algorithm state, and
// its own snapshots and outbox events (decoded as the client decodes them)
// are what the store is fed.
import { LedgerEventSchema, type LedgerEvent } from '../../../core/ledger/events';
import { LedgerError, LedgerSnapshotSchema, type Ledger, type LedgerSnapshot } from '../../../core/ledger';
import type { StreamEvent } from '../../../core/api/define';
import { fillInput, GROUP, orderInput, PLAN, testLedger } from '../ledger/fixtures';

export { GROUP, PLAN };

export const everything = { planId: PLAN, ordersLimit: 10_000, fillsLimit: 10_000 } as const;

export function decodeSnapshot(ledger: Ledger): LedgerSnapshot {
  return LedgerSnapshotSchema.parse(ledger.snapshot(everything));
}

export function decodedEventsAfter(ledger: Ledger, seq: number): StreamEvent<LedgerEvent>[] {
  return ledger.eventsAfter(seq, 100_000).map((wire) => ({ seq: wire.seq, event: LedgerEventSchema.parse(wire) }));
}

/** One write per op code: new order, fill, cancel request, fill + algo state, cancel confirmed, late fill. */
export function writeOps(ledger: Ledger, ops: readonly number[]): void {
  let n = 0;
  for (const op of ops) {
    const live = ledger.liveOrdersOfPlan(PLAN);
    const target = live[op % Math.max(1, live.length)];
    try {
      if (op % 6 === 0 || target === undefined) ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order, quantity: '0.3' } });
      else if (op % 6 === 1) ledger.recordFill(fillInput(target.order_id, '0.1', String(50000 + op)));
      else if (op % 6 === 2) ledger.requestCancel(target.order_id, { reason: 'test', scope: op % 4 === 0 ? 'PLAN' : 'GROUP' });
      else if (op % 6 === 3)
        ledger.transaction(() => {
          ledger.recordFill(fillInput(target.order_id, '0.05'));
          ledger.putAlgoState(GROUP, { n: n++ });
        });
      else if (op % 6 === 4) {
        const intent = ledger.cancelIntents({ planId: PLAN }).find((i) => i.status === 'REQUESTED');
        if (intent) {
          ledger.confirmCancel(intent.intent_id);
          ledger.updateOrder({ order_id: intent.order_id, status: 'CANCELED' });
        }
      } else {
        // A fill on an order already cancelled: the ledger records it and raises LATE_FILL.
        const cancelled = ledger.ordersOfPlan(PLAN, ['CANCELED']).find((o) => o.filled_quantity.lt(o.quantity));
        if (cancelled) ledger.recordFill(fillInput(cancelled.order_id, '0.01'));
      }
    } catch (e) {
      if (!(e instanceof LedgerError)) throw e;
    }
  }
}

/** A ledger with a plan and a group (target 100) and the writes done. */
export function ledgerWith(ops: readonly number[]): Ledger {
  const { ledger } = testLedger();
  ledger.registerOrder(orderInput({ group: { execution_strategy: 'TWAP', target_quantity: '100' } }));
  writeOps(ledger, ops);
  return ledger;
}
