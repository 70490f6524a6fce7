import { z } from 'zod';
import { decimalField } from '../../domain/decimal';
import { OrderStatus } from '../../domain/enums';

/*
 * A reconciliation report as it crosses the API: the wire form of
 * `ReconciliationReport` (reconcile.ts). Decimals are decimal strings on the
 * wire and Decimal in code, so the connector's report is its domain value
 * as is. Pure zod and domain imports: the contract reaches this file, and
 * the contract's runtime closure must stay free of ccxt and Node.
 */

// Exchange numbers are not held to the seeds' 20/8 digits: they are shown as the exchange gave them.
const dec = decimalField({ precision: false });
const side = z.enum(['BUY', 'SELL']);

export const ExchangeOrderSchema = z.object({
  clientOrderId: z.string(),
  exchangeOrderId: z.string(),
  symbol: z.string(),
  side,
  type: z.enum(['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT']),
  quantity: dec,
  price: dec.optional(),
  stopPrice: dec.optional(),
  status: z.enum(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']),
  filledQuantity: dec,
  averagePrice: dec.optional(),
  updatedAt: z.number(),
});

export const ExchangeTradeSchema = z.object({
  tradeId: z.string(),
  clientOrderId: z.string(),
  exchangeOrderId: z.string(),
  symbol: z.string(),
  side,
  price: dec,
  quantity: dec,
  fee: dec,
  feeAsset: z.string(),
  liquidity: z.enum(['MAKER', 'TAKER']),
  time: z.number(),
});

const common = { clientOrderId: z.string(), symbol: z.string(), message: z.string() };

export const ReconciliationDifferenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('UNKNOWN_TO_LEDGER'), ...common, exchangeOrder: ExchangeOrderSchema.optional(), trades: z.array(ExchangeTradeSchema).readonly() }),
  z.object({ kind: z.literal('MISSING_FILL'), ...common, trade: ExchangeTradeSchema }),
  z.object({ kind: z.literal('STATUS_DRIFT'), ...common, ledgerStatus: OrderStatus, ledgerFilled: dec, exchangeOrder: ExchangeOrderSchema }),
  z.object({ kind: z.literal('MISSING_ON_EXCHANGE'), ...common, ledgerStatus: OrderStatus }),
]);

export const ReconciliationReportSchema = z.object({
  id: z.string(),
  trigger: z.enum(['START', 'RECONNECT', 'REPAIR', 'MANUAL']),
  /** Epoch ms the comparison was made. */
  at: z.number(),
  differences: z.array(ReconciliationDifferenceSchema).readonly(),
});

/** The report as a view holds it (Decimals decoded). The live connector's ReconciliationReport is one of these. */
export type ReconciliationReportValue = z.output<typeof ReconciliationReportSchema>;
export type ReconciliationDifferenceValue = z.output<typeof ReconciliationDifferenceSchema>;
