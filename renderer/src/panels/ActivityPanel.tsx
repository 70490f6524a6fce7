import { useMemo, useState, type ReactElement } from 'react';
import type { FillView, OrderView, PlanView } from '../../../core/ledger/views';
import { FillsTable } from '../components/FillsTable';
import { OrdersTable } from '../components/OrdersTable';
import { useDesk } from '../desk-context';
import { anomalousFillIds } from '../format/anomalies';
import { formatCount } from '../format/number';
import type { Rows } from '../store/append-list';
import { fillsOfPlan, ordersOfPlan } from '../store/selectors';
import { TimelineView, type TimelineTarget } from './TimelineView';
import { shortId } from './use-ledger';

type Tab = 'orders' | 'fills' | 'timeline';

const NO_ORDERS: readonly OrderView[] = [];
const NO_FILLS: Rows<FillView> = [];

/** Orders and fills of the selected plan (or group), virtualized; the timeline of the selected order or group. */
export function ActivityPanel({ plan }: { readonly plan: PlanView }): ReactElement {
  const ledger = useDesk((d) => d.ledger);
  const groupId = useDesk((d) => d.selectedGroupId);
  const orderId = useDesk((d) => d.selectedOrderId);
  const selectOrder = useDesk((d) => d.selectOrder);
  const [tab, setTab] = useState<Tab>('orders');

  const orders = useMemo(() => (ledger ? ordersOfPlan(ledger, plan.plan_id, groupId) : NO_ORDERS), [ledger, plan.plan_id, groupId]);
  const fills = useMemo(() => (ledger ? fillsOfPlan(ledger, plan.plan_id, groupId) : NO_FILLS), [ledger, plan.plan_id, groupId]);
  const anomalies = ledger?.anomalies;
  const flagged = useMemo(() => anomalousFillIds(anomalies ? [...anomalies.values()] : []), [anomalies]);
  const target: TimelineTarget | null = orderId ? { kind: 'order', id: orderId } : groupId ? { kind: 'group', id: groupId } : null;

  const openOrder = (id: string) => {
    selectOrder(id);
    setTab('timeline');
  };
  const scope = groupId ? `group ${shortId(groupId)}` : 'plan';
  const tabs: readonly [Tab, string][] = [
    ['orders', `Orders ${formatCount(orders.length)}`],
    ['fills', `Fills ${formatCount(fills.length)}`],
    ['timeline', target ? `Timeline · ${target.kind} ${shortId(target.id)}` : 'Timeline'],
  ];

  return (
    <section className="panel activity" aria-label="Activity">
      <div className="tabs" role="tablist" aria-label={`Activity of the ${scope}`}>
        {tabs.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`tabpanel-${key}`}
            className={`tab${tab === key ? ' is-active' : ''}`}
            onClick={() => setTab(key)}
          >
            {label}
          </button>
        ))}
        <span className="tabs__scope">{scope}</span>
      </div>
      <div className="activity__body" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'orders' ? (
          <OrdersTable orders={orders} onSelectOrder={openOrder} selectedOrderId={orderId} label={`Orders of the ${scope}`} />
        ) : tab === 'fills' ? (
          <FillsTable fills={fills} anomalousFillIds={flagged} onSelectOrder={openOrder} label={`Fills of the ${scope}`} />
        ) : target ? (
          <TimelineView target={target} />
        ) : (
          <p className="muted small pad">Select a group or an order to see its timeline.</p>
        )}
      </div>
    </section>
  );
}
