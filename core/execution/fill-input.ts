import type { ExchangeTrade } from '../connectors/types';

/** An exchange trade as the ledger's fill input (wire JSON): one mapping for live reports and recovery alike. */
export function fillInputOf(orderId: string, t: ExchangeTrade) {
  return {
    parent_order_id: orderId,
    trade_id: t.tradeId,
    price: t.price.toFixed(),
    quantity: t.quantity.toFixed(),
    fee: t.fee.toFixed(),
    fee_asset: t.feeAsset,
    liquidity: t.liquidity,
    executed_at: new Date(t.time).toISOString(),
    fidelity_profile: t.fidelityProfile ?? null,
  };
}
