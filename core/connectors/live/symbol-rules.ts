import { z } from 'zod';
import { Decimal, decimalField } from '../../domain/decimal';
import type { SymbolRules } from '../types';
import { MappingError } from './ccxt-mapping';

const dec = decimalField({ precision: false });
const num = z.number().finite().nullish();

const MarketSchema = z.object({
  symbol: z.string().min(1),
  base: z.string().min(1),
  quote: z.string().min(1),
  precision: z.object({ amount: num, price: num }).partial().optional(),
  limits: z
    .object({ amount: z.object({ min: num }).partial().optional(), cost: z.object({ min: num }).partial().optional() })
    .partial()
    .optional(),
  info: z.unknown(),
});

/** exchangeInfo filters (filters.md), exact decimal strings. */
const BinanceFiltersSchema = z.object({
  filters: z.array(
    z.union([
      z.object({ filterType: z.literal('PRICE_FILTER'), tickSize: dec }),
      z.object({ filterType: z.literal('LOT_SIZE'), stepSize: dec, minQty: dec }),
      z.object({ filterType: z.enum(['NOTIONAL', 'MIN_NOTIONAL']), minNotional: dec }),
      z.object({ filterType: z.string() }),
    ]),
  ),
});

const fromNumber = (n: number | null | undefined): Decimal => new Decimal(n === undefined || n === null ? 0 : String(n));

/** A ccxt market's tick, step and minimums; Binance's own filters when present, ccxt's precision otherwise. */
export function toSymbolRules(raw: unknown): SymbolRules {
  const parsed = MarketSchema.safeParse(raw);
  if (!parsed.success) throw new MappingError(`unreadable market: ${parsed.error.issues[0]?.message ?? ''}`);
  const m = parsed.data;
  let tickSize = fromNumber(m.precision?.price);
  let stepSize = fromNumber(m.precision?.amount);
  let minQuantity = fromNumber(m.limits?.amount?.min);
  let minNotional = fromNumber(m.limits?.cost?.min);
  const filters = BinanceFiltersSchema.safeParse(m.info);
  if (filters.success) {
    for (const f of filters.data.filters) {
      if ('tickSize' in f) tickSize = f.tickSize;
      if ('stepSize' in f) {
        stepSize = f.stepSize;
        minQuantity = f.minQty;
      }
      if ('minNotional' in f) minNotional = f.minNotional;
    }
  }
  return { symbol: m.symbol, baseAsset: m.base, quoteAsset: m.quote, tickSize, stepSize, minQuantity, minNotional };
}
