import type Database from 'better-sqlite3';

/** Whoever holds container rows in memory (the write cache) and must write them back before other SQL runs. */
export interface RowHolder {
  flush(): void;
}

/**
 * Prepared statements, compiled once per SQL text and reused. Modules keep
 * their SQL as module constants, so the Map lookup hits the string's cached
 * hash and costs next to nothing on the hot path.
 *
 * It is also where the write cache stays honest: while the cache holds rows,
 * `get` writes them back (and empties the cache) before handing out any
 * statement, so no SQL ever reads or overwrites a row that is newer in
 * memory. `direct` skips that, for the few statements of the fill path that
 * touch none of the cached tables (plans, exec_groups, orders, positions).
 */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();
  private holder: RowHolder | undefined;

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    if (this.holder !== undefined) {
      const holder = this.holder;
      this.holder = undefined;
      holder.flush();
    }
    return this.direct(sql);
  }

  /** A statement that neither reads nor writes plans, exec_groups, orders or positions rows. */
  direct(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** `holder` has rows in memory: the next `get` flushes them first. */
  hold(holder: RowHolder): void {
    this.holder = holder;
  }

  /** `holder` has written back or dropped its rows. */
  release(holder: RowHolder): void {
    if (this.holder === holder) this.holder = undefined;
  }
}
