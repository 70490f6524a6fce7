import { useMemo, type ReactElement } from 'react';
import type { FillView, PlanView } from '../../../core/ledger/views';
import { PriceChart } from '../components/PriceChart';
import { useDesk } from '../desk-context';
import type { Rows } from '../store/append-list';
import { fillsOfPlan } from '../store/selectors';

const NO_BARS: never[] = [];
const NO_FILLS: Rows<FillView> = [];

/** The plan's symbol since the page opened, with the plan's fills marked. */
export function ChartPanel({ plan }: { readonly plan: PlanView }): ReactElement {
  const bars = useDesk((d) => d.bars[plan.asset_symbol] ?? NO_BARS);
  const ledger = useDesk((d) => d.ledger);
  const fills = useMemo(() => (ledger ? fillsOfPlan(ledger, plan.plan_id) : NO_FILLS), [ledger, plan.plan_id]);
  return (
    <section className="panel chart-panel" aria-label={`${plan.asset_symbol} price chart`}>
      <div className="chart">
        <PriceChart bars={bars} fills={fills} label={`${plan.asset_symbol} price with the plan's fills`} />
      </div>
    </section>
  );
}
