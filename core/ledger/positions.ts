import { Decimal, MAX_DECIMAL_PLACES, type OrderSide } from '../domain';
import { dec, str, ZERO } from './amounts';
import type { PositionRow } from './rows';
import type { PositionViewWire } from './views';

export interface PositionFill {
  readonly side: OrderSide;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly fee: Decimal;
  /** price * quantity, when the caller has it already. */
  readonly notional?: Decimal;
}

/** A position as numbers: what the write cache keeps between fills, so a batch parses and prints each amount once. */
export interface Position {
  readonly symbol: string;
  readonly net: Decimal;
  /** Average entry price of the open position at 16 decimals (0 when flat). */
  readonly average: Decimal;
  readonly realized: Decimal;
  readonly fees: Decimal;
  readonly bought: Decimal;
  readonly sold: Decimal;
  readonly fill_count: number;
  readonly updated_at: string;
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

export function positionOf(r: PositionRow): Position {
  return {
    symbol: r.symbol,
    net: dec(r.net_quantity),
    average: dec(r.average_price),
    realized: dec(r.realized_pnl),
    fees: dec(r.fees_paid),
    bought: dec(r.bought_quantity),
    sold: dec(r.sold_quantity),
    fill_count: r.fill_count,
    updated_at: r.updated_at,
  };
}

export function positionRow(p: Position): PositionRow {
  return {
    symbol: p.symbol,
    net_quantity: str(p.net),
    average_price: str(p.average),
    realized_pnl: str(p.realized),
    fees_paid: str(p.fees),
    bought_quantity: str(p.bought),
    sold_quantity: str(p.sold),
    fill_count: p.fill_count,
    updated_at: p.updated_at,
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
export function positionAfterFill(pos: Position, f: PositionFill, at: string): Position {
  const sign = f.side === 'BUY' ? 1 : -1;
  const net = pos.net;
  const absNet = net.abs();
  let average = pos.average;
  let realized = pos.realized;
  if (net.isZero() || net.s === sign) {
    const notional = f.notional ?? f.price.times(f.quantity);
    average = average.times(absNet).plus(notional).div(absNet.plus(f.quantity)).toDecimalPlaces(AVERAGE_PLACES);
  } else {
    const closing = Decimal.min(f.quantity, absNet);
    realized = f.price.minus(average).times(closing).times(net.s).plus(realized);
    if (f.quantity.gt(absNet)) average = f.price;
    else if (f.quantity.eq(absNet)) average = ZERO;
  }
  return {
    symbol: pos.symbol,
    net: sign === 1 ? net.plus(f.quantity) : net.minus(f.quantity),
    average,
    realized,
    fees: pos.fees.plus(f.fee),
    bought: f.side === 'BUY' ? pos.bought.plus(f.quantity) : pos.bought,
    sold: f.side === 'SELL' ? pos.sold.plus(f.quantity) : pos.sold,
    fill_count: pos.fill_count + 1,
    updated_at: at,
  };
}

/** positionAfterFill on stored rows (the invariant check's replay). */
export function applyFillToPosition(pos: PositionRow, f: PositionFill, at: string): PositionRow {
  return positionRow(positionAfterFill(positionOf(pos), f, at));
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
