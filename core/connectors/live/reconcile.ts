import type { Decimal } from '../../domain/decimal';
import type { OrderStatus } from '../../domain/enums';
import { LIVE_ORDER_STATUSES } from '../../domain/transitions';
import type { ExchangeOrder, ExchangeOrderStatus, ExchangeTrade, OrderSide } from '../types';
import { compareTradeIds, tradeKey } from './trade-order';

/** An order as the ledger holds it: what reconciliation compares with the exchange. */
export interface LedgerOrderState {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Decimal;
  readonly status: OrderStatus;
  readonly filledQuantity: Decimal;
  /** Epoch ms the ledger registered the order (the intent). */
  readonly createdAt: number;
  /** Exchange trade ids of the fills the ledger recorded for it. */
  readonly tradeIds: readonly string[];
}

export type ReconciliationDifference =
  | {
      /** The exchange has an order (or trades of one) with a client order id the ledger does not know. */
      readonly kind: 'UNKNOWN_TO_LEDGER';
      readonly clientOrderId: string;
      readonly symbol: string;
      readonly exchangeOrder?: ExchangeOrder;
      readonly trades: readonly ExchangeTrade[];
      readonly message: string;
    }
  | {
      /** A trade of a ledger order that the ledger has no fill for. */
      readonly kind: 'MISSING_FILL';
      readonly clientOrderId: string;
      readonly symbol: string;
      readonly trade: ExchangeTrade;
      readonly message: string;
    }
  | {
      /** The exchange's status or filled quantity is not what the ledger shows. */
      readonly kind: 'STATUS_DRIFT';
      readonly clientOrderId: string;
      readonly symbol: string;
      readonly ledgerStatus: OrderStatus;
      readonly ledgerFilled: Decimal;
      readonly exchangeOrder: ExchangeOrder;
      readonly message: string;
    }
  | {
      /** The ledger holds the order as live, the exchange has no order with its client order id. */
      readonly kind: 'MISSING_ON_EXCHANGE';
      readonly clientOrderId: string;
      readonly symbol: string;
      readonly ledgerStatus: OrderStatus;
      readonly message: string;
    };

/** START: the connector started; RECONNECT: the stream came back; REPAIR: a stream update could not be used; MANUAL: asked for. */
export type ReconciliationTrigger = 'START' | 'RECONNECT' | 'REPAIR' | 'MANUAL';

export interface ReconciliationReport {
  readonly id: string;
  readonly trigger: ReconciliationTrigger;
  /** Epoch ms the comparison was made. */
  readonly at: number;
  readonly differences: readonly ReconciliationDifference[];
}

const LIVE = new Set<OrderStatus>(LIVE_ORDER_STATUSES);
const KIND_ORDER: Record<ReconciliationDifference['kind'], number> = {
  MISSING_ON_EXCHANGE: 0,
  STATUS_DRIFT: 1,
  MISSING_FILL: 2,
  UNKNOWN_TO_LEDGER: 3,
};

/** Ledger statuses that may stand beside an exchange order still on the book (the ledger may be ahead of our snapshot). */
const COVERS_OPEN = new Set<OrderStatus>(['OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'FILLED', 'CANCELED', 'EXPIRED']);

/**
 * Does the ledger already reflect this exchange state? The exchange snapshot
 * is taken before the ledger is read, and only exchange reports move a
 * ledger order past PENDING_SUBMIT/UNKNOWN, so a ledger that is ahead of an
 * open order's snapshot is timing, not drift. A closed exchange order must
 * match exactly.
 */
function consistent(l: LedgerOrderState, x: ExchangeOrder): boolean {
  const status: ExchangeOrderStatus = x.status;
  if (status === 'NEW' || status === 'PARTIALLY_FILLED') return COVERS_OPEN.has(l.status) && l.filledQuantity.gte(x.filledQuantity);
  return l.status === status && l.filledQuantity.eq(x.filledQuantity);
}

const text = (d: Decimal): string => d.toFixed();

/**
 * The differences between the ledger and the exchange, for the trader: pure,
 * deterministic (sorted by kind, client order id, trade id), and it decides
 * nothing. `exchangeOrders` must hold every order the exchange knows among
 * the ledger's live ones (open orders plus lookups), or a live ledger order
 * is reported missing; `knownTradeIds` holds `tradeKey(symbol, tradeId)` of
 * every fill the ledger has recorded (trade ids are unique per symbol only).
 */
export function reconcile(
  ledgerOrders: readonly LedgerOrderState[],
  exchangeOrders: readonly ExchangeOrder[],
  exchangeTrades: readonly ExchangeTrade[],
  knownTradeIds: ReadonlySet<string>,
): ReconciliationDifference[] {
  const ledger = new Map(ledgerOrders.map((o) => [o.clientOrderId, o]));
  const exchange = new Map(exchangeOrders.map((o) => [o.clientOrderId, o]));
  const out: ReconciliationDifference[] = [];

  const foreignTrades = new Map<string, ExchangeTrade[]>();
  for (const t of exchangeTrades) {
    if (knownTradeIds.has(tradeKey(t.symbol, t.tradeId))) continue;
    if (ledger.has(t.clientOrderId)) {
      out.push({
        kind: 'MISSING_FILL',
        clientOrderId: t.clientOrderId,
        symbol: t.symbol,
        trade: t,
        message: `trade ${t.tradeId}: ${t.side} ${text(t.quantity)} ${t.symbol} @ ${text(t.price)} is on the exchange but not in the ledger`,
      });
    } else {
      foreignTrades.set(t.clientOrderId, [...(foreignTrades.get(t.clientOrderId) ?? []), t]);
    }
  }

  for (const x of exchange.values()) {
    const l = ledger.get(x.clientOrderId);
    if (l === undefined) {
      const trades = foreignTrades.get(x.clientOrderId) ?? [];
      foreignTrades.delete(x.clientOrderId);
      out.push({
        kind: 'UNKNOWN_TO_LEDGER',
        clientOrderId: x.clientOrderId,
        symbol: x.symbol,
        exchangeOrder: x,
        trades,
        message: `the exchange has ${x.status} ${x.side} ${text(x.quantity)} ${x.symbol} (${x.clientOrderId}, filled ${text(x.filledQuantity)}) that the ledger does not know`,
      });
    } else if (!consistent(l, x)) {
      out.push({
        kind: 'STATUS_DRIFT',
        clientOrderId: x.clientOrderId,
        symbol: x.symbol,
        ledgerStatus: l.status,
        ledgerFilled: l.filledQuantity,
        exchangeOrder: x,
        message: `ledger shows ${l.status} filled ${text(l.filledQuantity)}, exchange shows ${x.status} filled ${text(x.filledQuantity)}`,
      });
    }
  }

  for (const [clientOrderId, trades] of foreignTrades) {
    const first = trades[0];
    if (first === undefined) continue;
    out.push({
      kind: 'UNKNOWN_TO_LEDGER',
      clientOrderId,
      symbol: first.symbol,
      trades,
      message: `${trades.length} trade(s) of order ${clientOrderId}, which the ledger does not know`,
    });
  }

  for (const l of ledger.values()) {
    if (!LIVE.has(l.status) || exchange.has(l.clientOrderId)) continue;
    out.push({
      kind: 'MISSING_ON_EXCHANGE',
      clientOrderId: l.clientOrderId,
      symbol: l.symbol,
      ledgerStatus: l.status,
      message:
        l.status === 'PENDING_SUBMIT' || l.status === 'UNKNOWN'
          ? `the ledger's ${l.status} order never reached the exchange; nothing was assumed (not resent, not cancelled)`
          : `the ledger shows ${l.status} but the exchange has no such order; nothing was assumed cancelled`,
    });
  }

  const tradeOf = (d: ReconciliationDifference): string => (d.kind === 'MISSING_FILL' ? d.trade.tradeId : '');
  return out.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.clientOrderId < b.clientOrderId ? -1 : a.clientOrderId > b.clientOrderId ? 1 : 0) ||
      compareTradeIds(tradeOf(a), tradeOf(b)),
  );
}
