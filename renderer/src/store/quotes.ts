import Decimal from 'decimal.js';
import type { EngineStatus } from '../../../core/engine/status';

/**
 * The prices the status pushes carried, per symbol, oldest first: the price
 * chart and the market-TWAP benchmark read them. Kept since the page opened
 * (the status is not in the ledger, so there is no history to reload).
 */
export interface Quote {
  /** Epoch ms of the bar the price came from. */
  readonly at: number;
  readonly last: Decimal;
}
export type QuoteHistory = Readonly<Record<string, readonly Quote[]>>;

/** About three and a half days of one-minute bars per symbol. */
export const MAX_QUOTES_PER_SYMBOL = 5_000;

/** Appends each symbol's quote when it is newer than the last one kept (a repeat push changes nothing). */
export function addQuotes(history: QuoteHistory, market: EngineStatus['market'], max = MAX_QUOTES_PER_SYMBOL): QuoteHistory {
  let next: Record<string, readonly Quote[]> | undefined;
  for (const q of market) {
    const list = history[q.symbol] ?? [];
    const last = list[list.length - 1];
    if (last && q.at <= last.at) continue;
    let price: Decimal;
    try {
      price = new Decimal(q.last);
    } catch {
      continue;
    }
    const grown = [...list, { at: q.at, last: price }];
    next ??= { ...history };
    next[q.symbol] = grown.length > max ? grown.slice(grown.length - max) : grown;
  }
  return next ?? history;
}

/** Mean price of the quotes in (fromMs, toMs]; null when none fell in it. */
export function marketTwap(quotes: readonly Quote[], fromMs: number, toMs: number): Decimal | null {
  let sum = new Decimal(0);
  let n = 0;
  for (const q of quotes) {
    if (q.at > fromMs && q.at <= toMs) {
      sum = sum.plus(q.last);
      n += 1;
    }
  }
  return n === 0 ? null : sum.div(n);
}
