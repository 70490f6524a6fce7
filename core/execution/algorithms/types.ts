import type { z } from 'zod';
import type { Decimal } from '../../domain/decimal';
import type { ExecutionStrategyType, OrderStatus } from '../../domain/enums';
import type { ConnectorOrderType, SymbolRules, TimeInForce } from '../../connectors/types';
import type { MarketBar } from '../../market/types';
import type { AlgoSpec } from '../spec';

/*
 * The contract between an algorithm (pure, deterministic) and the worker that
 * drives it. The worker loads state + view from the ledger, calls one handler,
 * then in ONE transaction stores the returned state, inserts the orders of
 * `place` (status PENDING_SUBMIT, so every later view lists them as live) and
 * records the cancel intents of `cancel` (status PENDING_CANCEL); only after
 * commit does it call the connector. It calls onTick at `wakeAt`.
 */

/** An order of this group the exchange may still act on (a LIVE_ORDER_STATUSES status). */
export interface LiveOrderView {
  readonly orderId: string;
  readonly quantity: Decimal;
  readonly filled: Decimal;
  /** The limit price; null for MARKET / STOP_MARKET. */
  readonly price: Decimal | null;
  /** Shown quantity of a native iceberg order; null for an ordinary order. */
  readonly icebergQuantity: Decimal | null;
  readonly status: OrderStatus;
}

/**
 * What the ledger says right now, AFTER applying the event being delivered:
 * an onFill view already counts that fill, an onOrderDone view no longer
 * lists that order as live.
 */
export interface AlgoView {
  readonly now: number;
  readonly spec: AlgoSpec;
  /** Filled quantity over all of the group's orders, live or done. */
  readonly filled: Decimal;
  /** Live orders only; their open quantity (quantity - filled) is what is in flight. */
  readonly liveOrders: readonly LiveOrderView[];
  readonly lastBar?: MarketBar;
  readonly symbolRules: SymbolRules;
}

/** An order the algorithm wants placed. Side and symbol are the spec's. */
export interface PlannedOrder {
  /** Unique within the group for the algorithm's whole life ('slice-3'): an idempotency key. */
  readonly key: string;
  readonly type: ConnectorOrderType;
  /** On the step, at or above the symbol's minimum size. */
  readonly quantity: Decimal;
  /** LIMIT / STOP_LIMIT: on the tick, never beyond the spec's priceLimit. */
  readonly price: Decimal | null;
  /** STOP_MARKET / STOP_LIMIT trigger. */
  readonly stopPrice: Decimal | null;
  /** Null for MARKET and STOP_MARKET (a market order never rests). */
  readonly timeInForce: TimeInForce | null;
  /** Native iceberg: the quantity shown on the book. */
  readonly icebergQuantity: Decimal | null;
}

export type FinishStatus = 'COMPLETED' | 'PARTIAL' | 'FAILED';

export interface AlgoFinish {
  readonly status: FinishStatus;
  readonly reason: string;
  /** view.now when the algorithm finished: the group's completed_at / updated_at. */
  readonly at: number;
}

export interface AlgoStep<S> {
  readonly state: S;
  readonly place: readonly PlannedOrder[];
  /** Order ids to cancel (never one already PENDING_CANCEL). */
  readonly cancel: readonly string[];
  /** Call onTick at this epoch ms; null: only events will move the algorithm. */
  readonly wakeAt: number | null;
  /** Present once: the algorithm is done (nothing live is left) and the group takes this status. */
  readonly finish?: AlgoFinish;
}

export interface FillEvent {
  readonly orderId: string;
  readonly quantity: Decimal;
  readonly price: Decimal;
}

export interface OrderDoneEvent {
  readonly orderId: string;
  readonly status: 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';
}

/**
 * A deterministic state machine. Handlers read only their arguments and
 * return a new state (plain JSON, checked by stateSchema on reload).
 */
export interface Algorithm<S> {
  readonly strategy: ExecutionStrategyType;
  readonly stateSchema: z.ZodType<S>;
  start(view: AlgoView): AlgoStep<S>;
  onTick(state: S, view: AlgoView): AlgoStep<S>;
  onBar(state: S, bar: MarketBar, view: AlgoView): AlgoStep<S>;
  onFill(state: S, fill: FillEvent, view: AlgoView): AlgoStep<S>;
  onOrderDone(state: S, done: OrderDoneEvent, view: AlgoView): AlgoStep<S>;
}
