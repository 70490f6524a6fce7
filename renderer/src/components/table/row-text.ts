/**
 * A row's display text, computed once per row object: the cells of a row
 * read from it, and a re-render with the same (immutable) row object reuses
 * it. Keyed weakly, so rows dropped from the store are collected.
 */
export function cachedRowText<R extends object, T>(compute: (row: R) => T): (row: R) => T {
  const cache = new WeakMap<R, T>();
  return (row) => {
    let text = cache.get(row);
    if (text === undefined) {
      text = compute(row);
      cache.set(row, text);
    }
    return text;
  };
}

/** Fixed decimal places per kind of column. */
export interface ColumnDecimals {
  readonly price: number;
  readonly quantity: number;
  readonly fee: number;
}

/** BTC/USD-like defaults: cents for prices, satoshis for quantities and fees. */
export const DEFAULT_DECIMALS: ColumnDecimals = { price: 2, quantity: 8, fee: 8 };
