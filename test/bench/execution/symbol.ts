import { BTC_USDT } from '../../fixtures/symbol-rules';

/** The one symbol the execution benchmarks trade, with Binance-like spot rules. */
export const RULES = BTC_USDT;
export const SYMBOL = RULES.symbol;
