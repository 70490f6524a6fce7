import { z } from 'zod';
import { decimalField } from '../../domain/decimal';

/**
 * What ccxt hands back, parsed from unknown: its unified order and trade
 * (numbers), and inside them, in `info`, Binance's own JSON (decimal
 * strings). Money is read from the Binance strings when they are there, so
 * no amount ever passes through a float; the unified numbers are the
 * fallback for other exchanges (decoded from their shortest round-trip
 * text, which is the decimal the exchange sent for up to 15 digits).
 */
const dec = decimalField({ precision: false });
const num = z.number().finite();
const idText = z.union([z.string().min(1), z.number().int()]).transform(String);

// ---- ccxt unified ------------------------------------------------------------------

export const UnifiedOrderSchema = z.object({
  id: idText,
  clientOrderId: z.string().nullish(),
  symbol: z.string().min(1),
  type: z.string().nullish(),
  side: z.enum(['buy', 'sell']),
  status: z.string().nullish(),
  price: num.nullish(),
  amount: num.nullish(),
  filled: num.nullish(),
  cost: num.nullish(),
  triggerPrice: num.nullish(),
  timestamp: num.nullish(),
  lastUpdateTimestamp: num.nullish(),
  info: z.unknown(),
});
export type UnifiedOrder = z.infer<typeof UnifiedOrderSchema>;

export const UnifiedTradeSchema = z.object({
  id: idText,
  order: idText.nullish(),
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']).nullish(),
  price: num,
  amount: num,
  timestamp: num.nullish(),
  takerOrMaker: z.enum(['taker', 'maker']).nullish(),
  fee: z.object({ cost: num.nullish(), currency: z.string().nullish() }).nullish(),
  info: z.unknown(),
});
export type UnifiedTrade = z.infer<typeof UnifiedTradeSchema>;

export const UnifiedBalanceSchema = z.object({
  free: z.record(z.string(), num.nullish()).optional(),
  used: z.record(z.string(), num.nullish()).optional(),
  info: z.unknown(),
});

// ---- Binance spot (rest-api.md, user-data-stream.md) -----------------------------

const side = z.enum(['BUY', 'SELL']);

/** POST/GET/DELETE /api/v3/order answers and /openOrders elements. */
export const BinanceOrderSchema = z.object({
  orderId: idText,
  clientOrderId: z.string(),
  /** Cancel answers: `clientOrderId` is the cancel's own id, this is the order's. */
  origClientOrderId: z.string().optional(),
  price: dec,
  origQty: dec,
  executedQty: dec,
  cummulativeQuoteQty: dec,
  status: z.string(),
  type: z.string(),
  side,
  stopPrice: dec.optional(),
  time: z.number().optional(),
  updateTime: z.number().optional(),
  transactTime: z.number().optional(),
  fills: z
    .array(z.object({ price: dec, qty: dec, commission: dec, commissionAsset: z.string(), tradeId: idText }))
    .optional(),
});
export type BinanceOrder = z.infer<typeof BinanceOrderSchema>;

/** The `executionReport` event (one per order change, trades included). */
export const BinanceExecutionReportSchema = z.object({
  e: z.literal('executionReport'),
  E: z.number(),
  c: z.string(),
  C: z.string().nullish(),
  S: side,
  o: z.string(),
  q: dec,
  p: dec,
  P: dec,
  x: z.string(),
  X: z.string(),
  i: idText,
  l: dec,
  z: dec,
  L: dec,
  n: dec,
  N: z.string().nullish(),
  T: z.number(),
  t: z.number().int(),
  m: z.boolean(),
  Z: dec,
});
export type BinanceExecutionReport = z.infer<typeof BinanceExecutionReportSchema>;

/** GET /api/v3/myTrades element. */
export const BinanceAccountTradeSchema = z.object({
  id: idText,
  orderId: idText,
  price: dec,
  qty: dec,
  commission: dec,
  commissionAsset: z.string(),
  time: z.number(),
  isBuyer: z.boolean(),
  isMaker: z.boolean(),
});

/** GET /api/v3/account `balances`. */
export const BinanceAccountSchema = z.object({
  balances: z.array(z.object({ asset: z.string(), free: dec, locked: dec })),
});
