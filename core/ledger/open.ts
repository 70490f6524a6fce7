import Database from 'better-sqlite3';
import { LedgerError } from './errors';
import { migrate } from './migrations';

export type Synchronous = 'NORMAL' | 'FULL';

export interface OpenDatabaseOptions {
  /**
   * NORMAL (default): in WAL mode a commit is durable once it is in the WAL
   * file, which survives any crash of this process (SIGKILL included) and
   * never corrupts the database; only an OS crash or power loss can roll back
   * the last few commits since the WAL was last synced. Those are the commits
   * the exchange can replay: fills are re-fetched by order id on restart and
   * de-duplicated by trade id. FULL fsyncs every commit and costs roughly an
   * order of magnitude in single-fill throughput; choose it on machines whose
   * power you do not trust.
   */
  readonly synchronous?: Synchronous;
  /** How long a write waits for another connection's lock, in ms. */
  readonly busyTimeoutMs?: number;
}

/** Open (creating if needed) and migrate a ledger database: every pragma is set here. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (path !== ':memory:' && path !== '') {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new LedgerError('STORAGE', `cannot switch ${path} to WAL (got ${String(mode)})`);
    }
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
