import type { ReactElement } from 'react';
import type { PlanView } from '../../../core/ledger/views';
import { ActivityPanel } from './ActivityPanel';
import { Badge } from './Badge';
import { CancelControls } from './CancelControls';
import { ChartPanel } from './ChartPanel';
import { GroupsPanel } from './GroupsPanel';
import { avgPx, px, qty } from './numbers';
import { shortId } from './use-ledger';

/** The selected plan: its header and emergency control, groups, chart, orders/fills/timeline. */
export function PlanDetail({ plan }: { readonly plan: PlanView }): ReactElement {
  return (
    <div className="plan-detail" aria-label={`Plan ${shortId(plan.plan_id)}`} role="region">
      <div className="plan-header">
        <div className="plan-header__main">
          <div className="plan-header__title">
            <span className="plan-header__symbol">{plan.asset_symbol}</span>
            <span className={`plan-header__dir ld-side--${plan.direction.toLowerCase()}`}>{plan.direction}</span>
            <Badge tone={plan.status === 'ACTIVE' ? 'live' : 'muted'}>{plan.status}</Badge>
            <span className="mono muted" title={plan.plan_id}>
              {shortId(plan.plan_id)}
            </span>
          </div>
          <dl className="plan-header__facts">
            <div>
              <dt>Filled</dt>
              <dd>
                {qty(plan.filled_quantity)} / {qty(plan.target_quantity)}
              </dd>
            </div>
            <div>
              <dt>Avg</dt>
              <dd title={plan.average_fill_price?.toFixed() ?? undefined}>{avgPx(plan.average_fill_price)}</dd>
            </div>
            <div>
              <dt>Fees</dt>
              <dd>{px(plan.fees_paid)}</dd>
            </div>
            <div>
              <dt>SL / TP</dt>
              <dd>
                <span className="pnl--loss">{px(plan.stop_loss_price)}</span> / <span className="pnl--gain">{px(plan.take_profit_price)}</span>
              </dd>
            </div>
          </dl>
        </div>
        <CancelControls plan={plan} />
      </div>
      <GroupsPanel plan={plan} />
      <div className="plan-detail__lower">
        <ChartPanel plan={plan} />
        <ActivityPanel plan={plan} />
      </div>
    </div>
  );
}
