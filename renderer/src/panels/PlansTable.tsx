import type { KeyboardEvent, ReactElement } from 'react';
import { useDesk } from '../desk-context';
import { planRows } from '../store/selectors';
import { Badge } from './Badge';
import { avgPx, qtyShort } from './numbers';
import { shortId, useLedgerMemo } from './use-ledger';

/** Every plan: symbol, direction, status, groups, filled vs target, average fill price. A row selects its plan. */
export function PlansTable(): ReactElement {
  const plans = useLedgerMemo(planRows, []);
  const selected = useDesk((d) => d.selectedPlanId);
  const select = useDesk((d) => d.selectPlan);
  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(id);
    }
  };
  return (
    <section className="panel" aria-labelledby="plans-title">
      <h2 className="panel__title" id="plans-title">
        Plans <span className="panel__count">{plans.length}</span>
      </h2>
      <div className="panel__scroll panel__scroll--plans">
        <table className="grid grid--tight" aria-labelledby="plans-title">
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Status</th>
              <th scope="col" className="num" title="Groups">
                Grp
              </th>
              <th scope="col" className="num">Filled / tgt</th>
              <th scope="col" className="num">Avg fill</th>
            </tr>
          </thead>
          <tbody>
            {plans.length === 0 ? (
              <tr>
                <td colSpan={7} className="grid__empty">
                  No plans yet: submit a ticket.
                </td>
              </tr>
            ) : (
              plans.map((p) => (
                <tr
                  key={p.plan_id}
                  className={`grid__row--select${p.plan_id === selected ? ' is-selected' : ''}`}
                  tabIndex={0}
                  aria-current={p.plan_id === selected ? 'true' : undefined}
                  data-plan-id={p.plan_id}
                  onClick={() => select(p.plan_id)}
                  onKeyDown={(e) => onKey(e, p.plan_id)}
                >
                  <td className="mono" title={p.plan_id}>
                    {shortId(p.plan_id)}
                  </td>
                  <td>{p.asset_symbol}</td>
                  <td className={`ld-side--${p.direction.toLowerCase()}`}>{p.direction}</td>
                  <td>
                    {/* A halted plan is still ACTIVE in the ledger; HALTED is what the trader must see. */}
                    {p.trading_halted && p.status === 'ACTIVE' ? (
                      <Badge tone="alert" title={`ACTIVE, trading halted${p.halt_reason ? `: ${p.halt_reason}` : ''}`}>
                        HALTED
                      </Badge>
                    ) : (
                      <Badge tone={p.status === 'ACTIVE' ? 'live' : 'muted'}>{p.status}</Badge>
                    )}
                  </td>
                  <td className="num">{p.group_count}</td>
                  <td className="num">
                    {qtyShort(p.filled_quantity)} / {qtyShort(p.target_quantity)}
                  </td>
                  <td className="num" title={p.average_fill_price?.toFixed() ?? undefined}>
                    {avgPx(p.average_fill_price)}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
