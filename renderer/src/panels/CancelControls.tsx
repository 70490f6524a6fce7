import { useMemo, type ReactElement } from 'react';
import type { PlanView } from '../../../core/ledger/views';
import { useDesk } from '../desk-context';
import { planCancelProgress } from '../store/selectors';
import { Badge } from './Badge';

/**
 * The emergency control of the selected plan: always visible, red, one
 * click (or Ctrl/Cmd+Shift+X, or the desktop menu). Next to it, what the
 * cancels did: n of m confirmed, failures, fills that came in late.
 */
export function CancelControls({ plan }: { readonly plan: PlanView }): ReactElement {
  // Only cancels and anomalies count: a fill stream does not re-render this.
  const cancelIntents = useDesk((d) => d.ledger?.cancelIntents);
  const anomalies = useDesk((d) => d.ledger?.anomalies);
  const cancelAllInPlan = useDesk((d) => d.cancelAllInPlan);
  const rearmPlan = useDesk((d) => d.rearmPlan);
  const sending = useDesk((d) => d.busy.has(`plan:${plan.plan_id}`));
  const progress = useMemo(
    () => (cancelIntents && anomalies ? planCancelProgress({ cancelIntents, anomalies }, plan.plan_id) : null),
    [cancelIntents, anomalies, plan.plan_id],
  );
  const settling = progress !== null && progress.requested + progress.unknown > 0;

  return (
    <div className="cancel-controls">
      <button
        type="button"
        className="btn btn--danger btn--big"
        aria-keyshortcuts="Control+Shift+X Meta+Shift+X"
        title="Cancel every order this plan owns (Ctrl/Cmd+Shift+X)"
        onClick={() => void cancelAllInPlan(plan.plan_id)}
      >
        Cancel all in plan
      </button>
      <span className="cancel-controls__progress" role="status" aria-label="Cancel all in plan progress" data-testid="plan-cancel-progress">
        {sending ? <span>sending…</span> : null}
        {progress && progress.total > 0 ? (
          <>
            <span className={settling ? 'tone-pending' : progress.failed > 0 ? 'tone-bad' : 'tone-done'}>
              {progress.confirmed} of {progress.total} cancels confirmed
            </span>
            {progress.failed > 0 ? <span className="tone-bad"> · {progress.failed} failed</span> : null}
            {progress.unknown > 0 ? <span className="tone-pending"> · {progress.unknown} unknown</span> : null}
          </>
        ) : null}
        {progress && progress.lateFills > 0 ? <span className="tone-bad"> · {progress.lateFills} late fill{progress.lateFills === 1 ? '' : 's'}</span> : null}
      </span>
      {plan.trading_halted ? (
        <span className="cancel-controls__halt">
          <Badge tone="alert" title={plan.halt_reason ?? undefined}>
            TRADING HALTED
          </Badge>
          <button type="button" className="btn" onClick={() => void rearmPlan(plan.plan_id)}>
            Re-arm
          </button>
        </span>
      ) : null}
    </div>
  );
}
