import type { z } from 'zod';
import { Decimal } from '../../domain/decimal';
import type { ConnectorOrderType, ExchangeOrder, ExchangeOrderStatus, ExchangeTrade, Liquidity, OrderSide } from '../types';
import {
  BinanceAccountSchema,
  BinanceAccountTradeSchema,
  BinanceExecutionReportSchema,
  BinanceOrderSchema,
  UnifiedBalanceSchema,
  UnifiedOrderSchema,
  UnifiedTradeSchema,
  type BinanceExecutionReport,
  type BinanceOrder,
  type UnifiedOrder,
  type UnifiedTrade,
} from './wire-schemas';

/** An exchange answer we cannot read. For a place this means the outcome is unknown. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
}

const ZERO = new Decimal(0);

function parse<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new MappingError(`unreadable ${what}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

function optional<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> | undefined {
  const r = schema.safeParse(raw);
  return r.success ? r.data : undefined;
}

const fromNumber = (n: number): Decimal => new Decimal(String(n));
const positive = (d: Decimal | undefined): Decimal | undefined => (d !== undefined && d.gt(0) ? d : undefined);

/** Binance spot's order statuses and types in ours (EXPIRED_IN_MATCH is self-trade prevention: expired). */
function binanceStatus(s: string): ExchangeOrderStatus {
  switch (s) {
    case 'PARTIALLY_FILLED':
    case 'FILLED':
    case 'CANCELED':
    case 'REJECTED':
    case 'EXPIRED':
      return s;
    case 'EXPIRED_IN_MATCH':
      return 'EXPIRED';
    default:
      return 'NEW'; // NEW, PENDING_NEW, PENDING_CANCEL: still on the book
  }
}

function binanceType(t: string): ConnectorOrderType {
  if (t === 'MARKET') return 'MARKET';
  if (t === 'STOP_LOSS' || t === 'TAKE_PROFIT') return 'STOP_MARKET';
  if (t === 'STOP_LOSS_LIMIT' || t === 'TAKE_PROFIT_LIMIT') return 'STOP_LIMIT';
  return 'LIMIT'; // LIMIT, LIMIT_MAKER
}

function unifiedStatus(status: string | null | undefined, filled: Decimal): ExchangeOrderStatus {
  switch (status) {
    case 'closed':
      return 'FILLED';
    case 'canceled':
      return 'CANCELED';
    case 'expired':
      return 'EXPIRED';
    case 'rejected':
      return 'REJECTED';
    default:
      return filled.gt(0) ? 'PARTIALLY_FILLED' : 'NEW';
  }
}

const sideOf = (s: 'buy' | 'sell' | 'BUY' | 'SELL'): OrderSide => (s === 'buy' || s === 'BUY' ? 'BUY' : 'SELL');
const average = (quote: Decimal, filled: Decimal): Decimal | undefined => (filled.gt(0) ? quote.div(filled) : undefined);

function fromBinanceOrder(u: UnifiedOrder, b: BinanceOrder): ExchangeOrder {
  const price = positive(b.price);
  const stopPrice = positive(b.stopPrice);
  const averagePrice = average(b.cummulativeQuoteQty, b.executedQty);
  return {
    clientOrderId: b.origClientOrderId ?? b.clientOrderId,
    exchangeOrderId: b.orderId,
    symbol: u.symbol,
    side: sideOf(b.side),
    type: binanceType(b.type),
    quantity: b.origQty,
    ...(price === undefined ? {} : { price }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    status: binanceStatus(b.status),
    filledQuantity: b.executedQty,
    ...(averagePrice === undefined ? {} : { averagePrice }),
    updatedAt: b.updateTime ?? b.transactTime ?? b.time ?? u.lastUpdateTimestamp ?? u.timestamp ?? 0,
  };
}

function fromExecutionReport(symbol: string, r: BinanceExecutionReport): ExchangeOrder {
  const price = positive(r.p);
  const stopPrice = positive(r.P);
  const averagePrice = average(r.Z, r.z);
  return {
    // On a cancel, `c` is the cancel request's id and `C` the order's.
    clientOrderId: r.C !== undefined && r.C !== null && r.C !== '' ? r.C : r.c,
    exchangeOrderId: r.i,
    symbol,
    side: sideOf(r.S),
    type: binanceType(r.o),
    quantity: r.q,
    ...(price === undefined ? {} : { price }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    status: binanceStatus(r.X),
    filledQuantity: r.z,
    ...(averagePrice === undefined ? {} : { averagePrice }),
    updatedAt: r.E,
  };
}

function fromUnifiedOrder(u: UnifiedOrder): ExchangeOrder {
  if (u.clientOrderId === undefined || u.clientOrderId === null || u.amount === undefined || u.amount === null) {
    throw new MappingError(`order ${u.id} has no client order id or amount`);
  }
  const filled = fromNumber(u.filled ?? 0);
  const price = u.price === undefined || u.price === null ? undefined : positive(fromNumber(u.price));
  const stopPrice = u.triggerPrice === undefined || u.triggerPrice === null ? undefined : positive(fromNumber(u.triggerPrice));
  const market = u.type === 'market';
  const averagePrice = u.cost === undefined || u.cost === null ? undefined : average(fromNumber(u.cost), filled);
  return {
    clientOrderId: u.clientOrderId,
    exchangeOrderId: u.id,
    symbol: u.symbol,
    side: sideOf(u.side),
    type: stopPrice === undefined ? (market ? 'MARKET' : 'LIMIT') : market ? 'STOP_MARKET' : 'STOP_LIMIT',
    quantity: fromNumber(u.amount),
    ...(price === undefined || market ? {} : { price }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    status: unifiedStatus(u.status, filled),
    filledQuantity: filled,
    ...(averagePrice === undefined ? {} : { averagePrice }),
    updatedAt: u.lastUpdateTimestamp ?? u.timestamp ?? 0,
  };
}

/** A ccxt order (REST answer or stream update) as ours. */
export function toExchangeOrder(raw: unknown): ExchangeOrder {
  const u = parse(UnifiedOrderSchema, raw, 'order');
  const report = optional(BinanceExecutionReportSchema, u.info);
  if (report !== undefined) return fromExecutionReport(u.symbol, report);
  const rest = optional(BinanceOrderSchema, u.info);
  if (rest !== undefined) return fromBinanceOrder(u, rest);
  return fromUnifiedOrder(u);
}

/** Trades that came inside a place answer (Binance FULL: the immediate fills, taker side). */
export function tradesInPlaceAnswer(raw: unknown, order: ExchangeOrder): ExchangeTrade[] {
  const u = optional(UnifiedOrderSchema, raw);
  const b = u === undefined ? undefined : optional(BinanceOrderSchema, u.info);
  if (b?.fills === undefined) return [];
  const time = b.transactTime ?? order.updatedAt;
  return b.fills.map((f) => ({
    tradeId: f.tradeId,
    clientOrderId: order.clientOrderId,
    exchangeOrderId: order.exchangeOrderId,
    symbol: order.symbol,
    side: order.side,
    price: f.price,
    quantity: f.qty,
    fee: f.commission,
    feeAsset: f.commissionAsset,
    liquidity: 'TAKER' as const,
    time,
  }));
}

/**
 * A ccxt trade. Stream trades from Binance carry the whole executionReport,
 * so they come with the order as it stood right after the trade; REST trades
 * name only the exchange order id, which `clientIdOf` turns into ours.
 */
export type MappedTrade =
  | { readonly kind: 'trade'; readonly trade: ExchangeTrade; readonly orderAfter?: ExchangeOrder }
  | { readonly kind: 'needs-order'; readonly exchangeOrderId: string; readonly symbol: string };

export function toExchangeTrade(raw: unknown, clientIdOf: (exchangeOrderId: string) => string | undefined): MappedTrade {
  const u: UnifiedTrade = parse(UnifiedTradeSchema, raw, 'trade');
  const report = optional(BinanceExecutionReportSchema, u.info);
  if (report !== undefined) {
    const orderAfter = fromExecutionReport(u.symbol, report);
    const trade: ExchangeTrade = {
      tradeId: String(report.t),
      clientOrderId: orderAfter.clientOrderId,
      exchangeOrderId: report.i,
      symbol: u.symbol,
      side: sideOf(report.S),
      price: report.L,
      quantity: report.l,
      fee: report.n,
      feeAsset: report.N ?? '',
      liquidity: report.m ? 'MAKER' : 'TAKER',
      time: report.T,
    };
    return { kind: 'trade', trade, orderAfter };
  }
  const account = optional(BinanceAccountTradeSchema, u.info);
  const exchangeOrderId = account?.orderId ?? u.order ?? undefined;
  if (exchangeOrderId === undefined) throw new MappingError(`trade ${u.id} names no order`);
  const clientOrderId = clientIdOf(exchangeOrderId);
  if (clientOrderId === undefined) return { kind: 'needs-order', exchangeOrderId, symbol: u.symbol };
  const liquidity: Liquidity = (account?.isMaker ?? u.takerOrMaker === 'maker') ? 'MAKER' : 'TAKER';
  const side: OrderSide = account !== undefined ? (account.isBuyer ? 'BUY' : 'SELL') : sideOf(u.side ?? 'buy');
  const trade: ExchangeTrade = {
    tradeId: account?.id ?? u.id,
    clientOrderId,
    exchangeOrderId,
    symbol: u.symbol,
    side,
    price: account?.price ?? fromNumber(u.price),
    quantity: account?.qty ?? fromNumber(u.amount),
    fee: account?.commission ?? (u.fee?.cost === undefined || u.fee.cost === null ? ZERO : fromNumber(u.fee.cost)),
    feeAsset: account?.commissionAsset ?? u.fee?.currency ?? '',
    liquidity,
    time: account?.time ?? u.timestamp ?? 0,
  };
  return { kind: 'trade', trade };
}

export function toBalances(raw: unknown): Record<string, { free: Decimal; locked: Decimal }> {
  const u = parse(UnifiedBalanceSchema, raw, 'balance');
  const out: Record<string, { free: Decimal; locked: Decimal }> = {};
  const account = optional(BinanceAccountSchema, u.info);
  if (account !== undefined) {
    for (const b of account.balances) out[b.asset] = { free: b.free, locked: b.locked };
    return out;
  }
  for (const [asset, free] of Object.entries(u.free ?? {})) {
    out[asset] = { free: fromNumber(free ?? 0), locked: fromNumber(u.used?.[asset] ?? 0) };
  }
  return out;
}
