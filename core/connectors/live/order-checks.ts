import { Decimal } from '../../domain/decimal';
import { checkOrderRules, type Refusal } from '../paper/rejects';
import type { PlaceOrderRequest, SymbolRules } from '../types';

/** ccxt takes amounts as JS numbers: a value with more significant digits than a double keeps is refused, not rounded. */
function exactAsNumber(d: Decimal): boolean {
  return new Decimal(String(d.toNumber())).eq(d);
}

/**
 * Everything we can refuse before sending: the symbol's tick, step, minimum
 * size and minimum notional (the same rules the paper exchange applies),
 * what this venue cannot do, and amounts that would not survive ccxt's
 * numbers. MARKET orders are checked against the minimum notional by the
 * exchange (we hold no price for them).
 */
export function checkPlaceRequest(request: PlaceOrderRequest, rules: SymbolRules | undefined, nativeIceberg: boolean): Refusal | undefined {
  if (rules === undefined) return { reason: 'UNKNOWN_SYMBOL', message: `${request.symbol} is not a symbol this connector trades` };
  if (request.ocoWith !== undefined) return { reason: 'INVALID_ORDER', message: 'one-cancels-the-other pairs are not supported on this venue' };
  const iceberg = request.icebergQuantity;
  if (iceberg !== undefined) {
    if (!nativeIceberg) return { reason: 'INVALID_ORDER', message: 'native iceberg orders are not supported on this venue' };
    if (request.type !== 'LIMIT' && request.type !== 'STOP_LIMIT') return { reason: 'INVALID_ORDER', message: 'only limit orders can be icebergs' };
    if (!iceberg.gt(0) || !iceberg.lt(request.quantity)) {
      return { reason: 'INVALID_ORDER', message: `iceberg quantity ${iceberg.toFixed()} must be above 0 and below the order quantity ${request.quantity.toFixed()}` };
    }
    if (!iceberg.mod(rules.stepSize).isZero()) {
      return { reason: 'QUANTITY_OFF_STEP', message: `iceberg quantity ${iceberg.toFixed()} is not a multiple of the step size ${rules.stepSize.toFixed()}` };
    }
  }
  const refusal = checkOrderRules({ ...request, icebergQuantity: undefined }, rules, undefined);
  if (refusal !== undefined) return refusal;
  for (const [what, d] of [
    ['quantity', request.quantity],
    ['price', request.price],
    ['stop price', request.stopPrice],
    ['iceberg quantity', iceberg],
  ] as const) {
    if (d !== undefined && !exactAsNumber(d)) return { reason: 'INVALID_ORDER', message: `${what} ${d.toFixed()} has more digits than can be sent exactly` };
  }
  return undefined;
}
