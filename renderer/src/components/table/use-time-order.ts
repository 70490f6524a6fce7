import { useCallback, useMemo, useRef, useState } from 'react';
import type { ColumnSort } from './column';
import { extendTimeOrder, rowPositionAt, timeOrderOf, type SortDirection, type TimeOrder } from './time-order';

/**
 * The sortable time column of a table: which row is shown at each display
 * index, and the header's toggle. The order is carried over from the
 * previous rows when the new ones only grew at one end (time-order.ts).
 */
export function useTimeOrder<R>(
  rows: readonly R[],
  timeOf: (row: R) => number,
  columnId: string,
  defaultDirection: SortDirection,
): { rowAt: (displayIndex: number) => R; sort: ColumnSort } {
  const [direction, setDirection] = useState<SortDirection>(defaultDirection);
  const last = useRef<{ rows: readonly R[]; order: TimeOrder; timeOf: (row: R) => number } | null>(null);
  const order = useMemo(() => {
    const prev = last.current;
    const next = prev && prev.timeOf === timeOf ? extendTimeOrder(prev.rows, prev.order, rows, timeOf) : timeOrderOf(rows, timeOf);
    last.current = { rows, order: next, timeOf };
    return next;
  }, [rows, timeOf]);
  const rowAt = useCallback(
    (displayIndex: number) => rows[rowPositionAt(displayIndex, rows.length, order, direction)] as R,
    [rows, order, direction],
  );
  const onToggle = useCallback(() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc')), []);
  const sort = useMemo<ColumnSort>(() => ({ columnId, direction, onToggle }), [columnId, direction, onToggle]);
  return { rowAt, sort };
}
