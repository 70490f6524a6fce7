import { z } from 'zod';
import { cancelIntentWire, type CancelIntentRow } from './rows';
import { CancelIntentViewSchema } from './views';

/** What the emergency button shows: n of m cancels confirmed, failures, unknowns. */
export const CancelSummarySchema = z
  .object({
    total: z.number().int().nonnegative(),
    requested: z.number().int().nonnegative(),
    confirmed: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    unknown: z.number().int().nonnegative(),
    /** Sends in all (first attempts plus retries). */
    attempts: z.number().int().nonnegative(),
    intents: z.array(CancelIntentViewSchema),
  })
  .strict();

export type CancelSummaryWire = z.input<typeof CancelSummarySchema>;

export function summarizeCancels(rows: readonly CancelIntentRow[]): CancelSummaryWire {
  const n = (status: CancelIntentRow['status']) => rows.filter((r) => r.status === status).length;
  return {
    total: rows.length,
    requested: n('REQUESTED'),
    confirmed: n('CONFIRMED'),
    failed: n('FAILED'),
    unknown: n('UNKNOWN'),
    attempts: rows.reduce((sum, r) => sum + r.attempts, 0),
    intents: rows.map(cancelIntentWire),
  };
}
