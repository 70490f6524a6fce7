import type {
  ExecutionStrategyType,
  GroupStatus,
  Liquidity,
  OrderRole,
  OrderSide,
  OrderStatus,
  OrderType,
  PlanDirection,
  PlanStatus,
} from '../domain';
import { averagePrice, jsonOrNull } from './amounts';
import type {
  AlgoStateViewWire,
  AlgoStatus,
  AnomalyViewWire,
  CancelIntentStatus,
  CancelIntentViewWire,
  CancelScope,
  FillViewWire,
  GroupViewWire,
  OrderViewWire,
  PlanViewWire,
} from './views';

/** Table rows as better-sqlite3 returns them (column names = wire names). */
export interface PlanRow {
  plan_id: string;
  strategy_instance_id: string;
  asset_symbol: string;
  status: PlanStatus;
  direction: PlanDirection;
  comments: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  group_count: number;
  target_quantity: string;
  filled_quantity: string;
  filled_notional: string;
  fees_paid: string;
  fill_count: number;
  trading_halted: number;
  halted_at: string | null;
  halt_reason: string | null;
  stop_loss_price: string | null;
  take_profit_price: string | null;
}

export interface GroupRow {
  group_id: string;
  parent_plan_id: string;
  execution_strategy: ExecutionStrategyType;
  status: GroupStatus;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  completed_at: string | null;
  target_quantity: string | null;
  filled_quantity: string;
  filled_notional: string;
  fees_paid: string;
  fill_count: number;
  in_flight_quantity: string;
  /** JSON array of order ids, in registration order. */
  order_ids: string;
  /** JSON object: order status -> number of the group's orders in it. */
  order_counts: string;
}

export interface OrderRow {
  order_id: string;
  parent_group_id: string;
  parent_plan_id: string;
  connector_order_id: string | null;
  symbol: string;
  side: OrderSide;
  order_type: OrderType;
  role: OrderRole;
  quantity: string;
  price: string | null;
  stop_price: string | null;
  status: OrderStatus;
  filled_quantity: string;
  filled_notional: string;
  fees_paid: string;
  fill_count: number;
  last_fill_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The fills columns that make a FillRow (not the internal fill_seq and journal_mark). */
export const FILL_COLUMNS = `fill_id, parent_order_id, parent_group_id, parent_plan_id, trade_id, symbol, side, price, quantity, fee,
  fee_asset, liquidity, executed_at, fidelity_profile, recorded_at`;

export interface FillRow {
  fill_id: string;
  parent_order_id: string;
  parent_group_id: string;
  parent_plan_id: string;
  trade_id: string;
  symbol: string;
  side: OrderSide;
  price: string;
  quantity: string;
  fee: string;
  fee_asset: string | null;
  liquidity: Liquidity | null;
  executed_at: string;
  fidelity_profile: string | null;
  recorded_at: string;
}

export interface PositionRow {
  symbol: string;
  net_quantity: string;
  /** Average entry price of the open position at 16 decimals ('0' when flat). */
  average_price: string;
  realized_pnl: string;
  fees_paid: string;
  bought_quantity: string;
  sold_quantity: string;
  fill_count: number;
  updated_at: string;
}

export interface CancelIntentRow {
  intent_id: string;
  order_id: string;
  group_id: string;
  plan_id: string;
  scope: CancelScope;
  reason: string;
  status: CancelIntentStatus;
  attempts: number;
  last_error: string | null;
  requested_at: string;
  updated_at: string;
  confirmed_at: string | null;
  failed_at: string | null;
}

export interface AnomalyRow {
  anomaly_id: string;
  kind: string;
  plan_id: string | null;
  group_id: string | null;
  order_id: string | null;
  fill_id: string | null;
  message: string;
  data: string | null;
  created_at: string;
  acknowledged_at: string | null;
}

export interface AlgoStateRow {
  group_id: string;
  plan_id: string;
  algo_status: AlgoStatus;
  version: number;
  state: string;
  created_at: string;
  updated_at: string;
}

export function planWire(r: PlanRow): PlanViewWire {
  return {
    plan_id: r.plan_id,
    strategy_instance_id: r.strategy_instance_id,
    asset_symbol: r.asset_symbol,
    status: r.status,
    direction: r.direction,
    comments: r.comments,
    created_at: r.created_at,
    updated_at: r.updated_at,
    closed_at: r.closed_at,
    group_count: r.group_count,
    target_quantity: r.target_quantity,
    filled_quantity: r.filled_quantity,
    average_fill_price: averagePrice(r.filled_notional, r.filled_quantity),
    fees_paid: r.fees_paid,
    fill_count: r.fill_count,
    trading_halted: r.trading_halted === 1,
    halted_at: r.halted_at,
    halt_reason: r.halt_reason,
    stop_loss_price: r.stop_loss_price,
    take_profit_price: r.take_profit_price,
  };
}

export function groupWire(r: GroupRow): GroupViewWire {
  return groupWireWithIds(r, JSON.parse(r.order_ids) as string[]);
}

/** groupWire with order_ids already parsed (the write cache keeps them: a big group's list is slow to parse). */
export function groupWireWithIds(r: GroupRow, orderIds: string[]): GroupViewWire {
  return {
    group_id: r.group_id,
    parent_plan_id: r.parent_plan_id,
    execution_strategy: r.execution_strategy,
    order_ids: orderIds,
    status: r.status,
    created_at: r.created_at,
    updated_at: r.updated_at,
    target_quantity: r.target_quantity,
    filled_quantity: r.filled_quantity,
    cancelled_at: r.cancelled_at,
    completed_at: r.completed_at,
    in_flight_quantity: r.in_flight_quantity,
    average_fill_price: averagePrice(r.filled_notional, r.filled_quantity),
    fees_paid: r.fees_paid,
    fill_count: r.fill_count,
    order_counts: JSON.parse(r.order_counts) as Partial<Record<OrderStatus, number>>,
  };
}

export function orderWire(r: OrderRow): OrderViewWire {
  return {
    order_id: r.order_id,
    parent_group_id: r.parent_group_id,
    parent_plan_id: r.parent_plan_id,
    connector_order_id: r.connector_order_id,
    symbol: r.symbol,
    side: r.side,
    order_type: r.order_type,
    role: r.role,
    quantity: r.quantity,
    price: r.price,
    stop_price: r.stop_price,
    status: r.status,
    filled_quantity: r.filled_quantity,
    average_fill_price: averagePrice(r.filled_notional, r.filled_quantity),
    fees_paid: r.fees_paid,
    fill_count: r.fill_count,
    last_fill_at: r.last_fill_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Fill rows carry exactly the view's columns. */
export function fillWire(r: FillRow): FillViewWire {
  return r;
}

export function cancelIntentWire(r: CancelIntentRow): CancelIntentViewWire {
  return r;
}

export function anomalyWire(r: AnomalyRow): AnomalyViewWire {
  return { ...r, data: jsonOrNull(r.data) };
}

export function algoStateWire(r: AlgoStateRow): AlgoStateViewWire {
  return { ...r, state: JSON.parse(r.state) as AlgoStateViewWire['state'] };
}
