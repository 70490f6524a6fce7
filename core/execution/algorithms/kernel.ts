import { z } from 'zod';
import { Decimal } from '../../domain/decimal';
import type { ExecutionStrategyType } from '../../domain/enums';
import type { MarketBar } from '../../market/types';
import { isWorsePrice, saferPrice, type AlgoSpec } from '../spec';
import { floorToStep, meetsMinimum, minOrderQuantity, roundPriceSafe, sum } from './sizing';
import type {
  AlgoFinish,
  AlgoStep,
  AlgoView,
  Algorithm,
  FillEvent,
  LiveOrderView,
  OrderDoneEvent,
  PlannedOrder,
} from './types';

/*
 * The part every algorithm shares, so each algorithm file holds only its own
 * decision: when to place what. The kernel owns the lifecycle
 * (RUNNING -> CLOSING -> DONE), the end of the window, completion, the
 * MUST constraints (price limit, never over-place, minimum size) and the
 * final status. Algorithms only propose drafts; the kernel clamps them.
 */

/** A decimal in state: canonical string, as Decimal#toFixed writes it. */
export const decimalText = z.string().regex(/^-?\d+(?:\.\d+)?$/, { message: 'must be a decimal string' });

export const AlgoFinishSchema = z
  .object({ status: z.enum(['COMPLETED', 'PARTIAL', 'FAILED']), reason: z.string(), at: z.number().int() })
  .strict();

/** Fields every algorithm state has; spread into each state's z.object. */
export const baseStateShape = {
  phase: z.enum(['RUNNING', 'CLOSING', 'DONE']),
  /** Orders placed so far: numbers the keys, so a key is never reused. */
  placed: z.number().int().nonnegative(),
  /** Why the algorithm is winding down; failed forces FAILED (a MUST was broken). */
  closing: z.object({ reason: z.string(), failed: z.boolean() }).strict().nullable(),
  finish: AlgoFinishSchema.nullable(),
};

export interface BaseState {
  readonly phase: 'RUNNING' | 'CLOSING' | 'DONE';
  readonly placed: number;
  readonly closing: { readonly reason: string; readonly failed: boolean } | null;
  readonly finish: AlgoFinish | null;
}

export function baseState(): BaseState {
  return { phase: 'RUNNING', placed: 0, closing: null, finish: null };
}

export type AlgoEvent =
  | { readonly kind: 'START' }
  | { readonly kind: 'TICK' }
  | { readonly kind: 'BAR'; readonly bar: MarketBar }
  | { readonly kind: 'FILL'; readonly fill: FillEvent }
  | { readonly kind: 'DONE'; readonly done: OrderDoneEvent };

/** An order as an algorithm proposes it; the kernel rounds, caps, clamps and keys it. */
export type Draft = Omit<PlannedOrder, 'key'>;

export interface Decision<S> {
  readonly state: S;
  readonly orders?: readonly Draft[];
  readonly cancel?: readonly string[];
  readonly wakeAt?: number | null;
  /** The algorithm will place nothing more by itself: finish once nothing is live. */
  readonly exhausted?: boolean;
}

export interface Policy<S extends BaseState> {
  readonly strategy: ExecutionStrategyType;
  readonly keyPrefix: string;
  readonly stateSchema: z.ZodType<S>;
  initial(view: AlgoView): S;
  /** Called only while RUNNING, with remaining > 0 and the window open. */
  decide(state: S, view: AlgoView, event: AlgoEvent): Decision<S>;
}

// ---- shared helpers for algorithms ----

/** Open quantity of live orders: what could still fill. */
export function inFlight(live: readonly LiveOrderView[]): Decimal {
  return sum(live.map((o) => Decimal.max(0, o.quantity.minus(o.filled))));
}

/** Live orders a cancel should still be requested for. */
export function cancellable(live: readonly LiveOrderView[]): string[] {
  return live.filter((o) => o.status !== 'PENDING_CANCEL').map((o) => o.orderId);
}

/** Price used for minimum-notional checks when an order has none of its own. */
export function referencePrice(view: AlgoView): Decimal | null {
  return view.spec.limitPrice ?? view.lastBar?.close ?? view.spec.arrivalPrice ?? view.spec.stopPrice;
}

/**
 * The order that works the spec's intent: LIMIT at limitPrice, or a
 * marketable order (LIMIT IOC at the price cap when there is one, else
 * MARKET). must_complete_immediately makes it IOC, FOK when min_fill_ratio is 1.
 */
export function workingDraft(spec: AlgoSpec, quantity: Decimal): Draft {
  const immediate = spec.mustCompleteImmediately ? (spec.minFillRatio?.eq(1) ? 'FOK' : 'IOC') : null;
  const base = { quantity, stopPrice: null, icebergQuantity: null };
  if (spec.orderStyle === 'LIMIT' && spec.limitPrice) {
    return { ...base, type: 'LIMIT', price: spec.limitPrice, timeInForce: immediate ?? 'GTC' };
  }
  if (spec.priceLimit) return { ...base, type: 'LIMIT', price: spec.priceLimit, timeInForce: immediate ?? 'IOC' };
  return { ...base, type: 'MARKET', price: null, timeInForce: null };
}

/** A resting LIMIT order at `price` (ICEBERG chunks, LAYERED levels). */
export function restingDraft(quantity: Decimal, price: Decimal, icebergQuantity: Decimal | null = null): Draft {
  return { type: 'LIMIT', quantity, price, stopPrice: null, timeInForce: 'GTC', icebergQuantity };
}

// ---- the MUST guard ----

/** Prices on tick and never beyond priceLimit; a marketable order becomes a capped LIMIT. */
function capDraft(d: Draft, spec: AlgoSpec, tick: Decimal): Draft {
  const cap = spec.priceLimit;
  let out: Draft = d.price ? { ...d, price: roundPriceSafe(d.price, tick, spec.side) } : d;
  if (!cap) return out;
  if (out.type === 'MARKET') out = { ...out, type: 'LIMIT', price: cap, timeInForce: out.timeInForce ?? 'IOC' };
  if (out.type === 'STOP_MARKET') out = { ...out, type: 'STOP_LIMIT', price: cap, timeInForce: out.timeInForce ?? 'GTC' };
  if (out.price && isWorsePrice(spec.side, out.price, cap)) out = { ...out, price: saferPrice(spec.side, out.price, cap) };
  return out;
}

/**
 * Turn drafts into orders: capped prices, quantities on the step and never
 * beyond total - filled - inFlight, orders below the minimum size dropped
 * (their quantity stays in the remainder for a later order).
 */
function guard(drafts: readonly Draft[], view: AlgoView, placed: number, prefix: string) {
  const { spec, symbolRules: rules } = view;
  let available = spec.totalQuantity.minus(view.filled).minus(inFlight(view.liveOrders));
  const out: PlannedOrder[] = [];
  let n = placed;
  for (const draft of drafts) {
    const d = capDraft(draft, spec, rules.tickSize);
    const quantity = floorToStep(Decimal.min(d.quantity, available), rules.stepSize);
    if (!meetsMinimum(quantity, d.price ?? referencePrice(view), rules)) continue;
    let iceberg = d.icebergQuantity ? floorToStep(Decimal.min(d.icebergQuantity, quantity), rules.stepSize) : null;
    if (iceberg && (iceberg.gte(quantity) || iceberg.lte(0))) iceberg = null;
    out.push({ ...d, key: `${prefix}-${n}`, quantity, icebergQuantity: iceberg });
    n += 1;
    available = available.minus(quantity);
  }
  return { orders: out, placed: n };
}

// ---- lifecycle ----

function fmt(d: Decimal): string {
  return d.toFixed();
}

function close<S extends BaseState>(state: S, reason: string, failed = false): S {
  if (state.phase !== 'RUNNING') {
    // Already closing: a later MUST breach still forces FAILED.
    return failed && state.closing && !state.closing.failed ? { ...state, closing: { reason, failed } } : state;
  }
  return { ...state, phase: 'CLOSING', closing: { reason, failed } };
}

/** The group's final status, once nothing is live. */
export function settle(closing: BaseState['closing'], view: AlgoView): AlgoFinish {
  const { filled, spec, now } = view;
  const total = spec.totalQuantity;
  const progress = `filled ${fmt(filled)} of ${fmt(total)}`;
  const why = closing?.reason ?? 'stopped';
  if (filled.gte(total)) return { status: 'COMPLETED', reason: progress, at: now };
  if (closing?.failed) return { status: 'FAILED', reason: `${why}; ${progress}`, at: now };
  if (filled.isZero()) return { status: 'FAILED', reason: `${why}; nothing filled`, at: now };
  const ratio = filled.div(total);
  if (spec.minFillRatio && ratio.lt(spec.minFillRatio)) {
    return {
      status: 'FAILED',
      reason: `${why}; fill ratio ${ratio.toSignificantDigits(6).toFixed()} below min_fill_ratio ${fmt(spec.minFillRatio)}`,
      at: now,
    };
  }
  return { status: 'PARTIAL', reason: `${why}; ${progress}`, at: now };
}

function idle<S>(state: S): AlgoStep<S> {
  return { state, place: [], cancel: [], wakeAt: null };
}

function closingStep<S extends BaseState>(state: S, view: AlgoView): AlgoStep<S> {
  if (view.liveOrders.length > 0) return { ...idle(state), cancel: cancellable(view.liveOrders) };
  const finish = settle(state.closing, view);
  return { ...idle({ ...state, phase: 'DONE', finish }), finish };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Build an Algorithm from a policy: one step function serves every handler. */
export function defineAlgorithm<S extends BaseState>(policy: Policy<S>): Algorithm<S> {
  function step(input: S, view: AlgoView, event: AlgoEvent): AlgoStep<S> {
    if (view.spec.strategy !== policy.strategy) {
      throw new Error(`${policy.strategy} algorithm given a ${view.spec.strategy} spec`);
    }
    if (input.phase === 'DONE') return { ...idle(input), finish: input.finish ?? undefined };
    const { spec } = view;
    let state = input;

    if (event.kind === 'FILL' && spec.priceLimit && isWorsePrice(spec.side, event.fill.price, spec.priceLimit)) {
      const reason = `fill at ${fmt(event.fill.price)} beyond price limit ${fmt(spec.priceLimit)} (max_slippage_pct)`;
      state = close(state, reason, true);
    }
    if (event.kind === 'DONE' && event.done.status === 'REJECTED') {
      // Rejections are deterministic (balance, filters): retrying would repeat them.
      state = close(state, `order ${event.done.orderId} rejected`);
    }
    const remaining = spec.totalQuantity.minus(view.filled);
    if (remaining.lte(0)) state = close(state, 'target filled');
    if (spec.endTime !== null && view.now >= spec.endTime) {
      state = close(state, `execution window ended at ${new Date(spec.endTime).toISOString()}`);
    }
    if (state.phase === 'CLOSING') return closingStep(state, view);

    const d = policy.decide(state, view, event);
    const guarded = guard(d.orders ?? [], view, d.state.placed, policy.keyPrefix);
    state = { ...d.state, placed: guarded.placed };

    if (guarded.orders.length === 0 && view.liveOrders.length === 0) {
      const minimum = minOrderQuantity(view.symbolRules, referencePrice(view));
      if (remaining.lt(minimum)) {
        return closingStep(close(state, `remaining ${fmt(remaining)} is below the minimum order size ${fmt(minimum)}`), view);
      }
      if (d.exhausted) return closingStep(close(state, 'no orders left to work'), view);
    }
    return {
      state,
      place: guarded.orders,
      cancel: d.cancel ?? [],
      wakeAt: earliest(d.wakeAt ?? null, spec.endTime),
    };
  }

  return {
    strategy: policy.strategy,
    stateSchema: policy.stateSchema,
    start: (view) => step(policy.initial(view), view, { kind: 'START' }),
    onTick: (state, view) => step(state, view, { kind: 'TICK' }),
    onBar: (state, bar, view) => step(state, view, { kind: 'BAR', bar }),
    onFill: (state, fill, view) => step(state, view, { kind: 'FILL', fill }),
    onOrderDone: (state, done, view) => step(state, view, { kind: 'DONE', done }),
  };
}

