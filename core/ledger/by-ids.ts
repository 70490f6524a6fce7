import type { LedgerContext } from './context';
import { notFound } from './errors';

/** `column IN` the ids passed as one JSON array parameter: a bulk write reads or writes its rows in one statement. */
export const inIds = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;

export const GROUPS_BY_IDS = `SELECT * FROM exec_groups WHERE ${inIds('group_id')}`;

/**
 * The rows `sql` reads for `ids` (its one parameter), by `key`; an unknown id
 * refuses the whole call (NOT_FOUND) before anything changes.
 */
export function requireByIds<R>(ctx: LedgerContext, sql: string, ids: readonly string[], key: (row: R) => string, entity: string): Map<string, R> {
  const byId = new Map((ctx.sql.get(sql).all(JSON.stringify(ids)) as R[]).map((r) => [key(r), r]));
  for (const id of ids) if (!byId.has(id)) throw notFound(entity, id);
  return byId;
}
