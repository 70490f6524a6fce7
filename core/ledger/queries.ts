import type { OrderStatus } from '../domain';
import type { LedgerContext } from './context';
import { LIVE_STATUS_SQL } from './live';
import {
  FILL_COLUMNS,
  type AlgoStateRow,
  type AnomalyRow,
  type CancelIntentRow,
  type FillRow,
  type GroupRow,
  type OrderRow,
  type PlanRow,
  type PositionRow,
} from './rows';
import type { AlgoStatus } from './views';

/**
 * The ledger's reads (seed 004, section 2), as rows. Lists come in creation
 * order (rowid), which is also the order the entities were written in.
 * Status filters travel as one JSON array parameter, so each query is one
 * prepared statement whatever the filter.
 */
const IN_STATUSES = 'status IN (SELECT value FROM json_each(?))';

const Q = {
  activePlans: `SELECT * FROM plans WHERE status = 'ACTIVE' ORDER BY rowid`,
  allPlans: 'SELECT * FROM plans ORDER BY rowid',
  groupsOfPlan: 'SELECT * FROM exec_groups WHERE parent_plan_id = ? ORDER BY rowid',
  groupIdsOfPlan: 'SELECT group_id FROM exec_groups WHERE parent_plan_id = ? ORDER BY rowid',
  ordersOfGroup: 'SELECT * FROM orders WHERE parent_group_id = ? ORDER BY rowid',
  ordersOfGroupIn: `SELECT * FROM orders WHERE parent_group_id = ? AND ${IN_STATUSES} ORDER BY rowid`,
  ordersOfPlan: 'SELECT * FROM orders WHERE parent_plan_id = ? ORDER BY rowid',
  ordersOfPlanIn: `SELECT * FROM orders WHERE parent_plan_id = ? AND ${IN_STATUSES} ORDER BY rowid`,
  liveOrders: `SELECT * FROM orders WHERE status IN (${LIVE_STATUS_SQL}) ORDER BY rowid`,
  liveOrderIdsOfPlan: `SELECT order_id FROM orders WHERE parent_plan_id = ? AND status IN (${LIVE_STATUS_SQL}) ORDER BY rowid`,
  liveOrderIdsOfGroup: `SELECT order_id FROM orders WHERE parent_group_id = ? AND status IN (${LIVE_STATUS_SQL}) ORDER BY rowid`,
  orderByConnectorId: 'SELECT * FROM orders WHERE connector_order_id = ?',
  fill: `SELECT ${FILL_COLUMNS} FROM fills WHERE fill_id = ?`,
  fillsOfOrder: `SELECT ${FILL_COLUMNS} FROM fills WHERE parent_order_id = ? ORDER BY fill_seq`,
  // A group's fills come through its orders: one index fewer to write per fill.
  fillsOfGroup: `SELECT ${FILL_COLUMNS} FROM fills
    WHERE parent_order_id IN (SELECT order_id FROM orders WHERE parent_group_id = ?) ORDER BY fill_seq`,
  fillsOfPlan: `SELECT ${FILL_COLUMNS} FROM fills WHERE parent_plan_id = ? ORDER BY fill_seq`,
  positions: 'SELECT * FROM positions ORDER BY symbol',
  intentsOfOrder: 'SELECT * FROM cancel_intents WHERE order_id = ? ORDER BY rowid',
  intentsOfGroup: 'SELECT * FROM cancel_intents WHERE group_id = ? ORDER BY rowid',
  intentsOfPlan: 'SELECT * FROM cancel_intents WHERE plan_id = ? ORDER BY rowid',
  anomalies: 'SELECT * FROM anomalies ORDER BY rowid',
  anomaliesOfPlan: 'SELECT * FROM anomalies WHERE plan_id = ? ORDER BY rowid',
  openAnomalies: 'SELECT * FROM anomalies WHERE acknowledged_at IS NULL ORDER BY created_at',
  algosIn: `SELECT * FROM algo_states WHERE algo_status IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
} as const;

const all = <R>(ctx: LedgerContext, sql: string, ...params: unknown[]): R[] => ctx.sql.get(sql).all(...params) as R[];

export const activePlans = (ctx: LedgerContext) => all<PlanRow>(ctx, Q.activePlans);
export const allPlans = (ctx: LedgerContext) => all<PlanRow>(ctx, Q.allPlans);
export const groupsOfPlan = (ctx: LedgerContext, planId: string) => all<GroupRow>(ctx, Q.groupsOfPlan, planId);
export const groupIdsOfPlan = (ctx: LedgerContext, planId: string) => ctx.sql.get(Q.groupIdsOfPlan).pluck().all(planId) as string[];

export function ordersOfGroup(ctx: LedgerContext, groupId: string, statuses?: readonly OrderStatus[]): OrderRow[] {
  return statuses === undefined
    ? all<OrderRow>(ctx, Q.ordersOfGroup, groupId)
    : all<OrderRow>(ctx, Q.ordersOfGroupIn, groupId, JSON.stringify(statuses));
}

export function ordersOfPlan(ctx: LedgerContext, planId: string, statuses?: readonly OrderStatus[]): OrderRow[] {
  return statuses === undefined
    ? all<OrderRow>(ctx, Q.ordersOfPlan, planId)
    : all<OrderRow>(ctx, Q.ordersOfPlanIn, planId, JSON.stringify(statuses));
}

/** The ids alone, for the emergency stop: a thousand full rows cost more to read than to cancel. */
export const liveOrderIdsOfPlan = (ctx: LedgerContext, planId: string) => ctx.sql.get(Q.liveOrderIdsOfPlan).pluck().all(planId) as string[];
export const liveOrderIdsOfGroup = (ctx: LedgerContext, groupId: string) => ctx.sql.get(Q.liveOrderIdsOfGroup).pluck().all(groupId) as string[];

/** Every order still live on an exchange: what restart reconciliation looks up. */
export const liveOrders = (ctx: LedgerContext) => all<OrderRow>(ctx, Q.liveOrders);

export const orderByConnectorId = (ctx: LedgerContext, id: string) =>
  ctx.sql.get(Q.orderByConnectorId).get(id) as OrderRow | undefined;

export const fill = (ctx: LedgerContext, fillId: string) => ctx.sql.get(Q.fill).get(fillId) as FillRow | undefined;
export const fillsOfOrder = (ctx: LedgerContext, id: string) => all<FillRow>(ctx, Q.fillsOfOrder, id);
export const fillsOfGroup = (ctx: LedgerContext, id: string) => all<FillRow>(ctx, Q.fillsOfGroup, id);
export const fillsOfPlan = (ctx: LedgerContext, id: string) => all<FillRow>(ctx, Q.fillsOfPlan, id);

export const positions = (ctx: LedgerContext) => all<PositionRow>(ctx, Q.positions);

export type EntityRef = { readonly orderId: string } | { readonly groupId: string } | { readonly planId: string };

export function cancelIntentsOf(ctx: LedgerContext, ref: EntityRef): CancelIntentRow[] {
  if ('orderId' in ref) return all<CancelIntentRow>(ctx, Q.intentsOfOrder, ref.orderId);
  if ('groupId' in ref) return all<CancelIntentRow>(ctx, Q.intentsOfGroup, ref.groupId);
  return all<CancelIntentRow>(ctx, Q.intentsOfPlan, ref.planId);
}

export function anomalies(ctx: LedgerContext, filter: { planId?: string; unacknowledgedOnly?: boolean }): AnomalyRow[] {
  const rows =
    filter.planId !== undefined ? all<AnomalyRow>(ctx, Q.anomaliesOfPlan, filter.planId) : all<AnomalyRow>(ctx, Q.anomalies);
  return filter.unacknowledgedOnly ? rows.filter((r) => r.acknowledged_at === null) : rows;
}

export const openAnomalies = (ctx: LedgerContext) => all<AnomalyRow>(ctx, Q.openAnomalies);

export const algosWithStatus = (ctx: LedgerContext, statuses: readonly AlgoStatus[]) =>
  all<AlgoStateRow>(ctx, Q.algosIn, JSON.stringify(statuses));
