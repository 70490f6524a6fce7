import { useMemo, type ReactElement } from 'react';
import { useDesk } from '../desk-context';
import { differenceRows } from '../format/reconciliation';
import { formatUtcDateTime } from '../format/time';

/**
 * What the live connector found when it compared the ledger with the
 * exchange (at start, after a reconnect): every difference, and one button
 * to acknowledge them. Until then the connector sends no new order; cancels
 * still go out. Shown above everything while a report is pending.
 */
export function ReconciliationPanel(): ReactElement | null {
  const report = useDesk((d) => d.reconciliation);
  const busy = useDesk((d) => d.busy.has('reconciliation'));
  const acknowledge = useDesk((d) => d.acknowledgeReconciliation);
  const rows = useMemo(() => (report ? differenceRows(report) : []), [report]);
  if (!report) return null;
  const n = rows.length;
  return (
    <section className="reconciliation" role="alert" aria-labelledby="reconciliation-title" data-report-id={report.id}>
      <div className="reconciliation__head">
        <h2 id="reconciliation-title" className="reconciliation__title">
          Reconciliation: {n} difference{n === 1 ? '' : 's'} between the ledger and the exchange
        </h2>
        <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void acknowledge()}>
          {busy ? 'Acknowledging…' : 'Acknowledge'}
        </button>
      </div>
      <p className="reconciliation__note">
        New orders are held until you acknowledge these. Nothing was changed on either side: no fill was invented, no order cancelled or sent again. Cancels still go out.
        <span className="muted mono">
          {' '}
          {report.id} · {report.trigger.toLowerCase()} · {formatUtcDateTime(report.at)}
        </span>
      </p>
      <table className="grid grid--compact" aria-label="Reconciliation differences">
        <thead>
          <tr>
            <th scope="col">Difference</th>
            <th scope="col">Symbol</th>
            <th scope="col">Client order id</th>
            <th scope="col">Exchange order id</th>
            <th scope="col">Trades</th>
            <th scope="col">Ledger</th>
            <th scope="col">Exchange</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-kind={r.kind} data-client-order-id={r.clientOrderId} title={r.message}>
              <td className="reconciliation__kind">{r.title}</td>
              <td>{r.symbol}</td>
              <td className="mono">{r.clientOrderId}</td>
              <td className="mono">{r.exchangeOrderId ?? '—'}</td>
              <td className="mono">{r.tradeIds.length === 0 ? '—' : r.tradeIds.join(', ')}</td>
              <td>{r.ledger}</td>
              <td>{r.exchange}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
