import { OrderSchema, OrderStateMachine, type OrderStatus } from '../domain';
import type { Cause } from '../journal/entry';
import { averagePrice, dec } from './amounts';
import { settleIntents } from './cancel-rows';
import type { LedgerContext } from './context';
import { invalid, notFound, transition } from './errors';
import { requireGroup, saveGroup, withOrderChange } from './groups';
import { note } from './journal-note';
import { ORDER_BY_ID, writeOrder } from './row-sql';
import { orderWire, type OrderRow } from './rows';

export function loadOrder(ctx: LedgerContext, orderId: string): OrderRow | undefined {
  return ctx.sql.get(ORDER_BY_ID).get(orderId) as OrderRow | undefined;
}

export function requireOrder(ctx: LedgerContext, orderId: string): OrderRow {
  const row = loadOrder(ctx, orderId);
  if (row === undefined) throw notFound('Order', orderId);
  return row;
}

/** Write `row` over `prev` (the row as stored) and emit it. */
export function saveOrder(ctx: LedgerContext, prev: OrderRow, row: OrderRow, at: string): void {
  writeOrder(ctx.sql, prev, row);
  ctx.outbox.emit('order', row.order_id, orderWire(row), at);
}

/**
 * The domain's order rules (OrderSchema: prices per order type, FILLED means
 * filled to quantity, ...) checked on a row about to be written. Overfill is
 * allowed: the ledger records it as an anomaly.
 */
export function assertOrderValid(row: OrderRow): void {
  const r = OrderSchema.safeParse({
    order_id: row.order_id,
    parent_group_id: row.parent_group_id,
    connector_order_id: row.connector_order_id,
    symbol: row.symbol,
    side: row.side,
    order_type: row.order_type,
    role: row.role,
    quantity: row.quantity,
    price: row.price,
    stop_price: row.stop_price,
    status: row.status,
    filled_quantity: row.filled_quantity,
    average_fill_price: averagePrice(row.filled_notional, row.filled_quantity),
    created_at: row.created_at,
    updated_at: row.updated_at,
  });
  if (!r.success) {
    throw invalid(
      'Order',
      r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
}

export interface StatusChangeWhy {
  readonly reason?: string | undefined;
  readonly cause?: Cause | undefined;
}

type OrderChanges = Partial<Pick<OrderRow, 'status' | 'connector_order_id' | 'price' | 'stop_price'>>;

/**
 * The order after `changes`, checked against the order state machine and the
 * order rules; throws a typed refusal and writes nothing. A status-only change
 * is checked by assertStatusMove alone (the full schema check costs more than
 * the write).
 */
export function changedOrder(order: OrderRow, changes: OrderChanges, at: string): OrderRow {
  const to: OrderStatus = changes.status ?? order.status;
  assertStatusMove(order, to);
  const next: OrderRow = { ...order, ...changes, status: to, updated_at: at };
  const statusOnly = changes.connector_order_id === undefined && changes.price === undefined && changes.stop_price === undefined;
  if (!statusOnly) assertOrderValid(next);
  return next;
}

/** What a status move needs to know of an order. */
export type StatusSubject = Pick<OrderRow, 'order_id' | 'parent_group_id' | 'parent_plan_id' | 'status' | 'quantity' | 'filled_quantity'>;

/** The order state machine, and the two rules of OrderSchema a status alone can break. Throws a typed refusal. */
export function assertStatusMove(order: StatusSubject, to: OrderStatus): void {
  if (to !== order.status) {
    transition(OrderStateMachine, order.status, to, { planId: order.parent_plan_id, groupId: order.parent_group_id, orderId: order.order_id });
  }
  if (to === 'PARTIALLY_FILLED' && order.filled_quantity === '0') {
    throw invalid('Order', [{ path: 'status', message: 'PARTIALLY_FILLED follows recorded fills; none yet' }]);
  }
  if (to === 'FILLED' && dec(order.filled_quantity).lt(dec(order.quantity))) {
    throw invalid('Order', [{ path: 'filled_quantity', message: 'FILLED order must be filled to its quantity' }]);
  }
}

/**
 * Change an order's status (and any other fields in `changes`) through the
 * order state machine; keeps the group's counts and in-flight quantity,
 * settles cancel intents when the order ends, and journals the change.
 */
export function changeOrder(ctx: LedgerContext, order: OrderRow, changes: OrderChanges, at: string, why: StatusChangeWhy = {}): OrderRow {
  const next = changedOrder(order, changes, at);
  saveOrder(ctx, order, next, at);
  const group = withOrderChange(requireGroup(ctx, order.parent_group_id), order, next);
  saveGroup(ctx, { ...group, updated_at: at }, at);
  if (next.status !== order.status) {
    note(
      ctx,
      'ORDER_STATUS',
      { planId: order.parent_plan_id, groupId: order.parent_group_id, orderId: order.order_id },
      `Order ${order.status} -> ${next.status}${why.reason ? `: ${why.reason}` : ''}`,
      at,
      { cause: why.cause, data: { from: order.status, to: next.status, connector_order_id: next.connector_order_id } },
    );
    settleIntents(ctx, next, at);
  }
  return next;
}
