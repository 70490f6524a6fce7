import type Database from 'better-sqlite3';
import { IllegalTransitionError } from '../domain';
import { LedgerError, RefusedTransitionError, type EntityRefs } from './errors';
import type { Outbox } from './outbox';
import type { RowCache } from './row-cache';
import type { StatementCache } from './statements';

/** A refused transition, to be journaled once the refused write has rolled back. */
export interface Refusal {
  readonly error: IllegalTransitionError;
  readonly refs: EntityRefs;
}

/** A write that failed after it had changed something, with no savepoint to undo it. */
interface Broken {
  readonly error: unknown;
  /** The transaction depth it ran at: rolling back a savepoint at or above it undoes it. */
  readonly depth: number;
}

/**
 * Transactions: the outermost is BEGIN IMMEDIATE ... COMMIT (the write lock is
 * taken up front, so a commit never fails on a lock upgrade), nested ones are
 * savepoints. Outbox events are persisted just before the outermost COMMIT
 * and delivered after it; a rollback at any level drops that level's events.
 * The write cache writes back before COMMIT, flushes before any other
 * statement (SAVEPOINT included) and is dropped on rollback.
 * Refused transitions are journaled after the outermost transaction ends, in
 * a transaction of their own, so the record survives the refused write.
 */
export class TransactionRunner {
  private depth = 0;
  private refusals: Refusal[] = [];
  private readonly noted = new WeakSet<object>();
  private broken: Broken | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: StatementCache,
    private readonly outbox: Outbox,
    private readonly rows: RowCache,
    private readonly journalRefusals: (refusals: readonly Refusal[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  run<T>(fn: () => T): T {
    return this.depth === 0 ? this.outermost(fn) : this.nested(fn);
  }

  /**
   * For a write whose every refusal comes before its first change (recordFill):
   * inside another transaction it runs without a savepoint, which costs more
   * than the fill itself. A refusal then leaves nothing to undo. Should it
   * fail after it changed something (an I/O error), the enclosing transaction
   * can no longer commit: unless a savepoint around the write rolls back, the
   * outermost transaction rolls back and throws, so nothing half-done is kept.
   */
  runUnguarded<T>(fn: () => T): T {
    if (this.depth === 0) return this.outermost(fn);
    const mark = this.outbox.mark();
    try {
      return noPromise(fn());
    } catch (e) {
      // Every change emits an event, so an event since the mark means a change.
      if (this.outbox.mark() !== mark && this.broken === undefined) this.broken = { error: e, depth: this.depth };
      this.note(e);
      throw e;
    }
  }

  /** A consistent read: a read transaction unless one is already open. */
  read<T>(fn: () => T): T {
    if (this.depth > 0 || this.db.inTransaction) return fn();
    this.sql.get('BEGIN DEFERRED').run();
    try {
      return fn();
    } finally {
      this.sql.get('COMMIT').run();
    }
  }

  private outermost<T>(fn: () => T): T {
    this.depth = 1;
    this.broken = undefined;
    try {
      // BEGIN, COMMIT, RELEASE and ROLLBACK read no rows: they leave the write cache alone.
      this.sql.direct('BEGIN IMMEDIATE').run();
      this.rows.revalidate();
      let result: T;
      let events;
      try {
        result = noPromise(fn());
        const broken = this.broken as Broken | undefined; // set by runUnguarded while fn ran
        if (broken !== undefined) {
          throw new LedgerError('STORAGE', 'a write in this transaction failed part-way; nothing was committed', {
            cause: broken.error,
          });
        }
        this.rows.writeBack();
        events = this.outbox.persistPending();
        this.sql.direct('COMMIT').run();
      } catch (e) {
        this.rows.discard();
        if (this.db.inTransaction) this.sql.direct('ROLLBACK').run();
        this.outbox.discardAll();
        this.note(e);
        throw e;
      }
      this.depth = 0;
      this.outbox.committed(events);
      return result;
    } finally {
      this.depth = 0;
      this.broken = undefined;
      this.flushRefusals();
    }
  }

  private nested<T>(fn: () => T): T {
    const mark = this.outbox.mark();
    this.sql.get('SAVEPOINT ledger_nested').run(); // flushes the write cache: it starts empty here
    const level = ++this.depth;
    try {
      const result = noPromise(fn());
      this.sql.direct('RELEASE ledger_nested').run();
      return result;
    } catch (e) {
      this.rows.discard(); // everything in it came after the savepoint
      this.sql.direct('ROLLBACK TO ledger_nested').run();
      this.sql.direct('RELEASE ledger_nested').run();
      this.outbox.discardFrom(mark);
      if (this.broken !== undefined && this.broken.depth >= level) this.broken = undefined;
      this.note(e);
      throw e;
    } finally {
      this.depth--;
    }
  }

  private note(e: unknown): void {
    if (!(e instanceof IllegalTransitionError) || this.noted.has(e)) return;
    this.noted.add(e);
    this.refusals.push({ error: e, refs: e instanceof RefusedTransitionError ? e.refs : {} });
  }

  private flushRefusals(): void {
    if (this.refusals.length === 0) return;
    const refusals = this.refusals;
    this.refusals = [];
    try {
      this.outermost(() => this.journalRefusals(refusals));
    } catch (e) {
      this.onError(e);
    }
  }
}

function noPromise<T>(value: T): T {
  if (value instanceof Promise) {
    throw new LedgerError('VALIDATION', 'a ledger transaction function must be synchronous');
  }
  return value;
}
