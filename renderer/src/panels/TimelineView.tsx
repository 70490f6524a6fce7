import { useEffect, useState, type ReactElement } from 'react';
import { Timeline, type TimelineEntry } from '../components/Timeline';
import { useClient, useDesk } from '../desk-context';
import { shortId } from './use-ledger';

export type TimelineTarget = { readonly kind: 'order'; readonly id: string } | { readonly kind: 'group'; readonly id: string };

/**
 * The journal timeline of one order or group. It reloads when the ledger
 * pushes something about it (a journal entry naming it, or a change to the
 * entity itself, fills included): pushed, never polled.
 */
export function TimelineView({ target }: { readonly target: TimelineTarget }): ReactElement {
  const client = useClient();
  const notify = useDesk((d) => d.notify);
  const mark = useDesk((d) => {
    const l = d.ledger;
    if (!l) return '';
    const entity = target.kind === 'order' ? l.orders.get(target.id) : l.groups.get(target.id);
    return `${l.journalMarks.get(target.id) ?? 0}:${entity?.updated_at.getTime() ?? 0}:${entity?.fill_count ?? 0}`;
  });
  const [entries, setEntries] = useState<readonly TimelineEntry[]>([]);

  useEffect(() => {
    let current = true;
    const query = target.kind === 'order' ? { order_id: target.id } : { group_id: target.id };
    void client.timeline(query).then((r) => {
      if (!current) return;
      if (r.ok) setEntries(r.value);
      else notify('error', `timeline: ${r.error.message}`);
    });
    return () => {
      current = false;
    };
  }, [client, notify, target.kind, target.id, mark]);

  return <Timeline entries={entries} label={`${target.kind === 'order' ? 'Order' : 'Group'} ${shortId(target.id)} timeline`} />;
}
