import type { LedgerContext } from './context';
import { notFound, transition } from './errors';
import { note } from './journal-note';
import { CancelIntentStateMachine } from './machines';
import type { OrderStatus } from '../domain';
import { cancelIntentWire, type CancelIntentRow, type OrderRow } from './rows';
import type { CancelIntentStatus, CancelScope } from './views';

const SELECT = 'SELECT * FROM cancel_intents WHERE intent_id = ?';
const INSERT = `INSERT INTO cancel_intents (intent_id, order_id, group_id, plan_id, scope, reason, status, attempts,
  requested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'REQUESTED', 1, ?, ?)`;
const OPEN_FOR_ORDER = `SELECT * FROM cancel_intents WHERE order_id = ? AND status IN ('REQUESTED','UNKNOWN') ORDER BY requested_at`;
const UPDATE = `UPDATE cancel_intents SET status = ?, attempts = ?, last_error = ?, updated_at = ?, confirmed_at = ?, failed_at = ?
  WHERE intent_id = ?`;

export function loadIntent(ctx: LedgerContext, intentId: string): CancelIntentRow | undefined {
  return ctx.sql.get(SELECT).get(intentId) as CancelIntentRow | undefined;
}

export function requireIntent(ctx: LedgerContext, intentId: string): CancelIntentRow {
  const row = loadIntent(ctx, intentId);
  if (row === undefined) throw notFound('CancelIntent', intentId);
  return row;
}

/** A new REQUESTED intent for `order`, inserted and emitted (the caller journals it). */
export function openIntent(ctx: LedgerContext, order: OrderRow, scope: CancelScope, reason: string, at: string): CancelIntentRow {
  const intent: CancelIntentRow = {
    intent_id: ctx.newId('CXL'),
    order_id: order.order_id,
    group_id: order.parent_group_id,
    plan_id: order.parent_plan_id,
    scope,
    reason,
    status: 'REQUESTED',
    attempts: 1,
    last_error: null,
    requested_at: at,
    updated_at: at,
    confirmed_at: null,
    failed_at: null,
  };
  // direct: cancel_intents is none of the write cache's tables
  ctx.sql.direct(INSERT).run(intent.intent_id, intent.order_id, intent.group_id, intent.plan_id, scope, reason, at, at);
  ctx.outbox.emit('cancel_intent', intent.intent_id, cancelIntentWire(intent), at);
  return intent;
}

export function saveIntent(ctx: LedgerContext, row: CancelIntentRow, at: string): void {
  ctx.sql
    .direct(UPDATE) // cancel_intents is not a table of the write cache: recordFill settles intents without flushing it
    .run(row.status, row.attempts, row.last_error, row.updated_at, row.confirmed_at, row.failed_at, row.intent_id);
  ctx.outbox.emit('cancel_intent', row.intent_id, cancelIntentWire(row), at);
}

const KIND: Record<CancelIntentStatus, string> = {
  REQUESTED: 'CANCEL_REQUESTED',
  CONFIRMED: 'CANCEL_CONFIRMED',
  FAILED: 'CANCEL_FAILED',
  UNKNOWN: 'CANCEL_UNKNOWN',
};

/** The intent moved to `status` through its state machine (throws a typed refusal), not yet saved. */
export function movedIntent(intent: CancelIntentRow, status: CancelIntentStatus, at: string, detail: string | null): CancelIntentRow {
  transition(CancelIntentStateMachine, intent.status, status, {
    planId: intent.plan_id,
    groupId: intent.group_id,
    orderId: intent.order_id,
  });
  return {
    ...intent,
    status,
    updated_at: at,
    last_error: status === 'FAILED' || status === 'UNKNOWN' ? detail : intent.last_error,
    confirmed_at: status === 'CONFIRMED' ? at : intent.confirmed_at,
    failed_at: status === 'FAILED' ? at : status === 'REQUESTED' ? null : intent.failed_at,
  };
}

/** Move an intent through its state machine, save, emit and journal it. */
export function moveIntent(
  ctx: LedgerContext,
  intent: CancelIntentRow,
  status: CancelIntentStatus,
  at: string,
  detail: string | null = null,
): CancelIntentRow {
  const next = movedIntent(intent, status, at, detail);
  saveIntent(ctx, next, at);
  note(
    ctx,
    KIND[status],
    { planId: intent.plan_id, groupId: intent.group_id, orderId: intent.order_id },
    `Cancel ${intent.intent_id} ${status.toLowerCase()}${detail ? `: ${detail}` : ''}`,
    at,
    { data: { intent_id: intent.intent_id, attempts: next.attempts } },
  );
  return next;
}

/**
 * An order that has ended settles its open cancel intents: gone from the
 * book (CANCELED, EXPIRED) confirms them, FILLED or REJECTED fails them.
 */
export function settleIntents(ctx: LedgerContext, order: OrderRow, at: string): void {
  const outcome = intentOutcome(order.status);
  if (outcome === undefined) return;
  for (const intent of ctx.sql.direct(OPEN_FOR_ORDER).all(order.order_id) as CancelIntentRow[]) {
    moveIntent(ctx, intent, outcome, at, outcome === 'FAILED' ? endedFirst(order.status) : null);
  }
}

/** What an order's end does to its open cancel intents: gone from the book (CANCELED, EXPIRED) confirms them, FILLED or REJECTED fails them. */
export function intentOutcome(status: OrderStatus): CancelIntentStatus | undefined {
  if (status === 'CANCELED' || status === 'EXPIRED') return 'CONFIRMED';
  if (status === 'FILLED' || status === 'REJECTED') return 'FAILED';
  return undefined;
}

export const endedFirst = (status: OrderStatus) => `order ${status} before the cancel took effect`;
