import type Database from 'better-sqlite3';
import type { Clock } from '../clock/clock';
import { generateId, type IdPrefix } from '../domain';
import type { Outbox } from './outbox';
import { RowCache } from './row-cache';
import type { StatementCache } from './statements';

/** The ledger needs only the time from a Clock. */
export type TimeSource = Pick<Clock, 'now'>;

/**
 * What every write and read function receives: the connection, its cached
 * statements, the clock and the outbox. Functions take `(ctx, input)`; only
 * the ledger object opens transactions around them.
 */
export interface LedgerContext {
  readonly db: Database.Database;
  readonly sql: StatementCache;
  readonly outbox: Outbox;
  /** The fill path's write cache: rows changed in memory, written once per transaction. */
  readonly rows: RowCache;
  /** Clock time as the ISO UTC text every timestamp column holds. */
  nowIso(): string;
  newId(prefix: IdPrefix): string;
}

const LAST_EVENT_AT = 'SELECT at FROM outbox ORDER BY seq DESC LIMIT 1';

/**
 * Ledger time never runs backwards: a wall clock stepped back (NTP) would
 * otherwise stamp an update before its row's creation, which the domain
 * refuses. Time starts from the last event written, so a restart behind the
 * previous run's clock holds too.
 */
function monotonic(clock: TimeSource, sql: StatementCache): () => number {
  const lastAt = sql.get(LAST_EVENT_AT).pluck().get() as string | undefined;
  let last = lastAt === undefined ? 0 : Date.parse(lastAt);
  return () => {
    last = Math.max(last, clock.now());
    return last;
  };
}

export function createContext(db: Database.Database, sql: StatementCache, outbox: Outbox, clock: TimeSource): LedgerContext {
  const now = monotonic(clock, sql);
  let lastMs = Number.NaN;
  let lastIso = '';
  return {
    db,
    sql,
    outbox,
    rows: new RowCache(sql),
    nowIso: () => {
      // A batch records many fills in the same millisecond: print it once.
      const ms = now();
      if (ms !== lastMs) {
        lastMs = ms;
        lastIso = new Date(ms).toISOString();
      }
      return lastIso;
    },
    newId: (prefix) => generateId(prefix, now()),
  };
}
