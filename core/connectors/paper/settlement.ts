import { Decimal } from '../../domain/decimal';
import type { Liquidity, OrderSide, SymbolRules } from '../types';
import type { FidelityProfile } from './fidelity';
import type { Funds } from './funds';

/** Fees are charged to 8 decimals, rounded up, as exchanges do. */
const FEE_DECIMALS = 8;

export interface Settled {
  readonly fee: Decimal;
  readonly feeAsset: string;
}

export function feeRate(profile: FidelityProfile, liquidity: Liquidity): Decimal {
  return liquidity === 'MAKER' ? profile.makerFeeRate : profile.takerFeeRate;
}

/**
 * Move the money for one trade. The buyer pays quote (from the order's hold
 * first) and receives base less the fee; the seller pays base and receives
 * quote less the fee: the fee is always taken from what is received, in
 * that asset, as on Binance spot.
 */
export function settleTrade(
  funds: Funds,
  rules: SymbolRules,
  side: OrderSide,
  holdId: string | undefined,
  price: Decimal,
  quantity: Decimal,
  rate: Decimal,
): Settled {
  const notional = price.mul(quantity);
  const [paid, paidAsset, received, receivedAsset] =
    side === 'BUY'
      ? [notional, rules.quoteAsset, quantity, rules.baseAsset]
      : [quantity, rules.baseAsset, notional, rules.quoteAsset];
  const fee = received.mul(rate).toDecimalPlaces(FEE_DECIMALS, Decimal.ROUND_UP);
  funds.pay(paidAsset, paid, holdId);
  funds.credit(receivedAsset, Decimal.max(received.minus(fee), 0));
  return { fee: Decimal.min(fee, received), feeAsset: receivedAsset };
}
