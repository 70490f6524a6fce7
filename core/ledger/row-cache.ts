import type { Decimal, GroupStatus, OrderStatus } from '../domain';
import { dec, str } from './amounts';
import { emptyPosition, positionOf, positionRow, type Position } from './positions';
import { GROUP_BY_ID, ORDER_BY_ID, PLAN_BY_ID, POSITION_BY_SYMBOL, writeGroup, writeOrder, writePlan, writePosition } from './row-sql';
import type { GroupRow, OrderRow, PlanRow, PositionRow } from './rows';
import type { RowHolder, StatementCache } from './statements';

const DATA_VERSION = 'PRAGMA data_version';

interface Entry {
  dirty: boolean;
  /** The row as last printed (for the write and the event); dropped on every change. */
  printed: unknown;
  write(sql: StatementCache): void;
}

/** An order as the fill path changes it: amounts as Decimals, printed once when written or shown. */
export class OrderEntry implements Entry {
  dirty = false;
  readonly quantity: Decimal;
  status: OrderStatus;
  filled: Decimal;
  notional: Decimal;
  fees: Decimal;
  fill_count: number;
  last_fill_at: string | null;
  updated_at: string;

  /** The row as the table holds it (the write compares with it). */
  stored: OrderRow;

  constructor(stored: OrderRow) {
    this.stored = stored;
    this.quantity = dec(stored.quantity);
    this.status = stored.status;
    this.filled = dec(stored.filled_quantity);
    this.notional = dec(stored.filled_notional);
    this.fees = dec(stored.fees_paid);
    this.fill_count = stored.fill_count;
    this.last_fill_at = stored.last_fill_at;
    this.updated_at = stored.updated_at;
  }

  printed: OrderRow | undefined;

  row(): OrderRow {
    return (this.printed ??= this.print());
  }

  private print(): OrderRow {
    return {
      ...this.stored,
      status: this.status,
      filled_quantity: str(this.filled),
      filled_notional: str(this.notional),
      fees_paid: str(this.fees),
      fill_count: this.fill_count,
      last_fill_at: this.last_fill_at,
      updated_at: this.updated_at,
    };
  }

  write(sql: StatementCache): void {
    const row = this.row();
    writeOrder(sql, this.stored, row);
    this.stored = row;
  }
}

export class GroupEntry implements Entry {
  dirty = false;
  readonly target: Decimal | null;
  status: GroupStatus;
  updated_at: string;
  cancelled_at: string | null;
  completed_at: string | null;
  filled: Decimal;
  notional: Decimal;
  fees: Decimal;
  fill_count: number;
  inFlight: Decimal;
  order_counts: string;
  /** order_ids parsed once: fills never change it, and a big group's list is slow to parse per event. */
  private ids: readonly string[] | undefined;

  constructor(readonly stored: GroupRow) {
    this.target = stored.target_quantity === null ? null : dec(stored.target_quantity);
    this.status = stored.status;
    this.updated_at = stored.updated_at;
    this.cancelled_at = stored.cancelled_at;
    this.completed_at = stored.completed_at;
    this.filled = dec(stored.filled_quantity);
    this.notional = dec(stored.filled_notional);
    this.fees = dec(stored.fees_paid);
    this.fill_count = stored.fill_count;
    this.inFlight = dec(stored.in_flight_quantity);
    this.order_counts = stored.order_counts;
  }

  printed: GroupRow | undefined;

  row(): GroupRow {
    return (this.printed ??= this.print());
  }

  private print(): GroupRow {
    return {
      ...this.stored,
      status: this.status,
      updated_at: this.updated_at,
      cancelled_at: this.cancelled_at,
      completed_at: this.completed_at,
      filled_quantity: str(this.filled),
      filled_notional: str(this.notional),
      fees_paid: str(this.fees),
      fill_count: this.fill_count,
      in_flight_quantity: str(this.inFlight),
      order_counts: this.order_counts,
    };
  }

  /** A fresh copy of the group's order ids (each event gets its own array). */
  orderIds(): string[] {
    this.ids ??= JSON.parse(this.stored.order_ids) as string[];
    return this.ids.slice();
  }

  write(sql: StatementCache): void {
    writeGroup(sql, this.row());
  }
}

export class PlanEntry implements Entry {
  dirty = false;
  filled: Decimal;
  notional: Decimal;
  fees: Decimal;
  fill_count: number;
  updated_at: string;

  constructor(readonly stored: PlanRow) {
    this.filled = dec(stored.filled_quantity);
    this.notional = dec(stored.filled_notional);
    this.fees = dec(stored.fees_paid);
    this.fill_count = stored.fill_count;
    this.updated_at = stored.updated_at;
  }

  printed: PlanRow | undefined;

  row(): PlanRow {
    return (this.printed ??= this.print());
  }

  private print(): PlanRow {
    return {
      ...this.stored,
      filled_quantity: str(this.filled),
      filled_notional: str(this.notional),
      fees_paid: str(this.fees),
      fill_count: this.fill_count,
      updated_at: this.updated_at,
    };
  }

  write(sql: StatementCache): void {
    writePlan(sql, this.row());
  }
}

export class PositionEntry implements Entry {
  dirty = false;

  printed: PositionRow | undefined;

  constructor(public position: Position) {}

  row(): PositionRow {
    return (this.printed ??= positionRow(this.position));
  }

  write(sql: StatementCache): void {
    writePosition(sql, this.row());
  }
}

/** Clean entries kept from one transaction to the next, at most (beyond it the cache starts afresh). */
const KEEP_AT_MOST = 4096;

/**
 * The write cache of the fill path. recordFill keeps the order, group, plan
 * and position rows it touches here and changes them in memory; each changed
 * row is written once per transaction, before the outermost COMMIT
 * (writeBack). Any other statement first flushes the cache (writes and
 * empties it: StatementCache.get), so every other read and write sees the
 * rows as they are; a rollback discards it.
 *
 * After a commit the entries stay, as clean copies of their rows, so a
 * stream of one-fill transactions neither re-reads nor re-parses them. They
 * go on the first other statement, on a rollback, when another connection
 * has committed since (PRAGMA data_version, checked at BEGIN), or when more
 * than KEEP_AT_MOST are kept. Only raw SQL on the ledger's connection, past
 * its API, could change a row behind them: nothing in the ledger does.
 *
 * An entry that has left the cache is never changed again, so an event built
 * from it later (the outbox builds events at commit) shows its state at its
 * last change.
 */
export class RowCache implements RowHolder {
  private readonly orders = new Map<string, OrderEntry>();
  private readonly groups = new Map<string, GroupEntry>();
  private readonly plans = new Map<string, PlanEntry>();
  private readonly positions = new Map<string, PositionEntry>();
  private changed: Entry[] = [];
  private dataVersion: unknown;

  constructor(private readonly sql: StatementCache) {}

  /** At the outermost BEGIN: another connection's commit makes every kept copy suspect. */
  revalidate(): void {
    const version: unknown = this.sql.direct(DATA_VERSION).pluck().get();
    if (version !== this.dataVersion) this.discard();
    this.dataVersion = version;
  }

  order(orderId: string): OrderEntry | undefined {
    let e = this.orders.get(orderId);
    if (e === undefined) {
      const row = this.load<OrderRow>(ORDER_BY_ID, orderId);
      if (row === undefined) return undefined;
      e = new OrderEntry(row);
      this.orders.set(orderId, e);
    }
    return e;
  }

  group(groupId: string): GroupEntry | undefined {
    let e = this.groups.get(groupId);
    if (e === undefined) {
      const row = this.load<GroupRow>(GROUP_BY_ID, groupId);
      if (row === undefined) return undefined;
      e = new GroupEntry(row);
      this.groups.set(groupId, e);
    }
    return e;
  }

  plan(planId: string): PlanEntry | undefined {
    let e = this.plans.get(planId);
    if (e === undefined) {
      const row = this.load<PlanRow>(PLAN_BY_ID, planId);
      if (row === undefined) return undefined;
      e = new PlanEntry(row);
      this.plans.set(planId, e);
    }
    return e;
  }

  /** The symbol's position; a flat one (stamped `at`) if it has none yet. */
  position(symbol: string, at: string): PositionEntry {
    let e = this.positions.get(symbol);
    if (e === undefined) {
      e = new PositionEntry(positionOf(this.load<PositionRow>(POSITION_BY_SYMBOL, symbol) ?? emptyPosition(symbol, at)));
      this.positions.set(symbol, e);
    }
    return e;
  }

  /** `entry` was changed (call after every change): write it at the next flush. */
  touch(entry: Entry): void {
    entry.printed = undefined;
    if (entry.dirty) return;
    entry.dirty = true;
    this.changed.push(entry);
  }

  /** Before the outermost COMMIT: write every changed row, keep the entries as clean copies. */
  writeBack(): void {
    this.sql.release(this);
    const changed = this.changed;
    this.changed = [];
    for (const e of changed) {
      e.write(this.sql);
      e.dirty = false;
    }
    const kept = this.orders.size + this.groups.size + this.plans.size + this.positions.size;
    if (kept > KEEP_AT_MOST) this.discard();
    else if (kept > 0) this.sql.hold(this);
  }

  /** Write every changed row and empty the cache (another statement is about to run). */
  flush(): void {
    const changed = this.changed;
    this.discard();
    for (const e of changed) {
      e.write(this.sql);
      e.dirty = false;
    }
  }

  /** Forget everything (the transaction or savepoint that changed it rolled back). */
  discard(): void {
    this.sql.release(this);
    this.changed = [];
    this.orders.clear();
    this.groups.clear();
    this.plans.clear();
    this.positions.clear();
  }

  // A miss reads the row itself: it is not in memory, so the table has it as it is.
  private load<R>(sql: string, key: string): R | undefined {
    this.sql.hold(this);
    return this.sql.direct(sql).get(key) as R | undefined;
  }
}
