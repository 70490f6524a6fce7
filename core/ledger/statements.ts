import type Database from 'better-sqlite3';

/**
 * Prepared statements, compiled once per SQL text and reused. Modules keep
 * their SQL as module constants, so the Map lookup hits the string's cached
 * hash and costs next to nothing on the hot path.
 */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}
