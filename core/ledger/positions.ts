import { Decimal, MAX_DECIMAL_PLACES, type OrderSide } from '../domain';
import { dec, str } from './amounts';
import type { LedgerContext } from './context';
import type { PositionRow } from './rows';
import type { PositionViewWire } from './views';

const SELECT = 'SELECT * FROM positions WHERE symbol = ?';
const UPSERT = `INSERT INTO positions (symbol, net_quantity, open_cost, realized_pnl, fees_paid, bought_quantity, sold_quantity,
  fill_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(symbol) DO UPDATE SET net_quantity = excluded.net_quantity, open_cost = excluded.open_cost,
  realized_pnl = excluded.realized_pnl, fees_paid = excluded.fees_paid, bought_quantity = excluded.bought_quantity,
  sold_quantity = excluded.sold_quantity, fill_count = excluded.fill_count, updated_at = excluded.updated_at`;

export interface PositionFill {
  readonly side: OrderSide;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly fee: Decimal;
}

export function emptyPosition(symbol: string, at: string): PositionRow {
  return {
    symbol,
    net_quantity: '0',
    open_cost: '0',
    realized_pnl: '0',
    fees_paid: '0',
    bought_quantity: '0',
    sold_quantity: '0',
    fill_count: 0,
    updated_at: at,
  };
}

/**
 * One fill applied to a position, average-cost method: a fill in the
 * position's direction adds to its cost; one against it realizes
 * (price - average) on the closed part, and any excess opens the other way at
 * the fill price. Used by recordFill and, replaying every fill, by the
 * invariant check, so both always agree.
 */
export function applyFillToPosition(pos: PositionRow, f: PositionFill, at: string): PositionRow {
  const sign = f.side === 'BUY' ? 1 : -1;
  const net = dec(pos.net_quantity);
  let cost = dec(pos.open_cost);
  let realized = dec(pos.realized_pnl);
  const absNet = net.abs();
  if (net.isZero() || net.s === sign) {
    cost = cost.plus(f.price.times(f.quantity));
  } else {
    const closing = Decimal.min(f.quantity, absNet);
    const remaining = f.quantity.minus(closing);
    const average = cost.div(absNet);
    realized = realized.plus(f.price.minus(average).times(closing).times(net.s));
    cost = closing.eq(absNet) ? remaining.times(f.price) : cost.times(absNet.minus(closing)).div(absNet);
  }
  return {
    symbol: pos.symbol,
    net_quantity: str(net.plus(f.quantity.times(sign))),
    open_cost: str(cost),
    realized_pnl: str(realized),
    fees_paid: str(dec(pos.fees_paid).plus(f.fee)),
    bought_quantity: f.side === 'BUY' ? str(dec(pos.bought_quantity).plus(f.quantity)) : pos.bought_quantity,
    sold_quantity: f.side === 'SELL' ? str(dec(pos.sold_quantity).plus(f.quantity)) : pos.sold_quantity,
    fill_count: pos.fill_count + 1,
    updated_at: at,
  };
}

export function positionWire(r: PositionRow): PositionViewWire {
  const net = dec(r.net_quantity);
  return {
    symbol: r.symbol,
    net_quantity: r.net_quantity,
    average_entry_price: net.isZero() ? null : str(dec(r.open_cost).div(net.abs()).toDecimalPlaces(MAX_DECIMAL_PLACES)),
    realized_pnl: str(dec(r.realized_pnl).toDecimalPlaces(MAX_DECIMAL_PLACES)),
    fees_paid: r.fees_paid,
    bought_quantity: r.bought_quantity,
    sold_quantity: r.sold_quantity,
    fill_count: r.fill_count,
    updated_at: r.updated_at,
  };
}

export function recordPositionFill(ctx: LedgerContext, symbol: string, f: PositionFill, at: string): void {
  const current = (ctx.sql.get(SELECT).get(symbol) as PositionRow | undefined) ?? emptyPosition(symbol, at);
  const next = applyFillToPosition(current, f, at);
  ctx.sql
    .get(UPSERT)
    .run(
      next.symbol,
      next.net_quantity,
      next.open_cost,
      next.realized_pnl,
      next.fees_paid,
      next.bought_quantity,
      next.sold_quantity,
      next.fill_count,
      next.updated_at,
    );
  ctx.outbox.emit('position', symbol, positionWire(next), at);
}

