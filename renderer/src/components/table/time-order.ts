/**
 * Display order of rows by time without copying them. The ledger hands rows
 * in write order, which is time order already (oldest first, or newest first
 * if the store prepends): recognising that is one pass, after which no sort
 * and no array is needed, and either display direction is index arithmetic.
 * When rows only grow at the end (or, newest first, at the start), only the
 * new rows are looked at, so 2,000 fills a second on top of 200,000 cost
 * 2,000 comparisons, not 202,000. Rows with equal times are in no particular
 * order relative to each other (as given, or reversed).
 */
export type SortDirection = 'asc' | 'desc';

export type TimeOrder =
  /** Oldest first as given. */
  | { readonly kind: 'asc' }
  /** Newest first as given. */
  | { readonly kind: 'desc' }
  /** Neither: row positions in ascending time order (ties in input order). */
  | { readonly kind: 'index'; readonly index: Uint32Array };

const ASC: TimeOrder = { kind: 'asc' };
const DESC: TimeOrder = { kind: 'desc' };

/** The time order of `rows`, from scratch. */
export function timeOrderOf<R>(rows: readonly R[], timeOf: (row: R) => number): TimeOrder {
  const n = rows.length;
  const times = new Float64Array(n);
  let asc = true;
  let desc = true;
  for (let i = 0; i < n; i++) {
    const t = timeOf(rows[i] as R);
    times[i] = t;
    if (i > 0) {
      const prev = times[i - 1] as number;
      if (t < prev) asc = false;
      else if (t > prev) desc = false;
    }
  }
  if (asc) return ASC;
  if (desc) return DESC;
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  // Array.prototype.sort is stable; the tie-break keeps it so on typed arrays too.
  index.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  return { kind: 'index', index };
}

/**
 * The time order of `next`, reusing `prevOrder` (the order of `prev`) when
 * `next` is `prev` grown at the end (oldest-first rows) or at the start
 * (newest-first rows): the same first and last old rows in their places.
 */
export function extendTimeOrder<R>(prev: readonly R[], prevOrder: TimeOrder, next: readonly R[], timeOf: (row: R) => number): TimeOrder {
  const n = prev.length;
  const m = next.length;
  if (next === prev) return prevOrder;
  if (n === 0 || m < n) return timeOrderOf(next, timeOf);
  if (prevOrder.kind === 'asc' && next[0] === prev[0] && next[n - 1] === prev[n - 1]) {
    let t = timeOf(prev[n - 1] as R);
    for (let i = n; i < m; i++) {
      const ti = timeOf(next[i] as R);
      if (ti < t) return timeOrderOf(next, timeOf);
      t = ti;
    }
    return ASC;
  }
  if (prevOrder.kind === 'desc' && next[m - n] === prev[0] && next[m - 1] === prev[n - 1]) {
    let t = timeOf(prev[0] as R);
    for (let i = m - n - 1; i >= 0; i--) {
      const ti = timeOf(next[i] as R);
      if (ti < t) return timeOrderOf(next, timeOf);
      t = ti;
    }
    return DESC;
  }
  return timeOrderOf(next, timeOf);
}

/** The row position shown at `displayIndex`. */
export function rowPositionAt(displayIndex: number, count: number, order: TimeOrder, direction: SortDirection): number {
  const k = direction === 'asc' ? displayIndex : count - 1 - displayIndex;
  if (order.kind === 'asc') return k;
  if (order.kind === 'desc') return count - 1 - k;
  return order.index[k] as number;
}
