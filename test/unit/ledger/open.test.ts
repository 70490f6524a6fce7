import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerError, openLedger, SCHEMA_VERSION } from '../../../core/ledger';
import { LIVE_STATUS_SQL } from '../../../core/ledger/live';
import { migrate, MIGRATIONS } from '../../../core/ledger/migrations';
import { orderInput, tableContents, testLedger } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openLedger', () => {
  it('sets WAL, foreign keys, a busy timeout and synchronous NORMAL on a file', () => {
    const ledger = openLedger(join(dir, 'l.db'));
    const db = ledger.database;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    ledger.close();
  });

  it('checkpoints the WAL every 4,000 pages (not per ~85 one-fill commits) and keeps at most 32 MiB of it afterwards', () => {
    const ledger = openLedger(join(dir, 'l.db'));
    expect(ledger.database.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
    expect(ledger.database.pragma('journal_size_limit', { simple: true })).toBe(32 * 1024 * 1024);
    ledger.close();
  });

  it('honours synchronous FULL when asked', () => {
    const ledger = openLedger(join(dir, 'l.db'), { synchronous: 'FULL' });
    expect(ledger.database.pragma('synchronous', { simple: true })).toBe(2);
    ledger.close();
  });

  it('keeps data across close and reopen without re-running migrations', () => {
    const path = join(dir, 'l.db');
    const a = openLedger(path);
    a.registerOrder(orderInput());
    const before = tableContents(a.database);
    a.close();
    const b = openLedger(path);
    expect(tableContents(b.database)).toEqual(before);
    b.close();
  });

  it('refuses a database written by a newer version, leaving it untouched', () => {
    const path = join(dir, 'l.db');
    openLedger(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    let error: unknown;
    try {
      openLedger(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).code).toBe('SCHEMA_TOO_NEW');
    expect((error as LedgerError).message).toMatch(/newer/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('applies all pending migrations in one transaction: a failing step leaves nothing behind', () => {
    const db = new Database(':memory:');
    const failing = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE x (a); SELECT * FROM nope') },
    ];
    expect(() => migrate(db, failing)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a migration list that is not numbered 1..n', () => {
    const db = new Database(':memory:');
    const gap = [{ ...MIGRATIONS[0]!, version: 2 }];
    expect(() => migrate(db, gap)).toThrow(/expected 1/);
    db.close();
  });

  it("keeps the live-order partial index in step with the domain's LIVE_ORDER_STATUSES", () => {
    const { ledger } = testLedger();
    const sql = ledger.database.prepare("SELECT sql FROM sqlite_master WHERE name = 'orders_live'").pluck().get() as string;
    expect(sql.replace(/\s+/g, '')).toContain(`IN(${LIVE_STATUS_SQL})`);
    const plan = ledger.database
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM orders WHERE status IN (${LIVE_STATUS_SQL})`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('orders_live');
  });
});
