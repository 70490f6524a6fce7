import { Decimal } from '../../domain/decimal';
import type { MarketBar } from '../../market/types';
import type {
  ConnectorResult,
  ExchangeOrder,
  ExchangeTrade,
  ExecutionReport,
  Liquidity,
  ModifyOrderRequest,
  OrderSide,
  PlaceOrderRequest,
  RejectReason,
  SymbolRules,
} from '../types';
import { barPath, reachInBar, type Reach } from './bar-path';
import { BookLadder, floorToStep, walkBook, type BookSide } from './book';
import type { FidelityProfile } from './fidelity';
import { Funds } from './funds';
import { checkOrderRules } from './rejects';
import { feeRate, settleTrade } from './settlement';
import { isOpen, remainingOf, requirementOf, restsAsLimit, toExchangeOrder } from './sim-order';
import type { BalanceState, Counters, HoldState, PaperCheckpoint, SimOrder } from './state';

const ZERO = new Decimal(0);

/** What one request did: the answer for the caller and the reports it caused, in order. */
export interface EngineOutcome {
  readonly result: ConnectorResult<ExchangeOrder>;
  readonly reports: ExecutionReport[];
}

export interface MatchingEngineInit {
  readonly fidelity: FidelityProfile;
  readonly symbols: readonly SymbolRules[];
  readonly balances: readonly BalanceState[];
  readonly holds?: readonly HoldState[];
  readonly orders?: readonly SimOrder[];
  readonly trades?: readonly ExchangeTrade[];
  readonly lastBars?: readonly MarketBar[];
  readonly counters?: Omit<Counters, 'prngState'>;
}

/** One symbol's market: the latest bar, the book it implies, what takers consumed of it, and the resting orders. */
interface SymbolMarket {
  readonly rules: SymbolRules;
  bar: MarketBar | undefined;
  consumed: Record<BookSide, Decimal>;
  levels: Partial<Record<BookSide, BookLadder>>;
  readonly open: Map<string, SimOrder>;
}

function takerSide(side: OrderSide): BookSide {
  return side === 'BUY' ? 'ASK' : 'BID';
}

function isStop(order: SimOrder): boolean {
  return order.type === 'STOP_MARKET' || order.type === 'STOP_LIMIT';
}

function stopReached(order: SimOrder, price: Decimal): boolean {
  const stop = order.stopPrice ?? ZERO;
  return order.side === 'BUY' ? price.gte(stop) : price.lte(stop);
}

function rejected(reason: RejectReason, message: string): ConnectorResult<ExchangeOrder> {
  return { ok: false, outcome: 'REJECTED', reason, message };
}

/**
 * The simulated exchange without time: order book per symbol, matching,
 * funds. Every method runs at the instant `now` it is given; latency is the
 * connector's business. Deterministic: the same calls give the same state.
 */
export class MatchingEngine {
  readonly fidelity: FidelityProfile;
  private readonly markets = new Map<string, SymbolMarket>();
  private readonly orders = new Map<string, SimOrder>();
  private readonly holdMembers = new Map<string, Set<SimOrder>>();
  private readonly funds: Funds;
  private readonly trades: ExchangeTrade[];
  private nextOrderSeq: number;
  private nextTradeSeq: number;
  private nextPriority: number;
  private readonly changedOrders = new Set<SimOrder>();
  private readonly changedBars = new Map<string, MarketBar>();
  private newTrades: ExchangeTrade[] = [];

  constructor(init: MatchingEngineInit) {
    this.fidelity = init.fidelity;
    for (const rules of init.symbols) {
      this.markets.set(rules.symbol, { rules, bar: undefined, consumed: { ASK: ZERO, BID: ZERO }, levels: {}, open: new Map() });
    }
    for (const bar of init.lastBars ?? []) {
      const market = this.markets.get(bar.symbol);
      if (market !== undefined) market.bar = bar;
    }
    this.funds = new Funds(init.balances, init.holds);
    for (const stored of init.orders ?? []) {
      const order = { ...stored };
      this.orders.set(order.clientOrderId, order);
      if (isOpen(order)) {
        this.markets.get(order.symbol)?.open.set(order.clientOrderId, order);
        this.joinHold(order);
      }
    }
    this.trades = [...(init.trades ?? [])];
    this.nextOrderSeq = init.counters?.nextOrderSeq ?? 1;
    this.nextTradeSeq = init.counters?.nextTradeSeq ?? 1;
    this.nextPriority = init.counters?.nextPriority ?? 0;
  }

  // ---- requests -----------------------------------------------------------

  submit(request: PlaceOrderRequest, now: number): EngineOutcome {
    const refuse = (reason: RejectReason, message: string): EngineOutcome => ({
      result: rejected(reason, message),
      reports: [{ kind: 'REJECTED', clientOrderId: request.clientOrderId, reason, message, time: now }],
    });
    if (this.orders.has(request.clientOrderId)) {
      return refuse('DUPLICATE_CLIENT_ORDER_ID', `client order id ${request.clientOrderId} was already used`);
    }
    const market = this.markets.get(request.symbol);
    if (market === undefined) return refuse('UNKNOWN_SYMBOL', `unknown symbol ${request.symbol}`);
    const { rules, bar } = market;
    if (request.type === 'MARKET' && bar === undefined) {
      return refuse('EXCHANGE_ERROR', `no market data for ${request.symbol} yet`);
    }
    const touch = bar === undefined ? undefined : request.side === 'BUY' ? bar.ask : bar.bid;
    const refusal = checkOrderRules(request, rules, request.type === 'MARKET' ? touch : undefined);
    if (refusal !== undefined) return refuse(refusal.reason, refusal.message);
    const timeInForce = request.timeInForce ?? 'GTC';

    let sibling: SimOrder | undefined;
    if (request.ocoWith !== undefined) {
      const problem = this.ocoProblem(request, timeInForce);
      if (typeof problem === 'string') return refuse('INVALID_ORDER', problem);
      sibling = problem;
    }

    const order: SimOrder = {
      clientOrderId: request.clientOrderId,
      exchangeOrderId: String(this.nextOrderSeq),
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      timeInForce,
      quantity: request.quantity,
      ...(request.price !== undefined ? { price: request.price } : {}),
      ...(request.stopPrice !== undefined ? { stopPrice: request.stopPrice } : {}),
      status: 'NEW',
      filledQuantity: ZERO,
      filledQuote: ZERO,
      triggered: false,
      ...(request.ocoWith !== undefined ? { ocoWith: request.ocoWith } : {}),
      priority: this.nextPriority,
      createdAt: now,
      updatedAt: now,
    };

    const short = this.reserveFunds(order, market, sibling);
    if (short !== undefined) return refuse('INSUFFICIENT_BALANCE', short);

    this.nextOrderSeq++;
    this.nextPriority++;
    this.orders.set(order.clientOrderId, order);
    if (order.type !== 'MARKET') {
      market.open.set(order.clientOrderId, order);
      this.joinHold(order);
    }
    if (sibling !== undefined && sibling.ocoWith === undefined) {
      sibling.ocoWith = order.clientOrderId;
      this.changedOrders.add(sibling);
    }
    this.changedOrders.add(order);
    const acknowledged = toExchangeOrder(order);
    const reports: ExecutionReport[] = [{ kind: 'ACK', order: acknowledged, time: now }];
    this.activate(order, now, reports);
    return { result: { ok: true, value: acknowledged }, reports };
  }

  cancel(clientOrderId: string, symbol: string, now: number): EngineOutcome {
    const order = this.orders.get(clientOrderId);
    if (order === undefined || order.symbol !== symbol) {
      return { result: { ok: false, outcome: 'NOT_FOUND', message: `no order ${clientOrderId} on ${symbol}` }, reports: [] };
    }
    if (!isOpen(order)) return { result: rejected('INVALID_ORDER', `order ${clientOrderId} is already ${order.status}`), reports: [] };
    const reports: ExecutionReport[] = [];
    this.close(order, 'CANCELED', now, reports);
    // Cancelling either leg of a pair cancels the pair.
    this.cancelSibling(order, now, reports);
    return { result: { ok: true, value: toExchangeOrder(order) }, reports };
  }

  /** Change a resting order in place; it loses its time priority. Refusals change nothing and send no report. */
  modify(request: ModifyOrderRequest, symbol: string, now: number): EngineOutcome {
    const order = this.orders.get(request.clientOrderId);
    const refuse = (reason: RejectReason, message: string): EngineOutcome => ({ result: rejected(reason, message), reports: [] });
    if (order === undefined || order.symbol !== symbol) {
      return { result: { ok: false, outcome: 'NOT_FOUND', message: `no order ${request.clientOrderId} on ${symbol}` }, reports: [] };
    }
    if (!isOpen(order)) return refuse('INVALID_ORDER', `order ${order.clientOrderId} is already ${order.status}`);
    if (request.quantity === undefined && request.price === undefined && request.stopPrice === undefined) {
      return refuse('INVALID_ORDER', 'nothing to modify');
    }
    if (request.stopPrice !== undefined && order.triggered) return refuse('INVALID_ORDER', 'the stop already triggered');
    const next = {
      side: order.side,
      type: order.type,
      quantity: request.quantity ?? order.quantity,
      price: request.price ?? order.price,
      stopPrice: request.stopPrice ?? order.stopPrice,
    };
    if (request.price !== undefined && order.price === undefined) return refuse('INVALID_ORDER', `${order.type} order cannot have a price`);
    if (request.stopPrice !== undefined && order.stopPrice === undefined) {
      return refuse('INVALID_ORDER', `${order.type} order cannot have a stop price`);
    }
    const market = this.marketOf(order);
    const refusal = checkOrderRules(next, market.rules, undefined);
    if (refusal !== undefined) return refuse(refusal.reason, refusal.message);
    if (next.quantity.lte(order.filledQuantity)) {
      return refuse('INVALID_ORDER', `quantity must stay above the filled ${order.filledQuantity.toFixed()}`);
    }
    if (order.holdId !== undefined) {
      const need = requirementOf(next, next.quantity.minus(order.filledQuantity), market.rules);
      const target = Decimal.max(need.amount, this.holdTarget(order.holdId, order));
      if (!this.funds.resizeHold(order.holdId, target, false)) {
        return refuse('INSUFFICIENT_BALANCE', `the order would need ${target.toFixed()} ${need.asset} locked; not enough free`);
      }
    }
    order.quantity = next.quantity;
    if (next.price !== undefined) order.price = next.price;
    if (next.stopPrice !== undefined) order.stopPrice = next.stopPrice;
    order.priority = this.nextPriority++;
    order.updatedAt = now;
    this.changedOrders.add(order);
    const modified = toExchangeOrder(order);
    const reports: ExecutionReport[] = [{ kind: 'MODIFIED', order: modified, time: now }];
    this.activate(order, now, reports);
    return { result: { ok: true, value: modified }, reports };
  }

  /** Cancel every resting order (a session that stops). */
  cancelAll(now: number): ExecutionReport[] {
    const reports: ExecutionReport[] = [];
    for (const market of this.markets.values()) {
      for (const order of [...market.open.values()]) if (isOpen(order)) this.close(order, 'CANCELED', now, reports);
    }
    return reports;
  }

  // ---- market -------------------------------------------------------------

  /**
   * A new interval: the bar replaces the book, then resting orders are
   * triggered and filled in the order the bar's path reaches their prices.
   * Resting limits share `volumeParticipation` of the bar's volume per side.
   */
  onBar(bar: MarketBar, now: number): ExecutionReport[] {
    const market = this.markets.get(bar.symbol);
    if (market === undefined) return [];
    market.bar = bar;
    market.consumed = { ASK: ZERO, BID: ZERO };
    market.levels = {};
    this.changedBars.set(bar.symbol, bar);
    const reports: ExecutionReport[] = [];
    if (market.open.size === 0) return reports;

    const path = barPath(bar);
    const strict = this.fidelity.limitFillRequiresTradeThrough;
    const events: { order: SimOrder; reach: Reach; trigger: boolean }[] = [];
    for (const order of market.open.values()) {
      if (isStop(order) && !order.triggered && order.stopPrice !== undefined) {
        const reach = reachInBar(bar, path, order.stopPrice, order.side === 'BUY' ? 'UP' : 'DOWN', false);
        if (reach !== undefined) events.push({ order, reach, trigger: true });
      } else if (restsAsLimit(order) && order.price !== undefined) {
        const reach = reachInBar(bar, path, order.price, order.side === 'BUY' ? 'DOWN' : 'UP', strict);
        if (reach !== undefined) events.push({ order, reach, trigger: false });
      }
    }
    events.sort((a, b) => a.reach.distance.comparedTo(b.reach.distance) || a.order.priority - b.order.priority);

    const share = floorToStep(bar.volume.mul(this.fidelity.volumeParticipation), market.rules.stepSize);
    const budget: Record<OrderSide, Decimal> = { BUY: share, SELL: share };
    for (const { order, reach, trigger } of events) {
      if (!isOpen(order)) continue; // the other leg of its pair went first
      if (trigger) {
        this.trigger(order, reach.price, now, reports);
        continue;
      }
      const quantity = Decimal.min(remainingOf(order), budget[order.side]);
      if (quantity.lte(0) || order.price === undefined) continue;
      budget[order.side] = budget[order.side].minus(quantity);
      this.fill(order, order.price, quantity, 'MAKER', now, reports);
    }
    return reports;
  }

  // ---- queries ------------------------------------------------------------

  findOrder(clientOrderId: string, symbol: string): ExchangeOrder | undefined {
    const order = this.orders.get(clientOrderId);
    return order !== undefined && order.symbol === symbol ? toExchangeOrder(order) : undefined;
  }

  openOrders(symbol?: string): ExchangeOrder[] {
    const markets = symbol === undefined ? [...this.markets.values()] : [this.markets.get(symbol)].filter((m) => m !== undefined);
    return markets
      .flatMap((m) => [...m.open.values()])
      .sort((a, b) => a.priority - b.priority)
      .map(toExchangeOrder);
  }

  /** Trades at or after `sinceTime`, in the order they happened. */
  tradesSince(sinceTime: number, symbol?: string): ExchangeTrade[] {
    return this.trades.filter((t) => t.time >= sinceTime && (symbol === undefined || t.symbol === symbol));
  }

  balances(): Record<string, { free: Decimal; locked: Decimal }> {
    const out: Record<string, { free: Decimal; locked: Decimal }> = {};
    for (const b of this.funds.snapshot()) out[b.asset] = { free: b.free, locked: b.locked };
    return out;
  }

  lastBar(symbol: string): MarketBar | undefined {
    return this.markets.get(symbol)?.bar;
  }

  symbols(): SymbolRules[] {
    return [...this.markets.values()].map((m) => m.rules);
  }

  // ---- persistence --------------------------------------------------------

  counters(): Omit<Counters, 'prngState'> {
    return { nextOrderSeq: this.nextOrderSeq, nextTradeSeq: this.nextTradeSeq, nextPriority: this.nextPriority };
  }

  /** Everything that changed since the previous call (the connector adds the time and the generator state). */
  takeChanges(): Omit<PaperCheckpoint, 'time' | 'counters'> | undefined {
    if (this.changedOrders.size === 0 && this.changedBars.size === 0 && this.newTrades.length === 0) {
      const funds = this.funds.takeChanges();
      if (funds.balances.length === 0 && funds.holds.length === 0 && funds.releasedHolds.length === 0) return undefined;
      return { ...funds, orders: [], trades: [], lastBars: [] };
    }
    const changes = {
      ...this.funds.takeChanges(),
      orders: [...this.changedOrders].map((o) => ({ ...o })),
      trades: this.newTrades,
      lastBars: [...this.changedBars.values()],
    };
    this.changedOrders.clear();
    this.changedBars.clear();
    this.newTrades = [];
    return changes;
  }

  exportOrders(): SimOrder[] {
    return [...this.orders.values()].map((o) => ({ ...o }));
  }

  exportTrades(): ExchangeTrade[] {
    return [...this.trades];
  }

  exportBalances(): BalanceState[] {
    return this.funds.snapshot();
  }

  exportHolds(): HoldState[] {
    return this.funds.allHolds();
  }

  exportBars(): MarketBar[] {
    return [...this.markets.values()].flatMap((m) => (m.bar === undefined ? [] : [m.bar]));
  }

  // ---- internals ----------------------------------------------------------

  private marketOf(order: SimOrder): SymbolMarket {
    const market = this.markets.get(order.symbol);
    if (market === undefined) throw new Error(`paper engine: order ${order.clientOrderId} on unknown symbol ${order.symbol}`);
    return market;
  }

  /** The resting sibling a new OCO leg pairs with, undefined when the sibling is still to come, or why the pairing is refused. */
  private ocoProblem(request: PlaceOrderRequest, timeInForce: string): SimOrder | undefined | string {
    if (request.type === 'MARKET') return 'a market order cannot be a leg of a one-cancels-the-other pair';
    if (timeInForce !== 'GTC') return 'one-cancels-the-other legs must be GTC';
    if (request.ocoWith === request.clientOrderId) return 'an order cannot be paired with itself';
    const other = request.ocoWith === undefined ? undefined : this.orders.get(request.ocoWith);
    if (other === undefined) return undefined;
    if (!isOpen(other) || other.filledQuantity.gt(0) || other.triggered) {
      return `order ${other.clientOrderId} is no longer resting untouched; it cannot be paired`;
    }
    if (other.symbol !== request.symbol || other.side !== request.side) return 'both legs of a pair must have the same symbol and side';
    if (other.ocoWith !== undefined && other.ocoWith !== request.clientOrderId) {
      return `order ${other.clientOrderId} is already paired with ${other.ocoWith}`;
    }
    return other;
  }

  /** Lock what a resting order needs (shared with its pair) or check a market order can pay; the shortfall message, if any. */
  private reserveFunds(order: SimOrder, market: SymbolMarket, sibling: SimOrder | undefined): string | undefined {
    const { rules } = market;
    if (order.type === 'MARKET') {
      if (order.side === 'SELL') {
        const free = this.funds.free(rules.baseAsset);
        return free.lt(order.quantity) ? `selling ${order.quantity.toFixed()} ${rules.baseAsset} with ${free.toFixed()} free` : undefined;
      }
      const side = takerSide(order.side);
      const walk = walkBook(side, this.levels(market, side), order.quantity, {
        consumed: market.consumed[side],
        stepSize: rules.stepSize,
      });
      const free = this.funds.free(rules.quoteAsset);
      return walk.cost.gt(free) ? `buying costs ${walk.cost.toFixed()} ${rules.quoteAsset} with ${free.toFixed()} free` : undefined;
    }
    const need = requirementOf(order, order.quantity, rules);
    if (sibling?.holdId !== undefined) {
      const target = Decimal.max(need.amount, this.funds.holdAmount(sibling.holdId));
      if (!this.funds.resizeHold(sibling.holdId, target, false)) {
        return `the pair needs ${target.toFixed()} ${need.asset} locked; not enough free`;
      }
      order.holdId = sibling.holdId;
      return undefined;
    }
    if (!this.funds.openHold(order.clientOrderId, need.asset, need.amount)) {
      return `needs ${need.amount.toFixed()} ${need.asset}, ${this.funds.free(need.asset).toFixed()} free`;
    }
    order.holdId = order.clientOrderId;
    return undefined;
  }

  /** What an order does the moment it is live (new, modified): take liquidity, trigger, or rest. */
  private activate(order: SimOrder, now: number, reports: ExecutionReport[]): void {
    const market = this.marketOf(order);
    const side = takerSide(order.side);
    if (order.type === 'MARKET') {
      this.takeLiquidity(order, this.levels(market, side), undefined, now, reports);
      if (isOpen(order)) this.close(order, 'EXPIRED', now, reports); // market orders never rest
    } else if (restsAsLimit(order)) {
      this.activateLimit(order, this.levels(market, side), now, reports);
    } else if (market.bar !== undefined && stopReached(order, market.bar.close)) {
      this.trigger(order, market.bar.close, now, reports);
    }
  }

  /** A limit that is marketable takes what it can up to its price (FOK: all or nothing); the rest rests (GTC) or expires. */
  private activateLimit(order: SimOrder, levels: BookLadder, now: number, reports: ExecutionReport[]): void {
    const market = this.marketOf(order);
    const side = takerSide(order.side);
    if (order.timeInForce === 'FOK') {
      const trial = walkBook(side, levels, remainingOf(order), this.walkOptions(order, market, order.price));
      if (trial.quantity.lt(remainingOf(order))) {
        this.close(order, 'EXPIRED', now, reports);
        return;
      }
    }
    this.takeLiquidity(order, levels, order.price, now, reports);
    if (isOpen(order) && order.timeInForce !== 'GTC') this.close(order, 'EXPIRED', now, reports);
  }

  /** The stop fired at `price`: its pair is cancelled, then it acts as a market or limit order on a book at that price. */
  private trigger(order: SimOrder, price: Decimal, now: number, reports: ExecutionReport[]): void {
    order.triggered = true;
    order.updatedAt = now;
    this.changedOrders.add(order);
    this.cancelSibling(order, now, reports);
    const market = this.marketOf(order);
    const levels = this.levels(market, takerSide(order.side), price);
    if (order.type === 'STOP_MARKET') {
      this.takeLiquidity(order, levels, undefined, now, reports);
      if (isOpen(order)) this.close(order, 'EXPIRED', now, reports);
    } else {
      this.activateLimit(order, levels, now, reports);
    }
  }

  private walkOptions(order: SimOrder, market: SymbolMarket, limit: Decimal | undefined) {
    const side = takerSide(order.side);
    return {
      consumed: market.consumed[side],
      stepSize: market.rules.stepSize,
      ...(limit !== undefined ? { limit } : {}),
      // A buyer can spend its hold and its free quote, no more.
      ...(order.side === 'BUY' ? { budget: this.funds.spendable(market.rules.quoteAsset, order.holdId) } : {}),
    };
  }

  private takeLiquidity(
    order: SimOrder,
    levels: BookLadder,
    limit: Decimal | undefined,
    now: number,
    reports: ExecutionReport[],
  ): void {
    const market = this.marketOf(order);
    const side = takerSide(order.side);
    const walk = walkBook(side, levels, remainingOf(order), this.walkOptions(order, market, limit));
    market.consumed[side] = market.consumed[side].plus(walk.quantity);
    for (const f of walk.fills) this.fill(order, f.price, f.quantity, 'TAKER', now, reports);
  }

  private fill(order: SimOrder, price: Decimal, quantity: Decimal, liquidity: Liquidity, now: number, reports: ExecutionReport[]): void {
    const market = this.marketOf(order);
    const { fee, feeAsset } = settleTrade(
      this.funds,
      market.rules,
      order.side,
      order.holdId,
      price,
      quantity,
      feeRate(this.fidelity, liquidity),
    );
    order.filledQuantity = order.filledQuantity.plus(quantity);
    order.filledQuote = order.filledQuote.plus(price.mul(quantity));
    const done = order.filledQuantity.gte(order.quantity);
    order.status = done ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updatedAt = now;
    this.changedOrders.add(order);
    const trade: ExchangeTrade = {
      tradeId: String(this.nextTradeSeq++),
      clientOrderId: order.clientOrderId,
      exchangeOrderId: order.exchangeOrderId,
      symbol: order.symbol,
      side: order.side,
      price,
      quantity,
      fee,
      feeAsset,
      liquidity,
      time: now,
      fidelityProfile: this.fidelity.name,
    };
    this.trades.push(trade);
    this.newTrades.push(trade);
    reports.push({ kind: done ? 'FILL' : 'PARTIAL_FILL', order: toExchangeOrder(order), trade, time: now });
    // A fill in either leg of a pair cancels the other.
    this.cancelSibling(order, now, reports);
    if (done) this.leave(order);
    else if (order.holdId !== undefined) this.refreshHold(order.holdId);
  }

  private cancelSibling(order: SimOrder, now: number, reports: ExecutionReport[]): void {
    const sibling = order.ocoWith === undefined ? undefined : this.orders.get(order.ocoWith);
    if (sibling !== undefined && isOpen(sibling) && sibling.ocoWith === order.clientOrderId) {
      this.close(sibling, 'CANCELED', now, reports);
    }
  }

  private close(order: SimOrder, status: 'CANCELED' | 'EXPIRED', now: number, reports: ExecutionReport[]): void {
    order.status = status;
    order.updatedAt = now;
    this.changedOrders.add(order);
    this.leave(order);
    reports.push({ kind: status, order: toExchangeOrder(order), time: now });
  }

  /** The order is done: off the book, and its hold shrinks to what its pair still needs, or is released. */
  private leave(order: SimOrder): void {
    this.marketOf(order).open.delete(order.clientOrderId);
    if (order.holdId === undefined) return;
    const members = this.holdMembers.get(order.holdId);
    members?.delete(order);
    if (members === undefined || members.size === 0) {
      this.holdMembers.delete(order.holdId);
      this.funds.releaseHold(order.holdId);
    } else {
      this.refreshHold(order.holdId);
    }
  }

  private joinHold(order: SimOrder): void {
    if (order.holdId === undefined) return;
    const members = this.holdMembers.get(order.holdId) ?? new Set<SimOrder>();
    members.add(order);
    this.holdMembers.set(order.holdId, members);
  }

  /** The largest requirement among the hold's live members, leaving out `except`. */
  private holdTarget(holdId: string, except?: SimOrder): Decimal {
    let target = ZERO;
    for (const member of this.holdMembers.get(holdId) ?? []) {
      if (member === except || !isOpen(member)) continue;
      target = Decimal.max(target, requirementOf(member, remainingOf(member), this.marketOf(member).rules).amount);
    }
    return target;
  }

  /** Keep a hold at what its members still need (a stop-market buy that paid above its stop may need more: best effort). */
  private refreshHold(holdId: string): void {
    this.funds.resizeHold(holdId, this.holdTarget(holdId), true);
  }

  /** The book side a taker walks: from the bar's touch, or rebuilt around `top` (where a stop fired). */
  private levels(market: SymbolMarket, side: BookSide, top?: Decimal): BookLadder {
    const bar = market.bar;
    if (bar === undefined) return new BookLadder(side, ZERO, ZERO, this.fidelity.book, market.rules);
    const size = side === 'ASK' ? bar.askSize : bar.bidSize;
    if (top !== undefined) return new BookLadder(side, top, size, this.fidelity.book, market.rules);
    const cached = market.levels[side];
    if (cached !== undefined) return cached;
    const built = new BookLadder(side, side === 'ASK' ? bar.ask : bar.bid, size, this.fidelity.book, market.rules);
    market.levels[side] = built;
    return built;
  }
}
