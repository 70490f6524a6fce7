import { z } from 'zod';
import { idSchema } from '../domain';
import type { LedgerContext } from './context';
import { notFound, parseInput } from './errors';
import { note } from './journal-note';
import { anomalyWire, type AnomalyRow } from './rows';
import { AnomalyKind } from './views';

/** Anomalies the ledger raises itself; callers may record others (UPPER_SNAKE kinds). */
export const LEDGER_ANOMALY_KINDS = {
  /** A fill on a CANCELED, EXPIRED or REJECTED order: recorded, counted, shown loudly. */
  LATE_FILL: 'LATE_FILL',
  /** A fill taking an order above its quantity or a group above its target. */
  OVERFILL: 'OVERFILL',
} as const;

export const AnomalyInputSchema = z
  .object({
    kind: AnomalyKind,
    plan_id: idSchema('TPL', 'plan_id').optional(),
    group_id: idSchema('EXG', 'group_id').optional(),
    order_id: idSchema('ORD', 'order_id').optional(),
    fill_id: idSchema('FILL', 'fill_id').optional(),
    message: z.string().min(1, { message: 'message is required' }),
    data: z.json().optional(),
  })
  .strict();
export type AnomalyInput = z.output<typeof AnomalyInputSchema>;

const INSERT = `INSERT INTO anomalies (anomaly_id, kind, plan_id, group_id, order_id, fill_id, message, data, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SELECT = 'SELECT * FROM anomalies WHERE anomaly_id = ?';
const ACK = 'UPDATE anomalies SET acknowledged_at = ? WHERE anomaly_id = ?';

export function raiseAnomaly(ctx: LedgerContext, a: AnomalyInput, at: string): AnomalyRow {
  const row: AnomalyRow = {
    anomaly_id: ctx.newId('ANM'),
    kind: a.kind,
    plan_id: a.plan_id ?? null,
    group_id: a.group_id ?? null,
    order_id: a.order_id ?? null,
    fill_id: a.fill_id ?? null,
    message: a.message,
    data: a.data === undefined ? null : JSON.stringify(a.data),
    created_at: at,
    acknowledged_at: null,
  };
  ctx.sql
    .direct(INSERT) // not a table of the write cache: recordFill raises anomalies without flushing it
    .run(row.anomaly_id, row.kind, row.plan_id, row.group_id, row.order_id, row.fill_id, row.message, row.data, at);
  ctx.outbox.emit('anomaly', row.anomaly_id, anomalyWire(row), at);
  note(
    ctx,
    'ANOMALY',
    {
      ...(a.plan_id ? { planId: a.plan_id } : {}),
      ...(a.group_id ? { groupId: a.group_id } : {}),
      ...(a.order_id ? { orderId: a.order_id } : {}),
      ...(a.fill_id ? { fillId: a.fill_id } : {}),
    },
    `${a.kind}: ${a.message}`,
    at,
    { data: { anomaly_id: row.anomaly_id, kind: a.kind } },
  );
  return row;
}

export function recordAnomaly(ctx: LedgerContext, input: unknown): AnomalyRow {
  return raiseAnomaly(ctx, parseInput(AnomalyInputSchema, input, 'recordAnomaly'), ctx.nowIso());
}

/** The trader has seen it. Acknowledging twice keeps the first time. */
export function acknowledgeAnomaly(ctx: LedgerContext, input: unknown): AnomalyRow {
  const { anomaly_id } = parseInput(
    z.object({ anomaly_id: idSchema('ANM', 'anomaly_id') }).strict(),
    input,
    'acknowledgeAnomaly',
  );
  const row = ctx.sql.get(SELECT).get(anomaly_id) as AnomalyRow | undefined;
  if (row === undefined) throw notFound('Anomaly', anomaly_id);
  if (row.acknowledged_at !== null) return row;
  const at = ctx.nowIso();
  ctx.sql.get(ACK).run(at, anomaly_id);
  const next = { ...row, acknowledged_at: at };
  ctx.outbox.emit('anomaly', anomaly_id, anomalyWire(next), at);
  return next;
}
