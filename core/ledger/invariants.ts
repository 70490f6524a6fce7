import type { Decimal, OrderStatus } from '../domain';
import { dec, str, ZERO } from './amounts';
import type { LedgerContext } from './context';
import { openQuantity } from './group-tally';
import { isLive } from './live';
import { applyFillToPosition, emptyPosition } from './positions';
import type { CancelIntentRow, FillRow, GroupRow, OrderRow, PlanRow, PositionRow } from './rows';

export interface InvariantViolation {
  readonly rule: string;
  readonly entity: string;
  readonly message: string;
}

export interface InvariantReport {
  readonly ok: boolean;
  readonly violations: readonly InvariantViolation[];
  /** Rows examined, so a test can tell an empty check from a passing one. */
  readonly counted: { readonly plans: number; readonly groups: number; readonly orders: number; readonly fills: number };
}

interface Sums {
  quantity: Decimal;
  notional: Decimal;
  fees: Decimal;
  count: number;
}

const empty = (): Sums => ({ quantity: ZERO, notional: ZERO, fees: ZERO, count: 0 });

function add(s: Sums, quantity: Decimal, notional: Decimal, fees: Decimal, count: number): void {
  s.quantity = s.quantity.plus(quantity);
  s.notional = s.notional.plus(notional);
  s.fees = s.fees.plus(fees);
  s.count += count;
}

/**
 * Verifies, over the whole database, what the writes maintain incrementally:
 * every aggregate equals the sum it stands for (order = its fills, group = its
 * orders, plan = its groups, position = a replay of its fills), statuses agree
 * with their timestamps, and the outbox has no gap in `seq`. Read-only; runs
 * in the caller's read transaction.
 */
export function checkInvariants(ctx: LedgerContext): InvariantReport {
  const violations: InvariantViolation[] = [];
  const fail = (rule: string, entity: string, message: string) => violations.push({ rule, entity, message });
  const eq = (rule: string, entity: string, what: string, stored: string, expected: Decimal) => {
    if (!dec(stored).eq(expected)) fail(rule, entity, `${what} is ${stored}, expected ${str(expected)}`);
  };
  const iterate = <R>(sql: string) => ctx.sql.get(sql).iterate() as IterableIterator<R>;

  // Fills: per order, and replayed into positions in the order they were recorded.
  const byOrder = new Map<string, Sums & { last: string | null; group: string; plan: string }>();
  const positions = new Map<string, PositionRow>();
  let fills = 0;
  for (const f of iterate<FillRow>('SELECT * FROM fills ORDER BY fill_seq')) {
    fills++;
    const q = dec(f.quantity);
    const p = dec(f.price);
    const fee = dec(f.fee);
    let s = byOrder.get(f.parent_order_id);
    if (s === undefined) {
      s = { ...empty(), last: null, group: f.parent_group_id, plan: f.parent_plan_id };
      byOrder.set(f.parent_order_id, s);
    }
    if (s.group !== f.parent_group_id || s.plan !== f.parent_plan_id) {
      fail('fill.parents', f.fill_id, 'fills of one order name different groups or plans');
    }
    add(s, q, p.times(q), fee, 1);
    if (s.last === null || f.executed_at > s.last) s.last = f.executed_at;
    const pos = positions.get(f.symbol) ?? emptyPosition(f.symbol, f.recorded_at);
    positions.set(f.symbol, applyFillToPosition(pos, { side: f.side, price: p, quantity: q, fee }, f.recorded_at));
  }

  // Orders against their fills; groups' sums of their orders.
  const byGroup = new Map<string, Sums & { open: Decimal; ids: string[]; counts: Partial<Record<OrderStatus, number>> }>();
  let orders = 0;
  for (const o of iterate<OrderRow>('SELECT * FROM orders ORDER BY rowid')) {
    orders++;
    const s = byOrder.get(o.order_id) ?? { ...empty(), last: null, group: o.parent_group_id, plan: o.parent_plan_id };
    byOrder.delete(o.order_id);
    if (s.group !== o.parent_group_id || s.plan !== o.parent_plan_id) {
      fail('fill.parents', o.order_id, "the order's fills name another group or plan");
    }
    const e = `Order ${o.order_id}`;
    eq('order.filled', e, 'filled_quantity', o.filled_quantity, s.quantity);
    eq('order.notional', e, 'filled_notional', o.filled_notional, s.notional);
    eq('order.fees', e, 'fees_paid', o.fees_paid, s.fees);
    if (o.fill_count !== s.count) fail('order.fill_count', e, `fill_count ${o.fill_count}, fills ${s.count}`);
    if (o.last_fill_at !== s.last) fail('order.last_fill_at', e, `last_fill_at ${o.last_fill_at}, fills say ${s.last}`);
    const filled = dec(o.filled_quantity);
    if (o.status === 'FILLED' && filled.lt(o.quantity)) fail('order.status', e, 'FILLED below its quantity');
    if (isLive(o.status) && filled.gte(o.quantity)) fail('order.status', e, `${o.status} although filled to quantity`);
    if (o.status === 'PARTIALLY_FILLED' && filled.isZero()) fail('order.status', e, 'PARTIALLY_FILLED without fills');
    if (o.updated_at < o.created_at) fail('order.timestamps', e, 'updated_at before created_at');
    let g = byGroup.get(o.parent_group_id);
    if (g === undefined) {
      g = { ...empty(), open: ZERO, ids: [], counts: {} };
      byGroup.set(o.parent_group_id, g);
    }
    add(g, filled, dec(o.filled_notional), dec(o.fees_paid), o.fill_count);
    g.open = g.open.plus(openQuantity(o));
    g.ids.push(o.order_id);
    g.counts[o.status] = (g.counts[o.status] ?? 0) + 1;
  }
  for (const id of byOrder.keys()) fail('fill.order', id, 'fills of an order that does not exist');

  // Groups against their orders; plans' sums of their groups.
  const byPlan = new Map<string, Sums & { groups: number; target: Decimal }>();
  let groups = 0;
  for (const g of iterate<GroupRow>('SELECT * FROM exec_groups ORDER BY rowid')) {
    groups++;
    const s = byGroup.get(g.group_id) ?? { ...empty(), open: ZERO, ids: [], counts: {} };
    byGroup.delete(g.group_id);
    const e = `ExecutionGroup ${g.group_id}`;
    eq('group.filled', e, 'filled_quantity', g.filled_quantity, s.quantity);
    eq('group.notional', e, 'filled_notional', g.filled_notional, s.notional);
    eq('group.fees', e, 'fees_paid', g.fees_paid, s.fees);
    eq('group.in_flight', e, 'in_flight_quantity', g.in_flight_quantity, s.open);
    if (g.fill_count !== s.count) fail('group.fill_count', e, `fill_count ${g.fill_count}, fills ${s.count}`);
    if (g.order_ids !== JSON.stringify(s.ids)) fail('group.order_ids', e, `order_ids ${g.order_ids}, orders ${JSON.stringify(s.ids)}`);
    const counts = JSON.parse(g.order_counts) as Partial<Record<OrderStatus, number>>;
    const sameCounts =
      Object.keys(counts).length === Object.keys(s.counts).length &&
      Object.entries(s.counts).every(([k, v]) => counts[k as OrderStatus] === v);
    if (!sameCounts) fail('group.order_counts', e, `order_counts ${g.order_counts}, orders ${JSON.stringify(s.counts)}`);
    if ((g.status === 'COMPLETED') !== (g.completed_at !== null)) fail('group.timestamps', e, `${g.status} with completed_at ${g.completed_at}`);
    if ((g.status === 'CANCELLED') !== (g.cancelled_at !== null)) fail('group.timestamps', e, `${g.status} with cancelled_at ${g.cancelled_at}`);
    if ((g.status === 'PENDING') !== (s.ids.length === 0)) fail('group.status', e, `${g.status} with ${s.ids.length} orders`);
    if (g.status === 'ACTIVE' && g.target_quantity !== null && s.quantity.gte(g.target_quantity)) {
      fail('group.status', e, 'ACTIVE although filled to target');
    }
    if (g.updated_at < g.created_at) fail('group.timestamps', e, 'updated_at before created_at');
    let p = byPlan.get(g.parent_plan_id);
    if (p === undefined) {
      p = { ...empty(), groups: 0, target: ZERO };
      byPlan.set(g.parent_plan_id, p);
    }
    add(p, dec(g.filled_quantity), dec(g.filled_notional), dec(g.fees_paid), g.fill_count);
    p.groups++;
    if (g.target_quantity !== null) p.target = p.target.plus(g.target_quantity);
  }
  for (const id of byGroup.keys()) fail('order.group', id, 'orders of a group that does not exist');

  let plans = 0;
  for (const p of iterate<PlanRow>('SELECT * FROM plans ORDER BY rowid')) {
    plans++;
    const s = byPlan.get(p.plan_id) ?? { ...empty(), groups: 0, target: ZERO };
    byPlan.delete(p.plan_id);
    const e = `TradePlan ${p.plan_id}`;
    eq('plan.filled', e, 'filled_quantity', p.filled_quantity, s.quantity);
    eq('plan.notional', e, 'filled_notional', p.filled_notional, s.notional);
    eq('plan.fees', e, 'fees_paid', p.fees_paid, s.fees);
    eq('plan.target', e, 'target_quantity', p.target_quantity, s.target);
    if (p.fill_count !== s.count) fail('plan.fill_count', e, `fill_count ${p.fill_count}, fills ${s.count}`);
    if (p.group_count !== s.groups) fail('plan.group_count', e, `group_count ${p.group_count}, groups ${s.groups}`);
    if ((p.status === 'CLOSED') !== (p.closed_at !== null)) fail('plan.timestamps', e, `${p.status} with closed_at ${p.closed_at}`);
    if ((p.trading_halted === 1) !== (p.halted_at !== null)) fail('plan.timestamps', e, 'trading_halted disagrees with halted_at');
    if (p.updated_at < p.created_at) fail('plan.timestamps', e, 'updated_at before created_at');
  }
  for (const id of byPlan.keys()) fail('group.plan', id, 'groups of a plan that does not exist');

  for (const stored of iterate<PositionRow>('SELECT * FROM positions')) {
    const replayed = positions.get(stored.symbol) ?? emptyPosition(stored.symbol, stored.updated_at);
    positions.delete(stored.symbol);
    const e = `Position ${stored.symbol}`;
    for (const k of ['net_quantity', 'average_price', 'realized_pnl', 'fees_paid', 'bought_quantity', 'sold_quantity'] as const) {
      eq('position.replay', e, k, stored[k], dec(replayed[k]));
    }
    if (stored.fill_count !== replayed.fill_count) fail('position.replay', e, 'fill_count differs from a replay');
  }
  for (const symbol of positions.keys()) fail('position.missing', symbol, 'fills without a position row');

  for (const c of iterate<CancelIntentRow>('SELECT * FROM cancel_intents')) {
    const e = `CancelIntent ${c.intent_id}`;
    if ((c.status === 'CONFIRMED') !== (c.confirmed_at !== null)) fail('cancel.timestamps', e, `${c.status} with confirmed_at ${c.confirmed_at}`);
    if ((c.status === 'FAILED') !== (c.failed_at !== null)) fail('cancel.timestamps', e, `${c.status} with failed_at ${c.failed_at}`);
  }

  const ob = ctx.sql.get('SELECT COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM outbox').get() as {
    n: number;
    lo: number | null;
    hi: number | null;
  };
  if (ob.n > 0 && ob.hi !== null && ob.lo !== null && ob.hi - ob.lo + 1 !== ob.n) {
    fail('outbox.seq', 'outbox', `${ob.n} events between seq ${ob.lo} and ${ob.hi}: a gap`);
  }
  return { ok: violations.length === 0, violations, counted: { plans, groups, orders, fills } };
}

