/**
 * Display order of rows by time without copying them. The ledger hands rows
 * in write order, which is almost always time order already: checking that
 * is one pass, and then no sort and no array is needed at all. Descending is
 * index arithmetic, so flipping the sort or appending 2,000 fills a second
 * costs nothing per row.
 */
export type SortDirection = 'asc' | 'desc';

/**
 * Row positions in ascending time order (ties keep input order), or null when
 * the rows are ascending already.
 */
export function ascendingTimeIndex<R>(rows: readonly R[], timeOf: (row: R) => number): Uint32Array | null {
  const n = rows.length;
  const times = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    times[i] = timeOf(rows[i] as R);
    if (i > 0 && (times[i] as number) < (times[i - 1] as number)) sorted = false;
  }
  if (sorted) return null;
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  // Array.prototype.sort is stable; the tie-break keeps it so on typed arrays too.
  index.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  return index;
}

/** The row position shown at `displayIndex`. */
export function rowPositionAt(displayIndex: number, count: number, ascending: Uint32Array | null, direction: SortDirection): number {
  const k = direction === 'asc' ? displayIndex : count - 1 - displayIndex;
  return ascending ? (ascending[k] as number) : k;
}
