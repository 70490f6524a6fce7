/**
 * What the engine will do with execution reports, reduced to the ledger
 * calls the tests need: acknowledgements, fills (de-duplicated by the ledger
 * on trade id), cancels, expiries and rejections. Reports for client order
 * ids the ledger does not own are ignored, and a report never moves an order
 * backwards (it may repeat what the ledger already has).
 */
import type { ExecutionReport } from '../../../core/connectors/types';
import type { Ledger } from '../../../core/ledger';

const AWAITING_ACK = new Set(['PENDING_SUBMIT', 'UNKNOWN']);
const LIVE = new Set(['PENDING_SUBMIT', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL']);

export function applyReport(ledger: Ledger, r: ExecutionReport): void {
  const id = r.kind === 'REJECTED' ? r.clientOrderId : r.order.clientOrderId;
  const order = ledger.getOrder(id);
  if (order === undefined) return;
  switch (r.kind) {
    case 'ACK':
      if (AWAITING_ACK.has(order.status)) {
        ledger.updateOrder({ order_id: id, status: r.order.status === 'NEW' ? 'OPEN' : 'PARTIALLY_FILLED', connector_order_id: r.order.exchangeOrderId });
      }
      return;
    case 'PARTIAL_FILL':
    case 'FILL':
      if (order.connector_order_id === null) ledger.updateOrder({ order_id: id, connector_order_id: r.order.exchangeOrderId });
      ledger.recordFill({
        parent_order_id: id,
        trade_id: r.trade.tradeId,
        price: r.trade.price.toFixed(),
        quantity: r.trade.quantity.toFixed(),
        fee: r.trade.fee.toFixed(),
        fee_asset: r.trade.feeAsset === '' ? null : r.trade.feeAsset,
        liquidity: r.trade.liquidity,
        executed_at: new Date(r.trade.time).toISOString(),
      });
      return;
    case 'CANCELED':
    case 'EXPIRED':
      if (LIVE.has(order.status)) ledger.updateOrder({ order_id: id, status: r.kind });
      return;
    case 'REJECTED':
      if (AWAITING_ACK.has(order.status)) ledger.updateOrder({ order_id: id, status: 'REJECTED', reason: r.message });
      return;
    case 'MODIFIED':
      return;
  }
}
