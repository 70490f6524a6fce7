import type { ReactElement } from 'react';
import { useDesk } from '../desk-context';
import { awaitingDecision } from '../store/selectors';
import { qty } from './numbers';
import { shortId, useLedgerMemo } from './use-ledger';

/**
 * Groups a restart found mid-flight and left waiting: the algorithm does
 * nothing until the trader resumes or halts it. Shown above everything.
 */
export function RecoveredGroups(): ReactElement | null {
  const groups = useLedgerMemo(awaitingDecision, []);
  const busy = useDesk((d) => d.busy);
  const resume = useDesk((d) => d.resumeGroup);
  const halt = useDesk((d) => d.haltGroup);
  if (groups.length === 0) return null;
  return (
    <section className="recovered" role="alert" aria-labelledby="recovered-title">
      <h2 id="recovered-title" className="recovered__title">
        {groups.length} recovered group{groups.length === 1 ? '' : 's'} waiting for a decision
      </h2>
      <ul className="recovered__list">
        {groups.map((g) => {
          const pending = busy.has(`group:${g.group_id}`);
          return (
            <li key={g.group_id} data-group-id={g.group_id}>
              <span className="mono" title={g.group_id}>
                {shortId(g.group_id)}
              </span>{' '}
              {g.execution_strategy} · filled {qty(g.filled_quantity)} of {qty(g.target_quantity)}
              <button type="button" className="btn btn--primary" disabled={pending} onClick={() => void resume(g.group_id)}>
                Resume
              </button>
              <button type="button" className="btn btn--danger-outline" disabled={pending} onClick={() => void halt(g.group_id)}>
                Halt
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
