import { useMemo, type ReactElement } from 'react';
import type { AnomalyView } from '../../../core/ledger/views';
import { anomalyActions, groupAnomalies } from '../format/anomalies';
import { formatCount } from '../format/number';
import { anomalyTitle } from '../format/labels';
import { formatUtcDateTime, formatUtcTime } from '../format/time';
import './components.css';

/**
 * The anomaly banner: late fills after a cancel, overfills, groups recovered
 * after a restart that wait for resume or halt. Meant to sit at the top of
 * the monitor, above everything else.
 *
 * Props contract:
 * - `anomalies`: decoded AnomalyView values (z.output of AnomalyViewSchema),
 *   any order; open ones (acknowledged_at null) are listed newest first,
 *   each as role=alert with an "Acknowledge" button -> onAcknowledge(anomaly_id).
 * - RECOVERED_GROUP anomalies also get "Resume" / "Halt" ->
 *   onResume(group_id) / onHalt(group_id); when `awaitingDecisionGroupIds` is
 *   given, only for the groups in it (the others were decided already).
 * - `busyIds`: anomaly or group ids with a command in flight; their buttons
 *   are disabled so a double click sends nothing twice.
 * - Acknowledged anomalies are a one-line count unless `showAcknowledged`.
 * The component holds no state: it shows what the ledger says.
 */
export interface AnomaliesProps {
  readonly anomalies: readonly AnomalyView[];
  readonly onAcknowledge: (anomalyId: string) => void;
  readonly onResume: (groupId: string) => void;
  readonly onHalt: (groupId: string) => void;
  readonly awaitingDecisionGroupIds?: ReadonlySet<string>;
  readonly busyIds?: ReadonlySet<string>;
  readonly showAcknowledged?: boolean;
}

const NO_IDS: ReadonlySet<string> = new Set();

function refsOf(a: AnomalyView): string {
  const refs: string[] = [];
  if (a.group_id) refs.push(`group ${a.group_id}`);
  if (a.order_id) refs.push(`order ${a.order_id}`);
  if (a.fill_id) refs.push(`fill ${a.fill_id}`);
  return refs.join(' · ');
}

function AnomalyItem(props: {
  readonly anomaly: AnomalyView;
  readonly open: boolean;
  readonly decideGroup: string | null;
  readonly busy: ReadonlySet<string>;
  readonly onAcknowledge: (anomalyId: string) => void;
  readonly onResume: (groupId: string) => void;
  readonly onHalt: (groupId: string) => void;
}): ReactElement {
  const { anomaly: a, open, decideGroup, busy } = props;
  const refs = refsOf(a);
  const kindClass = `ld-anomaly--${a.kind.toLowerCase().replace(/_/g, '-')}`;
  return (
    <li
      role={open ? 'alert' : undefined}
      className={`ld-anomaly ${open ? 'ld-anomaly--open' : 'ld-anomaly--acknowledged'} ${kindClass}`}
      data-anomaly-id={a.anomaly_id}
    >
      <span className="ld-anomaly__kind">{anomalyTitle(a.kind)}</span>
      <time className="ld-anomaly__time" dateTime={a.created_at.toISOString()} title={formatUtcDateTime(a.created_at)}>
        {formatUtcTime(a.created_at)}
      </time>
      <span className="ld-anomaly__message">{a.message}</span>
      {refs ? <span className="ld-anomaly__refs">{refs}</span> : null}
      <span className="ld-anomaly__actions">
        {decideGroup !== null ? (
          <>
            <button type="button" className="ld-button ld-button--primary" disabled={busy.has(decideGroup)} onClick={() => props.onResume(decideGroup)}>
              Resume
            </button>
            <button type="button" className="ld-button ld-button--danger" disabled={busy.has(decideGroup)} onClick={() => props.onHalt(decideGroup)}>
              Halt
            </button>
          </>
        ) : null}
        {open ? (
          <button type="button" className="ld-button" disabled={busy.has(a.anomaly_id)} onClick={() => props.onAcknowledge(a.anomaly_id)}>
            Acknowledge
          </button>
        ) : null}
      </span>
    </li>
  );
}

export function Anomalies(props: AnomaliesProps): ReactElement {
  const { anomalies, awaitingDecisionGroupIds, busyIds = NO_IDS, showAcknowledged = false } = props;
  const { open, acknowledged } = useMemo(() => groupAnomalies(anomalies), [anomalies]);
  const item = (a: AnomalyView, isOpen: boolean) => (
    <AnomalyItem
      key={a.anomaly_id}
      anomaly={a}
      open={isOpen}
      decideGroup={anomalyActions(a, awaitingDecisionGroupIds).decideGroup}
      busy={busyIds}
      onAcknowledge={props.onAcknowledge}
      onResume={props.onResume}
      onHalt={props.onHalt}
    />
  );
  return (
    <section className={`ld-anomalies${open.length > 0 ? ' ld-anomalies--alerting' : ''}`} aria-label="Anomalies">
      {open.length > 0 ? (
        <>
          <h2 className="ld-anomalies__title">
            {open.length === 1 ? '1 anomaly needs attention' : `${formatCount(open.length)} anomalies need attention`}
          </h2>
          <ul className="ld-anomalies__list">{open.map((a) => item(a, true))}</ul>
        </>
      ) : (
        <p className="ld-anomalies__none" role="status">
          No open anomalies
        </p>
      )}
      {acknowledged.length > 0 ? (
        showAcknowledged ? (
          <ul className="ld-anomalies__list ld-anomalies__list--acknowledged" aria-label="Acknowledged anomalies">
            {acknowledged.map((a) => item(a, false))}
          </ul>
        ) : (
          <p className="ld-anomalies__acknowledged">{`${formatCount(acknowledged.length)} acknowledged`}</p>
        )
      ) : null}
    </section>
  );
}
