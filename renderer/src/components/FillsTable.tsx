import { useCallback, useMemo, type ReactElement } from 'react';
import type { FillView } from '../../../core/ledger/views';
import type { Rows } from '../store/append-list';
import type { Column } from './table/column';
import { fillRowText, fillTime } from './table/fill-row';
import { cachedRowText, DEFAULT_DECIMALS, type ColumnDecimals } from './table/row-text';
import type { SortDirection } from './table/time-order';
import { useTimeOrder } from './table/use-time-order';
import { VirtualTable } from './table/VirtualTable';
import './components.css';

/**
 * The fills table, virtualized (200,000 fills scroll with ~40 rows in the DOM).
 *
 * Props contract:
 * - `fills`: decoded FillView values (z.output of FillViewSchema: Decimal,
 *   Date), in any order, immutable (a new array, or a new AppendList from
 *   store/append-list.ts, when fills arrive).
 * - Sorted by `executed_at`, newest first unless `defaultSort` says 'asc';
 *   the time header toggles it.
 * - `anomalousFillIds`: fills to highlight (late fills after a cancel,
 *   overfills): their rows get `ld-row--anomaly`. Build it with
 *   `anomalousFillIds(anomalies)` from format/anomalies.ts.
 * - `onSelectOrder(orderId)` (optional): a row click selects the fill's order.
 * - `decimals`, `rowHeight`, `initialHeight`: as OrdersTable.
 */
export interface FillsTableProps {
  readonly fills: Rows<FillView>;
  readonly anomalousFillIds?: ReadonlySet<string>;
  readonly onSelectOrder?: (orderId: string) => void;
  readonly defaultSort?: SortDirection;
  readonly decimals?: Partial<ColumnDecimals>;
  readonly label?: string;
  readonly rowHeight?: number;
  readonly initialHeight?: number;
}

export const FILLS_TIME_COLUMN = 'time';

export function fillColumns(decimals: ColumnDecimals): readonly Column<FillView>[] {
  const text = cachedRowText((f: FillView) => fillRowText(f, decimals));
  return [
    { id: FILLS_TIME_COLUMN, header: 'Time (UTC)', cell: (f) => text(f).time, title: (f) => text(f).timeTitle },
    { id: 'fill', header: 'Fill', cell: (f) => text(f).fillId, title: (f) => text(f).fillId, className: () => 'ld-cell--id' },
    { id: 'order', header: 'Order', cell: (f) => text(f).orderId, title: (f) => text(f).orderId, className: () => 'ld-cell--id' },
    { id: 'side', header: 'Side', cell: (f) => text(f).side, className: (f) => `ld-side--${f.side.toLowerCase()}` },
    { id: 'price', header: 'Price', numeric: true, cell: (f) => text(f).price },
    { id: 'qty', header: 'Qty', numeric: true, cell: (f) => text(f).quantity },
    { id: 'fee', header: 'Fee', numeric: true, cell: (f) => text(f).fee },
    { id: 'liquidity', header: 'Liquidity', cell: (f) => text(f).liquidity },
    { id: 'profile', header: 'Fidelity', cell: (f) => text(f).fidelityProfile, title: (f) => text(f).fidelityProfile },
  ];
}

const NO_IDS: ReadonlySet<string> = new Set();
const fillKey = (f: FillView) => f.fill_id;

export function FillsTable(props: FillsTableProps): ReactElement {
  const { fills, anomalousFillIds = NO_IDS, onSelectOrder, defaultSort = 'desc', decimals, label = 'Fills', rowHeight, initialHeight } = props;
  const price = decimals?.price ?? DEFAULT_DECIMALS.price;
  const quantity = decimals?.quantity ?? DEFAULT_DECIMALS.quantity;
  const fee = decimals?.fee ?? DEFAULT_DECIMALS.fee;
  const columns = useMemo(() => fillColumns({ price, quantity, fee }), [price, quantity, fee]);
  const { rowAt, sort } = useTimeOrder(fills, fillTime, FILLS_TIME_COLUMN, defaultSort);
  const rowClassName = useCallback((f: FillView) => (anomalousFillIds.has(f.fill_id) ? 'ld-row--anomaly' : undefined), [anomalousFillIds]);
  const onActivate = useMemo(() => (onSelectOrder ? (f: FillView) => onSelectOrder(f.parent_order_id) : undefined), [onSelectOrder]);
  return (
    <VirtualTable
      label={label}
      className="ld-fills"
      columns={columns}
      rowCount={fills.length}
      rowAt={rowAt}
      rowKey={fillKey}
      rowClassName={rowClassName}
      onActivate={onActivate}
      sort={sort}
      rowHeight={rowHeight}
      initialHeight={initialHeight}
      emptyText="No fills"
    />
  );
}
