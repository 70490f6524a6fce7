import type { SymbolRules } from '../../../core/connectors/types';
import { Decimal } from '../../../core/domain';

/** The one symbol the execution benchmarks trade, with Binance-like spot rules. */
export const SYMBOL = 'BTC/USDT';

export const RULES: SymbolRules = {
  symbol: SYMBOL,
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  tickSize: new Decimal('0.01'),
  stepSize: new Decimal('0.00001'),
  minQuantity: new Decimal('0.00001'),
  minNotional: new Decimal('5'),
};
