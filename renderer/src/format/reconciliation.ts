import type Decimal from 'decimal.js';
import type { ReconciliationDifferenceValue, ReconciliationReportValue } from '../../../core/connectors/live/report-schema';
import { formatDecimal } from './decimal';

/**
 * One line per difference a live reconciliation found, as the trader reads
 * it: what kind, which order (our client order id, the exchange's id),
 * which trades, and what the ledger and the exchange each say. Numbers keep
 * every digit the exchange gave.
 */
export interface DifferenceRow {
  readonly key: string;
  readonly kind: ReconciliationDifferenceValue['kind'];
  readonly title: string;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly exchangeOrderId: string | null;
  readonly tradeIds: readonly string[];
  readonly ledger: string;
  readonly exchange: string;
  /** The connector's own sentence. */
  readonly message: string;
}

export const DIFFERENCE_TITLES: Readonly<Record<ReconciliationDifferenceValue['kind'], string>> = {
  UNKNOWN_TO_LEDGER: 'Unknown to the ledger',
  MISSING_FILL: 'Fill missing from the ledger',
  STATUS_DRIFT: 'Status differs',
  MISSING_ON_EXCHANGE: 'Missing on the exchange',
};

const exact = (d: Decimal): string => formatDecimal(d, { places: d.decimalPlaces() });

type ExchangeOrderValue = NonNullable<Extract<ReconciliationDifferenceValue, { kind: 'STATUS_DRIFT' }>['exchangeOrder']>;

function orderText(o: ExchangeOrderValue): string {
  const price = o.price ? ` @ ${exact(o.price)}` : o.stopPrice ? ` stop ${exact(o.stopPrice)}` : ` ${o.type}`;
  return `${o.status} ${o.side} ${exact(o.quantity)}${price} · filled ${exact(o.filledQuantity)}`;
}

export function differenceRow(d: ReconciliationDifferenceValue, index: number): DifferenceRow {
  const base = { key: `${index}:${d.kind}:${d.clientOrderId}`, kind: d.kind, title: DIFFERENCE_TITLES[d.kind], symbol: d.symbol, clientOrderId: d.clientOrderId, message: d.message };
  switch (d.kind) {
    case 'UNKNOWN_TO_LEDGER': {
      const traded = d.trades.reduce<Decimal | null>((sum, t) => (sum ? sum.plus(t.quantity) : t.quantity), null);
      return {
        ...base,
        exchangeOrderId: d.exchangeOrder?.exchangeOrderId ?? d.trades[0]?.exchangeOrderId ?? null,
        tradeIds: d.trades.map((t) => t.tradeId),
        ledger: 'not in the ledger',
        exchange: d.exchangeOrder ? orderText(d.exchangeOrder) : `${d.trades.length} trade(s), ${traded ? exact(traded) : '0'} traded`,
      };
    }
    case 'MISSING_FILL':
      return {
        ...base,
        exchangeOrderId: d.trade.exchangeOrderId,
        tradeIds: [d.trade.tradeId],
        ledger: 'no fill for this trade',
        exchange: `${d.trade.side} ${exact(d.trade.quantity)} @ ${exact(d.trade.price)} · fee ${exact(d.trade.fee)} ${d.trade.feeAsset}`,
      };
    case 'STATUS_DRIFT':
      return {
        ...base,
        exchangeOrderId: d.exchangeOrder.exchangeOrderId,
        tradeIds: [],
        ledger: `${d.ledgerStatus} · filled ${exact(d.ledgerFilled)}`,
        exchange: orderText(d.exchangeOrder),
      };
    case 'MISSING_ON_EXCHANGE':
      return { ...base, exchangeOrderId: null, tradeIds: [], ledger: d.ledgerStatus, exchange: 'no order with this id' };
  }
}

export function differenceRows(report: ReconciliationReportValue): DifferenceRow[] {
  return report.differences.map(differenceRow);
}
