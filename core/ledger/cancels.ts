import { z } from 'zod';
import { idSchema } from '../domain';
import { CauseSchema } from '../journal/entry';
import { moveIntent, openIntent, requireIntent } from './cancel-rows';
import type { LedgerContext } from './context';
import { conflict, parseInput } from './errors';
import { note } from './journal-note';
import { isLive } from './live';
import { changeOrder, requireOrder } from './order-rows';
import type { CancelIntentRow } from './rows';
import { CancelScope } from './views';

export const RequestCancelInputSchema = z
  .object({
    order_id: idSchema('ORD', 'order_id'),
    reason: z.string().min(1, { message: 'reason is required' }),
    scope: CancelScope,
    cause: CauseSchema.optional(),
  })
  .strict();

const RETRYABLE = `SELECT * FROM cancel_intents WHERE order_id = ? AND status IN ('REQUESTED','UNKNOWN','FAILED')
  ORDER BY requested_at DESC, rowid DESC LIMIT 1`;
const OTHER_OPEN = `SELECT COUNT(*) AS n FROM cancel_intents WHERE order_id = ? AND intent_id <> ?
  AND status IN ('REQUESTED','UNKNOWN')`;

/**
 * A cancel is an intent, written before the connector is asked: requested ->
 * confirmed / failed (or unknown, then retried). Asking again for an order
 * with an unfinished intent retries that intent (attempts + 1). The order
 * goes to PENDING_CANCEL.
 */
export function requestCancel(ctx: LedgerContext, input: unknown): CancelIntentRow {
  const p = parseInput(RequestCancelInputSchema, input, 'requestCancel');
  const order = requireOrder(ctx, p.order_id);
  if (!isLive(order.status)) throw conflict(`Order ${order.order_id} is ${order.status}; there is nothing to cancel`);
  const at = ctx.nowIso();
  const existing = ctx.sql.get(RETRYABLE).get(order.order_id) as CancelIntentRow | undefined;
  let intent: CancelIntentRow;
  if (existing !== undefined) {
    intent = moveIntent(ctx, { ...existing, attempts: existing.attempts + 1 }, 'REQUESTED', at, null);
  } else {
    intent = openIntent(ctx, order, p.scope, p.reason, at);
    note(
      ctx,
      'CANCEL_REQUESTED',
      { planId: order.parent_plan_id, groupId: order.parent_group_id, orderId: order.order_id },
      `Cancel ${intent.intent_id} requested (${p.scope}): ${p.reason}`,
      at,
      { cause: p.cause, data: { intent_id: intent.intent_id, scope: p.scope } },
    );
  }
  if (order.status !== 'PENDING_CANCEL') {
    changeOrder(ctx, order, { status: 'PENDING_CANCEL' }, at, { reason: p.reason, cause: p.cause });
  }
  return intent;
}

const intentIdInput = z.object({ intent_id: idSchema('CXL', 'intent_id') }).strict();

/** The exchange confirmed: the order is CANCELED (refused, and journaled, if it already FILLED). */
export function confirmCancel(ctx: LedgerContext, input: unknown): CancelIntentRow {
  const { intent_id } = parseInput(intentIdInput, input, 'confirmCancel');
  const intent = requireIntent(ctx, intent_id);
  const order = requireOrder(ctx, intent.order_id);
  const at = ctx.nowIso();
  if (order.status !== 'CANCELED') changeOrder(ctx, order, { status: 'CANCELED' }, at, { reason: 'cancel confirmed' });
  const settled = requireIntent(ctx, intent_id);
  return settled.status === 'CONFIRMED' ? settled : moveIntent(ctx, settled, 'CONFIRMED', at);
}

/** The exchange refused the cancel: the order is live again (unless another cancel is under way). */
export function failCancel(ctx: LedgerContext, input: unknown): CancelIntentRow {
  const { intent_id, reason } = parseInput(
    intentIdInput.extend({ reason: z.string().min(1, { message: 'reason is required' }) }),
    input,
    'failCancel',
  );
  const intent = requireIntent(ctx, intent_id);
  const at = ctx.nowIso();
  const failed = moveIntent(ctx, intent, 'FAILED', at, reason);
  const order = requireOrder(ctx, intent.order_id);
  const othersOpen = (ctx.sql.get(OTHER_OPEN).get(order.order_id, intent_id) as { n: number }).n > 0;
  if (order.status === 'PENDING_CANCEL' && !othersOpen) {
    const back = order.filled_quantity === '0' ? 'OPEN' : 'PARTIALLY_FILLED';
    changeOrder(ctx, order, { status: back }, at, { reason: `cancel failed: ${reason}` });
  }
  return failed;
}

/** The cancel's outcome is unknown (timeout, 5xx): resolved by looking the order up, then retried or confirmed. */
export function markCancelUnknown(ctx: LedgerContext, input: unknown): CancelIntentRow {
  const { intent_id } = parseInput(intentIdInput, input, 'markCancelUnknown');
  return moveIntent(ctx, requireIntent(ctx, intent_id), 'UNKNOWN', ctx.nowIso(), 'outcome unknown');
}

