import type { Ledger, OrderView } from '../../ledger';
import type { LedgerOrderState } from './reconcile';

/**
 * What reconciliation reads from the ledger. The engine hands the connector
 * one of these; `ledgerView(ledger)` is the one over the StrategyLedger.
 */
export interface LedgerView {
  /** Orders the ledger holds as live: PENDING_SUBMIT, UNKNOWN, OPEN, PARTIALLY_FILLED, PENDING_CANCEL. */
  liveOrders(): readonly LedgerOrderState[];
  /** Any order by client order id (terminal ones too); undefined when the ledger has none. */
  findOrder(clientOrderId: string): LedgerOrderState | undefined;
}

export function ledgerView(ledger: Ledger): LedgerView {
  const state = (o: OrderView): LedgerOrderState => ({
    clientOrderId: o.order_id,
    symbol: o.symbol,
    side: o.side,
    quantity: o.quantity,
    status: o.status,
    filledQuantity: o.filled_quantity,
    createdAt: o.created_at.getTime(),
    tradeIds: ledger.fillsOfOrder(o.order_id).map((f) => f.trade_id),
  });
  return {
    liveOrders: () => ledger.nonTerminalOrders().map(state),
    findOrder: (id) => {
      const o = ledger.getOrder(id);
      return o === undefined ? undefined : state(o);
    },
  };
}
