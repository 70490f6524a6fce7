import type Database from 'better-sqlite3';
import { LedgerError } from '../errors';
import { initial } from './001_initial';
import { orderIndexes } from './002_order_indexes';
import { algoStatesByPlan } from './003_algo_states_by_plan';
import type { Migration } from './migration';

/** Every migration, in order. Append only: a shipped migration never changes. */
export const MIGRATIONS: readonly Migration[] = [initial, orderIndexes, algoStatesByPlan];

export const SCHEMA_VERSION = MIGRATIONS.length;

function checkMonotonic(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new LedgerError('STORAGE', `migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
}

/**
 * Bring the schema to SCHEMA_VERSION. `user_version` records the last
 * applied step; all pending steps and the new version commit together, so a
 * crash mid-way leaves the old schema intact. A database written by a newer
 * Ledgerdesk is refused rather than guessed at.
 */
export function migrate(db: Database.Database, list: readonly Migration[] = MIGRATIONS): number {
  checkMonotonic(list);
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new LedgerError('STORAGE', 'cannot read user_version');
  if (current > list.length) {
    throw new LedgerError(
      'SCHEMA_TOO_NEW',
      `ledger schema version ${current} is newer than this build supports (${list.length}); use a newer Ledgerdesk`,
    );
  }
  if (current === list.length) return current;
  db.transaction(() => {
    for (const m of list.slice(current)) m.up(db);
    db.pragma(`user_version = ${list.length}`);
  }).immediate();
  return list.length;
}
