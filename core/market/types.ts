import type Decimal from 'decimal.js';

/**
 * One interval of market data for one symbol: the candle, plus the top of
 * the book at its close. Paper fills and VWAP/POV participation are derived
 * from these, so volume is per interval, in base-asset units.
 */
export interface MarketBar {
  readonly symbol: string;
  /** Interval open time, epoch ms UTC. */
  readonly openTime: number;
  /** Interval length in ms (60_000 for one-minute candles). */
  readonly intervalMs: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  /** Base-asset volume traded in the interval. */
  readonly volume: Decimal;
  readonly bid: Decimal;
  readonly ask: Decimal;
  /** Base-asset size resting at the best bid / best ask. */
  readonly bidSize: Decimal;
  readonly askSize: Decimal;
}

/**
 * A source of bars, pulled in time order. Deterministic: the same source
 * configuration (seed, file) yields the same bars, exactly.
 */
export interface MarketSource {
  readonly symbols: readonly string[];
  readonly intervalMs: number;
  /** The next bar for `symbol` (each call advances that symbol by one interval), or undefined when the source is exhausted. */
  next(symbol: string): MarketBar | undefined;
  /** Serializable description used to recreate the source after a restart (seed or file path plus position). */
  describe(): MarketSourceDescriptor;
}

export type MarketSourceDescriptor =
  | {
      readonly kind: 'synthetic';
      readonly seed: number;
      readonly symbols: readonly string[];
      readonly startTime: number;
      readonly intervalMs: number;
      /** Starting prices as decimal strings, per symbol. */
      readonly startPrices: Readonly<Record<string, string>>;
      /** Bars already consumed per symbol, so a restored source continues where it was. */
      readonly position: Readonly<Record<string, number>>;
    }
  | {
      readonly kind: 'csv';
      readonly path: string;
      readonly symbol: string;
      readonly position: number;
    };
