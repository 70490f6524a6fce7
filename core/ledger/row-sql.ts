import type { GroupRow, OrderRow, PlanRow, PositionRow } from './rows';
import type { StatementCache } from './statements';

/**
 * Reads by key and writes of the container rows (plans, groups, orders,
 * positions), shared by the direct writes and the write cache (row-cache.ts).
 */
export const ORDER_BY_ID = 'SELECT * FROM orders WHERE order_id = ?';
export const GROUP_BY_ID = 'SELECT * FROM exec_groups WHERE group_id = ?';
export const PLAN_BY_ID = 'SELECT * FROM plans WHERE plan_id = ?';
export const POSITION_BY_SYMBOL = 'SELECT * FROM positions WHERE symbol = ?';

const UPDATE_ORDER = `UPDATE orders SET connector_order_id = ?, price = ?, stop_price = ?, status = ?, filled_quantity = ?,
  filled_notional = ?, fees_paid = ?, fill_count = ?, last_fill_at = ?, updated_at = ? WHERE order_id = ?`;
const UPDATE_ORDER_STATUS = 'UPDATE orders SET status = ?, updated_at = ? WHERE order_id = ?';
// status and connector_order_id are indexed: a fill that changes neither leaves the indexes alone.
const UPDATE_ORDER_AMOUNTS = `UPDATE orders SET filled_quantity = ?, filled_notional = ?, fees_paid = ?, fill_count = ?,
  last_fill_at = ?, updated_at = ? WHERE order_id = ?`;
const UPDATE_GROUP = `UPDATE exec_groups SET status = ?, updated_at = ?, cancelled_at = ?, completed_at = ?, filled_quantity = ?,
  filled_notional = ?, fees_paid = ?, fill_count = ?, in_flight_quantity = ?, order_ids = ?, order_counts = ?
  WHERE group_id = ?`;
const UPDATE_PLAN = `UPDATE plans SET status = ?, updated_at = ?, closed_at = ?, group_count = ?, target_quantity = ?,
  filled_quantity = ?, filled_notional = ?, fees_paid = ?, fill_count = ?, trading_halted = ?, halted_at = ?,
  halt_reason = ?, stop_loss_price = ?, take_profit_price = ? WHERE plan_id = ?`;
const UPSERT_POSITION = `INSERT INTO positions (symbol, net_quantity, average_price, realized_pnl, fees_paid, bought_quantity, sold_quantity,
  fill_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(symbol) DO UPDATE SET net_quantity = excluded.net_quantity, average_price = excluded.average_price,
  realized_pnl = excluded.realized_pnl, fees_paid = excluded.fees_paid, bought_quantity = excluded.bought_quantity,
  sold_quantity = excluded.sold_quantity, fill_count = excluded.fill_count, updated_at = excluded.updated_at`;

/** Write `row` over `prev` (the row as stored). */
export function writeOrder(sql: StatementCache, prev: OrderRow, row: OrderRow): void {
  const keys = prev.connector_order_id === row.connector_order_id && prev.price === row.price && prev.stop_price === row.stop_price;
  const amounts =
    prev.filled_quantity === row.filled_quantity &&
    prev.filled_notional === row.filled_notional &&
    prev.fees_paid === row.fees_paid &&
    prev.fill_count === row.fill_count &&
    prev.last_fill_at === row.last_fill_at;
  if (keys && amounts) {
    // A cancel's status change: SQLite rewrites every index whose column is SET, so leave the others out.
    sql.get(UPDATE_ORDER_STATUS).run(row.status, row.updated_at, row.order_id);
  } else if (keys && prev.status === row.status) {
    sql
      .get(UPDATE_ORDER_AMOUNTS)
      .run(row.filled_quantity, row.filled_notional, row.fees_paid, row.fill_count, row.last_fill_at, row.updated_at, row.order_id);
  } else {
    sql
      .get(UPDATE_ORDER)
      .run(
        row.connector_order_id,
        row.price,
        row.stop_price,
        row.status,
        row.filled_quantity,
        row.filled_notional,
        row.fees_paid,
        row.fill_count,
        row.last_fill_at,
        row.updated_at,
        row.order_id,
      );
  }
}

export function writeGroup(sql: StatementCache, row: GroupRow): void {
  sql
    .get(UPDATE_GROUP)
    .run(
      row.status,
      row.updated_at,
      row.cancelled_at,
      row.completed_at,
      row.filled_quantity,
      row.filled_notional,
      row.fees_paid,
      row.fill_count,
      row.in_flight_quantity,
      row.order_ids,
      row.order_counts,
      row.group_id,
    );
}

export function writePlan(sql: StatementCache, row: PlanRow): void {
  sql
    .get(UPDATE_PLAN)
    .run(
      row.status,
      row.updated_at,
      row.closed_at,
      row.group_count,
      row.target_quantity,
      row.filled_quantity,
      row.filled_notional,
      row.fees_paid,
      row.fill_count,
      row.trading_halted,
      row.halted_at,
      row.halt_reason,
      row.stop_loss_price,
      row.take_profit_price,
      row.plan_id,
    );
}

export function writePosition(sql: StatementCache, row: PositionRow): void {
  sql
    .get(UPSERT_POSITION)
    .run(
      row.symbol,
      row.net_quantity,
      row.average_price,
      row.realized_pnl,
      row.fees_paid,
      row.bought_quantity,
      row.sold_quantity,
      row.fill_count,
      row.updated_at,
    );
}
