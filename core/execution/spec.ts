import { z } from 'zod';
import { Decimal, decimalField } from '../domain/decimal';
import { ChunkDistribution, ExecutionStrategyType, OrderSide } from '../domain/enums';
import { parseWire, toWire, type Parsed } from '../domain/parse';

/*
 * AlgoSpec: the concrete, connector-ready algorithm the translator chose for
 * one ExecutionPlan. Stored as JSON next to the group (decimal strings, epoch
 * ms) and decoded to Decimals in code. Immutable once written: the
 * algorithm's progress lives in its own state, never here.
 */

// Prices and ratios here are derived (arrival mid, averaged volumes), so they
// may carry more than the seeds' 8 decimals; only their sign is checked.
const positive = (what: string) =>
  decimalField({ precision: false, min: { value: 0, inclusive: false, message: `${what} must be positive` } });
const nonNegative = (what: string) =>
  decimalField({ precision: false, min: { value: 0, inclusive: true, message: `${what} cannot be negative` } });
const unitRatio = (what: string) =>
  decimalField({
    precision: false,
    min: { value: 0, inclusive: false, message: `${what} must be above 0` },
    max: { value: 1, inclusive: true, message: `${what} must be at most 1` },
  });

const epochMs = z.number().int().nonnegative();

export const LadderSchema = z
  .object({
    low: positive('ladder.low'),
    high: positive('ladder.high'),
    levels: z.number().int().positive(),
    distribution: ChunkDistribution,
  })
  .strict();

export const AlgoSpecSchema = z
  .object({
    strategy: ExecutionStrategyType,
    symbol: z.string().min(1),
    side: OrderSide,
    /** Rounded down to the symbol's step. */
    totalQuantity: positive('totalQuantity'),
    startTime: epochMs,
    /** Null: no window (SINGLE, ICEBERG, LAYERED without max_execution_window_minutes). */
    endTime: epochMs.nullable(),
    /** How working orders take liquidity: MARKET (marketable, capped by priceLimit) or LIMIT at limitPrice. */
    orderStyle: z.enum(['MARKET', 'LIMIT']),
    /** The working limit price, on tick, already capped by priceLimit. */
    limitPrice: positive('limitPrice').nullable(),
    /** Stop entries only (SINGLE): the trigger price. */
    stopPrice: positive('stopPrice').nullable(),
    /** Latest mid when translated: the slippage reference. */
    arrivalPrice: positive('arrivalPrice').nullable(),
    /** max_slippage_pct as a hard price: BUY never above it, SELL never below it. */
    priceLimit: positive('priceLimit').nullable(),
    sliceCount: z.number().int().positive().nullable(),
    sliceIntervalMs: z.number().int().positive().nullable(),
    /** VWAP: expected market volume per slice bucket (relative weights). */
    volumeProfile: z.array(nonNegative('volumeProfile')).nullable(),
    /** ICEBERG: the most ever shown on the book at once. */
    visibleQuantity: positive('visibleQuantity').nullable(),
    nativeIceberg: z.boolean(),
    ladder: LadderSchema.nullable(),
    /** POV: target share of observed market volume. */
    participationRate: unitRatio('participationRate').nullable(),
    mustCompleteImmediately: z.boolean(),
    minFillRatio: unitRatio('minFillRatio').nullable(),
    /** Why each choice was made, for the journal. */
    reasons: z.array(z.string()),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.endTime !== null && s.endTime <= s.startTime) issue('endTime', 'endTime must be after startTime');
    if (s.orderStyle === 'LIMIT' && !s.limitPrice) issue('limitPrice', 'LIMIT style requires limitPrice');
    if (s.limitPrice && s.priceLimit) {
      const worse = s.side === 'BUY' ? s.limitPrice.gt(s.priceLimit) : s.limitPrice.lt(s.priceLimit);
      if (worse) issue('limitPrice', 'limitPrice is beyond priceLimit');
    }
    if (s.stopPrice && s.strategy !== 'SINGLE') issue('stopPrice', 'stop entries execute as SINGLE');
    switch (s.strategy) {
      case 'TWAP':
      case 'VWAP':
        if (s.sliceCount === null) issue('sliceCount', `${s.strategy} requires sliceCount`);
        if (s.sliceIntervalMs === null) issue('sliceIntervalMs', `${s.strategy} requires sliceIntervalMs`);
        if (s.endTime === null) issue('endTime', `${s.strategy} requires endTime`);
        if (s.strategy === 'VWAP') {
          if (!s.volumeProfile || s.volumeProfile.length !== s.sliceCount) {
            issue('volumeProfile', 'VWAP requires one volumeProfile weight per slice');
          } else if (s.volumeProfile.every((w) => w.isZero())) {
            issue('volumeProfile', 'volumeProfile cannot be all zero');
          }
        }
        break;
      case 'ICEBERG':
        if (!s.visibleQuantity) issue('visibleQuantity', 'ICEBERG requires visibleQuantity');
        else if (s.visibleQuantity.gt(s.totalQuantity)) issue('visibleQuantity', 'visibleQuantity exceeds totalQuantity');
        if (s.orderStyle !== 'LIMIT') issue('orderStyle', 'ICEBERG rests LIMIT orders');
        break;
      case 'LAYERED':
        if (!s.ladder) issue('ladder', 'LAYERED requires ladder');
        else if (s.ladder.low.gt(s.ladder.high)) issue('ladder', 'ladder.low must not exceed ladder.high');
        if (s.orderStyle !== 'LIMIT') issue('orderStyle', 'LAYERED rests LIMIT orders');
        break;
      case 'POV':
        if (!s.participationRate) issue('participationRate', 'POV requires participationRate');
        if (s.endTime === null) issue('endTime', 'POV requires endTime');
        break;
      case 'SINGLE':
        break;
    }
  });

export type AlgoSpec = z.output<typeof AlgoSpecSchema>;
export type AlgoSpecWire = z.input<typeof AlgoSpecSchema>;
export type Ladder = z.output<typeof LadderSchema>;

/** Stored JSON (as unknown) -> AlgoSpec; never throws. */
export function parseAlgoSpec(raw: unknown): Parsed<AlgoSpec> {
  return parseWire(AlgoSpecSchema, raw, 'AlgoSpec');
}

/** AlgoSpec -> JSON-ready wire form (decimal strings). */
export function encodeAlgoSpec(spec: AlgoSpec): AlgoSpecWire {
  return toWire(AlgoSpecSchema, spec);
}

/** Is `price` worse than `reference` for this side (a BUY paying more, a SELL receiving less)? */
export function isWorsePrice(side: OrderSide, price: Decimal, reference: Decimal): boolean {
  return side === 'BUY' ? price.gt(reference) : price.lt(reference);
}

/** The better (safer) of two prices for this side. */
export function saferPrice(side: OrderSide, a: Decimal, b: Decimal): Decimal {
  return side === 'BUY' ? Decimal.min(a, b) : Decimal.max(a, b);
}
