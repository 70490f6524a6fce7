import type Database from 'better-sqlite3';
import { averagePrice } from './amounts';
import { inIds } from './by-ids';
import type { LedgerContext } from './context';

/**
 * Event payloads printed by SQLite for the bulk writes: the very JSON that
 * JSON.stringify(orderWire(row)), groupWire(row), cancelIntentWire(row) and
 * algoStateWire(row) print (test/unit/ledger/row-json.test.ts holds them equal). Reading a
 * thousand rows as one text column each costs a quarter of reading them as
 * objects and printing them in JavaScript.
 */
type Field = string | readonly [key: string, expression: string];
const jsonObject = (fields: readonly Field[]) =>
  `json_object(${fields.map((f) => (typeof f === 'string' ? `'${f}', ${f}` : `'${f[0]}', ${f[1]}`)).join(', ')})`;

export const ORDER_JSON = jsonObject([
  'order_id',
  'parent_group_id',
  'parent_plan_id',
  'connector_order_id',
  'symbol',
  'side',
  'order_type',
  'role',
  'quantity',
  'price',
  'stop_price',
  'status',
  'filled_quantity',
  ['average_fill_price', 'ledger_average_price(filled_notional, filled_quantity)'],
  'fees_paid',
  'fill_count',
  'last_fill_at',
  'created_at',
  'updated_at',
]);

export const INTENT_JSON = jsonObject([
  'intent_id',
  'order_id',
  'group_id',
  'plan_id',
  'scope',
  'reason',
  'status',
  'attempts',
  'last_error',
  'requested_at',
  'updated_at',
  'confirmed_at',
  'failed_at',
]);

/** groupWire: order_ids and order_counts are JSON text columns, embedded as JSON. */
export const GROUP_JSON = jsonObject([
  'group_id',
  'parent_plan_id',
  'execution_strategy',
  ['order_ids', 'json(order_ids)'],
  'status',
  'created_at',
  'updated_at',
  'target_quantity',
  'filled_quantity',
  'cancelled_at',
  'completed_at',
  'in_flight_quantity',
  ['average_fill_price', 'ledger_average_price(filled_notional, filled_quantity)'],
  'fees_paid',
  'fill_count',
  ['order_counts', 'json(order_counts)'],
]);

/** algoStateWire: the state column is JSON text, embedded as JSON. */
export const ALGO_JSON = jsonObject(['group_id', 'plan_id', 'algo_status', 'version', ['state', 'json(state)'], 'created_at', 'updated_at']);

/** The SQL functions those payloads use, on the ledger's connection: the same averagePrice the wire function calls. */
export function registerRowJsonFunctions(db: Database.Database): void {
  db.function('ledger_average_price', { deterministic: true }, (notional: unknown, quantity: unknown) =>
    averagePrice(String(notional), String(quantity)),
  );
}

export const GROUP_EVENTS = `SELECT group_id, ${GROUP_JSON} AS json FROM exec_groups WHERE ${inIds('group_id')}`;

/** Emit the events of many written groups, printed by SQLite in one statement. */
export function emitGroups(ctx: LedgerContext, groupIds: readonly string[], at: string): void {
  if (groupIds.length === 0) return;
  for (const e of ctx.sql.get(GROUP_EVENTS).all(JSON.stringify(groupIds)) as { group_id: string; json: string }[]) {
    ctx.outbox.emitJson('group', e.group_id, e.json, at);
  }
}
