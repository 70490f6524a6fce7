import type { ExecutionWorker } from '../execution/worker';
import { fillInputOf } from '../execution/fill-input';
import { ledgerStatusOf } from '../execution/order-io';

export type RecoveryPolicy = 'halt-and-ask' | 'resume';

export interface RecoveryReport {
  readonly ordersChecked: number;
  readonly ordersUpdated: number;
  readonly fillsRecovered: number;
  readonly ordersNeverSent: number;
  readonly unresolved: number;
  readonly groupsAwaitingDecision: readonly string[];
  readonly groupsResumed: readonly string[];
}

/**
 * Restart recovery: every non-terminal order is looked up by its client
 * order id (never resent blindly), missing fills are fetched and recorded
 * (de-duplicated by trade id), cancels that were on their way are sent
 * again (their intents stand), and each algorithm that was running is either
 * resumed or, by default, parked until the trader decides. Journaled.
 */
export async function recover(worker: ExecutionWorker, policy: RecoveryPolicy, onError: (e: unknown) => void): Promise<RecoveryReport> {
  const { ledger, connector } = worker;
  let ordersUpdated = 0;
  let fillsRecovered = 0;
  let ordersNeverSent = 0;
  let unresolved = 0;
  const orders = ledger.nonTerminalOrders();
  const cancelsToResend: string[] = [];
  for (const order of orders) {
    const found = await connector.findOrder(order.order_id, order.symbol);
    if (found.ok) {
      const trades = await connector.tradesSince(order.created_at.getTime(), order.symbol);
      ledger.transaction(() => {
        if (trades.ok) {
          for (const t of trades.value.filter((x) => x.clientOrderId === order.order_id)) {
            const r = ledger.recordFill(fillInputOf(order.order_id, t));
            if (!r.duplicate) fillsRecovered += 1;
          }
        }
        const before = ledger.getOrder(order.order_id)?.status;
        const after = worker.io.setStatus(order.order_id, ledgerStatusOf(found.value), { connector_order_id: found.value.exchangeOrderId });
        if (after && after.status !== before) ordersUpdated += 1;
        // A cancel that was on its way when the desk stopped: the order is still on the book, the intent still stands.
        if (after?.status === 'PENDING_CANCEL') cancelsToResend.push(order.order_id);
      });
    } else if (found.outcome === 'NOT_FOUND' && (order.status === 'PENDING_SUBMIT' || order.status === 'UNKNOWN' || order.status === 'PENDING_CANCEL')) {
      // The intent was committed but the exchange never got it: nothing to cancel, nothing resent.
      worker.io.setStatus(order.order_id, 'CANCELED', { reason: 'not on the exchange after restart; not resent' });
      ordersNeverSent += 1;
    } else {
      unresolved += 1;
      ledger.recordAnomaly({
        kind: 'RECOVERY_UNRESOLVED',
        plan_id: order.parent_plan_id,
        group_id: order.parent_group_id,
        order_id: order.order_id,
        message: `could not confirm ${order.order_id} with ${connector.id}: ${found.ok ? '' : found.message}`,
      });
    }
  }
  // Not awaited: the answers come on the session's clock, which may not run until the host moves it.
  if (cancelsToResend.length > 0) void worker.io.cancel(cancelsToResend, 'ORDER', 'cancel resent after restart').catch(onError);
  const awaiting: string[] = [];
  const resumed: string[] = [];
  for (const algo of ledger.listAlgos(['RUNNING'])) {
    if (policy === 'resume') {
      resumed.push(algo.group_id);
      worker.wake(algo.group_id);
      continue;
    }
    ledger.transaction(() => {
      ledger.setAlgoStatus(algo.group_id, 'AWAITING_DECISION', { reason: 'recovered after restart: resume or halt?' });
      ledger.recordAnomaly({
        kind: 'RECOVERED_GROUP',
        plan_id: algo.plan_id,
        group_id: algo.group_id,
        message: `group ${algo.group_id} was running when the desk stopped; it waits for you to resume or halt it`,
      });
    });
    awaiting.push(algo.group_id);
  }
  const report: RecoveryReport = {
    ordersChecked: orders.length,
    ordersUpdated,
    fillsRecovered,
    ordersNeverSent,
    unresolved,
    groupsAwaitingDecision: awaiting,
    groupsResumed: resumed,
  };
  ledger.journal.record({
    kind: 'RECOVERY',
    message: `restart recovery (${policy}): ${orders.length} order(s) checked, ${fillsRecovered} fill(s) recovered, ${cancelsToResend.length} cancel(s) resent, ${awaiting.length} group(s) awaiting a decision, ${resumed.length} resumed`,
    data: { ...report, groupsAwaitingDecision: [...awaiting], groupsResumed: [...resumed], cancelsResent: cancelsToResend.length },
  });
  return report;
}
