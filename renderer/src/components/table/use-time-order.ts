import { useCallback, useMemo, useState } from 'react';
import type { ColumnSort } from './column';
import { ascendingTimeIndex, rowPositionAt, type SortDirection } from './time-order';

/**
 * The sortable time column of a table: which row is shown at each display
 * index, and the header's toggle. Recomputed only when the rows array changes.
 */
export function useTimeOrder<R>(
  rows: readonly R[],
  timeOf: (row: R) => number,
  columnId: string,
  defaultDirection: SortDirection,
): { rowAt: (displayIndex: number) => R; sort: ColumnSort } {
  const [direction, setDirection] = useState<SortDirection>(defaultDirection);
  // Callers pass a module-level accessor, so in practice only the rows change.
  const ascending = useMemo(() => ascendingTimeIndex(rows, timeOf), [rows, timeOf]);
  const rowAt = useCallback(
    (displayIndex: number) => rows[rowPositionAt(displayIndex, rows.length, ascending, direction)] as R,
    [rows, ascending, direction],
  );
  const onToggle = useCallback(() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc')), []);
  const sort = useMemo<ColumnSort>(() => ({ columnId, direction, onToggle }), [columnId, direction, onToggle]);
  return { rowAt, sort };
}
