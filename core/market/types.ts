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
  /**
   * The next bar for `symbol` (each call advances that symbol by one
   * interval), or undefined when the source is exhausted. Symbols advance
   * independently: the bars of one never depend on how often another was
   * pulled. A symbol the source does not carry throws MarketSourceError
   * UNKNOWN_SYMBOL.
   */
  next(symbol: string): MarketBar | undefined;
  /** Serializable description used to recreate the source after a restart (seed or file path plus position). */
  describe(): MarketSourceDescriptor;
}

/** How the top of the book is synthesised from a bar (see quote.ts); sizes and prices as decimal strings. */
export interface QuoteParams {
  /** Price grid, e.g. "0.01". */
  readonly tickSize: string;
  /** Quantity grid, e.g. "0.00001". */
  readonly stepSize: string;
  /** Bid-ask spread in basis points of the close (at least one tick). */
  readonly spreadBps: number;
  /** Size at the best bid/ask as a fraction of the bar's volume (at least one step). */
  readonly topOfBookFraction: number;
}

/** Shape of volume over a trading session (see volume-profile.ts). */
export type VolumeProfile = 'u-shape' | 'flat';

/** The model of one synthetic symbol. Returns are per interval, as fractions (0.001 = 0.1%). */
export interface SyntheticSymbolParams extends QuoteParams {
  /** Mean return per interval. */
  readonly drift: number;
  /** Standard deviation of the return per interval (also scales the wicks). */
  readonly volatility: number;
  /** Chance per interval of a jump. */
  readonly jumpProbability: number;
  /** Typical jump size as a fraction; a jump is +-jumpSize * [0.5, 1.5). */
  readonly jumpSize: number;
  /** Mean base-asset volume per interval, as a decimal string. */
  readonly meanVolume: string;
  readonly volumeProfile: VolumeProfile;
  /** Session length for the volume profile, in ms (a UTC day by default). */
  readonly sessionMs: number;
}

/** Overrides for CSV replay; anything absent is detected (interval) or defaulted (book). */
export interface CsvSourceParams extends Partial<QuoteParams> {
  /** Candle length in ms; by default the smallest gap between consecutive open times. */
  readonly intervalMs?: number;
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
      /** Resolved model per symbol; absent means the defaults. describe() always writes it. */
      readonly params?: Readonly<Record<string, SyntheticSymbolParams>>;
    }
  | {
      readonly kind: 'csv';
      readonly path: string;
      readonly symbol: string;
      readonly position: number;
      readonly options?: CsvSourceParams;
    };
