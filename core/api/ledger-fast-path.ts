import type { z } from 'zod';
import { Decimal } from '../domain/decimal';
import { ExecutionStrategyType, GroupStatus, Liquidity, OrderRole, OrderSide, OrderStatus, OrderType, PlanDirection, PlanStatus } from '../domain/enums';
import { idPattern } from '../domain/ids';
import { JournalEntryViewSchema } from '../journal/entry';
import type { LedgerEvent } from '../ledger/events';
import type { FillsPageSchema, OrdersPageSchema } from '../ledger/pages';
import {
  AlgoStateViewSchema,
  AlgoStatus,
  AnomalyViewSchema,
  CancelIntentStatus,
  CancelIntentViewSchema,
  CancelScope,
  FillViewSchema,
  GroupViewSchema,
  OrderViewSchema,
  PlanViewSchema,
  PositionViewSchema,
} from '../ledger/views';

/*
 * The ledger events, and the pages of orders and fills the tables read their
 * history from, decoded by hand. The events: fill, order, group, plan,
 * position (a fill is one of each), cancel_intent (two per order a
 * cancel-all touches), journal and algo_state (a cancel-all writes a few
 * hundred) and anomaly. LedgerEventSchema is the rule, but zod
 * without its compiled parsers (the page's CSP forbids them) costs 15-35 µs
 * an event, which at 2,000 fills a second is a tenth of the page's thread.
 * This path accepts only the plain wire form the engine writes (decimal
 * strings in plain notation, Z timestamps with at most milliseconds, every
 * key of the view and no other) and returns undefined for anything else, or
 * for any other event type: the schema then decides, and words a refusal.
 * A fast-check property (test/unit/api/ledger-fast-path.test.ts)
 * holds it to the schema's verdict and output, real and corrupted events
 * alike.
 */

type OrdersPage = z.output<typeof OrdersPageSchema>;
type FillsPage = z.output<typeof FillsPageSchema>;

/** A field's decoder: the decoded value, or undefined when this path is not sure. */
type Field = (v: unknown) => unknown;

// decimalField({ precision: false }): plain notation only (no exponent, no whitespace, no bare '.').
const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
// A subset of utcTimestamp's form: Z, at most milliseconds, a year from 1000 (Date.UTC reads 0-99 as 19xx).
const Z_TIMESTAMP = /^([1-9]\d{3})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * Decimals by their text, shared: Decimal is immutable (every operation
 * returns a new one), and a burst repeats the same few quantities and prices
 * thousands of times (a cancel-all's orders: "1", "0", "15000"); each parse
 * was an allocation the page's collector then paid for. Cleared when full.
 */
const DECIMALS = new Map<string, Decimal>();
const MAX_DECIMALS = 4096;

const dec: Field = (v) => {
  if (typeof v !== 'string') return undefined;
  const known = DECIMALS.get(v);
  if (known !== undefined) return known;
  if (!PLAIN_DECIMAL.test(v)) return undefined;
  const d = new Decimal(v);
  if (DECIMALS.size >= MAX_DECIMALS) DECIMALS.clear();
  DECIMALS.set(v, d);
  return d;
};

/**
 * Instants already checked, by their text: a burst's events share a handful
 * of stamps (a cancel-all's thousand intents carry one or two), and the
 * check below was the largest part of decoding them. Cleared when full.
 */
const STAMPS = new Map<string, number>();
const MAX_STAMPS = 4096;

/** The last stamp decoded: consecutive fields and events mostly carry the same one (no hashing of a fresh string). */
let lastStamp: string | undefined;
let lastStampMs = 0;

const ts: Field = (v) => {
  if (typeof v !== 'string') return undefined;
  if (v === lastStamp) return new Date(lastStampMs);
  const known = STAMPS.get(v);
  if (known !== undefined) {
    lastStamp = v;
    lastStampMs = known;
    return new Date(known);
  }
  const d = checkedInstant(v);
  if (d === undefined) return undefined;
  if (STAMPS.size >= MAX_STAMPS) STAMPS.clear();
  STAMPS.set(v, d.getTime());
  lastStamp = v;
  lastStampMs = d.getTime();
  return d;
};

function checkedInstant(v: string): Date | undefined {
  const m = Z_TIMESTAMP.exec(v);
  if (m === null) return undefined;
  const d = new Date(v);
  // A real instant as written: no field rolled over into the next (utcTimestamp refuses those).
  const real =
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() + 1 === Number(m[2]) &&
    d.getUTCDate() === Number(m[3]) &&
    d.getUTCHours() === Number(m[4]) &&
    d.getUTCMinutes() === Number(m[5]) &&
    d.getUTCSeconds() === Number(m[6]);
  return real ? d : undefined;
}

const str: Field = (v) => (typeof v === 'string' ? v : undefined);
// AnomalyKind / JournalKind.
const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;
const kind: Field = (v) => (typeof v === 'string' && UPPER_SNAKE.test(v) ? v : undefined);
const text: Field = (v) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const bool: Field = (v) => (typeof v === 'boolean' ? v : undefined);
const count: Field = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
const positive: Field = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);

function id(prefix: string): Field {
  const pattern = idPattern(prefix);
  return (v) => (typeof v === 'string' && pattern.test(v) ? v : undefined);
}

function oneOf(options: readonly string[]): Field {
  const allowed = new Set(options);
  return (v) => (typeof v === 'string' && allowed.has(v) ? v : undefined);
}

function nullable(field: Field): Field {
  return (v) => (v === null ? null : field(v));
}

function arrayOf(field: Field): Field {
  return (v) => {
    if (!Array.isArray(v)) return undefined;
    const out: unknown[] = [];
    for (const item of v) {
      const d = field(item);
      if (d === undefined) return undefined;
      out.push(d);
    }
    return out;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Past this depth a value is left to the schema. */
const MAX_JSON_DEPTH = 64;

/** What JSON.parse makes: finite numbers, no holes, plain objects with enumerable string keys and no `__proto__` key. */
function isPlainJson(v: unknown, depth: number): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return false;
    for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  if (Reflect.ownKeys(v).length !== keys.length) return false;
  for (const k of keys) if (k === '__proto__' || !isPlainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

/**
 * z.json(): the value itself when it is plain JSON (the schema's output is
 * an equal copy; the wire value was parsed for this event alone and nothing
 * else holds it).
 */
const json: Field = (v) => (isPlainJson(v, 0) ? v : undefined);

/** z.partialRecord(enum, value): any subset of the enum's keys. */
function partialRecordOf(keys: readonly string[], field: Field): Field {
  const allowed = new Set(keys);
  return (v) => {
    // A record is a plain object (the schema refuses a Date, say, whose keys would pass).
    if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return undefined;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const d = allowed.has(k) ? field(v[k]) : undefined;
      if (d === undefined) return undefined;
      out[k] = d;
    }
    return out;
  };
}

/** A strict object: exactly these keys, each decoded; the output has the schema's key order. */
function strictObject(fields: Readonly<Record<string, Field>>): Field {
  const keys = Object.keys(fields);
  return (v) => {
    if (!isObject(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const d = (fields[k] as Field)(v[k]);
      if (d === undefined) return undefined;
      out[k] = d;
    }
    // Every key known was there: any more is one the schema refuses (and words).
    return Object.keys(v).length === keys.length ? out : undefined;
  };
}

/** The views' fields, as core/ledger/views.ts declares them (a test checks the keys match, in order). */
export const FAST_VIEW_FIELDS = {
  plan: {
    plan_id: id('TPL'),
    strategy_instance_id: text,
    asset_symbol: text,
    status: oneOf(PlanStatus.options),
    direction: oneOf(PlanDirection.options),
    comments: nullable(str),
    created_at: ts,
    updated_at: ts,
    closed_at: nullable(ts),
    group_count: count,
    target_quantity: dec,
    filled_quantity: dec,
    average_fill_price: nullable(dec),
    fees_paid: dec,
    fill_count: count,
    trading_halted: bool,
    halted_at: nullable(ts),
    halt_reason: nullable(str),
    stop_loss_price: nullable(dec),
    take_profit_price: nullable(dec),
  },
  group: {
    group_id: id('EXG'),
    parent_plan_id: id('TPL'),
    execution_strategy: oneOf(ExecutionStrategyType.options),
    order_ids: arrayOf(text),
    status: oneOf(GroupStatus.options),
    created_at: ts,
    updated_at: ts,
    target_quantity: nullable(dec),
    filled_quantity: dec,
    cancelled_at: nullable(ts),
    completed_at: nullable(ts),
    in_flight_quantity: dec,
    average_fill_price: nullable(dec),
    fees_paid: dec,
    fill_count: count,
    order_counts: partialRecordOf(OrderStatus.options, count),
  },
  order: {
    order_id: id('ORD'),
    parent_group_id: id('EXG'),
    parent_plan_id: id('TPL'),
    connector_order_id: nullable(str),
    symbol: text,
    side: oneOf(OrderSide.options),
    order_type: oneOf(OrderType.options),
    role: oneOf(OrderRole.options),
    quantity: dec,
    price: nullable(dec),
    stop_price: nullable(dec),
    status: oneOf(OrderStatus.options),
    filled_quantity: dec,
    average_fill_price: nullable(dec),
    fees_paid: dec,
    fill_count: count,
    last_fill_at: nullable(ts),
    created_at: ts,
    updated_at: ts,
  },
  fill: {
    fill_id: id('FILL'),
    parent_order_id: id('ORD'),
    parent_group_id: id('EXG'),
    parent_plan_id: id('TPL'),
    trade_id: text,
    symbol: text,
    side: oneOf(OrderSide.options),
    price: dec,
    quantity: dec,
    fee: dec,
    fee_asset: nullable(str),
    liquidity: nullable(oneOf(Liquidity.options)),
    executed_at: ts,
    fidelity_profile: nullable(str),
    recorded_at: ts,
  },
  cancel_intent: {
    intent_id: id('CXL'),
    order_id: id('ORD'),
    group_id: id('EXG'),
    plan_id: id('TPL'),
    scope: oneOf(CancelScope.options),
    reason: str,
    status: oneOf(CancelIntentStatus.options),
    attempts: positive,
    last_error: nullable(str),
    requested_at: ts,
    updated_at: ts,
    confirmed_at: nullable(ts),
    failed_at: nullable(ts),
  },
  position: {
    symbol: text,
    net_quantity: dec,
    average_entry_price: nullable(dec),
    realized_pnl: dec,
    fees_paid: dec,
    bought_quantity: dec,
    sold_quantity: dec,
    fill_count: count,
    updated_at: ts,
  },
  anomaly: {
    anomaly_id: id('ANM'),
    kind,
    plan_id: nullable(str),
    group_id: nullable(str),
    order_id: nullable(str),
    fill_id: nullable(str),
    message: str,
    data: nullable(json),
    created_at: ts,
    acknowledged_at: nullable(ts),
  },
  algo_state: {
    group_id: id('EXG'),
    plan_id: id('TPL'),
    algo_status: oneOf(AlgoStatus.options),
    version: positive,
    state: json,
    created_at: ts,
    updated_at: ts,
  },
  journal: {
    entry_id: positive,
    kind,
    directive_id: nullable(str),
    command_id: nullable(str),
    plan_id: nullable(str),
    group_id: nullable(str),
    order_id: nullable(str),
    fill_id: nullable(str),
    message: str,
    data: nullable(json),
    created_at: ts,
  },
} as const satisfies Record<string, Record<string, Field>>;

const VIEW_SCHEMAS = {
  plan: PlanViewSchema,
  group: GroupViewSchema,
  order: OrderViewSchema,
  fill: FillViewSchema,
  cancel_intent: CancelIntentViewSchema,
  position: PositionViewSchema,
  anomaly: AnomalyViewSchema,
  algo_state: AlgoStateViewSchema,
  journal: JournalEntryViewSchema,
};
type FastType = keyof typeof FAST_VIEW_FIELDS;

/** Types whose table names exactly the schema's keys, in its order: a view changed without this file is left to zod. */
const DATA: ReadonlyMap<string, Field> = new Map(
  (Object.keys(FAST_VIEW_FIELDS) as FastType[])
    .filter((type) => Object.keys(FAST_VIEW_FIELDS[type]).join() === Object.keys(VIEW_SCHEMAS[type].shape).join())
    .map((type) => [type, strictObject(FAST_VIEW_FIELDS[type])]),
);

const ENVELOPE_KEYS = 4; // seq, at, type, data

/**
 * A ledger event in wire form, decoded as LedgerEventSchema decodes it; or
 * undefined when it is not in the engine's plain form (the schema then
 * decides).
 */
export function decodeLedgerEventFast(wire: unknown): LedgerEvent | undefined {
  if (!isObject(wire) || typeof wire.type !== 'string') return undefined;
  const data = DATA.get(wire.type);
  if (data === undefined || Object.keys(wire).length !== ENVELOPE_KEYS) return undefined;
  const seq = positive(wire.seq);
  const at = ts(wire.at);
  const decoded = data(wire.data);
  if (seq === undefined || at === undefined || decoded === undefined) return undefined;
  return { seq, at, type: wire.type, data: decoded } as LedgerEvent;
}

/** z.array(view): the page's items, each the view's strict object. */
const pageOf = (view: Field): Field => strictObject({ total: count, offset: count, items: arrayOf(view) });
const ORDERS_PAGE = DATA.has('order') ? pageOf(DATA.get('order') as Field) : () => undefined;
const FILLS_PAGE = DATA.has('fill') ? pageOf(DATA.get('fill') as Field) : () => undefined;

/** An ordersPage answer decoded as OrdersPageSchema decodes it, or undefined (the schema then decides). */
export function decodeOrdersPageFast(wire: unknown): OrdersPage | undefined {
  return ORDERS_PAGE(wire) as OrdersPage | undefined;
}

/** A fillsPage answer decoded as FillsPageSchema decodes it, or undefined (the schema then decides). */
export function decodeFillsPageFast(wire: unknown): FillsPage | undefined {
  return FILLS_PAGE(wire) as FillsPage | undefined;
}

