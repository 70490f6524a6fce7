import type { ReactElement } from 'react';
import { useDesk } from '../desk-context';
import type { GroupRow } from '../store/selectors';

/**
 * One click cancels the group, no confirmation. While the cancel is sent
 * and its intents settle the button shows n of m confirmed; a terminal
 * group shows how it ended instead.
 */
export function CancelGroupButton({ row }: { readonly row: GroupRow }): ReactElement {
  const cancelGroup = useDesk((d) => d.cancelGroup);
  const sending = useDesk((d) => d.busy.has(`group:${row.group.group_id}`));
  const { cancel, terminal, group } = row;
  const settling = cancel.requested + cancel.unknown > 0;

  if (terminal) {
    return (
      <span className={`cancel-state cancel-state--${group.status.toLowerCase()}`} role="status">
        {group.status === 'CANCELLED' ? 'Cancelled' : group.status === 'COMPLETED' ? 'Done' : group.status.toLowerCase()}
        {cancel.total > 0 ? ` · ${cancel.confirmed}/${cancel.total}` : ''}
        {cancel.failed > 0 ? ` · ${cancel.failed} failed` : ''}
      </span>
    );
  }
  const label = sending ? 'Cancelling…' : settling ? `Cancelling… ${cancel.confirmed}/${cancel.total}` : 'Cancel group';
  return (
    <button
      type="button"
      className="btn btn--cancel"
      aria-label={label === 'Cancel group' ? undefined : `Cancel group: ${label}`}
      disabled={sending}
      onClick={(e) => {
        e.stopPropagation();
        void cancelGroup(group.group_id);
      }}
    >
      {label}
      {cancel.failed > 0 ? <span className="btn__note"> {cancel.failed} failed</span> : null}
    </button>
  );
}
