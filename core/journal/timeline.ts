import { z } from 'zod';
import { utcTimestamp } from '../domain';
import type { LedgerContext } from '../ledger/context';
import { JournalKind } from './entry';

/**
 * A timeline merges the journal (commands, acks, cancels, anomalies,
 * refusals; for an order, also its group's bulk entries that name it) with the ledger's fills, which are not copied into the journal:
 * the fills table is their record. Ordered by write order: a fill sorts after
 * the journal entries that existed when it was recorded (its journal_mark).
 */
export const TimelineEntrySchema = z
  .object({
    at: utcTimestamp,
    kind: JournalKind,
    source: z.enum(['journal', 'fill']),
    /** entry_id for journal entries, fill_id for fills. */
    ref: z.string(),
    order_id: z.string().nullable(),
    group_id: z.string().nullable(),
    directive_id: z.string().nullable(),
    command_id: z.string().nullable(),
    message: z.string(),
    data: z.json().nullable(),
  })
  .strict();
export type TimelineEntryWire = z.input<typeof TimelineEntrySchema>;

interface Row {
  at: string;
  kind: string;
  source: 'journal' | 'fill';
  ref: string;
  order_id: string | null;
  group_id: string | null;
  directive_id: string | null;
  command_id: string | null;
  message: string;
  data: string | null;
  k1: number;
  k2: number;
  k3: number;
}

const JOURNAL_COLUMNS = `created_at AS at, kind, 'journal' AS source, CAST(entry_id AS TEXT) AS ref, order_id, group_id,
  directive_id, command_id, message, data, entry_id AS k1, 0 AS k2, entry_id AS k3`;
const FILL_COLUMNS = `recorded_at AS at, 'FILL' AS kind, 'fill' AS source, fill_id AS ref, parent_order_id AS order_id,
  parent_group_id AS group_id, NULL AS directive_id, NULL AS command_id,
  'Fill ' || quantity || ' @ ' || price || ' (trade ' || trade_id || ')' AS message,
  json_object('trade_id', trade_id, 'price', price, 'quantity', quantity, 'fee', fee, 'executed_at', executed_at) AS data,
  journal_mark AS k1, 1 AS k2, fill_seq AS k3`;

// A bulk write (requestCancels, settleOrders) journals one entry per group naming its orders in data.order_ids.
const FOR_ORDER = `SELECT ${JOURNAL_COLUMNS} FROM journal WHERE order_id = ?
  UNION ALL SELECT ${JOURNAL_COLUMNS} FROM journal
    WHERE group_id = (SELECT parent_group_id FROM orders WHERE order_id = ?) AND order_id IS NULL AND data IS NOT NULL
    AND EXISTS (SELECT 1 FROM json_each(journal.data, '$.order_ids') WHERE value = ?)
  UNION ALL SELECT ${FILL_COLUMNS} FROM fills WHERE parent_order_id = ?
  ORDER BY k1, k2, k3`;
const FOR_GROUP = `SELECT ${JOURNAL_COLUMNS} FROM journal WHERE group_id = ?
    OR order_id IN (SELECT order_id FROM orders WHERE parent_group_id = ?)
  UNION ALL SELECT ${FILL_COLUMNS} FROM fills WHERE parent_order_id IN (SELECT order_id FROM orders WHERE parent_group_id = ?)
  ORDER BY k1, k2, k3`;

function toWire(r: Row): TimelineEntryWire {
  const { k1: _k1, k2: _k2, k3: _k3, data, ...rest } = r;
  return { ...rest, data: data === null ? null : (JSON.parse(data) as TimelineEntryWire['data']) };
}

export function timelineForOrder(ctx: LedgerContext, orderId: string): TimelineEntryWire[] {
  return (ctx.sql.get(FOR_ORDER).all(orderId, orderId, orderId, orderId) as Row[]).map(toWire);
}

/** The group's own entries and all of its orders'. */
export function timelineForGroup(ctx: LedgerContext, groupId: string): TimelineEntryWire[] {
  return (ctx.sql.get(FOR_GROUP).all(groupId, groupId, groupId) as Row[]).map(toWire);
}
