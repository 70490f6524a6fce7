import type { AnomalyView } from '../../../core/ledger/views';

/**
 * How the anomaly list is arranged and which actions each anomaly offers;
 * pure, so the rules are tested without a DOM.
 */
export const RECOVERED_GROUP = 'RECOVERED_GROUP';

export interface AnomalyGroups {
  /** Not yet acknowledged, newest first: these are the alerts. */
  readonly open: readonly AnomalyView[];
  /** Acknowledged, newest first. */
  readonly acknowledged: readonly AnomalyView[];
}

const newestFirst = (a: AnomalyView, b: AnomalyView) =>
  b.created_at.getTime() - a.created_at.getTime() || (a.anomaly_id < b.anomaly_id ? 1 : a.anomaly_id > b.anomaly_id ? -1 : 0);

export function groupAnomalies(anomalies: readonly AnomalyView[]): AnomalyGroups {
  const open: AnomalyView[] = [];
  const acknowledged: AnomalyView[] = [];
  for (const a of anomalies) (a.acknowledged_at ? acknowledged : open).push(a);
  return { open: open.sort(newestFirst), acknowledged: acknowledged.sort(newestFirst) };
}

export interface AnomalyActions {
  readonly acknowledge: boolean;
  /** The group to offer Resume / Halt for, or null. */
  readonly decideGroup: string | null;
}

/**
 * Acknowledge for every open anomaly; Resume / Halt for an open
 * RECOVERED_GROUP naming a group, and, when the caller knows which groups
 * still wait for a decision, only for those.
 */
export function anomalyActions(a: AnomalyView, awaitingDecision?: ReadonlySet<string>): AnomalyActions {
  const open = a.acknowledged_at === null;
  const group = a.kind === RECOVERED_GROUP && open ? a.group_id : null;
  return {
    acknowledge: open,
    decideGroup: group !== null && (awaitingDecision === undefined || awaitingDecision.has(group)) ? group : null,
  };
}

/** Fills named by an anomaly (late fills, overfills), for highlighting in the fills table. */
export function anomalousFillIds(anomalies: readonly AnomalyView[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const a of anomalies) if (a.fill_id !== null) ids.add(a.fill_id);
  return ids;
}
