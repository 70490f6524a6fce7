import type { Decimal, GroupStatus, OrderStatus } from '../domain';
import { GroupStateMachine, OrderStateMachine } from '../domain';
import { str } from './amounts';
import { LEDGER_ANOMALY_KINDS, raiseAnomaly, type AnomalyInput } from './anomalies';
import { settleIntents } from './cancel-rows';
import type { LedgerContext } from './context';
import { notFound, transition } from './errors';
import { parseFillInput } from './fill-input';
import { openOf, recount } from './group-tally';
import { noteGroupStatus } from './groups';
import { isLive } from './live';
import { positionAfterFill, positionWire } from './positions';
import type { GroupEntry, OrderEntry, PlanEntry, PositionEntry } from './row-cache';
import { fillWire, groupWireWithIds, orderWire, planWire, type FillRow } from './rows';

export type RecordFillResult =
  | { readonly duplicate: true; readonly fill_id: string }
  | {
      readonly duplicate: false;
      readonly fill_id: string;
      readonly order_status: OrderStatus;
      readonly order_filled_quantity: Decimal;
      readonly group_status: GroupStatus;
      readonly group_filled_quantity: Decimal;
      readonly anomalies: readonly { readonly anomaly_id: string; readonly kind: string }[];
    };

/** The fill row's insert (exported for the benchmark's floor: the ledger's own SQL without its logic). */
export const INSERT_FILL = `INSERT INTO fills (fill_id, parent_order_id, parent_group_id, parent_plan_id, trade_id, symbol, side, price,
  quantity, fee, fee_asset, liquidity, executed_at, fidelity_profile, recorded_at, journal_mark)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(entry_id), 0) FROM journal))
  ON CONFLICT (parent_order_id, trade_id) DO NOTHING`;
const EXISTING = 'SELECT fill_id FROM fills WHERE parent_order_id = ? AND trade_id = ?';

// Event views of cached rows, built at commit (Outbox.emitLazy).
const orderView = (e: OrderEntry) => orderWire(e.row());
const groupView = (e: GroupEntry) => groupWireWithIds(e.row(), e.orderIds());
const planView = (e: PlanEntry) => planWire(e.row());
const positionView = (e: PositionEntry) => positionWire(e.row());

/**
 * Record one fill: de-duplicated by (order, exchange trade id); the order's,
 * group's and plan's aggregates and the symbol's position move with it; the
 * group completes when filled reaches its target. A fill is never refused for
 * arriving late or overfilling: it is recorded and an anomaly raised.
 *
 * The rows live in the write cache (row-cache.ts) for the transaction, so a
 * batch reads, prints and writes each of them once. In order: everything
 * that can refuse the fill, then the fill row (its insert is the first
 * change), then the cached rows, then the statements and events that follow.
 */
export function recordFill(ctx: LedgerContext, input: unknown): RecordFillResult {
  const f = parseFillInput(input);
  const order = ctx.rows.order(f.parent_order_id);
  if (order === undefined) throw notFound('Order', f.parent_order_id);
  const o = order.stored;
  const group = ctx.rows.group(o.parent_group_id);
  if (group === undefined) throw notFound('ExecutionGroup', o.parent_group_id);
  const plan = ctx.rows.plan(o.parent_plan_id);
  if (plan === undefined) throw notFound('TradePlan', o.parent_plan_id);
  const at = ctx.nowIso();
  const position = ctx.rows.position(o.symbol, at);

  // While the order is live its status follows the fills.
  const before = order.status;
  const filled = order.filled.plus(f.quantity);
  let status = before;
  if (isLive(before)) {
    const implied: OrderStatus = filled.gte(order.quantity)
      ? 'FILLED'
      : before === 'PENDING_CANCEL'
        ? 'PENDING_CANCEL'
        : 'PARTIALLY_FILLED';
    status = transition(OrderStateMachine, before, implied, { planId: o.parent_plan_id, groupId: o.parent_group_id, orderId: o.order_id });
  }
  const groupFilled = group.filled.plus(f.quantity);
  const reached = group.target !== null ? groupFilled.gte(group.target) : group.stored.execution_strategy === 'SINGLE' && status === 'FILLED';
  const completes = reached && group.status === 'ACTIVE';
  if (completes) transition(GroupStateMachine, group.status, 'COMPLETED', { planId: o.parent_plan_id, groupId: o.parent_group_id });

  const fill: FillRow = {
    fill_id: f.fill_id ?? ctx.newId('FILL'),
    parent_order_id: o.order_id,
    parent_group_id: o.parent_group_id,
    parent_plan_id: o.parent_plan_id,
    trade_id: f.trade_id,
    symbol: o.symbol,
    side: o.side,
    price: f.priceText,
    quantity: f.quantityText,
    fee: f.feeText,
    fee_asset: f.fee_asset,
    liquidity: f.liquidity,
    executed_at: f.executed_at,
    fidelity_profile: f.fidelity_profile,
    recorded_at: at,
  };
  const inserted = ctx.sql
    .direct(INSERT_FILL)
    .run(
      fill.fill_id,
      fill.parent_order_id,
      fill.parent_group_id,
      fill.parent_plan_id,
      fill.trade_id,
      fill.symbol,
      fill.side,
      fill.price,
      fill.quantity,
      fill.fee,
      fill.fee_asset,
      fill.liquidity,
      fill.executed_at,
      fill.fidelity_profile,
      at,
    );
  if (inserted.changes === 0) {
    const existing = ctx.sql.direct(EXISTING).get(o.order_id, f.trade_id) as { fill_id: string };
    return { duplicate: true, fill_id: existing.fill_id };
  }
  ctx.outbox.emit('fill', fill.fill_id, fillWire(fill), at);

  // The cached rows, all changed before any further statement runs.
  const notional = f.price.times(f.quantity);
  const openBefore = openOf(before, order.quantity, order.filled);
  const openAfter = openOf(status, order.quantity, filled);
  order.status = status;
  order.filled = filled;
  order.notional = order.notional.plus(notional);
  order.fees = order.fees.plus(f.fee);
  order.fill_count++;
  if (order.last_fill_at === null || order.last_fill_at <= f.executed_at) order.last_fill_at = f.executed_at;
  order.updated_at = at;
  ctx.rows.touch(order);

  if (status !== before) group.order_counts = recount(group.order_counts, before, status);
  if (!openBefore.eq(openAfter)) group.inFlight = group.inFlight.minus(openBefore).plus(openAfter);
  group.filled = groupFilled;
  group.notional = group.notional.plus(notional);
  group.fees = group.fees.plus(f.fee);
  group.fill_count++;
  group.updated_at = at;
  if (completes) {
    group.status = 'COMPLETED';
    group.completed_at = at;
  }
  ctx.rows.touch(group);

  plan.filled = plan.filled.plus(f.quantity);
  plan.notional = plan.notional.plus(notional);
  plan.fees = plan.fees.plus(f.fee);
  plan.fill_count++;
  plan.updated_at = at;
  ctx.rows.touch(plan);

  position.position = positionAfterFill(position.position, { side: o.side, price: f.price, quantity: f.quantity, fee: f.fee, notional }, at);
  ctx.rows.touch(position);

  // Events (built at commit from the cached rows), journal records and anomalies, in the order they happened.
  ctx.outbox.emitLazy('order', o.order_id, order, orderView, at);
  if (completes) {
    const was = { group_id: o.parent_group_id, parent_plan_id: o.parent_plan_id, status: 'ACTIVE' as const };
    noteGroupStatus(ctx, was, 'COMPLETED', at, { reason: 'filled to target' });
  }
  ctx.outbox.emitLazy('group', o.parent_group_id, group, groupView, at);
  ctx.outbox.emitLazy('plan', o.parent_plan_id, plan, planView, at);
  ctx.outbox.emitLazy('position', o.symbol, position, positionView, at);
  if (status !== before) settleIntents(ctx, order.row(), at);

  const refs = { plan_id: o.parent_plan_id, group_id: o.parent_group_id, order_id: o.order_id, fill_id: fill.fill_id };
  const anomalies: AnomalyInput[] = [];
  if (before === 'CANCELED' || before === 'EXPIRED' || before === 'REJECTED') {
    anomalies.push({
      ...refs,
      kind: LEDGER_ANOMALY_KINDS.LATE_FILL,
      message: `fill of ${fill.quantity} @ ${fill.price} on ${before} order ${o.order_id}`,
      data: { order_status: before, trade_id: fill.trade_id },
    });
  }
  if (filled.gt(order.quantity)) {
    const text = str(filled);
    anomalies.push({
      ...refs,
      kind: LEDGER_ANOMALY_KINDS.OVERFILL,
      message: `order ${o.order_id} filled ${text} of ${o.quantity}`,
      data: { entity: 'order', filled_quantity: text, quantity: o.quantity },
    });
  }
  const target = group.stored.target_quantity;
  if (target !== null && group.target !== null && groupFilled.gt(group.target)) {
    const text = str(groupFilled);
    anomalies.push({
      ...refs,
      kind: LEDGER_ANOMALY_KINDS.OVERFILL,
      message: `group ${o.parent_group_id} filled ${text} of target ${target}`,
      data: { entity: 'group', filled_quantity: text, target_quantity: target },
    });
  }
  const raised = anomalies.map((a) => raiseAnomaly(ctx, a, at));
  return {
    duplicate: false,
    fill_id: fill.fill_id,
    order_status: status,
    order_filled_quantity: filled,
    group_status: group.status,
    group_filled_quantity: groupFilled,
    anomalies: raised.map((a) => ({ anomaly_id: a.anomaly_id, kind: a.kind })),
  };
}
