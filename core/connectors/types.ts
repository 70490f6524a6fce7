import type Decimal from 'decimal.js';
import type { MarketBar } from '../market/types';
import type { ReconciliationReportValue } from './live/report-schema';

/**
 * IExecutionConnector: the one interface through which execution code talks
 * to a market, identical for backtest, paper and live (seed 004, section 6.4).
 * The client order id we send is always our ledger order id (ORD_...).
 */

export type OrderSide = 'BUY' | 'SELL';

export type ConnectorOrderType = 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'STOP_LIMIT';

export type TimeInForce = 'GTC' | 'IOC' | 'FOK';

export interface PlaceOrderRequest {
  /** Our ledger order id; sent to the exchange as the client order id. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: ConnectorOrderType;
  readonly quantity: Decimal;
  /** Required for LIMIT and STOP_LIMIT. */
  readonly price?: Decimal;
  /** Required for STOP_MARKET and STOP_LIMIT: the trigger price. */
  readonly stopPrice?: Decimal;
  readonly timeInForce?: TimeInForce;
  /** Native iceberg: the quantity shown on the book (only where capabilities.nativeIceberg). */
  readonly icebergQuantity?: Decimal;
  /** Client order id of the other leg of a one-cancels-the-other pair. */
  readonly ocoWith?: string;
}

export interface ModifyOrderRequest {
  readonly clientOrderId: string;
  readonly quantity?: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
}

/** What the exchange says an order is, in exchange terms. */
export type ExchangeOrderStatus =
  | 'NEW'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'REJECTED'
  | 'EXPIRED';

export interface ExchangeOrder {
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: ConnectorOrderType;
  readonly quantity: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly status: ExchangeOrderStatus;
  readonly filledQuantity: Decimal;
  /** Average price of the fills so far; undefined when nothing filled. */
  readonly averagePrice?: Decimal;
  /** Epoch ms of the last change. */
  readonly updatedAt: number;
}

export type Liquidity = 'MAKER' | 'TAKER';

export interface ExchangeTrade {
  /** Exchange trade id: fills are de-duplicated by it. */
  readonly tradeId: string;
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly fee: Decimal;
  readonly feeAsset: string;
  readonly liquidity: Liquidity;
  /** Epoch ms the trade happened. */
  readonly time: number;
  /** Paper only: the fidelity profile that produced this fill. */
  readonly fidelityProfile?: string;
}

export type ExecutionReport =
  | { readonly kind: 'ACK'; readonly order: ExchangeOrder; readonly time: number }
  | { readonly kind: 'PARTIAL_FILL'; readonly order: ExchangeOrder; readonly trade: ExchangeTrade; readonly time: number }
  | { readonly kind: 'FILL'; readonly order: ExchangeOrder; readonly trade: ExchangeTrade; readonly time: number }
  | { readonly kind: 'CANCELED'; readonly order: ExchangeOrder; readonly time: number }
  | { readonly kind: 'REJECTED'; readonly clientOrderId: string; readonly reason: RejectReason; readonly message: string; readonly time: number }
  | { readonly kind: 'EXPIRED'; readonly order: ExchangeOrder; readonly time: number }
  | { readonly kind: 'MODIFIED'; readonly order: ExchangeOrder; readonly time: number };

export type RejectReason =
  | 'BELOW_MIN_SIZE'
  | 'PRICE_OFF_TICK'
  | 'QUANTITY_OFF_STEP'
  | 'INSUFFICIENT_BALANCE'
  | 'UNKNOWN_SYMBOL'
  | 'INVALID_ORDER'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'RATE_LIMITED'
  | 'EXCHANGE_ERROR'
  /** Live: the last reconciliation found differences the trader has not acknowledged yet; no new orders until then. */
  | 'RECONCILIATION_PENDING';

/**
 * The outcome of a request. UNKNOWN means we cannot tell whether the
 * exchange acted (timeout, 5xx, dropped connection): the caller resolves it
 * with findOrder(clientOrderId), never by sending again blindly.
 */
export type ConnectorResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly outcome: 'REJECTED'; readonly reason: RejectReason; readonly message: string }
  | { readonly ok: false; readonly outcome: 'UNKNOWN'; readonly message: string }
  | { readonly ok: false; readonly outcome: 'NOT_FOUND'; readonly message: string };

export type ConnectionState = 'CONNECTING' | 'CONNECTED' | 'RECONNECTING' | 'DISCONNECTED';

export interface SymbolRules {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: Decimal;
  readonly stepSize: Decimal;
  readonly minQuantity: Decimal;
  /** Minimum price * quantity, in quote asset. */
  readonly minNotional: Decimal;
}

export interface ConnectorCapabilities {
  readonly orderTypes: readonly ConnectorOrderType[];
  readonly nativeIceberg: boolean;
  readonly nativeOco: boolean;
  readonly modifyInPlace: boolean;
  readonly symbols: readonly SymbolRules[];
}

export type Unsubscribe = () => void;

export interface IExecutionConnector {
  readonly id: string;
  readonly kind: 'paper' | 'live' | 'backtest';
  capabilities(): ConnectorCapabilities;
  connectionState(): ConnectionState;
  onConnectionState(listener: (state: ConnectionState) => void): Unsubscribe;

  place(request: PlaceOrderRequest): Promise<ConnectorResult<ExchangeOrder>>;
  cancel(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>>;
  /** Cancel many by client order id; one failure never stops the others. Results in request order. */
  cancelMany(orders: readonly { clientOrderId: string; symbol: string }[]): Promise<ConnectorResult<ExchangeOrder>[]>;
  modify(request: ModifyOrderRequest, symbol: string): Promise<ConnectorResult<ExchangeOrder>>;
  findOrder(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>>;
  openOrders(symbol?: string): Promise<ConnectorResult<ExchangeOrder[]>>;
  /** Own trades with time >= sinceTime (epoch ms), oldest first. */
  tradesSince(sinceTime: number, symbol?: string): Promise<ConnectorResult<ExchangeTrade[]>>;
  /** Balances per asset (free + locked), as the exchange reports them. */
  balances(): Promise<ConnectorResult<Record<string, { free: Decimal; locked: Decimal }>>>;

  /** Stream of execution reports. Listeners are called in report order. */
  onReport(listener: (report: ExecutionReport) => void): Unsubscribe;
  /** Latest market data the connector sees (paper: the source; live: ticker). */
  onMarket?(listener: (bar: MarketBar) => void): Unsubscribe;

  close(): Promise<void>;
}

/** A connector's answer to the trader acknowledging a reconciliation report. */
export type ReconciliationAcknowledgement =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: { readonly code: 'NO_PENDING_REPORT' | 'STALE_REPORT'; readonly message: string } };

/**
 * Optional, for connectors that compare themselves with the ledger (live):
 * the differences they find hold new orders until the trader has seen them.
 * The engine finds it with isReconcilingConnector, so it never imports a
 * particular connector.
 */
export interface ReconcilingConnector extends IExecutionConnector {
  /** Whether place() would accept a new order now, and why not. */
  status(): { readonly acceptingOrders: boolean; readonly refusal?: string };
  pendingReconciliation(): ReconciliationReportValue | undefined;
  acknowledgeReconciliation(reportId: string): ReconciliationAcknowledgement;
  /** Anything that may change status() (stream, reconciliation, pauses). */
  onEvent(listener: (event: { readonly kind: string }) => void): Unsubscribe;
}

export function isReconcilingConnector(c: IExecutionConnector): c is ReconcilingConnector {
  const r = c as Partial<Record<keyof ReconcilingConnector, unknown>>;
  return (
    typeof r.status === 'function' &&
    typeof r.pendingReconciliation === 'function' &&
    typeof r.acknowledgeReconciliation === 'function' &&
    typeof r.onEvent === 'function'
  );
}
