import type Decimal from 'decimal.js';
import { z } from 'zod';
import { firstIssue, MarketSourceError } from './market-source-error';
import { DEFAULT_SYNTHETIC_PARAMS, positiveDecimalText, syntheticSymbolParamsSchema, withDefaults } from './params-schemas';
import type { SyntheticSymbolParams, VolumeProfile } from './types';

/** Model overrides; decimals as Decimal or decimal text. Anything absent takes DEFAULT_SYNTHETIC_PARAMS. */
export interface SyntheticSymbolOptions {
  readonly drift?: number;
  readonly volatility?: number;
  readonly jumpProbability?: number;
  readonly jumpSize?: number;
  readonly spreadBps?: number;
  readonly meanVolume?: Decimal | string;
  readonly tickSize?: Decimal | string;
  readonly stepSize?: Decimal | string;
  readonly topOfBookFraction?: number;
  readonly volumeProfile?: VolumeProfile;
  readonly sessionMs?: number;
}

export interface SyntheticMarketOptions extends SyntheticSymbolOptions {
  /** Any safe integer; used modulo 2^32. */
  readonly seed: number;
  readonly symbols: readonly string[];
  /** One per symbol, > 0; rounded to the symbol's tick for the first open. */
  readonly startPrices: Readonly<Record<string, Decimal | string>>;
  /** Open time of each symbol's first bar, epoch ms. */
  readonly startTime: number;
  readonly intervalMs: number;
  /** Per-symbol overrides on top of the flat options above. */
  readonly perSymbol?: Readonly<Record<string, SyntheticSymbolOptions>>;
  /** Bars to skip per symbol: the source starts as if that many had been pulled already. */
  readonly position?: Readonly<Record<string, number>>;
}

export interface SyntheticConfig {
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly startTime: number;
  readonly intervalMs: number;
  readonly startPrices: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, SyntheticSymbolParams>>;
  readonly position: Readonly<Record<string, number>>;
}

const overrides = syntheticSymbolParamsSchema.partial();

const optionsSchema = overrides
  .extend({
    seed: z.int(),
    symbols: z.array(z.string().min(1)).min(1),
    startPrices: z.record(z.string(), positiveDecimalText),
    startTime: z.int(),
    intervalMs: z.int().positive(),
    perSymbol: z.record(z.string(), overrides).optional(),
    position: z.record(z.string(), z.int().min(0)).optional(),
  })
  .superRefine((options, ctx) => {
    const known = new Set(options.symbols);
    if (known.size !== options.symbols.length) ctx.addIssue({ code: 'custom', path: ['symbols'], message: 'contains a duplicate' });
    for (const symbol of options.symbols) {
      if (options.startPrices[symbol] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['startPrices', symbol], message: 'missing start price' });
      }
    }
    for (const [key, record] of [['startPrices', options.startPrices], ['perSymbol', options.perSymbol], ['position', options.position]] as const) {
      for (const symbol of Object.keys(record ?? {})) {
        if (!known.has(symbol)) ctx.addIssue({ code: 'custom', path: [key, symbol], message: 'not one of the symbols' });
      }
    }
  });

/** Validate options (from code or a parsed descriptor) and resolve every symbol's model. Throws MarketSourceError INVALID_MARKET_CONFIG. */
export function resolveSyntheticOptions(options: unknown): SyntheticConfig {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new MarketSourceError('INVALID_MARKET_CONFIG', `synthetic market options: ${firstIssue(parsed.error)}`);
  }
  const { seed, symbols, startTime, intervalMs, startPrices, perSymbol, position, ...flat } = parsed.data;
  const params: Record<string, SyntheticSymbolParams> = {};
  const positions: Record<string, number> = {};
  for (const symbol of symbols) {
    params[symbol] = withDefaults(DEFAULT_SYNTHETIC_PARAMS, flat, perSymbol?.[symbol] ?? {});
    positions[symbol] = position?.[symbol] ?? 0;
  }
  return { seed, symbols, startTime, intervalMs, startPrices, params, position: positions };
}
