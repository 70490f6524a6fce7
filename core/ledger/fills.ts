import { z } from 'zod';
import type { Decimal} from '../domain';
import { FillSchema, OrderStateMachine, type GroupStatus, type OrderStatus } from '../domain';
import { dec, str } from './amounts';
import { LEDGER_ANOMALY_KINDS, raiseAnomaly, type AnomalyInput } from './anomalies';
import { settleIntents } from './cancel-rows';
import type { LedgerContext } from './context';
import { parseInput, transition } from './errors';
import { changeGroupStatus, requireGroup, saveGroup, withOrderChange } from './groups';
import { isLive } from './live';
import { requireOrder, saveOrder } from './order-rows';
import { requirePlan, savePlan } from './plans';
import { recordPositionFill } from './positions';
import { fillWire, type FillRow, type GroupRow, type OrderRow } from './rows';

/** A fill as a connector reports it; the ledger names it if fill_id is absent. */
export const RecordFillInputSchema = z
  .object({ ...FillSchema.shape, fill_id: FillSchema.shape.fill_id.optional() })
  .strict();

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

const INSERT = `INSERT INTO fills (fill_id, parent_order_id, parent_group_id, parent_plan_id, trade_id, symbol, side, price,
  quantity, fee, fee_asset, liquidity, executed_at, fidelity_profile, recorded_at, journal_mark)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(entry_id), 0) FROM journal))
  ON CONFLICT (parent_order_id, trade_id) DO NOTHING`;
const EXISTING = 'SELECT fill_id FROM fills WHERE parent_order_id = ? AND trade_id = ?';

/** The order after one more fill: quantities, and the status the fills imply while it is live. */
function orderAfterFill(order: OrderRow, fill: FillRow, q: Decimal, notional: Decimal, fee: Decimal, at: string): OrderRow {
  const filled = dec(order.filled_quantity).plus(q);
  let status = order.status;
  if (isLive(status)) {
    const implied: OrderStatus = filled.gte(order.quantity)
      ? 'FILLED'
      : status === 'PENDING_CANCEL'
        ? 'PENDING_CANCEL'
        : 'PARTIALLY_FILLED';
    status = transition(OrderStateMachine, status, implied, {
      planId: order.parent_plan_id,
      groupId: order.parent_group_id,
      orderId: order.order_id,
    });
  }
  return {
    ...order,
    status,
    filled_quantity: str(filled),
    filled_notional: str(dec(order.filled_notional).plus(notional)),
    fees_paid: str(dec(order.fees_paid).plus(fee)),
    fill_count: order.fill_count + 1,
    last_fill_at: order.last_fill_at !== null && order.last_fill_at > fill.executed_at ? order.last_fill_at : fill.executed_at,
    updated_at: at,
  };
}

function groupAfterFill(group: GroupRow, q: Decimal, notional: Decimal, fee: Decimal, at: string): GroupRow {
  return {
    ...group,
    filled_quantity: str(dec(group.filled_quantity).plus(q)),
    filled_notional: str(dec(group.filled_notional).plus(notional)),
    fees_paid: str(dec(group.fees_paid).plus(fee)),
    fill_count: group.fill_count + 1,
    updated_at: at,
  };
}

/**
 * Record one fill: de-duplicated by (order, exchange trade id); the order's,
 * group's and plan's aggregates and the symbol's position move with it; the
 * group completes when filled reaches its target. A fill is never refused for
 * arriving late or overfilling: it is recorded and an anomaly raised.
 */
export function recordFill(ctx: LedgerContext, input: unknown): RecordFillResult {
  const f = parseInput(RecordFillInputSchema, input, 'recordFill');
  const order = requireOrder(ctx, f.parent_order_id);
  const at = ctx.nowIso();
  const fill: FillRow = {
    fill_id: f.fill_id ?? ctx.newId('FILL'),
    parent_order_id: order.order_id,
    parent_group_id: order.parent_group_id,
    parent_plan_id: order.parent_plan_id,
    trade_id: f.trade_id,
    symbol: order.symbol,
    side: order.side,
    price: str(f.price),
    quantity: str(f.quantity),
    fee: str(f.fee),
    fee_asset: f.fee_asset ?? null,
    liquidity: f.liquidity ?? null,
    executed_at: f.executed_at.toISOString(),
    fidelity_profile: f.fidelity_profile ?? null,
    recorded_at: at,
  };
  const inserted = ctx.sql
    .get(INSERT)
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
    const existing = ctx.sql.get(EXISTING).get(order.order_id, f.trade_id) as { fill_id: string };
    return { duplicate: true, fill_id: existing.fill_id };
  }
  ctx.outbox.emit('fill', fill.fill_id, fillWire(fill), at);

  const notional = f.price.times(f.quantity);
  const refs = { plan_id: order.parent_plan_id, group_id: order.parent_group_id, order_id: order.order_id, fill_id: fill.fill_id };
  const anomalies: AnomalyInput[] = [];
  if (order.status === 'CANCELED' || order.status === 'EXPIRED' || order.status === 'REJECTED') {
    anomalies.push({
      ...refs,
      kind: LEDGER_ANOMALY_KINDS.LATE_FILL,
      message: `fill of ${fill.quantity} @ ${fill.price} on ${order.status} order ${order.order_id}`,
      data: { order_status: order.status, trade_id: fill.trade_id },
    });
  }
  const nextOrder = orderAfterFill(order, fill, f.quantity, notional, f.fee, at);
  if (dec(nextOrder.filled_quantity).gt(order.quantity)) {
    anomalies.push({
      ...refs,
      kind: LEDGER_ANOMALY_KINDS.OVERFILL,
      message: `order ${order.order_id} filled ${nextOrder.filled_quantity} of ${order.quantity}`,
      data: { entity: 'order', filled_quantity: nextOrder.filled_quantity, quantity: order.quantity },
    });
  }
  saveOrder(ctx, order, nextOrder, at);

  let group = groupAfterFill(
    withOrderChange(requireGroup(ctx, order.parent_group_id), order, nextOrder),
    f.quantity,
    notional,
    f.fee,
    at,
  );
  const target = group.target_quantity;
  const reached =
    target !== null
      ? dec(group.filled_quantity).gte(target)
      : group.execution_strategy === 'SINGLE' && nextOrder.status === 'FILLED';
  if (reached && group.status === 'ACTIVE') {
    group = changeGroupStatus(ctx, group, 'COMPLETED', at, { reason: 'filled to target' });
  }
  if (target !== null && dec(group.filled_quantity).gt(target)) {
    anomalies.push({
      ...refs,
      kind: LEDGER_ANOMALY_KINDS.OVERFILL,
      message: `group ${group.group_id} filled ${group.filled_quantity} of target ${target}`,
      data: { entity: 'group', filled_quantity: group.filled_quantity, target_quantity: target },
    });
  }
  saveGroup(ctx, group, at);

  const plan = requirePlan(ctx, order.parent_plan_id);
  savePlan(
    ctx,
    {
      ...plan,
      filled_quantity: str(dec(plan.filled_quantity).plus(f.quantity)),
      filled_notional: str(dec(plan.filled_notional).plus(notional)),
      fees_paid: str(dec(plan.fees_paid).plus(f.fee)),
      fill_count: plan.fill_count + 1,
      updated_at: at,
    },
    at,
  );
  recordPositionFill(ctx, order.symbol, { side: order.side, price: f.price, quantity: f.quantity, fee: f.fee }, at);
  if (nextOrder.status !== order.status) settleIntents(ctx, nextOrder, at);
  const raised = anomalies.map((a) => raiseAnomaly(ctx, a, at));
  return {
    duplicate: false,
    fill_id: fill.fill_id,
    order_status: nextOrder.status,
    order_filled_quantity: dec(nextOrder.filled_quantity),
    group_status: group.status,
    group_filled_quantity: dec(group.filled_quantity),
    anomalies: raised.map((a) => ({ anomaly_id: a.anomaly_id, kind: a.kind })),
  };
}
