/**
 * Display order of rows by time without copying them. The ledger hands rows
 * in write order, which is time order already (oldest first, or newest first
 * if the store prepends): recognising that is one pass, after which no sort
 * and no array is needed, and either display direction is index arithmetic.
 * When rows only grow at the end (or at the start), only the new rows are
 * sorted and merged in, so 2,000 fills a second on top of 200,000 cost a
 * sort of 2,000 and at most a merge, never a sort of 202,000. Rows with
 * equal times are in no particular order relative to each other.
 */
import type { Rows } from '../../store/append-list';

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
export function timeOrderOf<R>(rows: Rows<R>, timeOf: (row: R) => number): TimeOrder {
  const n = rows.length;
  const times = new Float64Array(n);
  let asc = true;
  let desc = true;
  for (let i = 0; i < n; i++) {
    const t = timeOf(rows.at(i) as R);
    times[i] = t;
    if (i > 0) {
      const prev = times[i - 1] as number;
      if (t < prev) asc = false;
      else if (t > prev) desc = false;
    }
  }
  if (asc) return ASC;
  if (desc) return DESC;
  const index = newIndex(n, n);
  for (let i = 0; i < n; i++) index[i] = i;
  // Array.prototype.sort is stable; the tie-break keeps it so on typed arrays too.
  index.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  return { kind: 'index', index };
}

/**
 * The time order of `next`, reusing `prevOrder` (the order of `prev`) when
 * `next` is `prev` grown at the end or at the start (the same first and last
 * old rows in their places): only the new rows are sorted, then merged into
 * the old order; rows that keep it oldest first (appended) or newest first
 * (prepended) need no index at all.
 */
export function extendTimeOrder<R>(prev: Rows<R>, prevOrder: TimeOrder, next: Rows<R>, timeOf: (row: R) => number): TimeOrder {
  const n = prev.length;
  const m = next.length;
  if (next === prev) return prevOrder;
  if (n === 0 || m < n) return timeOrderOf(next, timeOf);
  const appended = next.at(0) === prev.at(0) && next.at(n - 1) === prev.at(n - 1);
  const prepended = !appended && next.at(m - n) === prev.at(0) && next.at(m - 1) === prev.at(n - 1);
  if (!appended && !prepended) return timeOrderOf(next, timeOf);
  const shift = appended ? 0 : m - n;
  const firstNew = appended ? n : 0;
  const k = m - n;
  // The new rows, in ascending time (ties by position).
  const added = new Uint32Array(k);
  const addedTimes = new Float64Array(k);
  let addedAscending = true;
  let addedDescending = true;
  for (let j = 0; j < k; j++) {
    added[j] = firstNew + j;
    addedTimes[j] = timeOf(next.at(firstNew + j) as R);
    if (j > 0 && (addedTimes[j] as number) < (addedTimes[j - 1] as number)) addedAscending = false;
    if (j > 0 && (addedTimes[j] as number) > (addedTimes[j - 1] as number)) addedDescending = false;
  }
  if (prevOrder.kind === 'asc' && appended && addedAscending && (k === 0 || (addedTimes[0] as number) >= timeOf(prev.at(n - 1) as R))) return ASC;
  if (prevOrder.kind === 'desc' && prepended && addedDescending && (k === 0 || (addedTimes[k - 1] as number) >= timeOf(prev.at(0) as R))) return DESC;
  if (!addedAscending) {
    const byTime = Array.from(added.keys()).sort((a, b) => (addedTimes[a] as number) - (addedTimes[b] as number) || a - b);
    const positions = byTime.map((j) => added[j] as number);
    const times = byTime.map((j) => addedTimes[j] as number);
    added.set(positions);
    addedTimes.set(times);
  }
  // The old rows' positions in `next`, oldest first.
  const oldAt = (rank: number) => rowPositionAt(rank, n, prevOrder, 'asc') + shift;
  // Appending rows no older than every old row (the usual case) adds them after the old index, in place when it can.
  if (appended && prevOrder.kind === 'index' && (k === 0 || (addedTimes[0] as number) >= timeOf(next.at(oldAt(n - 1)) as R))) {
    return { kind: 'index', index: appendToIndex(prevOrder.index, added) };
  }
  const index = newIndex(m, m);
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < n && j < k) {
    const pos = oldAt(i);
    const t = timeOf(next.at(pos) as R);
    const tj = addedTimes[j] as number;
    if (t < tj || (t === tj && pos < (added[j] as number))) {
      index[out++] = pos;
      i++;
    } else index[out++] = added[j++] as number;
  }
  while (i < n) index[out++] = oldAt(i++);
  while (j < k) index[out++] = added[j++] as number;
  return { kind: 'index', index };
}

/** Elements of each index buffer that hold a live index: an index view of exactly that length may grow in place. */
const filled = new WeakMap<ArrayBufferLike, number>();

/** A `length`-long index over a buffer with room for `capacity`. */
function newIndex(length: number, capacity: number): Uint32Array {
  const index = new Uint32Array(new ArrayBuffer(Math.max(length, capacity) * Uint32Array.BYTES_PER_ELEMENT), 0, length);
  filled.set(index.buffer, length);
  return index;
}

/**
 * `index` followed by `added`, as a new view. An index is a view of a larger
 * buffer: the longest view of a buffer grows into its free room without
 * copying (shorter views never read past their own length); otherwise the
 * index is copied into a buffer half again as large, so 2,000 fills a
 * second on 160,000 do not copy the index for every batch.
 */
function appendToIndex(index: Uint32Array, added: Uint32Array): Uint32Array {
  const n = index.length;
  const m = n + added.length;
  const room = (index.buffer.byteLength - index.byteOffset) / Uint32Array.BYTES_PER_ELEMENT;
  if (filled.get(index.buffer) === n && index.byteOffset === 0 && room >= m) {
    const grown = new Uint32Array(index.buffer, 0, m);
    grown.set(added, n);
    filled.set(index.buffer, m);
    return grown;
  }
  const grown = newIndex(m, Math.ceil(m * 1.5));
  grown.set(index);
  grown.set(added, n);
  return grown;
}

/** The row position shown at `displayIndex`. */
export function rowPositionAt(displayIndex: number, count: number, order: TimeOrder, direction: SortDirection): number {
  const k = direction === 'asc' ? displayIndex : count - 1 - displayIndex;
  if (order.kind === 'asc') return k;
  if (order.kind === 'desc') return count - 1 - k;
  return order.index[k] as number;
}
