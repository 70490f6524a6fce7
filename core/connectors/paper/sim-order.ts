import { Decimal } from '../../domain/decimal';
import type { ExchangeOrder, SymbolRules } from '../types';
import type { SimOrder } from './state';

/** Averages are quoted to 8 decimals, like the prices they average. */
const AVERAGE_DECIMALS = 8;

export function isOpen(order: SimOrder): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}

export function remainingOf(order: SimOrder): Decimal {
  return order.quantity.minus(order.filledQuantity);
}

/** Rests as a limit: a LIMIT order, or a STOP_LIMIT whose stop fired. */
export function restsAsLimit(order: SimOrder): boolean {
  return order.type === 'LIMIT' || (order.type === 'STOP_LIMIT' && order.triggered);
}

/** The client's view of the order at this moment (a fresh object: reports keep their snapshot). */
export function toExchangeOrder(order: SimOrder): ExchangeOrder {
  return {
    clientOrderId: order.clientOrderId,
    exchangeOrderId: order.exchangeOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    ...(order.price !== undefined ? { price: order.price } : {}),
    ...(order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
    status: order.status,
    filledQuantity: order.filledQuantity,
    ...(order.filledQuantity.gt(0)
      ? { averagePrice: order.filledQuote.div(order.filledQuantity).toDecimalPlaces(AVERAGE_DECIMALS, Decimal.ROUND_HALF_EVEN) }
      : {}),
    updatedAt: order.updatedAt,
  };
}

export interface Requirement {
  readonly asset: string;
  readonly amount: Decimal;
}

/**
 * What a resting order must keep locked for what is left of it: a seller the
 * base asset, a buyer the quote at its limit price (stop-market buys at the
 * stop price; a fill above it pays the difference from free funds).
 */
export function requirementOf(
  order: Pick<SimOrder, 'side' | 'type' | 'price' | 'stopPrice'>,
  remaining: Decimal,
  rules: SymbolRules,
): Requirement {
  if (order.side === 'SELL') return { asset: rules.baseAsset, amount: remaining };
  const price = order.price ?? order.stopPrice ?? new Decimal(0);
  return { asset: rules.quoteAsset, amount: remaining.mul(price) };
}
