import { z } from 'zod';
import {
  decimalField,
  ExecutionStrategyType,
  GroupStatus,
  idSchema,
  Liquidity,
  OrderRole,
  OrderSide,
  OrderStatus,
  OrderType,
  PlanDirection,
  PlanStatus,
  utcTimestamp,
} from '../domain';

/**
 * What the ledger shows: the domain entities plus the aggregates it keeps in
 * their rows. These are the ledger's own schemas, not the strict domain ones:
 * a group can be overfilled (filled > target is an anomaly the ledger records,
 * not a value it may refuse to show). Wire form: decimal strings, ISO UTC
 * strings, every optional field present as null.
 */
const dec = decimalField({ precision: false });
const count = z.number().int().nonnegative();
const ts = utcTimestamp;
const text = z.string().min(1);

export const AnomalyKind = z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'kind must be UPPER_SNAKE_CASE' });

export const PlanViewSchema = z
  .object({
    plan_id: idSchema('TPL', 'plan_id'),
    strategy_instance_id: text,
    asset_symbol: text,
    status: PlanStatus,
    direction: PlanDirection,
    comments: z.string().nullable(),
    created_at: ts,
    updated_at: ts,
    closed_at: ts.nullable(),
    group_count: count,
    /** Sum of the groups' targets (groups without a target count 0). */
    target_quantity: dec,
    /** Sum of the groups' filled quantities, all roles and sides. */
    filled_quantity: dec,
    /** Quantity-weighted price of every fill in the plan, 8 decimals. */
    average_fill_price: dec.nullable(),
    fees_paid: dec,
    fill_count: count,
    trading_halted: z.boolean(),
    halted_at: ts.nullable(),
    halt_reason: z.string().nullable(),
    stop_loss_price: dec.nullable(),
    take_profit_price: dec.nullable(),
  })
  .strict();

export const GroupViewSchema = z
  .object({
    group_id: idSchema('EXG', 'group_id'),
    parent_plan_id: idSchema('TPL', 'parent_plan_id'),
    execution_strategy: ExecutionStrategyType,
    order_ids: z.array(text),
    status: GroupStatus,
    created_at: ts,
    updated_at: ts,
    target_quantity: dec.nullable(),
    filled_quantity: dec,
    cancelled_at: ts.nullable(),
    completed_at: ts.nullable(),
    /** Open quantity (quantity - filled, never negative) of the group's live orders. */
    in_flight_quantity: dec,
    average_fill_price: dec.nullable(),
    fees_paid: dec,
    fill_count: count,
    order_counts: z.partialRecord(OrderStatus, count),
  })
  .strict();

export const OrderViewSchema = z
  .object({
    order_id: idSchema('ORD', 'order_id'),
    parent_group_id: idSchema('EXG', 'parent_group_id'),
    parent_plan_id: idSchema('TPL', 'parent_plan_id'),
    connector_order_id: z.string().nullable(),
    symbol: text,
    side: OrderSide,
    order_type: OrderType,
    role: OrderRole,
    quantity: dec,
    price: dec.nullable(),
    stop_price: dec.nullable(),
    status: OrderStatus,
    filled_quantity: dec,
    average_fill_price: dec.nullable(),
    fees_paid: dec,
    fill_count: count,
    last_fill_at: ts.nullable(),
    created_at: ts,
    updated_at: ts,
  })
  .strict();

export const FillViewSchema = z
  .object({
    fill_id: idSchema('FILL', 'fill_id'),
    parent_order_id: idSchema('ORD', 'parent_order_id'),
    parent_group_id: idSchema('EXG', 'parent_group_id'),
    parent_plan_id: idSchema('TPL', 'parent_plan_id'),
    trade_id: text,
    symbol: text,
    side: OrderSide,
    price: dec,
    quantity: dec,
    fee: dec,
    fee_asset: z.string().nullable(),
    liquidity: Liquidity.nullable(),
    executed_at: ts,
    fidelity_profile: z.string().nullable(),
    recorded_at: ts,
  })
  .strict();

export const CancelScope = z.enum(['ORDER', 'GROUP', 'PLAN', 'DESK']);
export type CancelScope = z.infer<typeof CancelScope>;

export const CancelIntentStatus = z.enum(['REQUESTED', 'CONFIRMED', 'FAILED', 'UNKNOWN']);
export type CancelIntentStatus = z.infer<typeof CancelIntentStatus>;

export const CancelIntentViewSchema = z
  .object({
    intent_id: idSchema('CXL', 'intent_id'),
    order_id: idSchema('ORD', 'order_id'),
    group_id: idSchema('EXG', 'group_id'),
    plan_id: idSchema('TPL', 'plan_id'),
    scope: CancelScope,
    reason: z.string(),
    status: CancelIntentStatus,
    /** How many times the cancel was sent (1 + retries). */
    attempts: z.number().int().positive(),
    last_error: z.string().nullable(),
    requested_at: ts,
    updated_at: ts,
    confirmed_at: ts.nullable(),
    failed_at: ts.nullable(),
  })
  .strict();

export const AnomalyViewSchema = z
  .object({
    anomaly_id: idSchema('ANM', 'anomaly_id'),
    kind: AnomalyKind,
    plan_id: z.string().nullable(),
    group_id: z.string().nullable(),
    order_id: z.string().nullable(),
    fill_id: z.string().nullable(),
    message: z.string(),
    data: z.json().nullable(),
    created_at: ts,
    acknowledged_at: ts.nullable(),
  })
  .strict();

/** Net position per symbol from every fill in the ledger (average-cost method). */
export const PositionViewSchema = z
  .object({
    symbol: text,
    /** Bought minus sold: positive long, negative short. */
    net_quantity: dec,
    /** Average price of the open position, 8 decimals; null when flat. */
    average_entry_price: dec.nullable(),
    realized_pnl: dec,
    fees_paid: dec,
    bought_quantity: dec,
    sold_quantity: dec,
    fill_count: count,
    updated_at: ts,
  })
  .strict();

export const AlgoStatus = z.enum(['RUNNING', 'HALTED', 'AWAITING_DECISION', 'DONE']);
export type AlgoStatus = z.infer<typeof AlgoStatus>;

export const AlgoStateViewSchema = z
  .object({
    group_id: idSchema('EXG', 'group_id'),
    plan_id: idSchema('TPL', 'plan_id'),
    algo_status: AlgoStatus,
    version: z.number().int().positive(),
    state: z.json(),
    created_at: ts,
    updated_at: ts,
  })
  .strict();

export type PlanView = z.output<typeof PlanViewSchema>;
export type PlanViewWire = z.input<typeof PlanViewSchema>;
export type GroupView = z.output<typeof GroupViewSchema>;
export type GroupViewWire = z.input<typeof GroupViewSchema>;
export type OrderView = z.output<typeof OrderViewSchema>;
export type OrderViewWire = z.input<typeof OrderViewSchema>;
export type FillView = z.output<typeof FillViewSchema>;
export type FillViewWire = z.input<typeof FillViewSchema>;
export type CancelIntentView = z.output<typeof CancelIntentViewSchema>;
export type CancelIntentViewWire = z.input<typeof CancelIntentViewSchema>;
export type AnomalyView = z.output<typeof AnomalyViewSchema>;
export type AnomalyViewWire = z.input<typeof AnomalyViewSchema>;
export type PositionView = z.output<typeof PositionViewSchema>;
export type PositionViewWire = z.input<typeof PositionViewSchema>;
export type AlgoStateView = z.output<typeof AlgoStateViewSchema>;
export type AlgoStateViewWire = z.input<typeof AlgoStateViewSchema>;
