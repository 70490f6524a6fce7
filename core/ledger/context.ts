import type Database from 'better-sqlite3';
import type { Clock } from '../clock/clock';
import { generateId, type IdPrefix } from '../domain';
import type { Outbox } from './outbox';
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
  /** Clock time as the ISO UTC text every timestamp column holds. */
  nowIso(): string;
  newId(prefix: IdPrefix): string;
}

export function createContext(db: Database.Database, sql: StatementCache, outbox: Outbox, clock: TimeSource): LedgerContext {
  return {
    db,
    sql,
    outbox,
    nowIso: () => new Date(clock.now()).toISOString(),
    newId: (prefix) => generateId(prefix, clock.now()),
  };
}
