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

/**
 * The counts alone: what a cancel command answers. The intents themselves
 * reach a view as events; a cancel-all's answer listing its thousand again
 * cost the engine ~15 ms (read, checked, encoded) before the exchange heard
 * of the first cancel.
 */
export const CancelCountsSchema = CancelSummarySchema.omit({ intents: true });
export type CancelCountsWire = z.input<typeof CancelCountsSchema>;

export function countCancels(rows: readonly CancelIntentRow[]): CancelCountsWire {
  const n = (status: CancelIntentRow['status']) => rows.filter((r) => r.status === status).length;
  return {
    total: rows.length,
    requested: n('REQUESTED'),
    confirmed: n('CONFIRMED'),
    failed: n('FAILED'),
    unknown: n('UNKNOWN'),
    attempts: rows.reduce((sum, r) => sum + r.attempts, 0),
  };
}

export function summarizeCancels(rows: readonly CancelIntentRow[]): CancelSummaryWire {
  return { ...countCancels(rows), intents: rows.map(cancelIntentWire) };
}
