import { Decimal, MAX_DECIMAL_PLACES, type OrderSide } from '../domain';
import { dec, str } from './amounts';
import type { LedgerContext } from './context';
import type { PositionRow } from './rows';
import type { PositionViewWire } from './views';

const SELECT = 'SELECT * FROM positions WHERE symbol = ?';
const UPSERT = `INSERT INTO positions (symbol, net_quantity, average_price, realized_pnl, fees_paid, bought_quantity, sold_quantity,
  fill_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(symbol) DO UPDATE SET net_quantity = excluded.net_quantity, average_price = excluded.average_price,
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
    average_price: '0',
    realized_pnl: '0',
    fees_paid: '0',
    bought_quantity: '0',
    sold_quantity: '0',
    fill_count: 0,
    updated_at: at,
  };
}

/** The stored average keeps 16 decimals: exact enough for P&L, short enough to stay cheap. */
const AVERAGE_PLACES = 16;

/**
 * One fill applied to a position, average-cost method: a fill in the
 * position's direction moves the average entry price; one against it
 * realizes (price - average) on the closed part, and any excess opens the
 * other way at the fill price. Used by recordFill and, replaying every fill,
 * by the invariant check, so both always agree.
 */
export function applyFillToPosition(pos: PositionRow, f: PositionFill, at: string): PositionRow {
  const sign = f.side === 'BUY' ? 1 : -1;
  const net = dec(pos.net_quantity);
  const absNet = net.abs();
  let average = dec(pos.average_price);
  let realized = pos.realized_pnl;
  if (net.isZero() || net.s === sign) {
    average = average.times(absNet).plus(f.price.times(f.quantity)).div(absNet.plus(f.quantity)).toDecimalPlaces(AVERAGE_PLACES);
  } else {
    const closing = Decimal.min(f.quantity, absNet);
    realized = str(f.price.minus(average).times(closing).times(net.s).plus(realized));
    if (f.quantity.gt(absNet)) average = f.price;
    else if (f.quantity.eq(absNet)) average = new Decimal(0);
  }
  return {
    symbol: pos.symbol,
    net_quantity: str(net.plus(f.quantity.times(sign))),
    average_price: str(average),
    realized_pnl: realized,
    fees_paid: str(dec(pos.fees_paid).plus(f.fee)),
    bought_quantity: f.side === 'BUY' ? str(dec(pos.bought_quantity).plus(f.quantity)) : pos.bought_quantity,
    sold_quantity: f.side === 'SELL' ? str(dec(pos.sold_quantity).plus(f.quantity)) : pos.sold_quantity,
    fill_count: pos.fill_count + 1,
    updated_at: at,
  };
}

export function positionWire(r: PositionRow): PositionViewWire {
  return {
    symbol: r.symbol,
    net_quantity: r.net_quantity,
    average_entry_price: r.net_quantity === '0' ? null : str(dec(r.average_price).toDecimalPlaces(MAX_DECIMAL_PLACES)),
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
      next.average_price,
      next.realized_pnl,
      next.fees_paid,
      next.bought_quantity,
      next.sold_quantity,
      next.fill_count,
      next.updated_at,
    );
  ctx.outbox.emit('position', symbol, positionWire(next), at);
}

