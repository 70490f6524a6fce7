import type { Decimal, OrderStatus } from '../domain';
import { dec, str, ZERO } from './amounts';
import { isLive } from './live';
import type { GroupRow, OrderRow } from './rows';

type Counts = Partial<Record<OrderStatus, number>>;

/** Quantity still to come from a live order; 0 once it is done or overfilled. */
export function openOf(status: OrderStatus, quantity: Decimal, filled: Decimal): Decimal {
  if (!isLive(status)) return ZERO;
  const open = quantity.minus(filled);
  return open.isNeg() ? ZERO : open;
}

/** openOf for a stored row; an unfilled order's open quantity is its quantity (no subtraction). */
export function openQuantity(o: Pick<OrderRow, 'status' | 'quantity' | 'filled_quantity'>): Decimal {
  if (!isLive(o.status)) return ZERO;
  return o.filled_quantity === '0' ? dec(o.quantity) : openOf(o.status, dec(o.quantity), dec(o.filled_quantity));
}

/**
 * A group's order bookkeeping (ids, counts by status, in-flight quantity)
 * followed through any number of order changes, parsed once and printed
 * once: one order's change and a bulk write of a thousand share it.
 */
export class GroupTally {
  private counts: Counts | undefined;
  private inFlight: Decimal | undefined;
  private added: string[] = [];

  constructor(private readonly group: GroupRow) {}

  /** An order of the group went from `before` (null: new) to `after`. */
  apply(before: Pick<OrderRow, 'status' | 'quantity' | 'filled_quantity'> | null, after: Pick<OrderRow, 'order_id' | 'status' | 'quantity' | 'filled_quantity'>): this {
    if (before === null) this.added.push(after.order_id);
    if (before === null || before.status !== after.status) {
      this.counts ??= JSON.parse(this.group.order_counts) as Counts;
      moveCount(this.counts, before?.status ?? null, after.status);
    }
    const openBefore = before === null ? ZERO : openQuantity(before);
    const openAfter = openQuantity(after);
    if (!openBefore.eq(openAfter)) this.inFlight = (this.inFlight ?? dec(this.group.in_flight_quantity)).minus(openBefore).plus(openAfter);
    return this;
  }

  /** The group row with the bookkeeping applied. */
  row(): GroupRow {
    const g = this.group;
    return {
      ...g,
      order_ids: this.added.reduce(appendId, g.order_ids),
      order_counts: this.counts === undefined ? g.order_counts : JSON.stringify(this.counts),
      in_flight_quantity: this.inFlight === undefined ? g.in_flight_quantity : str(this.inFlight),
    };
  }
}

/** `order_ids` JSON with one more id, appended without re-reading the whole array. */
function appendId(orderIds: string, id: string): string {
  return orderIds === '[]' ? `[${JSON.stringify(id)}]` : `${orderIds.slice(0, -1)},${JSON.stringify(id)}]`;
}

/** The group's order_counts JSON after one of its orders went from `before` (null: new) to `after` (the fill path's counts). */
export function recount(orderCounts: string, before: OrderStatus | null, after: OrderStatus): string {
  const counts = JSON.parse(orderCounts) as Counts;
  moveCount(counts, before, after);
  return JSON.stringify(counts);
}

function moveCount(counts: Counts, before: OrderStatus | null, after: OrderStatus): void {
  if (before !== null) {
    const n = (counts[before] ?? 0) - 1;
    if (n > 0) counts[before] = n;
    else delete counts[before];
  }
  counts[after] = (counts[after] ?? 0) + 1;
}
