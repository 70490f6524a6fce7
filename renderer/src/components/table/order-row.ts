import type { OrderView } from '../../../../core/ledger/views';
import { EMPTY_CELL, formatDecimal } from '../../format/decimal';
import { humanize, orderStatusTone, type Tone } from '../../format/labels';
import { formatUtcDateTime, formatUtcTime } from '../../format/time';
import type { ColumnDecimals } from './row-text';

/** What one row of the orders table shows, as text. */
export interface OrderRowText {
  readonly time: string;
  readonly timeTitle: string;
  readonly orderId: string;
  readonly groupId: string;
  readonly role: string;
  readonly side: string;
  readonly type: string;
  readonly quantity: string;
  /** Limit price, stop price, both ("limit / stop X") or an em dash for market orders. */
  readonly priceStop: string;
  readonly status: string;
  readonly statusTone: Tone;
  readonly filled: string;
  readonly averagePrice: string;
  readonly fees: string;
}

export function orderRowText(o: OrderView, d: ColumnDecimals): OrderRowText {
  const price = o.price ? formatDecimal(o.price, { places: d.price }) : null;
  const stop = o.stop_price ? `stop ${formatDecimal(o.stop_price, { places: d.price })}` : null;
  return {
    time: formatUtcTime(o.created_at),
    timeTitle: formatUtcDateTime(o.created_at),
    orderId: o.order_id,
    groupId: o.parent_group_id,
    role: humanize(o.role),
    side: o.side,
    type: humanize(o.order_type),
    quantity: formatDecimal(o.quantity, { places: d.quantity }),
    priceStop: price && stop ? `${price} / ${stop}` : (price ?? stop ?? EMPTY_CELL),
    status: humanize(o.status),
    statusTone: orderStatusTone(o.status),
    filled: formatDecimal(o.filled_quantity, { places: d.quantity }),
    averagePrice: formatDecimal(o.average_fill_price, { places: d.price }),
    fees: formatDecimal(o.fees_paid, { places: d.fee }),
  };
}

export const orderTime = (o: OrderView): number => o.created_at.getTime();
