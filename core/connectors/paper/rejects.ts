import type { Decimal } from '../../domain/decimal';
import type { ConnectorOrderType, RejectReason, SymbolRules } from '../types';

/** Why the simulated exchange refuses a request. */
export interface Refusal {
  readonly reason: RejectReason;
  readonly message: string;
}

/** The parts of an order the exchange's rules look at (a new order, or one as a modify would leave it). */
export interface OrderShape {
  readonly type: ConnectorOrderType;
  readonly quantity: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly icebergQuantity?: Decimal;
}

function refuse(reason: RejectReason, message: string): Refusal {
  return { reason, message };
}

function isMultiple(value: Decimal, unit: Decimal): boolean {
  return unit.lte(0) || value.mod(unit).isZero();
}

function badNumber(d: Decimal | undefined): boolean {
  return d !== undefined && (!d.isFinite() || d.lte(0));
}

/**
 * The symbol's filters, checked in the order a trader would fix them: shape,
 * tick, step, minimum size, minimum notional. `referencePrice` prices a
 * market order for the notional check (the touch it would take).
 */
export function checkOrderRules(order: OrderShape, rules: SymbolRules, referencePrice: Decimal | undefined): Refusal | undefined {
  const needsPrice = order.type === 'LIMIT' || order.type === 'STOP_LIMIT';
  const needsStop = order.type === 'STOP_MARKET' || order.type === 'STOP_LIMIT';
  if (badNumber(order.quantity)) return refuse('INVALID_ORDER', `quantity ${order.quantity.toString()} must be a positive number`);
  if (needsPrice !== (order.price !== undefined)) {
    return refuse('INVALID_ORDER', needsPrice ? `${order.type} order requires a price` : `${order.type} order cannot have a price`);
  }
  if (needsStop !== (order.stopPrice !== undefined)) {
    return refuse('INVALID_ORDER', needsStop ? `${order.type} order requires a stop price` : `${order.type} order cannot have a stop price`);
  }
  if (badNumber(order.price) || badNumber(order.stopPrice)) return refuse('INVALID_ORDER', 'prices must be positive numbers');
  if (order.icebergQuantity !== undefined) return refuse('INVALID_ORDER', 'the paper exchange has no native iceberg orders');
  for (const [what, p] of [
    ['price', order.price],
    ['stop price', order.stopPrice],
  ] as const) {
    if (p !== undefined && !isMultiple(p, rules.tickSize)) {
      return refuse('PRICE_OFF_TICK', `${what} ${p.toFixed()} is not a multiple of the tick size ${rules.tickSize.toFixed()}`);
    }
  }
  if (!isMultiple(order.quantity, rules.stepSize)) {
    return refuse('QUANTITY_OFF_STEP', `quantity ${order.quantity.toFixed()} is not a multiple of the step size ${rules.stepSize.toFixed()}`);
  }
  if (order.quantity.lt(rules.minQuantity)) {
    return refuse('BELOW_MIN_SIZE', `quantity ${order.quantity.toFixed()} is below the minimum ${rules.minQuantity.toFixed()}`);
  }
  const price = order.price ?? order.stopPrice ?? referencePrice;
  if (price !== undefined && price.mul(order.quantity).lt(rules.minNotional)) {
    return refuse(
      'BELOW_MIN_SIZE',
      `notional ${price.mul(order.quantity).toFixed()} ${rules.quoteAsset} is below the minimum ${rules.minNotional.toFixed()}`,
    );
  }
  return undefined;
}
