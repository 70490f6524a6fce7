import { memo, useMemo, useRef, type ReactElement } from 'react';
import { useDesk } from '../desk-context';
import type { PlanView } from '../../../core/ledger/views';
import { groupBenchmark, groupRows, slippageBps, type Benchmark, type GroupRow } from '../store/selectors';
import { Badge } from './Badge';
import { CancelGroupButton } from './CancelGroupButton';
import { avgPx, bps, clock } from './numbers';
import { ProgressBar } from './ProgressBar';
import { groupTone } from './tones';
import { shortId } from './use-ledger';
import { useWindowRows } from './use-window-rows';

/**
 * A group line's height (px), authoritative: lines are never measured. Set on
 * each line from here; the cells' CSS keeps their content on one line (two in
 * the benchmark cells) so nothing grows a line past it.
 */
const GROUP_ROW_HEIGHT = 42;
/** Lines kept in the DOM beyond each edge of the scroller's viewport. */
const OVERSCAN = 5;
const LINE_STYLE = { height: GROUP_ROW_HEIGHT } as const;
const COLUMNS = 8;

/**
 * The selected plan's groups: progress, price against benchmarks, time, and a
 * one-click cancel each. Only the lines near the scrolling column's viewport
 * are in the DOM (a plan can hold hundreds of groups and a cancel-all changes
 * every one of them); spacer rows keep the table its full height, and fixed
 * column widths keep the columns still while lines come and go.
 */
export function GroupsPanel({ plan }: { readonly plan: PlanView }): ReactElement {
  const ledger = useDesk((d) => d.ledger);
  const bars = useDesk((d) => d.bars);
  const now = useDesk((d) => d.status?.now ?? null);
  const selectedGroup = useDesk((d) => d.selectedGroupId);
  const selectGroup = useDesk((d) => d.selectGroup);
  const symbolBars = bars[plan.asset_symbol];
  // A row's benchmark is kept while its group row, the symbol's bars and the clock are the same.
  const benches = useRef(new WeakMap<GroupRow, { bars: unknown; now: number | null; bench: Benchmark }>());
  const rows = useMemo(() => {
    if (!ledger) return [];
    return groupRows(ledger, plan.plan_id).map((row) => {
      const kept = benches.current.get(row);
      if (kept && kept.bars === symbolBars && kept.now === now) return { row, bench: kept.bench };
      const bench = groupBenchmark(ledger, row.group, plan.asset_symbol, bars, now ?? row.group.created_at.getTime());
      benches.current.set(row, { bars: symbolBars, now, bench });
      return { row, bench };
    });
    // `bars` matters only through the plan's symbol's bars.
  }, [ledger, plan.plan_id, plan.asset_symbol, symbolBars, now]);
  const { bodyRef, range } = useWindowRows(rows.length, GROUP_ROW_HEIGHT, OVERSCAN);
  // A group awaiting a decision stacks an alert badge under its status: its column widens for the whole table, not per window.
  const awaiting = rows.some(({ row }) => row.awaitingDecision);

  return (
    <section className="panel" aria-labelledby="groups-title">
      <h2 className="panel__title" id="groups-title">
        Execution groups <span className="panel__count">{rows.length}</span>
        {selectedGroup ? (
          <button type="button" className="link" onClick={() => selectGroup(null)}>
            show all orders
          </button>
        ) : null}
      </h2>
      <table className="grid grid--groups" aria-labelledby="groups-title" aria-rowcount={rows.length + 1}>
        <colgroup>
          <col className="col-group" />
          <col className={awaiting ? 'col-status col-status--alert' : 'col-status'} />
          <col className="col-progress" />
          <col className="col-px" />
          <col className="col-arrival" />
          <col className="col-twap" />
          <col className="col-time" />
          <col className="col-action" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Group</th>
            <th scope="col">Status</th>
            <th scope="col">Filled / target</th>
            <th scope="col" className="num">
              Avg price
            </th>
            <th scope="col" className="num" title="Arrival price (mid when the group started) and slippage against it">
              vs arrival
            </th>
            <th scope="col" className="num" title="Mean market price over the group's window so far, and slippage against it">
              vs mkt TWAP
            </th>
            <th scope="col" className="num">
              Time / window
            </th>
            <th scope="col">
              <span className="sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS} className="grid__empty">
                No groups in this plan.
              </td>
            </tr>
          ) : (
            <>
              <Spacer height={range.before} />
              {rows.slice(range.start, range.end).map(({ row, bench }, i) => (
                <GroupLine
                  key={row.group.group_id}
                  row={row}
                  bench={bench}
                  rowIndex={range.start + i + 2}
                  side={plan.direction}
                  now={now}
                  selected={row.group.group_id === selectedGroup}
                  onSelect={selectGroup}
                />
              ))}
              <Spacer height={range.after} />
            </>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** Stands for the lines out of the window; hidden from assistive technology, which counts lines by aria-rowcount/aria-rowindex. */
function Spacer({ height }: { readonly height: number }): ReactElement | null {
  if (height <= 0) return null;
  return (
    <tr className="grid__spacer" aria-hidden="true" style={{ height }}>
      <td colSpan={COLUMNS} />
    </tr>
  );
}

/** Memoized: a batch of events re-renders only the lines of the groups it changed. */
const GroupLine = memo(function GroupLine(props: {
  readonly row: GroupRow;
  readonly bench: Benchmark;
  /** aria-rowindex: the header is row 1. */
  readonly rowIndex: number;
  readonly side: PlanView['direction'];
  readonly now: number | null;
  readonly selected: boolean;
  readonly onSelect: (groupId: string) => void;
}): ReactElement {
  const { row, bench, side, now } = props;
  const g = row.group;
  const start = bench.startMs ?? g.created_at.getTime();
  const end = bench.endMs;
  const stoppedAt = (g.completed_at ?? g.cancelled_at)?.getTime() ?? null;
  const elapsed = Math.max(0, Math.min(stoppedAt ?? Infinity, end ?? Infinity, now ?? start) - start);

  return (
    <tr
      className={`grid__row--select${props.selected ? ' is-selected' : ''}${row.awaitingDecision ? ' is-alert' : ''}`}
      data-group-id={g.group_id}
      aria-rowindex={props.rowIndex}
      style={LINE_STYLE}
      onClick={() => props.onSelect(g.group_id)}
    >
      <td title={g.group_id}>
        <span className="group-strategy">{g.execution_strategy}</span> <span className="mono muted">{shortId(g.group_id)}</span>
      </td>
      <td className={row.awaitingDecision ? 'group-status--alert' : undefined}>
        <Badge tone={groupTone(g.status)}>{g.status}</Badge>
        {row.awaitingDecision ? (
          <>
            {' '}
            <Badge tone="alert">AWAITING DECISION</Badge>
          </>
        ) : null}
      </td>
      <td>
        <ProgressBar progress={row.progress} label={`Group ${shortId(g.group_id)} fill progress`} />
      </td>
      <td className="num" title={g.average_fill_price?.toFixed() ?? undefined}>
        {avgPx(g.average_fill_price)}
      </td>
      <td className="num" title={bench.arrivalPrice ? `arrival ${bench.arrivalPrice.toFixed()}` : 'arrival price unknown'}>
        <span className="bench">{avgPx(bench.arrivalPrice)}</span>
        <span className="bench__bps">{bps(slippageBps(side, g.average_fill_price, bench.arrivalPrice))}</span>
      </td>
      <td className="num">
        <span className="bench">{avgPx(bench.marketTwap)}</span>
        <span className="bench__bps">{bps(slippageBps(side, g.average_fill_price, bench.marketTwap))}</span>
      </td>
      <td className="num">
        {clock(elapsed)}
        {end !== null ? ` / ${clock(end - start)}` : ''}
      </td>
      <td className="col-action">
        <CancelGroupButton row={row} />
      </td>
    </tr>
  );
});
