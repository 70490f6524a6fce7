import type { Migration } from './migration';

/**
 * The ledger's tables. Money and quantities are canonical decimal TEXT,
 * timestamps ISO-8601 UTC TEXT (fixed width, so they sort as text).
 * Aggregates (filled, notional, fees, counts) live in the container rows and
 * are maintained by the writes, so reads never sum at read time;
 * `filled_notional` is the exact sum of price * quantity, from which average
 * prices are derived. No causality columns: that lives in the journal.
 */
const SQL = `
CREATE TABLE plans (
  plan_id              TEXT PRIMARY KEY,
  strategy_instance_id TEXT NOT NULL,
  asset_symbol         TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('ACTIVE','CLOSED')),
  direction            TEXT NOT NULL CHECK (direction IN ('BUY','SELL')),
  comments             TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  closed_at            TEXT,
  group_count          INTEGER NOT NULL DEFAULT 0,
  target_quantity      TEXT NOT NULL DEFAULT '0',
  filled_quantity      TEXT NOT NULL DEFAULT '0',
  filled_notional      TEXT NOT NULL DEFAULT '0',
  fees_paid            TEXT NOT NULL DEFAULT '0',
  fill_count           INTEGER NOT NULL DEFAULT 0,
  trading_halted       INTEGER NOT NULL DEFAULT 0 CHECK (trading_halted IN (0,1)),
  halted_at            TEXT,
  halt_reason          TEXT,
  stop_loss_price      TEXT,
  take_profit_price    TEXT
) STRICT;

CREATE TABLE exec_groups (
  group_id             TEXT PRIMARY KEY,
  parent_plan_id       TEXT NOT NULL REFERENCES plans(plan_id),
  execution_strategy   TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('PENDING','ACTIVE','COMPLETED','CANCELLED','FAILED','PARTIAL')),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  cancelled_at         TEXT,
  completed_at         TEXT,
  target_quantity      TEXT,
  filled_quantity      TEXT NOT NULL DEFAULT '0',
  filled_notional      TEXT NOT NULL DEFAULT '0',
  fees_paid            TEXT NOT NULL DEFAULT '0',
  fill_count           INTEGER NOT NULL DEFAULT 0,
  in_flight_quantity   TEXT NOT NULL DEFAULT '0',
  order_ids            TEXT NOT NULL DEFAULT '[]',
  order_counts         TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX groups_by_plan ON exec_groups(parent_plan_id);

CREATE TABLE orders (
  order_id             TEXT PRIMARY KEY,
  parent_group_id      TEXT NOT NULL REFERENCES exec_groups(group_id),
  parent_plan_id       TEXT NOT NULL REFERENCES plans(plan_id),
  connector_order_id   TEXT,
  symbol               TEXT NOT NULL,
  side                 TEXT NOT NULL CHECK (side IN ('BUY','SELL')),
  order_type           TEXT NOT NULL,
  role                 TEXT NOT NULL,
  quantity             TEXT NOT NULL,
  price                TEXT,
  stop_price           TEXT,
  status               TEXT NOT NULL,
  filled_quantity      TEXT NOT NULL DEFAULT '0',
  filled_notional      TEXT NOT NULL DEFAULT '0',
  fees_paid            TEXT NOT NULL DEFAULT '0',
  fill_count           INTEGER NOT NULL DEFAULT 0,
  last_fill_at         TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_group ON orders(parent_group_id, status);
CREATE INDEX orders_by_plan ON orders(parent_plan_id, status);
CREATE INDEX orders_live ON orders(status)
  WHERE status IN ('PENDING_SUBMIT','UNKNOWN','OPEN','PARTIALLY_FILLED','PENDING_CANCEL');
CREATE INDEX orders_by_connector_id ON orders(connector_order_id) WHERE connector_order_id IS NOT NULL;

CREATE TABLE fills (
  fill_seq             INTEGER PRIMARY KEY,
  fill_id              TEXT NOT NULL UNIQUE,
  parent_order_id      TEXT NOT NULL REFERENCES orders(order_id),
  parent_group_id      TEXT NOT NULL,
  parent_plan_id       TEXT NOT NULL,
  trade_id             TEXT NOT NULL,
  symbol               TEXT NOT NULL,
  side                 TEXT NOT NULL,
  price                TEXT NOT NULL,
  quantity             TEXT NOT NULL,
  fee                  TEXT NOT NULL,
  fee_asset            TEXT,
  liquidity            TEXT,
  executed_at          TEXT NOT NULL,
  fidelity_profile     TEXT,
  recorded_at          TEXT NOT NULL,
  -- the last journal entry_id when the fill was recorded: places fills among
  -- journal entries in a timeline by write order, not by (coarse) clock time
  journal_mark         INTEGER NOT NULL,
  UNIQUE (parent_order_id, trade_id)
) STRICT;
CREATE INDEX fills_by_plan ON fills(parent_plan_id);

CREATE TABLE positions (
  symbol               TEXT PRIMARY KEY,
  net_quantity         TEXT NOT NULL,
  average_price        TEXT NOT NULL,
  realized_pnl         TEXT NOT NULL,
  fees_paid            TEXT NOT NULL,
  bought_quantity      TEXT NOT NULL,
  sold_quantity        TEXT NOT NULL,
  fill_count           INTEGER NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;

CREATE TABLE cancel_intents (
  intent_id            TEXT PRIMARY KEY,
  order_id             TEXT NOT NULL REFERENCES orders(order_id),
  group_id             TEXT NOT NULL,
  plan_id              TEXT NOT NULL,
  scope                TEXT NOT NULL CHECK (scope IN ('ORDER','GROUP','PLAN','DESK')),
  reason               TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('REQUESTED','CONFIRMED','FAILED','UNKNOWN')),
  attempts             INTEGER NOT NULL,
  last_error           TEXT,
  requested_at         TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  confirmed_at         TEXT,
  failed_at            TEXT
) STRICT;
CREATE INDEX cancel_intents_by_order ON cancel_intents(order_id);
CREATE INDEX cancel_intents_by_group ON cancel_intents(group_id);
CREATE INDEX cancel_intents_by_plan ON cancel_intents(plan_id);
CREATE INDEX cancel_intents_open ON cancel_intents(status) WHERE status IN ('REQUESTED','UNKNOWN');

CREATE TABLE anomalies (
  anomaly_id           TEXT PRIMARY KEY,
  kind                 TEXT NOT NULL,
  plan_id              TEXT,
  group_id             TEXT,
  order_id             TEXT,
  fill_id              TEXT,
  message              TEXT NOT NULL,
  data                 TEXT,
  created_at           TEXT NOT NULL,
  acknowledged_at      TEXT
) STRICT;
CREATE INDEX anomalies_by_plan ON anomalies(plan_id);
CREATE INDEX anomalies_by_group ON anomalies(group_id);
CREATE INDEX anomalies_by_order ON anomalies(order_id);
CREATE INDEX anomalies_open ON anomalies(created_at) WHERE acknowledged_at IS NULL;

CREATE TABLE algo_states (
  group_id             TEXT PRIMARY KEY REFERENCES exec_groups(group_id),
  plan_id              TEXT NOT NULL,
  algo_status          TEXT NOT NULL CHECK (algo_status IN ('RUNNING','HALTED','AWAITING_DECISION','DONE')),
  version              INTEGER NOT NULL,
  state                TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX algo_states_by_status ON algo_states(algo_status);

CREATE TABLE journal (
  entry_id             INTEGER PRIMARY KEY,
  kind                 TEXT NOT NULL,
  directive_id         TEXT,
  command_id           TEXT,
  plan_id              TEXT,
  group_id             TEXT,
  order_id             TEXT,
  fill_id              TEXT,
  message              TEXT NOT NULL,
  data                 TEXT,
  created_at           TEXT NOT NULL
) STRICT;
CREATE INDEX journal_by_directive ON journal(directive_id) WHERE directive_id IS NOT NULL;
CREATE INDEX journal_by_command ON journal(command_id) WHERE command_id IS NOT NULL;
CREATE INDEX journal_by_plan ON journal(plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX journal_by_group ON journal(group_id) WHERE group_id IS NOT NULL;
CREATE INDEX journal_by_order ON journal(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX journal_by_fill ON journal(fill_id) WHERE fill_id IS NOT NULL;

-- seq is the rowid: assigned max+1 in the writing transaction. The newest row
-- is never compacted away, so a seq is never reused.
CREATE TABLE outbox (
  seq                  INTEGER PRIMARY KEY,
  at                   TEXT NOT NULL,
  type                 TEXT NOT NULL,
  data                 TEXT NOT NULL
) STRICT;
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(SQL);
  },
};
