import { z } from 'zod';
import { idSchema, OrderRole, OrderSide, OrderStatus, OrderType, positiveDecimal } from '../domain';
import { CauseSchema } from '../journal/entry';
import { str } from './amounts';
import type { LedgerContext } from './context';
import { conflict, invalid, parseInput } from './errors';
import {
  assertAcceptsOrders,
  changeGroupStatus,
  containerFields,
  groupViolations,
  resolveContainers,
  saveGroup,
  withOrderChange,
} from './groups';
import { note } from './journal-note';
import { isLive } from './live';
import { assertOrderValid, changeOrder, loadOrder, requireOrder } from './order-rows';
import { assertTradable } from './plans';
import { orderWire, type GroupRow, type OrderRow, type PlanRow } from './rows';

const price = positiveDecimal('price').nullable().optional();

/** An order as the worker asks to register it; order_id doubles as the client order id. */
export const OrderSpecSchema = z
  .object({
    order_id: idSchema('ORD', 'order_id').optional(),
    connector_order_id: z.string().min(1).nullable().optional(),
    symbol: z.string().min(1, { message: 'symbol is required' }),
    side: OrderSide,
    order_type: OrderType,
    role: OrderRole.optional(),
    quantity: positiveDecimal('quantity'),
    price,
    stop_price: positiveDecimal('stop_price').nullable().optional(),
    /** PENDING_SUBMIT (default): the intent, written before the connector is called. */
    status: z.enum(['PENDING_SUBMIT', 'OPEN', 'UNKNOWN']).optional(),
  })
  .strict();

export const RegisterOrderInputSchema = z.object({ order: OrderSpecSchema, ...containerFields }).strict();

export interface RegisteredOrder {
  readonly order: OrderRow;
  readonly group: GroupRow;
  readonly plan: PlanRow;
  readonly createdGroup: boolean;
  readonly createdPlan: boolean;
}

const INSERT = `INSERT INTO orders (order_id, parent_group_id, parent_plan_id, connector_order_id, symbol, side, order_type,
  role, quantity, price, stop_price, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Register an order (seed 004, 1.2): the group is created if it is missing,
 * and its plan if that is missing too; the group turns ACTIVE with its first
 * order.
 */
export function registerOrder(ctx: LedgerContext, input: unknown): RegisteredOrder {
  const p = parseInput(RegisterOrderInputSchema, input, 'registerOrder');
  const at = ctx.nowIso();
  const spec = p.order;
  if (spec.order_id !== undefined && loadOrder(ctx, spec.order_id) !== undefined) {
    throw conflict(`Order ${spec.order_id} already exists`);
  }
  const resolved = resolveContainers(ctx, p, at);
  const { plan } = resolved;
  assertTradable(plan, (spec.role ?? 'ENTRY') === 'CLOSE' ? 'close' : 'trade');
  assertAcceptsOrders(resolved.group);
  if (spec.symbol !== plan.asset_symbol) {
    throw invalid('Order', [
      { path: 'symbol', message: `symbol ${spec.symbol} differs from the plan's asset_symbol ${plan.asset_symbol}` },
    ]);
  }
  const order: OrderRow = {
    order_id: spec.order_id ?? ctx.newId('ORD'),
    parent_group_id: resolved.group.group_id,
    parent_plan_id: plan.plan_id,
    connector_order_id: spec.connector_order_id ?? null,
    symbol: spec.symbol,
    side: spec.side,
    order_type: spec.order_type,
    role: spec.role ?? 'ENTRY',
    quantity: str(spec.quantity),
    price: spec.price ? str(spec.price) : null,
    stop_price: spec.stop_price ? str(spec.stop_price) : null,
    status: spec.status ?? 'PENDING_SUBMIT',
    filled_quantity: '0',
    filled_notional: '0',
    fees_paid: '0',
    fill_count: 0,
    last_fill_at: null,
    created_at: at,
    updated_at: at,
  };
  assertOrderValid(order);
  let group = withOrderChange({ ...resolved.group, updated_at: at }, null, order);
  if (group.status === 'PENDING') group = changeGroupStatus(ctx, group, 'ACTIVE', at, { cause: p.cause });
  const violations = groupViolations(group);
  if (violations.length > 0) throw conflict(violations.map((v) => v.message).join('; '));
  ctx.sql
    .get(INSERT)
    .run(
      order.order_id,
      order.parent_group_id,
      order.parent_plan_id,
      order.connector_order_id,
      order.symbol,
      order.side,
      order.order_type,
      order.role,
      order.quantity,
      order.price,
      order.stop_price,
      order.status,
      at,
      at,
    );
  ctx.outbox.emit('order', order.order_id, orderWire(order), at);
  saveGroup(ctx, group, at);
  note(
    ctx,
    'ORDER_REGISTERED',
    { planId: plan.plan_id, groupId: group.group_id, orderId: order.order_id },
    `${order.role} ${order.side} ${order.quantity} ${order.symbol} ${order.order_type}${order.price ? ` @ ${order.price}` : ''}`,
    at,
    { cause: p.cause, data: { created_group: resolved.createdGroup, created_plan: resolved.createdPlan } },
  );
  return { order, group, plan, createdGroup: resolved.createdGroup, createdPlan: resolved.createdPlan };
}

export const UpdateOrderInputSchema = z
  .object({
    order_id: idSchema('ORD', 'order_id'),
    status: OrderStatus.optional(),
    connector_order_id: z.string().min(1).optional(),
    price: positiveDecimal('price').optional(),
    stop_price: positiveDecimal('stop_price').optional(),
    reason: z.string().optional(),
    cause: CauseSchema.optional(),
  })
  .strict();

/**
 * What the exchange told us about an order: ack (connector id, OPEN),
 * rejection, expiry, cancellation, or new prices after a modify. Statuses go
 * through the order state machine; FILLED and PARTIALLY_FILLED follow the
 * recorded fills and are refused without them.
 */
export function updateOrder(ctx: LedgerContext, input: unknown): OrderRow {
  const p = parseInput(UpdateOrderInputSchema, input, 'updateOrder');
  const order = requireOrder(ctx, p.order_id);
  if (
    p.connector_order_id !== undefined &&
    order.connector_order_id !== null &&
    order.connector_order_id !== p.connector_order_id
  ) {
    throw conflict(`Order ${order.order_id} already has connector_order_id ${order.connector_order_id}`);
  }
  if ((p.price !== undefined || p.stop_price !== undefined) && !isLive(order.status)) {
    throw conflict(`Order ${order.order_id} is ${order.status}; its prices can no longer change`);
  }
  const changes: Parameters<typeof changeOrder>[2] = {};
  if (p.status !== undefined) changes.status = p.status;
  if (p.connector_order_id !== undefined) changes.connector_order_id = p.connector_order_id;
  if (p.price !== undefined) changes.price = str(p.price);
  if (p.stop_price !== undefined) changes.stop_price = str(p.stop_price);
  return changeOrder(ctx, order, changes, ctx.nowIso(), p);
}
