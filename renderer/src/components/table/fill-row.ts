import type { FillView } from '../../../../core/ledger/views';
import { EMPTY_CELL, formatDecimal } from '../../format/decimal';
import { humanize } from '../../format/labels';
import { formatUtcDateTime, formatUtcTime } from '../../format/time';
import type { ColumnDecimals } from './row-text';

/** What one row of the fills table shows, as text. */
export interface FillRowText {
  readonly time: string;
  readonly timeTitle: string;
  readonly fillId: string;
  readonly orderId: string;
  readonly side: string;
  readonly price: string;
  readonly quantity: string;
  /** "0.00012345 BTC"; the asset is left out when the exchange did not say. */
  readonly fee: string;
  readonly liquidity: string;
  readonly fidelityProfile: string;
}

export function fillRowText(f: FillView, d: ColumnDecimals): FillRowText {
  const fee = formatDecimal(f.fee, { places: d.fee });
  return {
    time: formatUtcTime(f.executed_at),
    timeTitle: `executed ${formatUtcDateTime(f.executed_at)}, recorded ${formatUtcDateTime(f.recorded_at)}`,
    fillId: f.fill_id,
    orderId: f.parent_order_id,
    side: f.side,
    price: formatDecimal(f.price, { places: d.price }),
    quantity: formatDecimal(f.quantity, { places: d.quantity }),
    fee: f.fee_asset ? `${fee} ${f.fee_asset}` : fee,
    liquidity: f.liquidity ? humanize(f.liquidity) : EMPTY_CELL,
    fidelityProfile: f.fidelity_profile ?? EMPTY_CELL,
  };
}

export const fillTime = (f: FillView): number => f.executed_at.getTime();
