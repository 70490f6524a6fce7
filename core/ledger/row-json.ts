import type Database from 'better-sqlite3';
import { averagePrice } from './amounts';

/**
 * Event payloads printed by SQLite for the bulk writes: the very JSON that
 * JSON.stringify(orderWire(row)), cancelIntentWire(row) and algoStateWire(row)
 * print (test/unit/ledger/row-json.test.ts holds them equal). Reading a
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

/** algoStateWire: the state column is JSON text, embedded as JSON. */
export const ALGO_JSON = jsonObject(['group_id', 'plan_id', 'algo_status', 'version', ['state', 'json(state)'], 'created_at', 'updated_at']);

/** The SQL functions those payloads use, on the ledger's connection: the same averagePrice the wire function calls. */
export function registerRowJsonFunctions(db: Database.Database): void {
  db.function('ledger_average_price', { deterministic: true }, (notional: unknown, quantity: unknown) =>
    averagePrice(String(notional), String(quantity)),
  );
}
