import { z } from 'zod';
import { decimalField, toDecimalString } from '../../domain/decimal';
import type { ExchangeTrade, SymbolRules } from '../types';
import type { MarketBar } from '../../market/types';
import { FidelityProfileSchema } from './fidelity';

/**
 * The simulated exchange's state in serializable form: what a paper session
 * persists and restores. Decimals are canonical strings on the wire (no
 * 8-decimal cap: balances and averages may carry more digits than a price).
 */

const dec = decimalField({ precision: false });
const nonNegative = decimalField({ precision: false, min: { value: 0, inclusive: true, message: 'cannot be negative' } });
const time = z.number().finite();

const OrderSide = z.enum(['BUY', 'SELL']);
const OrderType = z.enum(['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT']);

/** One order as the simulated exchange holds it (mutable inside the engine). */
export const SimOrderSchema = z
  .object({
    clientOrderId: z.string().min(1),
    exchangeOrderId: z.string().min(1),
    symbol: z.string().min(1),
    side: OrderSide,
    type: OrderType,
    timeInForce: z.enum(['GTC', 'IOC', 'FOK']),
    quantity: dec,
    price: dec.optional(),
    stopPrice: dec.optional(),
    status: z.enum(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']),
    filledQuantity: nonNegative,
    /** Sum of price * quantity over the fills: the average price is filledQuote / filledQuantity. */
    filledQuote: nonNegative,
    /** Stop orders: the trigger fired (a triggered STOP_LIMIT rests as a limit). */
    triggered: z.boolean(),
    /** The other leg of a one-cancels-the-other pair. */
    ocoWith: z.string().min(1).optional(),
    /** The funds locked for this order (shared by both legs of a pair). */
    holdId: z.string().min(1).optional(),
    /** Time priority among orders at one price: lower first; renewed by a modify. */
    priority: z.number().int().min(0),
    createdAt: time,
    updatedAt: time,
  })
  .strict();
export type SimOrder = z.output<typeof SimOrderSchema>;

/**
 * z.encode(SimOrderSchema, o) without walking the schema: a checkpoint writes
 * every changed order (a thousand after a cancel-all) and the walk cost more
 * than the writes. A property test holds the two equal.
 */
export function encodeSimOrder(o: SimOrder): z.input<typeof SimOrderSchema> {
  return {
    ...o,
    quantity: toDecimalString(o.quantity),
    price: o.price === undefined ? undefined : toDecimalString(o.price),
    stopPrice: o.stopPrice === undefined ? undefined : toDecimalString(o.stopPrice),
    filledQuantity: toDecimalString(o.filledQuantity),
    filledQuote: toDecimalString(o.filledQuote),
  };
}

export const HoldSchema = z.object({ holdId: z.string().min(1), asset: z.string().min(1), amount: nonNegative }).strict();
export type HoldState = z.output<typeof HoldSchema>;

export const BalanceSchema = z.object({ asset: z.string().min(1), free: nonNegative, locked: nonNegative }).strict();
export type BalanceState = z.output<typeof BalanceSchema>;

export const TradeSchema = z
  .object({
    tradeId: z.string().min(1),
    clientOrderId: z.string().min(1),
    exchangeOrderId: z.string().min(1),
    symbol: z.string().min(1),
    side: OrderSide,
    price: dec,
    quantity: dec,
    fee: nonNegative,
    feeAsset: z.string().min(1),
    liquidity: z.enum(['MAKER', 'TAKER']),
    time,
    fidelityProfile: z.string().min(1).optional(),
  })
  .strict();

export const MarketBarSchema = z
  .object({
    symbol: z.string().min(1),
    openTime: time,
    intervalMs: z.number().positive(),
    open: dec,
    high: dec,
    low: dec,
    close: dec,
    volume: nonNegative,
    bid: dec,
    ask: dec,
    bidSize: nonNegative,
    askSize: nonNegative,
  })
  .strict();

export const SymbolRulesSchema = z
  .object({
    symbol: z.string().min(1),
    baseAsset: z.string().min(1),
    quoteAsset: z.string().min(1),
    tickSize: dec,
    stepSize: dec,
    minQuantity: nonNegative,
    minNotional: nonNegative,
  })
  .strict();

export const CountersSchema = z
  .object({
    nextOrderSeq: z.number().int().min(1),
    nextTradeSeq: z.number().int().min(1),
    nextPriority: z.number().int().min(0),
    /** SeededRandom state, so latency jitter continues the same sequence after a restart. */
    prngState: z.number().int().min(0).max(0xffffffff),
  })
  .strict();
export type Counters = z.output<typeof CountersSchema>;

/** Everything needed to rebuild a simulated exchange exactly. */
export const PaperExchangeStateSchema = z
  .object({
    fidelity: FidelityProfileSchema,
    counters: CountersSchema,
    symbols: z.array(SymbolRulesSchema),
    balances: z.array(BalanceSchema),
    holds: z.array(HoldSchema),
    orders: z.array(SimOrderSchema),
    trades: z.array(TradeSchema),
    lastBars: z.array(MarketBarSchema),
  })
  .strict();
export type PaperExchangeState = z.output<typeof PaperExchangeStateSchema>;

/** What changed since the previous checkpoint: orders, holds and balances are upserts, trades are new. */
export interface PaperCheckpoint {
  readonly time: number;
  readonly counters: Counters;
  readonly balances: readonly BalanceState[];
  readonly holds: readonly HoldState[];
  /** Holds released since (delete them). */
  readonly releasedHolds: readonly string[];
  readonly orders: readonly SimOrder[];
  readonly trades: readonly ExchangeTrade[];
  readonly lastBars: readonly MarketBar[];
}

// Compile-time checks that the schemas describe the shared interfaces exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTrade: Same<z.output<typeof TradeSchema>, Omit<ExchangeTrade, never>> = true;
const sameBar: Same<z.output<typeof MarketBarSchema>, Omit<MarketBar, never>> = true;
const sameRules: Same<z.output<typeof SymbolRulesSchema>, Omit<SymbolRules, never>> = true;
void [sameTrade, sameBar, sameRules];
