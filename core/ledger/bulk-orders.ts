import { z } from 'zod';
import { idSchema, IllegalTransitionError, OrderStatus } from '../domain';
import { appendJournal } from '../journal/append';
import { CauseSchema } from '../journal/entry';
import { endedFirst, intentOutcome, moveIntent, openIntent } from './cancel-rows';
import type { LedgerContext } from './context';
import { LedgerError, notFound, parseInput } from './errors';
import { GroupTally } from './group-tally';
import { requireGroup, saveGroup } from './groups';
import { note } from './journal-note';
import { isLive } from './live';
import { changedOrder, saveOrder } from './order-rows';
import { cancelIntentWire, type CancelIntentRow, type GroupRow, type OrderRow } from './rows';
import { CancelScope, type CancelIntentStatus } from './views';

/**
 * Bulk order writes for the emergency stop (CANCEL_GROUP, CANCEL_ALL_IN_PLAN,
 * cancel everything): the same rules as the one-order writes (state machine,
 * intents, group counts), but each group's row is written once, journaled in
 * one entry naming its orders, and rows are read set-wise. One order's
 * refused change never holds up the others: it is skipped and journaled.
 */

/** More than any desk holds live at once; bounds one statement's JSON parameter. */
const MAX_ORDERS = 20_000;
const orderIds = z.array(idSchema('ORD', 'order_id')).max(MAX_ORDERS, { message: `at most ${MAX_ORDERS} orders at once` });

export const RequestCancelsInputSchema = z
  .object({
    order_ids: orderIds,
    reason: z.string().min(1, { message: 'reason is required' }),
    scope: CancelScope,
    cause: CauseSchema.optional(),
  })
  .strict();

export const SettleOrdersInputSchema = z
  .object({
    changes: z
      .array(z.object({ order_id: idSchema('ORD', 'order_id'), status: OrderStatus }).strict())
      .max(MAX_ORDERS, { message: `at most ${MAX_ORDERS} orders at once` }),
    reason: z.string().min(1).optional(),
    cause: CauseSchema.optional(),
  })
  .strict();

/** An order whose cancel was requested: what the connector needs to send it. */
export interface CancelRequested {
  readonly order_id: string;
  readonly intent_id: string;
  readonly symbol: string;
  /** The order's status before the request (PENDING_SUBMIT with no connector id: it may never have left). */
  readonly status: OrderStatus;
  readonly connector_order_id: string | null;
}

export interface OrderSettled {
  readonly order_id: string;
  readonly parent_group_id: string;
  readonly parent_plan_id: string;
  /** The order's status after the call. */
  readonly status: OrderStatus;
  /**
   * changed: moved to the asked status; unchanged: it already was; ended: it
   * had already ended otherwise (a report got there first; terminal is final,
   * so it is left alone, nothing journaled); refused: the move was illegal for
   * a live order (journaled).
   */
  readonly outcome: 'changed' | 'unchanged' | 'ended' | 'refused';
}

const ORDERS_BY_IDS = 'SELECT * FROM orders WHERE order_id IN (SELECT value FROM json_each(?))';
const RETRYABLE_BY_ORDERS = `SELECT * FROM cancel_intents WHERE order_id IN (SELECT value FROM json_each(?))
  AND status IN ('REQUESTED','UNKNOWN','FAILED') ORDER BY requested_at DESC, rowid DESC`;
const OPEN_OF_ORDERS = `status IN ('REQUESTED','UNKNOWN') AND order_id IN (SELECT value FROM json_each(?)) RETURNING *`;
const CONFIRM_OPEN = `UPDATE cancel_intents SET status = 'CONFIRMED', updated_at = ?, confirmed_at = ? WHERE ${OPEN_OF_ORDERS}`;
const FAIL_OPEN = `UPDATE cancel_intents SET status = 'FAILED', updated_at = ?, failed_at = ?, last_error = ? WHERE ${OPEN_OF_ORDERS}`;

/** The orders named, by id; an unknown id refuses the whole call before anything changes. */
function loadOrders(ctx: LedgerContext, ids: readonly string[]): Map<string, OrderRow> {
  const rows = ctx.sql.get(ORDERS_BY_IDS).all(JSON.stringify(ids)) as OrderRow[];
  const byId = new Map(rows.map((r) => [r.order_id, r]));
  for (const id of ids) if (!byId.has(id)) throw notFound('Order', id);
  return byId;
}

interface GroupChange {
  readonly row: GroupRow;
  readonly tally: GroupTally;
  /** Orders whose status changed (the group's counts follow). */
  readonly changed: string[];
  /** Orders the group's journal entry names, and the intents opened or settled for them, by outcome. */
  readonly named: string[];
  readonly intents: Map<CancelIntentStatus, string[]>;
}

/** The groups whose orders a bulk write changes, each changed in memory and written once. */
class GroupChanges {
  private readonly groups = new Map<string, GroupChange>();

  constructor(private readonly ctx: LedgerContext) {}

  entry(groupId: string): GroupChange {
    let e = this.groups.get(groupId);
    if (e === undefined) {
      const row = requireGroup(this.ctx, groupId);
      e = { row, tally: new GroupTally(row), changed: [], named: [], intents: new Map() };
      this.groups.set(groupId, e);
    }
    return e;
  }

  /** `before` became `after`: the group's counts and in-flight quantity follow, and it is written at the end. */
  order(before: OrderRow, after: OrderRow): void {
    const e = this.entry(before.parent_group_id);
    e.tally.apply(before, after);
    e.changed.push(before.order_id);
  }

  intent(intent: CancelIntentRow, status: CancelIntentStatus): void {
    const intents = this.entry(intent.group_id).intents;
    intents.set(status, [...(intents.get(status) ?? []), intent.intent_id]);
  }

  /** Write each changed group once, then journal each group. */
  finish(at: string, journal: (e: GroupChange) => void): void {
    for (const e of this.groups.values()) if (e.changed.length > 0) saveGroup(this.ctx, { ...e.tally.row(), updated_at: at }, at);
    for (const e of this.groups.values()) journal(e);
  }
}

const refsOf = (o: OrderRow) => ({ order_id: o.order_id, parent_group_id: o.parent_group_id, parent_plan_id: o.parent_plan_id });
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Open a cancel intent for every live order named (or retry its unfinished
 * one: attempts + 1) and move it to PENDING_CANCEL. Orders no longer live are
 * skipped. Intents are written before any connector is asked.
 */
export function requestCancels(ctx: LedgerContext, input: unknown): CancelRequested[] {
  const p = parseInput(RequestCancelsInputSchema, input, 'requestCancels');
  const ids = [...new Set(p.order_ids)];
  const orders = loadOrders(ctx, ids);
  const live = ids.map((id) => orders.get(id) as OrderRow).filter((o) => isLive(o.status));
  if (live.length === 0) return [];
  const at = ctx.nowIso();
  const retryable = new Map<string, CancelIntentRow>();
  for (const r of ctx.sql.get(RETRYABLE_BY_ORDERS).all(JSON.stringify(live.map((o) => o.order_id))) as CancelIntentRow[]) {
    if (!retryable.has(r.order_id)) retryable.set(r.order_id, r); // the newest first
  }
  const groups = new GroupChanges(ctx);
  const requested: CancelRequested[] = [];
  for (const order of live) {
    const existing = retryable.get(order.order_id);
    let intentId: string;
    if (existing !== undefined) {
      intentId = moveIntent(ctx, { ...existing, attempts: existing.attempts + 1 }, 'REQUESTED', at, null).intent_id;
    } else {
      const intent = openIntent(ctx, order, p.scope, p.reason, at);
      groups.intent(intent, 'REQUESTED');
      intentId = intent.intent_id;
    }
    if (order.status !== 'PENDING_CANCEL') {
      const next = changedOrder(order, { status: 'PENDING_CANCEL' }, at); // every live status may go there
      saveOrder(ctx, order, next, at);
      groups.order(order, next);
    }
    groups.entry(order.parent_group_id).named.push(order.order_id);
    requested.push({ order_id: order.order_id, intent_id: intentId, symbol: order.symbol, status: order.status, connector_order_id: order.connector_order_id });
  }
  groups.finish(at, ({ row, named, intents }) =>
    note(
      ctx,
      'CANCEL_REQUESTED',
      { planId: row.parent_plan_id, groupId: row.group_id },
      `Cancel requested (${p.scope}) for ${plural(named.length, 'order')}: ${p.reason}`,
      at,
      { cause: p.cause, data: { scope: p.scope, order_ids: named, intent_ids: intents.get('REQUESTED') ?? [] } },
    ),
  );
  return requested;
}

/**
 * Move many orders to the statuses given (a cancel round's answers), each
 * through the order state machine; an order that has already ended is left
 * alone, and an illegal move leaves that order as it is and is journaled.
 * Orders that end settle their open cancel intents.
 */
export function settleOrders(ctx: LedgerContext, input: unknown): OrderSettled[] {
  const p = parseInput(SettleOrdersInputSchema, input, 'settleOrders');
  const orders = loadOrders(ctx, p.changes.map((c) => c.order_id));
  const at = ctx.nowIso();
  const groups = new GroupChanges(ctx);
  const ended: OrderRow[] = [];
  const settled: OrderSettled[] = [];
  for (const { order_id, status } of p.changes) {
    const order = orders.get(order_id) as OrderRow;
    if (order.status === status) {
      settled.push({ ...refsOf(order), status, outcome: 'unchanged' });
      continue;
    }
    if (!isLive(order.status)) {
      settled.push({ ...refsOf(order), status: order.status, outcome: 'ended' });
      continue;
    }
    let next: OrderRow;
    try {
      next = changedOrder(order, { status }, at);
    } catch (e) {
      if (!(e instanceof IllegalTransitionError) && !(e instanceof LedgerError)) throw e;
      appendJournal(
        ctx,
        { kind: 'ILLEGAL_TRANSITION', planId: order.parent_plan_id, groupId: order.parent_group_id, orderId: order_id, message: e.message, data: { entity: 'Order', from: order.status, to: status } },
        at,
      );
      settled.push({ ...refsOf(order), status: order.status, outcome: 'refused' });
      continue;
    }
    saveOrder(ctx, order, next, at);
    groups.order(order, next);
    orders.set(order_id, next);
    if (intentOutcome(status) !== undefined) ended.push(next);
    settled.push({ ...refsOf(order), status, outcome: 'changed' });
  }
  settleIntentsOf(ctx, ended, at, (intent, outcome) => groups.intent(intent, outcome));
  const why = p.reason === undefined ? '' : `: ${p.reason}`;
  groups.finish(at, ({ row, changed, intents }) => {
    const refs = { planId: row.parent_plan_id, groupId: row.group_id };
    if (changed.length > 0) {
      const to = [...new Set(changed.map((id) => (orders.get(id) as OrderRow).status))].join(', ');
      note(ctx, 'ORDER_STATUS', refs, `${plural(changed.length, 'order')} -> ${to}${why}`, at, { cause: p.cause, data: { to, order_ids: changed } });
    }
    for (const [outcome, intentIds] of intents) {
      const orderIds = changed.filter((id) => intentOutcome((orders.get(id) as OrderRow).status) === outcome);
      note(ctx, outcome === 'CONFIRMED' ? 'CANCEL_CONFIRMED' : 'CANCEL_FAILED', refs, `${plural(intentIds.length, 'cancel')} ${outcome.toLowerCase()} by the orders' end`, at, {
        data: { intent_ids: intentIds, order_ids: orderIds },
      });
    }
  });
  return settled;
}

/**
 * settleIntents for many ended orders, one set-wise UPDATE per outcome; the
 * groups' journal entries name them. REQUESTED and UNKNOWN intents may always
 * be confirmed or failed (CancelIntentStateMachine), so no row needs a check.
 */
function settleIntentsOf(
  ctx: LedgerContext,
  ended: readonly OrderRow[],
  at: string,
  settled: (intent: CancelIntentRow, outcome: CancelIntentStatus) => void,
): void {
  const byStatus = new Map<OrderStatus, string[]>();
  for (const o of ended) byStatus.set(o.status, [...(byStatus.get(o.status) ?? []), o.order_id]);
  for (const [status, ids] of byStatus) {
    const outcome = intentOutcome(status) as CancelIntentStatus;
    const rows =
      outcome === 'CONFIRMED'
        ? (ctx.sql.direct(CONFIRM_OPEN).all(at, at, JSON.stringify(ids)) as CancelIntentRow[])
        : (ctx.sql.direct(FAIL_OPEN).all(at, at, endedFirst(status), JSON.stringify(ids)) as CancelIntentRow[]);
    for (const intent of rows) {
      ctx.outbox.emit('cancel_intent', intent.intent_id, cancelIntentWire(intent), at);
      settled(intent, outcome);
    }
  }
}
