import { z } from 'zod';
import { idSchema, IllegalTransitionError, OrderStatus } from '../domain';
import { appendJournal } from '../journal/append';
import { CauseSchema } from '../journal/entry';
import { endedFirst, intentOutcome, moveIntent } from './cancel-rows';
import type { LedgerContext } from './context';
import { GROUPS_BY_IDS, inIds, requireByIds } from './by-ids';
import { LedgerError, parseInput } from './errors';
import { GroupTally } from './group-tally';
import { requireGroup } from './groups';
import { note } from './journal-note';
import { isLive } from './live';
import { assertStatusMove, type StatusSubject } from './order-rows';
import { emitGroups, INTENT_JSON, ORDER_JSON } from './row-json';
import { writeGroup } from './row-sql';
import type { CancelIntentRow, GroupRow } from './rows';
import { CancelScope, type CancelIntentStatus } from './views';

/**
 * Bulk order writes for the emergency stop (CANCEL_GROUP, CANCEL_ALL_IN_PLAN,
 * cancel everything): the same rules as the one-order writes (state machine,
 * intents, group counts), but each group's row is written once and journaled
 * in one entry naming its orders, and the rows are handled set-wise: read as
 * the few columns the rules need, changed by one statement per status, their
 * events printed by SQLite (row-json.ts). One order's refused change never
 * holds up the others: it is skipped and journaled.
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

/** The columns of an order the bulk rules read. */
interface OrderHead extends StatusSubject {
  readonly symbol: string;
  readonly connector_order_id: string | null;
}

const IN_IDS = inIds('order_id');
const HEADS = `SELECT order_id, parent_group_id, parent_plan_id, symbol, status, quantity, filled_quantity, connector_order_id
  FROM orders WHERE ${IN_IDS}`;
const SET_STATUS = `UPDATE orders SET status = ?, updated_at = ? WHERE ${IN_IDS} RETURNING order_id, ${ORDER_JSON} AS json`;
const RETRYABLE_BY_ORDERS = `SELECT * FROM cancel_intents WHERE ${IN_IDS} AND status IN ('REQUESTED','UNKNOWN','FAILED')
  ORDER BY requested_at DESC, rowid DESC`;
// One row per [intent_id, order_id] pair; the order gives the group and plan.
const OPEN_INTENTS = `INSERT INTO cancel_intents (intent_id, order_id, group_id, plan_id, scope, reason, status, attempts, requested_at, updated_at)
  SELECT j.value ->> 0, o.order_id, o.parent_group_id, o.parent_plan_id, ?, ?, 'REQUESTED', 1, ?, ? FROM json_each(?) AS j
  JOIN orders AS o ON o.order_id = j.value ->> 1
  RETURNING intent_id, group_id, ${INTENT_JSON} AS json`;
const OPEN_OF_ORDERS = `status IN ('REQUESTED','UNKNOWN') AND ${IN_IDS} RETURNING intent_id, group_id, ${INTENT_JSON} AS json`;
const CONFIRM_OPEN = `UPDATE cancel_intents SET status = 'CONFIRMED', updated_at = ?, confirmed_at = ? WHERE ${OPEN_OF_ORDERS}`;
const FAIL_OPEN = `UPDATE cancel_intents SET status = 'FAILED', updated_at = ?, failed_at = ?, last_error = ? WHERE ${OPEN_OF_ORDERS}`;

/** The emergency stop's statements, compiled when the ledger opens: a trader's first cancel-all must not pay for it. */
export const BULK_ORDER_STATEMENTS = [HEADS, SET_STATUS, RETRYABLE_BY_ORDERS, OPEN_INTENTS, CONFIRM_OPEN, FAIL_OPEN, GROUPS_BY_IDS];

interface IntentEvent {
  readonly intent_id: string;
  readonly group_id: string;
  readonly json: string;
}

/** The orders named, by id; an unknown id refuses the whole call before anything changes. */
function loadHeads(ctx: LedgerContext, ids: readonly string[]): Map<string, OrderHead> {
  return requireByIds<OrderHead>(ctx, HEADS, ids, (o) => o.order_id, 'Order');
}

/** Set each status on its orders (one statement per status) and emit the orders' events, printed by SQLite. */
function writeStatuses(ctx: LedgerContext, byStatus: ReadonlyMap<OrderStatus, string[]>, at: string): void {
  for (const [status, ids] of byStatus) {
    if (ids.length === 0) continue;
    for (const e of ctx.sql.get(SET_STATUS).all(status, at, JSON.stringify(ids)) as { order_id: string; json: string }[]) {
      ctx.outbox.emitJson('order', e.order_id, e.json, at);
    }
  }
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

  /** The groups of `orders`, read in one statement (a group read per first touch cost as much). */
  constructor(
    private readonly ctx: LedgerContext,
    orders: Iterable<OrderHead>,
  ) {
    const ids = [...new Set(Array.from(orders, (o) => o.parent_group_id))];
    for (const row of ctx.sql.get(GROUPS_BY_IDS).all(JSON.stringify(ids)) as GroupRow[]) {
      this.groups.set(row.group_id, { row, tally: new GroupTally(row), changed: [], named: [], intents: new Map() });
    }
  }

  entry(groupId: string): GroupChange {
    let e = this.groups.get(groupId);
    if (e === undefined) {
      const row = requireGroup(this.ctx, groupId);
      e = { row, tally: new GroupTally(row), changed: [], named: [], intents: new Map() };
      this.groups.set(groupId, e);
    }
    return e;
  }

  /** `before` moved to `status`: the group's counts and in-flight quantity follow, and it is written at the end. */
  order(before: OrderHead, status: OrderStatus): void {
    const e = this.entry(before.parent_group_id);
    e.tally.apply(before, { ...before, status });
    e.changed.push(before.order_id);
  }

  intent(groupId: string, intentId: string, status: CancelIntentStatus): void {
    pushTo(this.entry(groupId).intents, status, intentId);
  }

  /** Write each changed group once, then journal each group. */
  finish(at: string, journal: (e: GroupChange) => void): void {
    const written: string[] = [];
    for (const e of this.groups.values()) {
      if (e.changed.length === 0) continue;
      writeGroup(this.ctx.sql, { ...e.tally.row(), updated_at: at });
      written.push(e.row.group_id);
    }
    emitGroups(this.ctx, written, at);
    for (const e of this.groups.values()) journal(e);
  }
}

function pushTo<K>(lists: Map<K, string[]>, key: K, value: string): void {
  const list = lists.get(key);
  if (list === undefined) lists.set(key, [value]);
  else list.push(value);
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Open a cancel intent for every live order named (or retry its unfinished
 * one: attempts + 1) and move it to PENDING_CANCEL. Orders no longer live are
 * skipped. Intents are written before any connector is asked.
 */
export function requestCancels(ctx: LedgerContext, input: unknown): CancelRequested[] {
  const p = parseInput(RequestCancelsInputSchema, input, 'requestCancels');
  const ids = [...new Set(p.order_ids)];
  const heads = loadHeads(ctx, ids);
  const live = ids.map((id) => heads.get(id) as OrderHead).filter((o) => isLive(o.status));
  if (live.length === 0) return [];
  const at = ctx.nowIso();
  const retryable = new Map<string, CancelIntentRow>();
  for (const r of ctx.sql.get(RETRYABLE_BY_ORDERS).all(JSON.stringify(live.map((o) => o.order_id))) as CancelIntentRow[]) {
    if (!retryable.has(r.order_id)) retryable.set(r.order_id, r); // the newest first
  }
  const groups = new GroupChanges(ctx, live);
  const intentOf = new Map<string, string>();
  const fresh: [string, string][] = [];
  for (const order of live) {
    const existing = retryable.get(order.order_id);
    if (existing !== undefined) {
      intentOf.set(order.order_id, moveIntent(ctx, { ...existing, attempts: existing.attempts + 1 }, 'REQUESTED', at, null).intent_id);
    } else {
      const intentId = ctx.newId('CXL');
      intentOf.set(order.order_id, intentId);
      fresh.push([intentId, order.order_id]);
    }
    groups.entry(order.parent_group_id).named.push(order.order_id);
  }
  if (fresh.length > 0) {
    // direct: cancel_intents is none of the write cache's tables
    for (const e of ctx.sql.direct(OPEN_INTENTS).all(p.scope, p.reason, at, at, JSON.stringify(fresh)) as IntentEvent[]) {
      ctx.outbox.emitJson('cancel_intent', e.intent_id, e.json, at);
      groups.intent(e.group_id, e.intent_id, 'REQUESTED');
    }
  }
  const moving = live.filter((o) => o.status !== 'PENDING_CANCEL'); // every live status may go there
  for (const order of moving) groups.order(order, 'PENDING_CANCEL');
  writeStatuses(ctx, new Map([['PENDING_CANCEL', moving.map((o) => o.order_id)]]), at);
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
  return live.map((o) => ({
    order_id: o.order_id,
    intent_id: intentOf.get(o.order_id) as string,
    symbol: o.symbol,
    status: o.status,
    connector_order_id: o.connector_order_id,
  }));
}

/**
 * Move many orders to the statuses given (a cancel round's answers), each
 * through the order state machine; an order that has already ended is left
 * alone, and an illegal move leaves that order as it is and is journaled.
 * Orders that end settle their open cancel intents.
 */
export function settleOrders(ctx: LedgerContext, input: unknown): OrderSettled[] {
  const p = parseInput(SettleOrdersInputSchema, input, 'settleOrders');
  const heads = loadHeads(ctx, p.changes.map((c) => c.order_id));
  const at = ctx.nowIso();
  const groups = new GroupChanges(ctx, heads.values());
  const byStatus = new Map<OrderStatus, string[]>();
  const settled: OrderSettled[] = [];
  const refs = (o: OrderHead) => ({ order_id: o.order_id, parent_group_id: o.parent_group_id, parent_plan_id: o.parent_plan_id });
  for (const { order_id, status } of p.changes) {
    const order = heads.get(order_id) as OrderHead;
    if (order.status === status) {
      settled.push({ ...refs(order), status, outcome: 'unchanged' });
      continue;
    }
    if (!isLive(order.status)) {
      settled.push({ ...refs(order), status: order.status, outcome: 'ended' });
      continue;
    }
    try {
      assertStatusMove(order, status);
    } catch (e) {
      if (!(e instanceof IllegalTransitionError) && !(e instanceof LedgerError)) throw e;
      appendJournal(
        ctx,
        { kind: 'ILLEGAL_TRANSITION', planId: order.parent_plan_id, groupId: order.parent_group_id, orderId: order_id, message: e.message, data: { entity: 'Order', from: order.status, to: status } },
        at,
      );
      settled.push({ ...refs(order), status: order.status, outcome: 'refused' });
      continue;
    }
    groups.order(order, status);
    heads.set(order_id, { ...order, status }); // a later change of the same order starts from here
    pushTo(byStatus, status, order_id);
    settled.push({ ...refs(order), status, outcome: 'changed' });
  }
  // The last status of each order is the one written.
  const last = new Map<OrderStatus, string[]>();
  for (const [status, ids] of byStatus) last.set(status, ids.filter((id) => heads.get(id)?.status === status));
  writeStatuses(ctx, last, at);
  for (const [status, ids] of last) {
    const outcome = intentOutcome(status);
    if (outcome === undefined || ids.length === 0) continue;
    const open =
      outcome === 'CONFIRMED'
        ? (ctx.sql.direct(CONFIRM_OPEN).all(at, at, JSON.stringify(ids)) as IntentEvent[])
        : (ctx.sql.direct(FAIL_OPEN).all(at, at, endedFirst(status), JSON.stringify(ids)) as IntentEvent[]);
    // REQUESTED and UNKNOWN intents may always be confirmed or failed (CancelIntentStateMachine).
    for (const e of open) {
      ctx.outbox.emitJson('cancel_intent', e.intent_id, e.json, at);
      groups.intent(e.group_id, e.intent_id, outcome);
    }
  }
  const why = p.reason === undefined ? '' : `: ${p.reason}`;
  groups.finish(at, ({ row, changed, intents }) => {
    const refsOf = { planId: row.parent_plan_id, groupId: row.group_id };
    if (changed.length > 0) {
      const to = [...new Set(changed.map((id) => (heads.get(id) as OrderHead).status))].join(', ');
      note(ctx, 'ORDER_STATUS', refsOf, `${plural(changed.length, 'order')} -> ${to}${why}`, at, { cause: p.cause, data: { to, order_ids: changed } });
    }
    for (const [outcome, intentIds] of intents) {
      const orderIds = changed.filter((id) => intentOutcome((heads.get(id) as OrderHead).status) === outcome);
      note(ctx, outcome === 'CONFIRMED' ? 'CANCEL_CONFIRMED' : 'CANCEL_FAILED', refsOf, `${plural(intentIds.length, 'cancel')} ${outcome.toLowerCase()} by the orders' end`, at, {
        data: { intent_ids: intentIds, order_ids: orderIds },
      });
    }
  });
  return settled;
}
