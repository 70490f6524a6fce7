import { z } from 'zod';
import { idSchema, utcTimestamp } from '../domain';

/** Journal kinds are UPPER_SNAKE_CASE; the ledger writes the ones in LEDGER_JOURNAL_KINDS itself. */
export const JournalKind = z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'kind must be UPPER_SNAKE_CASE' });

export const LEDGER_JOURNAL_KINDS = [
  'PLAN_CREATED',
  'PLAN_HALTED',
  'PLAN_REARMED',
  'PLAN_CLOSED',
  'PROTECTION_SET',
  'GROUP_CREATED',
  'GROUP_STATUS',
  'ORDER_REGISTERED',
  'ORDER_STATUS',
  'CANCEL_REQUESTED',
  'CANCEL_CONFIRMED',
  'CANCEL_FAILED',
  'CANCEL_UNKNOWN',
  'ANOMALY',
  'ALGO_STATUS',
  'ILLEGAL_TRANSITION',
] as const;

const ref = z.string().min(1).max(200);

/**
 * What a caller journals: causality (directive and command ids) linked to the
 * ledger entities it produced, with a readable message. Entity ids are checked
 * for shape only: a refusal may well name an order the ledger never had.
 */
export const JournalRecordInputSchema = z
  .object({
    kind: JournalKind,
    directiveId: ref.optional(),
    commandId: ref.optional(),
    planId: idSchema('TPL', 'planId').optional(),
    groupId: idSchema('EXG', 'groupId').optional(),
    orderId: idSchema('ORD', 'orderId').optional(),
    fillId: idSchema('FILL', 'fillId').optional(),
    message: z.string().max(10_000),
    data: z.json().optional(),
  })
  .strict();

export type JournalRecordInput = z.input<typeof JournalRecordInputSchema>;

export const JournalEntryViewSchema = z
  .object({
    entry_id: z.number().int().positive(),
    kind: JournalKind,
    directive_id: z.string().nullable(),
    command_id: z.string().nullable(),
    plan_id: z.string().nullable(),
    group_id: z.string().nullable(),
    order_id: z.string().nullable(),
    fill_id: z.string().nullable(),
    message: z.string(),
    data: z.json().nullable(),
    created_at: utcTimestamp,
  })
  .strict();

export type JournalEntryView = z.output<typeof JournalEntryViewSchema>;
export type JournalEntryViewWire = z.input<typeof JournalEntryViewSchema>;

/** The directive and command behind a ledger write, journaled with the write. */
export const CauseSchema = z.object({ directiveId: ref.optional(), commandId: ref.optional() }).strict();
export type Cause = z.output<typeof CauseSchema>;

export type JournalRecord = z.output<typeof JournalRecordInputSchema>;
