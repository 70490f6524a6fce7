import { useEffect, useMemo, type ReactElement } from 'react';
import { Anomalies } from './components/Anomalies';
import { useDesk, useDeskStore } from './desk-context';
import { shortcutOf } from './forms/shortcuts';
import { Notices } from './panels/Notices';
import { PlanDetail } from './panels/PlanDetail';
import { PlansTable } from './panels/PlansTable';
import { PositionsPanel } from './panels/PositionsPanel';
import { ReconciliationPanel } from './panels/ReconciliationPanel';
import { RecoveredGroups } from './panels/RecoveredGroups';
import { SessionBar } from './panels/SessionBar';
import { Ticket } from './panels/Ticket';

/** Resume/Halt live in RecoveredGroups; the anomaly list only alerts and acknowledges. */
const NO_DECISIONS: ReadonlySet<string> = new Set();

export function App(): ReactElement {
  const store = useDeskStore();
  // Only what the shell shows: a batch of orders or cancels changes none of it (the panels follow the store themselves).
  const loaded = useDesk((d) => d.ledger !== null);
  const sync = useDesk((d) => d.sync);
  const syncError = useDesk((d) => d.syncError);
  const busy = useDesk((d) => d.busy);
  const plan = useDesk((d) => (d.selectedPlanId ? d.ledger?.plans.get(d.selectedPlanId) : undefined));
  const anomalyMap = useDesk((d) => d.ledger?.anomalies);
  const anomalies = useMemo(() => (anomalyMap ? [...anomalyMap.values()] : []), [anomalyMap]);
  // Made once: the shell re-renders with every change of the plan (each fill, a cancel-all's halt), these panels need not.
  const fixed = useMemo(
    () => ({
      session: <SessionBar />,
      top: (
        <>
          <ReconciliationPanel />
          <RecoveredGroups />
        </>
      ),
      notices: <Notices />,
      left: (
        <>
          <PlansTable />
          <PositionsPanel />
          <Ticket />
        </>
      ),
    }),
    [],
  );

  // The emergency shortcuts work wherever the focus is (the desktop menu sends the same commands).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const shortcut = shortcutOf(e);
      if (!shortcut) return;
      e.preventDefault();
      const desk = store.getState();
      void (shortcut === 'cancelAllInPlan' ? desk.cancelAllInPlan() : desk.cancelEverything());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const { acknowledgeAnomaly, resumeGroup, haltGroup } = store.getState();
  return (
    <div className="app">
      {fixed.session}
      <div className="alerts">
        {fixed.top}
        <Anomalies anomalies={anomalies} onAcknowledge={(id) => void acknowledgeAnomaly(id)} onResume={(id) => void resumeGroup(id)} onHalt={(id) => void haltGroup(id)} awaitingDecisionGroupIds={NO_DECISIONS} busyIds={busy} />
        {sync === 'error' && syncError ? (
          <p className="sync-error" role="alert">
            Cannot load the ledger: {syncError}
          </p>
        ) : null}
        {fixed.notices}
      </div>
      <main className="desk">
        <div className="desk__left">{fixed.left}</div>
        <div className="desk__right">
          {plan ? (
            <PlanDetail plan={plan} />
          ) : (
            <div className="placeholder">{loaded ? 'Select a plan, or submit a ticket to open one.' : 'Loading the ledger…'}</div>
          )}
        </div>
      </main>
    </div>
  );
}
