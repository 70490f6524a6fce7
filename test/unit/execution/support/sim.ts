import { Decimal } from '../../../../core/domain/decimal';
import type { OrderStatus } from '../../../../core/domain/enums';
import { LIVE_ORDER_STATUSES } from '../../../../core/domain/transitions';
import type { ConnectorOrderType, SymbolRules, TimeInForce } from '../../../../core/connectors/types';
import type { MarketBar } from '../../../../core/market/types';
import { algorithmFor, parseAlgoState, type AlgoState } from '../../../../core/execution/algorithms';
import type { AlgoFinish, AlgoStep, AlgoView, Algorithm, PlannedOrder } from '../../../../core/execution/algorithms/types';
import { isOnGrid, meetsMinimum } from '../../../../core/execution/algorithms/sizing';
import { isWorsePrice, type AlgoSpec } from '../../../../core/execution/spec';
import { RULES } from './fixtures';

/*
 * A stand-in for worker + ledger + exchange, just enough to drive an
 * algorithm: it stores every step's state through JSON and the state schema
 * (the reload path), books the planned orders, marks cancels PENDING_CANCEL,
 * and checks the MUST invariants after every step.
 */

export interface SimOrder {
  readonly id: string;
  readonly key: string;
  readonly type: ConnectorOrderType;
  readonly quantity: Decimal;
  filled: Decimal;
  readonly price: Decimal | null;
  readonly stopPrice: Decimal | null;
  readonly timeInForce: TimeInForce | null;
  readonly icebergQuantity: Decimal | null;
  status: OrderStatus;
  readonly placedAt: number;
}

export interface SimFill {
  readonly orderId: string;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly time: number;
}

export class Sim {
  readonly orders: SimOrder[] = [];
  readonly fills: SimFill[] = [];
  readonly cancelsRequested: string[] = [];
  filled = new Decimal(0);
  now: number;
  state: AlgoState | undefined;
  wakeAt: number | null = null;
  finish: AlgoFinish | undefined;
  lastBar: MarketBar | undefined;
  /** Largest open quantity ever live at once (shown quantity for native icebergs). */
  maxExposure = new Decimal(0);
  private readonly algo: Algorithm<AlgoState>;

  constructor(
    readonly spec: AlgoSpec,
    readonly rules: SymbolRules = RULES,
    now: number = spec.startTime,
  ) {
    this.algo = algorithmFor(spec.strategy);
    this.now = now;
  }

  view(): AlgoView {
    return {
      now: this.now,
      spec: this.spec,
      filled: this.filled,
      liveOrders: this.live().map((o) => ({
        orderId: o.id,
        quantity: o.quantity,
        filled: o.filled,
        price: o.price,
        icebergQuantity: o.icebergQuantity,
        status: o.status,
      })),
      lastBar: this.lastBar,
      symbolRules: this.rules,
    };
  }

  live(): SimOrder[] {
    return this.orders.filter((o) => LIVE_ORDER_STATUSES.includes(o.status));
  }

  order(id: string): SimOrder {
    const o = this.orders.find((x) => x.id === id);
    if (!o) throw new Error(`no order ${id}`);
    return o;
  }

  inFlight(): Decimal {
    return this.live().reduce((acc, o) => acc.plus(o.quantity.minus(o.filled)), new Decimal(0));
  }

  start(): this {
    this.apply(this.algo.start(this.view()));
    return this;
  }

  tick(now: number): this {
    this.now = Math.max(this.now, now);
    this.apply(this.algo.onTick(this.current(), this.view()));
    return this;
  }

  /** Tick at every wake-up up to `until` (or until finished). */
  runUntil(until: number, between?: (sim: Sim) => void): this {
    while (!this.finish && this.wakeAt !== null && this.wakeAt <= until) {
      this.tick(this.wakeAt);
      between?.(this);
    }
    return this;
  }

  bar(b: MarketBar): this {
    this.lastBar = b;
    this.now = Math.max(this.now, b.openTime + b.intervalMs);
    this.apply(this.algo.onBar(this.current(), b, this.view()));
    return this;
  }

  fill(orderId: string, quantity: Decimal.Value, price: Decimal.Value): this {
    const o = this.order(orderId);
    const q = new Decimal(quantity);
    if (!LIVE_ORDER_STATUSES.includes(o.status)) throw new Error(`fill on ${o.status} order ${orderId}`);
    if (o.filled.plus(q).gt(o.quantity)) throw new Error(`overfill of ${orderId}`);
    o.filled = o.filled.plus(q);
    this.filled = this.filled.plus(q);
    const done = o.filled.eq(o.quantity);
    if (done) o.status = 'FILLED';
    else if (o.status !== 'PENDING_CANCEL') o.status = 'PARTIALLY_FILLED';
    this.fills.push({ orderId, quantity: q, price: new Decimal(price), time: this.now });
    this.apply(this.algo.onFill(this.current(), { orderId, quantity: q, price: new Decimal(price) }, this.view()));
    if (done && !this.finish) this.apply(this.algo.onOrderDone(this.current(), { orderId, status: 'FILLED' }, this.view()));
    return this;
  }

  end(orderId: string, status: 'CANCELED' | 'EXPIRED' | 'REJECTED'): this {
    const o = this.order(orderId);
    if (!LIVE_ORDER_STATUSES.includes(o.status)) return this;
    o.status = status;
    if (!this.finish) this.apply(this.algo.onOrderDone(this.current(), { orderId, status }, this.view()));
    return this;
  }

  confirmCancels(): this {
    for (const o of this.live().filter((x) => x.status === 'PENDING_CANCEL')) this.end(o.id, 'CANCELED');
    return this;
  }

  /**
   * A simple exchange: every live order that can trade at `market` fills
   * `fraction` of its open quantity at the better of its limit and the market
   * (a BUY limit trades when market <= limit; a stop only once the market
   * has reached its trigger). IOC/FOK leftovers expire.
   */
  trade(market: Decimal.Value, fraction: Decimal.Value = 1): this {
    const m = new Decimal(market);
    for (const o of this.live()) {
      if (!LIVE_ORDER_STATUSES.includes(o.status)) continue;
      const triggered = !o.stopPrice || (this.spec.side === 'BUY' ? m.gte(o.stopPrice) : m.lte(o.stopPrice));
      const atMarket = o.type === 'MARKET' || o.type === 'STOP_MARKET';
      const marketable = triggered && (atMarket || (o.price !== null && !isWorsePrice(this.spec.side, m, o.price)));
      const open = o.quantity.minus(o.filled);
      let q = marketable ? open.mul(fraction).div(this.rules.stepSize).floor().mul(this.rules.stepSize) : new Decimal(0);
      if (o.timeInForce === 'FOK' && !q.eq(open)) q = new Decimal(0);
      if (q.gt(0)) this.fill(o.id, q, atMarket ? m : this.spec.side === 'BUY' ? Decimal.min(m, o.price ?? m) : Decimal.max(m, o.price ?? m));
      const after = this.orders.find((x) => x.id === o.id);
      if (after && LIVE_ORDER_STATUSES.includes(after.status) && (o.timeInForce === 'IOC' || o.timeInForce === 'FOK' || o.type === 'MARKET')) {
        this.end(o.id, 'EXPIRED');
      }
    }
    return this;
  }

  private current(): AlgoState {
    if (!this.state) throw new Error('not started');
    return this.state;
  }

  private apply(step: AlgoStep<AlgoState>): void {
    if (this.finish) throw new Error('algorithm stepped after it finished');
    // The reload path: JSON text, then the state schema from unknown.
    const reloaded = parseAlgoState(this.spec.strategy, JSON.parse(JSON.stringify(step.state)));
    if (!reloaded.ok) throw new Error(`state did not survive a reload: ${reloaded.error.message}`);
    if (JSON.stringify(reloaded.state) !== JSON.stringify(step.state)) throw new Error('state changed through a reload');
    this.state = reloaded.state;
    for (const id of step.cancel) {
      const o = this.order(id);
      if (o.status === 'PENDING_CANCEL') throw new Error(`cancel requested twice for ${id}`);
      if (!LIVE_ORDER_STATUSES.includes(o.status)) throw new Error(`cancel of a ${o.status} order ${id}`);
      o.status = 'PENDING_CANCEL';
      this.cancelsRequested.push(id);
    }
    for (const p of step.place) this.book(p);
    this.wakeAt = step.wakeAt;
    if (step.finish) {
      if (this.live().length > 0) throw new Error('finished with live orders');
      this.finish = step.finish;
    }
    this.checkInvariants();
  }

  private book(o: PlannedOrder): void {
    const { spec, rules } = this;
    if (this.orders.some((x) => x.key === o.key)) throw new Error(`key ${o.key} reused`);
    if (!isOnGrid(o.quantity, rules.stepSize)) throw new Error(`${o.key} quantity ${o.quantity} off step`);
    if (!meetsMinimum(o.quantity, o.price, rules)) throw new Error(`${o.key} quantity ${o.quantity} below minimum`);
    if (o.price && !isOnGrid(o.price, rules.tickSize)) throw new Error(`${o.key} price ${o.price} off tick`);
    if (spec.priceLimit) {
      if (o.type === 'MARKET' || o.type === 'STOP_MARKET') throw new Error(`${o.key} is ${o.type} despite a price limit`);
      if (o.price && isWorsePrice(spec.side, o.price, spec.priceLimit)) throw new Error(`${o.key} price ${o.price} beyond ${spec.priceLimit}`);
    }
    this.orders.push({ ...o, id: `ORD${this.orders.length}`, filled: new Decimal(0), status: 'OPEN', placedAt: this.now });
  }

  private checkInvariants(): void {
    const total = this.spec.totalQuantity;
    if (this.filled.plus(this.inFlight()).gt(total)) {
      throw new Error(`over-placed: filled ${this.filled} + in flight ${this.inFlight()} > ${total}`);
    }
    const exposure = this.live().reduce((acc, o) => {
      const open = o.quantity.minus(o.filled);
      return acc.plus(o.icebergQuantity ? Decimal.min(open, o.icebergQuantity) : open);
    }, new Decimal(0));
    this.maxExposure = Decimal.max(this.maxExposure, exposure);
  }
}
