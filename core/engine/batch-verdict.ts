import { fillRatio, type Decimal } from '../domain';
import type { GroupView } from '../ledger';
import type { BatchCommandOutcome, BatchStatus } from './batch-outcome';

export interface Verdict {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Whether a command's terminal groups did what it asked: every group
 * COMPLETED, or PARTIAL at or above the ExecutionPlan's min_fill_ratio (a
 * plan without one accepts any partial fill, as the algorithms do). FAILED
 * fails, and so does CANCELLED: someone else stopped it, its effect is not there.
 */
export function verdictOf(groups: readonly GroupView[], minFillRatio: Decimal | null | undefined): Verdict {
  const parts: string[] = [];
  let ok = true;
  for (const g of groups) {
    const progress = `${g.group_id} ${g.status}, filled ${g.filled_quantity.toFixed()}${g.target_quantity ? ` of ${g.target_quantity.toFixed()}` : ''}`;
    if (g.status === 'PARTIAL' && minFillRatio) {
      const ratio = fillRatio(g);
      if (!ratio || ratio.lt(minFillRatio)) {
        ok = false;
        parts.push(`${progress}: below min_fill_ratio ${minFillRatio.toFixed()}`);
        continue;
      }
    } else if (g.status !== 'COMPLETED' && g.status !== 'PARTIAL') {
      ok = false;
    }
    parts.push(progress);
  }
  return { ok, message: parts.join('; ') };
}

/** One rule for every mode: the timeout wins; else all, none or some commands succeeded. */
export function batchStatusOf(commands: readonly Pick<BatchCommandOutcome, 'status'>[], timedOut: boolean): BatchStatus {
  if (timedOut) return 'TIMED_OUT';
  const succeeded = commands.filter((c) => c.status === 'SUCCEEDED').length;
  if (succeeded === commands.length) return 'COMPLETED';
  return succeeded === 0 ? 'FAILED' : 'PARTIAL';
}
