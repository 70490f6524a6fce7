import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ExchangeTrade } from '../types';
import type { MarketBar, MarketSourceDescriptor } from '../../market/types';
import { marketSourceDescriptorSchema } from '../../market/descriptor-schema';
import { PaperError } from './errors';
import { FidelityProfileSchema } from './fidelity';
import {
  BalanceSchema,
  HoldSchema,
  MarketBarSchema,
  SimOrderSchema,
  encodeSimOrder,
  SymbolRulesSchema,
  TradeSchema,
  type PaperCheckpoint,
  type PaperExchangeState,
  type SimOrder,
} from './state';
import { PaperSessionStatus, type PaperSessionInfo, type PaperSessionSnapshot, type PaperSessionStore } from './session-store';

/**
 * Paper sessions in SQLite, in their own tables on a handle the caller owns
 * (the ledger's migrations will adopt these statements). Decimals are TEXT,
 * canonical strings; every row read back is parsed with zod.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS paper_sessions (
  id TEXT PRIMARY KEY,
  fidelity_profile TEXT NOT NULL,
  fidelity_json TEXT NOT NULL,
  seed INTEGER NOT NULL,
  symbols_json TEXT NOT NULL,
  source_json TEXT NOT NULL,
  clock_speed REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'STOPPED')),
  next_order_seq INTEGER NOT NULL,
  next_trade_seq INTEGER NOT NULL,
  next_priority INTEGER NOT NULL,
  prng_state INTEGER NOT NULL,
  last_bars_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS paper_balances (
  session_id TEXT NOT NULL REFERENCES paper_sessions(id) ON DELETE CASCADE,
  asset TEXT NOT NULL,
  free TEXT NOT NULL,
  locked TEXT NOT NULL,
  PRIMARY KEY (session_id, asset)
);
CREATE TABLE IF NOT EXISTS paper_holds (
  session_id TEXT NOT NULL REFERENCES paper_sessions(id) ON DELETE CASCADE,
  hold_id TEXT NOT NULL,
  asset TEXT NOT NULL,
  amount TEXT NOT NULL,
  PRIMARY KEY (session_id, hold_id)
);
CREATE TABLE IF NOT EXISTS paper_orders (
  session_id TEXT NOT NULL REFERENCES paper_sessions(id) ON DELETE CASCADE,
  client_order_id TEXT NOT NULL,
  exchange_order_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  type TEXT NOT NULL,
  time_in_force TEXT NOT NULL,
  quantity TEXT NOT NULL,
  price TEXT,
  stop_price TEXT,
  status TEXT NOT NULL,
  filled_quantity TEXT NOT NULL,
  filled_quote TEXT NOT NULL,
  triggered INTEGER NOT NULL,
  oco_with TEXT,
  hold_id TEXT,
  priority INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, client_order_id)
);
CREATE INDEX IF NOT EXISTS paper_orders_by_status ON paper_orders (session_id, status);
CREATE TABLE IF NOT EXISTS paper_trades (
  session_id TEXT NOT NULL REFERENCES paper_sessions(id) ON DELETE CASCADE,
  trade_id TEXT NOT NULL,
  client_order_id TEXT NOT NULL,
  exchange_order_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  price TEXT NOT NULL,
  quantity TEXT NOT NULL,
  fee TEXT NOT NULL,
  fee_asset TEXT NOT NULL,
  liquidity TEXT NOT NULL,
  time INTEGER NOT NULL,
  fidelity_profile TEXT,
  PRIMARY KEY (session_id, trade_id)
);
`;

const nullToUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const SessionRow = z.object({
  id: z.string(),
  fidelity_json: z.string(),
  seed: z.number(),
  symbols_json: z.string(),
  source_json: z.string(),
  clock_speed: z.number(),
  status: PaperSessionStatus,
  next_order_seq: z.number(),
  next_trade_seq: z.number(),
  next_priority: z.number(),
  prng_state: z.number(),
  last_bars_json: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
});
type SessionRow = z.infer<typeof SessionRow>;

const OrderRow = z
  .object({
    client_order_id: z.string(),
    exchange_order_id: z.string(),
    symbol: z.string(),
    side: z.string(),
    type: z.string(),
    time_in_force: z.string(),
    quantity: z.string(),
    price: z.string().nullable(),
    stop_price: z.string().nullable(),
    status: z.string(),
    filled_quantity: z.string(),
    filled_quote: z.string(),
    triggered: z.number(),
    oco_with: z.string().nullable(),
    hold_id: z.string().nullable(),
    priority: z.number(),
    created_at: z.number(),
    updated_at: z.number(),
  })
  .transform((r) => ({
    clientOrderId: r.client_order_id,
    exchangeOrderId: r.exchange_order_id,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    timeInForce: r.time_in_force,
    quantity: r.quantity,
    price: nullToUndefined(r.price),
    stopPrice: nullToUndefined(r.stop_price),
    status: r.status,
    filledQuantity: r.filled_quantity,
    filledQuote: r.filled_quote,
    triggered: r.triggered !== 0,
    ocoWith: nullToUndefined(r.oco_with),
    holdId: nullToUndefined(r.hold_id),
    priority: r.priority,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

const TradeRow = z
  .object({
    trade_id: z.string(),
    client_order_id: z.string(),
    exchange_order_id: z.string(),
    symbol: z.string(),
    side: z.string(),
    price: z.string(),
    quantity: z.string(),
    fee: z.string(),
    fee_asset: z.string(),
    liquidity: z.string(),
    time: z.number(),
    fidelity_profile: z.string().nullable(),
  })
  .transform((r) => ({
    tradeId: r.trade_id,
    clientOrderId: r.client_order_id,
    exchangeOrderId: r.exchange_order_id,
    symbol: r.symbol,
    side: r.side,
    price: r.price,
    quantity: r.quantity,
    fee: r.fee,
    feeAsset: r.fee_asset,
    liquidity: r.liquidity,
    time: r.time,
    fidelityProfile: nullToUndefined(r.fidelity_profile),
  }));

const BalanceRow = z.object({ asset: z.string(), free: z.string(), locked: z.string() });
const HoldRow = z
  .object({ hold_id: z.string(), asset: z.string(), amount: z.string() })
  .transform((r) => ({ holdId: r.hold_id, asset: r.asset, amount: r.amount }));

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new PaperError('CORRUPT_STATE', `stored ${what} is not valid: ${r.error.message}`);
  return r.data;
}

/** A row: its columns first, then the values they hold. */
function parseRow<R extends z.ZodType, S extends z.ZodType>(row: R, schema: S, value: unknown, what: string): z.output<S> {
  return parse(schema, parse(row, value, what), what);
}

function parseJson<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PaperError('CORRUPT_STATE', `stored ${what} is not JSON`);
  }
  return parse(schema, value, what);
}

const json = <S extends z.ZodType>(schema: S, value: z.output<S>): string => JSON.stringify(z.encode(schema, value));

export class SqlitePaperSessionStore implements PaperSessionStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(db: Database.Database) {
    this.db = db;
    db.exec(SCHEMA);
    this.stmts = {
      insertSession: db.prepare(
        `INSERT INTO paper_sessions (id, fidelity_profile, fidelity_json, seed, symbols_json, source_json, clock_speed, status,
           next_order_seq, next_trade_seq, next_priority, prng_state, last_bars_json, created_at, updated_at)
         VALUES (@id, @fidelity_profile, @fidelity_json, @seed, @symbols_json, @source_json, @clock_speed, @status,
           @next_order_seq, @next_trade_seq, @next_priority, @prng_state, @last_bars_json, @created_at, @updated_at)`,
      ),
      updateProgress: db.prepare(
        `UPDATE paper_sessions SET source_json = @source_json, next_order_seq = @next_order_seq, next_trade_seq = @next_trade_seq,
           next_priority = @next_priority, prng_state = @prng_state, last_bars_json = @last_bars_json, updated_at = @updated_at
         WHERE id = @id`,
      ),
      updateStatus: db.prepare(`UPDATE paper_sessions SET status = ?, clock_speed = ?, updated_at = ? WHERE id = ?`),
      selectSession: db.prepare(`SELECT * FROM paper_sessions WHERE id = ?`),
      selectSessions: db.prepare(`SELECT * FROM paper_sessions ORDER BY created_at, id`),
      upsertBalance: db.prepare(
        `INSERT INTO paper_balances (session_id, asset, free, locked) VALUES (?, ?, ?, ?)
         ON CONFLICT (session_id, asset) DO UPDATE SET free = excluded.free, locked = excluded.locked`,
      ),
      upsertHold: db.prepare(
        `INSERT INTO paper_holds (session_id, hold_id, asset, amount) VALUES (?, ?, ?, ?)
         ON CONFLICT (session_id, hold_id) DO UPDATE SET asset = excluded.asset, amount = excluded.amount`,
      ),
      deleteHolds: db.prepare(`DELETE FROM paper_holds WHERE session_id = ? AND hold_id IN (SELECT value FROM json_each(?))`),
      // Positional: a checkpoint after a cancel-all writes a thousand of these, and named binding cost more than the write.
      upsertOrder: db.prepare(
        `INSERT INTO paper_orders (session_id, client_order_id, exchange_order_id, symbol, side, type, time_in_force, quantity, price,
           stop_price, status, filled_quantity, filled_quote, triggered, oco_with, hold_id, priority, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, client_order_id) DO UPDATE SET quantity = excluded.quantity, price = excluded.price,
           stop_price = excluded.stop_price, status = excluded.status, filled_quantity = excluded.filled_quantity,
           filled_quote = excluded.filled_quote, triggered = excluded.triggered, oco_with = excluded.oco_with,
           hold_id = excluded.hold_id, priority = excluded.priority, updated_at = excluded.updated_at`,
      ),
      // Trade ids are unique per session: a replayed checkpoint adds nothing twice.
      insertTrade: db.prepare(
        `INSERT OR IGNORE INTO paper_trades (session_id, trade_id, client_order_id, exchange_order_id, symbol, side, price, quantity,
           fee, fee_asset, liquidity, time, fidelity_profile)
         VALUES (@session_id, @trade_id, @client_order_id, @exchange_order_id, @symbol, @side, @price, @quantity,
           @fee, @fee_asset, @liquidity, @time, @fidelity_profile)`,
      ),
      selectBalances: db.prepare(`SELECT asset, free, locked FROM paper_balances WHERE session_id = ? ORDER BY rowid`),
      selectHolds: db.prepare(`SELECT hold_id, asset, amount FROM paper_holds WHERE session_id = ? ORDER BY rowid`),
      selectOrders: db.prepare(`SELECT * FROM paper_orders WHERE session_id = ? ORDER BY priority, rowid`),
      // Trades are appended in the order they happened.
      selectTrades: db.prepare(`SELECT * FROM paper_trades WHERE session_id = ? ORDER BY rowid`),
    };
  }

  create(info: PaperSessionInfo, state: PaperExchangeState): void {
    this.db.transaction(() => {
      if (this.stmts.selectSession.get(info.id) !== undefined) {
        throw new PaperError('SESSION_EXISTS', `paper session ${info.id} already exists`);
      }
      this.stmts.insertSession.run({
        id: info.id,
        fidelity_profile: info.fidelity.name,
        fidelity_json: json(FidelityProfileSchema, info.fidelity),
        seed: info.seed,
        symbols_json: json(z.array(SymbolRulesSchema), [...info.symbols]),
        source_json: JSON.stringify(info.source),
        clock_speed: info.clockSpeed,
        status: info.status,
        next_order_seq: state.counters.nextOrderSeq,
        next_trade_seq: state.counters.nextTradeSeq,
        next_priority: state.counters.nextPriority,
        prng_state: state.counters.prngState,
        last_bars_json: json(z.array(MarketBarSchema), state.lastBars),
        created_at: info.createdAt,
        updated_at: info.updatedAt,
      });
      this.writeRows(info.id, {
        balances: state.balances,
        holds: state.holds,
        orders: state.orders,
        trades: state.trades,
      });
    })();
  }

  checkpoint(sessionId: string, checkpoint: PaperCheckpoint, source: MarketSourceDescriptor): void {
    this.db.transaction(() => {
      const row = this.sessionRow(sessionId);
      // Bars are kept per symbol: merge the ones that changed into the stored set.
      const bars = new Map(parseJson(z.array(MarketBarSchema), row.last_bars_json, 'last bars').map((b) => [b.symbol, b]));
      for (const bar of checkpoint.lastBars) bars.set(bar.symbol, bar);
      this.stmts.updateProgress.run({
        id: sessionId,
        source_json: JSON.stringify(source),
        next_order_seq: checkpoint.counters.nextOrderSeq,
        next_trade_seq: checkpoint.counters.nextTradeSeq,
        next_priority: checkpoint.counters.nextPriority,
        prng_state: checkpoint.counters.prngState,
        last_bars_json: json(z.array(MarketBarSchema), [...bars.values()] as MarketBar[]),
        updated_at: checkpoint.time,
      });
      this.writeRows(sessionId, checkpoint);
    })();
  }

  setStatus(sessionId: string, status: PaperSessionStatus, clockSpeed: number, time: number): void {
    const changed = this.stmts.updateStatus.run(status, clockSpeed, time, sessionId).changes;
    if (changed === 0) throw new PaperError('SESSION_NOT_FOUND', `no paper session ${sessionId}`);
  }

  load(sessionId: string): PaperSessionSnapshot | undefined {
    const raw: unknown = this.stmts.selectSession.get(sessionId);
    if (raw === undefined) return undefined;
    const row = parse(SessionRow, raw, `session ${sessionId}`);
    const info = this.toInfo(row);
    const state: PaperExchangeState = {
      fidelity: info.fidelity,
      counters: {
        nextOrderSeq: row.next_order_seq,
        nextTradeSeq: row.next_trade_seq,
        nextPriority: row.next_priority,
        prngState: row.prng_state,
      },
      symbols: [...info.symbols],
      balances: this.stmts.selectBalances.all(sessionId).map((r) => parseRow(BalanceRow, BalanceSchema, r, 'balance')),
      holds: this.stmts.selectHolds.all(sessionId).map((r) => parseRow(HoldRow, HoldSchema, r, 'hold')),
      orders: this.stmts.selectOrders.all(sessionId).map((r) => parseRow(OrderRow, SimOrderSchema, r, 'order')),
      trades: this.stmts.selectTrades.all(sessionId).map((r) => parseRow(TradeRow, TradeSchema, r, 'trade')),
      lastBars: parseJson(z.array(MarketBarSchema), row.last_bars_json, 'last bars'),
    };
    return { info, state };
  }

  list(): PaperSessionInfo[] {
    return this.stmts.selectSessions.all().map((raw) => this.toInfo(parse(SessionRow, raw, 'session')));
  }

  private sessionRow(sessionId: string): SessionRow {
    const raw: unknown = this.stmts.selectSession.get(sessionId);
    if (raw === undefined) throw new PaperError('SESSION_NOT_FOUND', `no paper session ${sessionId}`);
    return parse(SessionRow, raw, `session ${sessionId}`);
  }

  private toInfo(row: SessionRow): PaperSessionInfo {
    return {
      id: row.id,
      fidelity: parseJson(FidelityProfileSchema, row.fidelity_json, 'fidelity profile'),
      seed: row.seed,
      symbols: parseJson(z.array(SymbolRulesSchema), row.symbols_json, 'symbols'),
      source: parseJson(marketSourceDescriptorSchema, row.source_json, 'market source'),
      clockSpeed: row.clock_speed,
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private writeRows(
    sessionId: string,
    rows: Pick<PaperCheckpoint, 'balances' | 'holds'> & {
      releasedHolds?: readonly string[];
      orders: readonly SimOrder[];
      trades: readonly ExchangeTrade[];
    },
  ): void {
    const s = this.stmts;
    for (const b of z.encode(z.array(BalanceSchema), [...rows.balances])) s.upsertBalance.run(sessionId, b.asset, b.free, b.locked);
    for (const h of z.encode(z.array(HoldSchema), [...rows.holds])) s.upsertHold.run(sessionId, h.holdId, h.asset, h.amount);
    if ((rows.releasedHolds ?? []).length > 0) s.deleteHolds.run(sessionId, JSON.stringify(rows.releasedHolds));
    for (const o of rows.orders.map(encodeSimOrder)) {
      s.upsertOrder.run(
        sessionId,
        o.clientOrderId,
        o.exchangeOrderId,
        o.symbol,
        o.side,
        o.type,
        o.timeInForce,
        o.quantity,
        o.price ?? null,
        o.stopPrice ?? null,
        o.status,
        o.filledQuantity,
        o.filledQuote,
        o.triggered ? 1 : 0,
        o.ocoWith ?? null,
        o.holdId ?? null,
        o.priority,
        o.createdAt,
        o.updatedAt,
      );
    }
    for (const t of z.encode(z.array(TradeSchema), [...rows.trades])) {
      s.insertTrade.run({
        session_id: sessionId,
        trade_id: t.tradeId,
        client_order_id: t.clientOrderId,
        exchange_order_id: t.exchangeOrderId,
        symbol: t.symbol,
        side: t.side,
        price: t.price,
        quantity: t.quantity,
        fee: t.fee,
        fee_asset: t.feeAsset,
        liquidity: t.liquidity,
        time: t.time,
        fidelity_profile: t.fidelityProfile ?? null,
      });
    }
  }
}
