import Decimal from 'decimal.js';
import { useMemo, type ReactElement } from 'react';
import { useDesk } from '../desk-context';
import { humanize } from '../format/labels';
import { positionRows, protectionRows, totalOf } from '../store/selectors';
import { avgPx, money, px, qty } from './numbers';
import { shortId, useLedgerMemo } from './use-ledger';

const signed = (d: { isNeg(): boolean; isZero(): boolean } | null) => (d === null || d.isZero() ? '' : d.isNeg() ? 'pnl--loss' : 'pnl--gain');

/**
 * Net position per symbol from the ledger's fills, marked to the latest
 * quote; realized P&L and fees; the session's balances; and the stop-loss
 * and take-profit protecting each active plan.
 */
export function PositionsPanel(): ReactElement {
  const ledger = useDesk((d) => d.ledger);
  const status = useDesk((d) => d.status);
  const rows = useMemo(() => (ledger ? positionRows(ledger, status) : []), [ledger, status]);
  const protection = useLedgerMemo(protectionRows, []);
  const unrealized = totalOf(rows.map((r) => r.unrealized));
  const realized = totalOf(rows.map((r) => r.position.realized_pnl));
  const fees = totalOf(rows.map((r) => r.position.fees_paid));

  return (
    <section className="panel" aria-labelledby="positions-title">
      <h2 className="panel__title" id="positions-title">
        Positions
        <span className="panel__summary">
          uPnL <span className={signed(unrealized)}>{money(unrealized)}</span> · rPnL <span className={signed(realized)}>{money(realized)}</span> · fees {money(fees)}
        </span>
      </h2>
      <table className="grid grid--tight" aria-labelledby="positions-title">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">Net</th>
            <th scope="col" className="num">Avg entry</th>
            <th scope="col" className="num">Mark</th>
            <th scope="col" className="num">Unrealized</th>
            <th scope="col" className="num">Realized</th>
            <th scope="col" className="num">Fees</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="grid__empty">
                Flat: no fills yet.
              </td>
            </tr>
          ) : (
            rows.map(({ position: p, mark, unrealized: u }) => (
              <tr key={p.symbol}>
                <td>{p.symbol}</td>
                <td className={`num ${signed(p.net_quantity)}`}>{qty(p.net_quantity)}</td>
                <td className="num" title={p.average_entry_price?.toFixed() ?? undefined}>
                  {avgPx(p.average_entry_price)}
                </td>
                <td className="num">{px(mark)}</td>
                <td className={`num ${signed(u)}`}>{money(u)}</td>
                <td className={`num ${signed(p.realized_pnl)}`}>{money(p.realized_pnl)}</td>
                <td className="num">{px(p.fees_paid)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <div className="subpanels">
        <div>
          <h3 className="subpanel__title">Balances</h3>
          {status && status.balances.length > 0 ? (
            <dl className="kv">
              {status.balances.map((b) => (
                <div key={b.asset}>
                  <dt>{b.asset}</dt>
                  <dd className="num">
                    {px(new Decimal(b.free))}
                    {!new Decimal(b.locked).isZero() ? <span className="muted"> +{px(new Decimal(b.locked))} locked</span> : null}
                  </dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted small">{status?.mode === 'none' ? 'No session.' : 'Waiting for the first bar…'}</p>
          )}
        </div>
        <div>
          <h3 className="subpanel__title">Protection</h3>
          {protection.length === 0 ? (
            <p className="muted small">No stop-loss or take-profit set.</p>
          ) : (
            <table className="grid grid--compact">
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col" className="num">Stop-loss</th>
                  <th scope="col" className="num">Take-profit</th>
                  <th scope="col">Orders</th>
                </tr>
              </thead>
              <tbody>
                {protection.map(({ plan, orders }) => (
                  <tr key={plan.plan_id}>
                    <td className="mono" title={plan.plan_id}>
                      {shortId(plan.plan_id)} {plan.asset_symbol}
                    </td>
                    <td className="num pnl--loss">{px(plan.stop_loss_price)}</td>
                    <td className="num pnl--gain">{px(plan.take_profit_price)}</td>
                    <td className="small">{orders.length === 0 ? <span className="muted">none live</span> : orders.map((o) => `${humanize(o.role)} ${humanize(o.status)}`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
