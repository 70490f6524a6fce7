import { useCallback, useMemo, useRef, useState } from 'react';
import type { Rows } from '../../store/append-list';
import type { ColumnSort } from './column';
import { extendTimeOrder, rowPositionAt, timeOrderOf, type SortDirection, type TimeOrder } from './time-order';

interface Ordered<R> {
  readonly rows: Rows<R>;
  readonly order: TimeOrder;
  readonly timeOf: (row: R) => number;
}

/** The latest order per timeOf function, shared by every table using it (weakly held). */
const recent = new WeakMap<object, Ordered<unknown>>();

/**
 * The sortable time column of a table: which row is shown at each display
 * index, and the header's toggle. The order is carried over from the
 * previous rows when the new ones only grew at one end (time-order.ts).
 */
export function useTimeOrder<R>(
  rows: Rows<R>,
  timeOf: (row: R) => number,
  columnId: string,
  defaultDirection: SortDirection,
): { rowAt: (displayIndex: number) => R; sort: ColumnSort } {
  const [direction, setDirection] = useState<SortDirection>(defaultDirection);
  const last = useRef<Ordered<R> | null>(null);
  const order = useMemo(() => {
    // A table mounted again (a tab switched back) starts from the last order computed with this timeOf.
    const prev = last.current?.timeOf === timeOf ? last.current : (recent.get(timeOf) as Ordered<R> | undefined);
    const next = prev ? extendTimeOrder(prev.rows, prev.order, rows, timeOf) : timeOrderOf(rows, timeOf);
    last.current = { rows, order: next, timeOf };
    recent.set(timeOf, last.current as Ordered<unknown>);
    return next;
  }, [rows, timeOf]);
  const rowAt = useCallback(
    (displayIndex: number) => rows.at(rowPositionAt(displayIndex, rows.length, order, direction)) as R,
    [rows, order, direction],
  );
  const onToggle = useCallback(() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc')), []);
  const sort = useMemo<ColumnSort>(() => ({ columnId, direction, onToggle }), [columnId, direction, onToggle]);
  return { rowAt, sort };
}
