import type { ExchangeOrder, ExchangeOrderStatus, ExchangeTrade, ExecutionReport } from '../types';
import { tradeKey } from './trade-order';

const OPEN: ReadonlySet<ExchangeOrderStatus> = new Set(['NEW', 'PARTIALLY_FILLED']);

export const isOpenStatus = (s: ExchangeOrderStatus): boolean => OPEN.has(s);

const rank = (s: ExchangeOrderStatus): number => (s === 'NEW' ? 0 : s === 'PARTIALLY_FILLED' ? 1 : 2);

/** Later in the order's life than `prev`: more filled, or as filled and further along (open -> closed). */
function isNewer(next: ExchangeOrder, prev: ExchangeOrder): boolean {
  const c = next.filledQuantity.comparedTo(prev.filledQuantity);
  return c > 0 || (c === 0 && rank(next.status) > rank(prev.status));
}

/**
 * Turns everything the connector learns about orders (REST answers, stream
 * updates, backfill) into execution reports, each fact once: trades are
 * de-duplicated by symbol and trade id, and an order update that is not newer than the
 * last known state is dropped, so the REST answer and the stream event for
 * the same change give one report. Fills are reported only from trades (a
 * filled quantity without a trade invents nothing); order updates give ACK
 * (first sight of an open order), CANCELED, EXPIRED and REJECTED.
 */
export class OrderTracker {
  private readonly orders = new Map<string, ExchangeOrder>();
  private readonly clientIds = new Map<string, string>();
  private readonly seenTrades = new Set<string>();
  private lastTrade: number | undefined;

  order(clientOrderId: string): ExchangeOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  /** Our client order id for an exchange order id, once any state of that order was seen. */
  clientIdOf(exchangeOrderId: string): string | undefined {
    return this.clientIds.get(exchangeOrderId);
  }

  /** Orders last seen open: after a gap in the stream they may have closed. */
  openOrders(): ExchangeOrder[] {
    return [...this.orders.values()].filter((o) => isOpenStatus(o.status));
  }

  hasSeenTrade(trade: ExchangeTrade): boolean {
    return this.seenTrades.has(tradeKey(trade.symbol, trade.tradeId));
  }

  /** Time of the newest trade seen (for backfill after a gap). */
  lastTradeTime(): number | undefined {
    return this.lastTrade;
  }

  /** Trades already recorded elsewhere (the ledger's fills), as tradeKey values: never reported again. */
  markTradesSeen(tradeKeys: Iterable<string>): void {
    for (const key of tradeKeys) this.seenTrades.add(key);
  }

  /** Remember the id mapping without reporting (orders read only to name a trade's client order id). */
  learnIds(order: ExchangeOrder): void {
    this.clientIds.set(order.exchangeOrderId, order.clientOrderId);
  }

  observeOrder(order: ExchangeOrder): ExecutionReport[] {
    this.learnIds(order);
    const prev = this.orders.get(order.clientOrderId);
    if (prev !== undefined && !isNewer(order, prev)) return [];
    this.orders.set(order.clientOrderId, order);
    const time = order.updatedAt;
    switch (order.status) {
      case 'NEW':
      case 'PARTIALLY_FILLED':
        return prev === undefined ? [{ kind: 'ACK', order, time }] : [];
      case 'CANCELED':
        return [{ kind: 'CANCELED', order, time }];
      case 'EXPIRED':
        return [{ kind: 'EXPIRED', order, time }];
      case 'REJECTED':
        return [{ kind: 'REJECTED', clientOrderId: order.clientOrderId, reason: 'EXCHANGE_ERROR', message: 'the exchange rejected the order', time }];
      case 'FILLED':
        return [];
    }
  }

  /**
   * A trade, with the order as the report should show it. `completesOrder`:
   * this is the trade that filled the order (FILL), else PARTIAL_FILL.
   */
  observeTrade(trade: ExchangeTrade, order: ExchangeOrder, completesOrder: boolean): ExecutionReport[] {
    const key = tradeKey(trade.symbol, trade.tradeId);
    if (this.seenTrades.has(key)) return [];
    this.seenTrades.add(key);
    this.lastTrade = Math.max(this.lastTrade ?? trade.time, trade.time);
    this.learnIds(order);
    const prev = this.orders.get(order.clientOrderId);
    if (prev === undefined || isNewer(order, prev)) this.orders.set(order.clientOrderId, order);
    return [{ kind: completesOrder ? 'FILL' : 'PARTIAL_FILL', order, trade, time: trade.time }];
  }
}
