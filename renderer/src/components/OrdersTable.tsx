import { useCallback, useMemo, type ReactElement } from 'react';
import { LIVE_ORDER_STATUSES } from '../../../core/domain/transitions';
import type { OrderView } from '../../../core/ledger/views';
import type { Column } from './table/column';
import { orderRowText, orderTime } from './table/order-row';
import { cachedRowText, DEFAULT_DECIMALS, type ColumnDecimals } from './table/row-text';
import type { SortDirection } from './table/time-order';
import { useTimeOrder } from './table/use-time-order';
import { VirtualTable } from './table/VirtualTable';
import './components.css';

/**
 * The orders table, virtualized (50,000 rows scroll with ~40 in the DOM).
 *
 * Props contract:
 * - `orders`: decoded OrderView values (z.output of OrderViewSchema: Decimal,
 *   Date), in any order; treat the array and its objects as immutable (a new
 *   array when anything changes, a new object for a changed order), which is
 *   what lets rows skip re-rendering.
 * - Sorted by `created_at`, newest first unless `defaultSort` says 'asc'; the
 *   time header toggles it (local UI state).
 * - `onSelectOrder(orderId)` on row click / Enter / Space;
 *   `selectedOrderId` highlights that row (aria-selected is not used: the
 *   grid is not a selection widget, the row gets `ld-row--selected`).
 * - `decimals`: fixed places per column kind (default price 2, quantity 8, fee 8).
 * - `rowHeight`, `initialHeight`: see VirtualTable.
 * The grid carries `data-open-orders`: how many of `orders` are live
 * (LIVE_ORDER_STATUSES), i.e. what the table shows as still open, for
 * tests and benchmarks that cannot see rows outside the window.
 */
export interface OrdersTableProps {
  readonly orders: readonly OrderView[];
  readonly onSelectOrder?: (orderId: string) => void;
  readonly selectedOrderId?: string | null;
  readonly defaultSort?: SortDirection;
  readonly decimals?: Partial<ColumnDecimals>;
  readonly label?: string;
  readonly rowHeight?: number;
  readonly initialHeight?: number;
}

export const ORDERS_TIME_COLUMN = 'time';

/** The orders table's columns, reading one cached text model per row. */
export function orderColumns(decimals: ColumnDecimals): readonly Column<OrderView>[] {
  const text = cachedRowText((o: OrderView) => orderRowText(o, decimals));
  return [
    { id: ORDERS_TIME_COLUMN, header: 'Time (UTC)', cell: (o) => text(o).time, title: (o) => text(o).timeTitle },
    { id: 'order', header: 'Order', cell: (o) => text(o).orderId, title: (o) => text(o).orderId, className: () => 'ld-cell--id' },
    { id: 'group', header: 'Group', cell: (o) => text(o).groupId, title: (o) => text(o).groupId, className: () => 'ld-cell--id' },
    { id: 'role', header: 'Role', cell: (o) => text(o).role },
    { id: 'side', header: 'Side', cell: (o) => text(o).side, className: (o) => `ld-side--${o.side.toLowerCase()}` },
    { id: 'type', header: 'Type', cell: (o) => text(o).type },
    { id: 'qty', header: 'Qty', numeric: true, cell: (o) => text(o).quantity },
    { id: 'price', header: 'Price / stop', numeric: true, cell: (o) => text(o).priceStop },
    {
      id: 'status',
      header: 'Status',
      cell: (o) => <span className={`ld-badge ld-tone--${text(o).statusTone}`}>{text(o).status}</span>,
    },
    { id: 'filled', header: 'Filled', numeric: true, cell: (o) => text(o).filled },
    { id: 'avg', header: 'Avg price', numeric: true, cell: (o) => text(o).averagePrice },
    { id: 'fees', header: 'Fees', numeric: true, cell: (o) => text(o).fees },
  ];
}

const orderKey = (o: OrderView) => o.order_id;
const LIVE: ReadonlySet<string> = new Set(LIVE_ORDER_STATUSES);

export function openOrderCount(orders: readonly OrderView[]): number {
  let n = 0;
  for (const o of orders) if (LIVE.has(o.status)) n += 1;
  return n;
}

export function OrdersTable(props: OrdersTableProps): ReactElement {
  const { orders, onSelectOrder, selectedOrderId = null, defaultSort = 'desc', decimals, label = 'Orders', rowHeight, initialHeight } = props;
  const price = decimals?.price ?? DEFAULT_DECIMALS.price;
  const quantity = decimals?.quantity ?? DEFAULT_DECIMALS.quantity;
  const fee = decimals?.fee ?? DEFAULT_DECIMALS.fee;
  const columns = useMemo(() => orderColumns({ price, quantity, fee }), [price, quantity, fee]);
  const { rowAt, sort } = useTimeOrder(orders, orderTime, ORDERS_TIME_COLUMN, defaultSort);
  const rowClassName = useCallback(
    (o: OrderView) => (o.order_id === selectedOrderId ? 'ld-row--selected' : undefined),
    [selectedOrderId],
  );
  const onActivate = useMemo(() => (onSelectOrder ? (o: OrderView) => onSelectOrder(o.order_id) : undefined), [onSelectOrder]);
  const dataAttributes = useMemo(() => ({ 'data-open-orders': openOrderCount(orders) }), [orders]);
  return (
    <VirtualTable
      label={label}
      className="ld-orders"
      columns={columns}
      rowCount={orders.length}
      rowAt={rowAt}
      rowKey={orderKey}
      rowClassName={rowClassName}
      onActivate={onActivate}
      sort={sort}
      rowHeight={rowHeight}
      initialHeight={initialHeight}
      emptyText="No orders"
      dataAttributes={dataAttributes}
    />
  );
}
