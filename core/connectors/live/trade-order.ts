import type { ExchangeTrade } from '../types';

/** Trade ids by value when both are integers (Binance's are), as text otherwise. */
export function compareTradeIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest first; trades of the same millisecond in id order. */
export function compareTrades(a: ExchangeTrade, b: ExchangeTrade): number {
  return a.time - b.time || compareTradeIds(a.tradeId, b.tradeId);
}

/**
 * A trade's identity. Binance numbers trades per symbol, so an id alone is
 * not unique across symbols: de-duplication uses symbol and id together.
 */
export function tradeKey(symbol: string, tradeId: string): string {
  return `${symbol}#${tradeId}`;
}
