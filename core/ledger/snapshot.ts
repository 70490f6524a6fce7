import { z } from 'zod';
import { idSchema } from '../domain';
import type { LedgerContext } from './context';
import { parseInput } from './errors';
import { LIVE_STATUS_SQL } from './live';
import { positionWire } from './positions';
import {
  algoStateWire,
  anomalyWire,
  cancelIntentWire,
  fillWire,
  groupWire,
  orderWire,
  planWire,
  type AlgoStateRow,
  type AnomalyRow,
  type CancelIntentRow,
  type FillRow,
  type GroupRow,
  type OrderRow,
  type PlanRow,
  type PositionRow,
  FILL_COLUMNS,
} from './rows';
import {
  AlgoStateViewSchema,
  AnomalyViewSchema,
  CancelIntentViewSchema,
  FillViewSchema,
  GroupViewSchema,
  OrderViewSchema,
  PlanViewSchema,
  PositionViewSchema,
} from './views';

export const SnapshotOptionsSchema = z
  .object({
    planId: idSchema('TPL', 'planId').optional(),
    fillsLimit: z.number().int().min(0).max(10_000).default(200),
    ordersLimit: z.number().int().min(0).max(10_000).default(500),
  })
  .strict();
export type SnapshotOptions = z.input<typeof SnapshotOptionsSchema>;

/**
 * Everything a view shows, as of outbox `seq`: apply events with a higher seq
 * on top. Plans (all), groups of active plans and of the selected plan, live
 * orders of every plan, and the selected plan's newest orders and fills up to
 * the limits (without a plan: the newest fills of the desk); open cancel
 * intents and anomalies plus the selected plan's; positions; algorithms not
 * DONE plus the selected plan's (a finished group's spec holds its arrival
 * price). Aggregates come from the rows, nothing is summed here.
 */
export const LedgerSnapshotSchema = z
  .object({
    seq: z.number().int().nonnegative(),
    plan_id: z.string().nullable(),
    plans: z.array(PlanViewSchema),
    groups: z.array(GroupViewSchema),
    orders: z.array(OrderViewSchema),
    fills: z.array(FillViewSchema),
    cancelIntents: z.array(CancelIntentViewSchema),
    anomalies: z.array(AnomalyViewSchema),
    positions: z.array(PositionViewSchema),
    algoStates: z.array(AlgoStateViewSchema),
  })
  .strict();
export type LedgerSnapshot = z.output<typeof LedgerSnapshotSchema>;
export type LedgerSnapshotWire = z.input<typeof LedgerSnapshotSchema>;

const Q = {
  seq: 'SELECT COALESCE(MAX(seq), 0) AS v FROM outbox',
  plans: 'SELECT * FROM plans ORDER BY rowid',
  groups: `SELECT g.* FROM exec_groups g JOIN plans p ON p.plan_id = g.parent_plan_id
    WHERE p.status = 'ACTIVE' OR g.parent_plan_id = ? ORDER BY g.rowid`,
  liveOrders: `SELECT * FROM orders WHERE status IN (${LIVE_STATUS_SQL}) ORDER BY rowid`,
  planOrders: 'SELECT * FROM orders WHERE parent_plan_id = ? ORDER BY rowid DESC LIMIT ?',
  planFills: `SELECT ${FILL_COLUMNS} FROM fills WHERE parent_plan_id = ? ORDER BY fill_seq DESC LIMIT ?`,
  deskFills: `SELECT ${FILL_COLUMNS} FROM fills ORDER BY fill_seq DESC LIMIT ?`,
  intents: `SELECT * FROM cancel_intents WHERE status IN ('REQUESTED','UNKNOWN') OR plan_id = ? ORDER BY rowid`,
  anomalies: `SELECT * FROM anomalies WHERE acknowledged_at IS NULL OR plan_id = ? ORDER BY rowid`,
  positions: 'SELECT * FROM positions ORDER BY symbol',
  algos: `SELECT * FROM algo_states WHERE algo_status <> 'DONE' ORDER BY rowid`,
  planDoneAlgos: `SELECT * FROM algo_states WHERE plan_id = ? AND algo_status = 'DONE' ORDER BY rowid`,
} as const;

/** Read inside one read transaction (the ledger opens it) so `seq` matches the rows exactly. */
export function snapshot(ctx: LedgerContext, options: unknown): LedgerSnapshotWire {
  const o = parseInput(SnapshotOptionsSchema, options ?? {}, 'snapshot');
  const get = <R>(sql: string, ...params: unknown[]) => ctx.sql.get(sql).all(...params) as R[];
  const planId = o.planId ?? null;
  const orders = get<OrderRow>(Q.liveOrders);
  if (planId !== null && o.ordersLimit > 0) {
    const seen = new Set(orders.map((r) => r.order_id));
    for (const r of get<OrderRow>(Q.planOrders, planId, o.ordersLimit)) if (!seen.has(r.order_id)) orders.push(r);
  }
  const fills =
    o.fillsLimit === 0
      ? []
      : planId !== null
        ? get<FillRow>(Q.planFills, planId, o.fillsLimit)
        : get<FillRow>(Q.deskFills, o.fillsLimit);
  return {
    seq: (ctx.sql.get(Q.seq).get() as { v: number }).v,
    plan_id: planId,
    plans: get<PlanRow>(Q.plans).map(planWire),
    groups: get<GroupRow>(Q.groups, planId).map(groupWire),
    orders: orders.map(orderWire),
    fills: fills.map(fillWire),
    cancelIntents: get<CancelIntentRow>(Q.intents, planId).map(cancelIntentWire),
    anomalies: get<AnomalyRow>(Q.anomalies, planId).map(anomalyWire),
    positions: get<PositionRow>(Q.positions).map(positionWire),
    algoStates: [...get<AlgoStateRow>(Q.algos), ...(planId === null ? [] : get<AlgoStateRow>(Q.planDoneAlgos, planId))].map(algoStateWire),
  };
}
