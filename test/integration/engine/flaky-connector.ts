import type {
  ConnectionState,
  ConnectorCapabilities,
  ConnectorResult,
  ExchangeOrder,
  ExchangeTrade,
  ExecutionReport,
  IExecutionConnector,
  ModifyOrderRequest,
  PlaceOrderRequest,
  Unsubscribe,
} from '../../../core/connectors/types';
import type { PaperExchange } from '../../../core/connectors/paper';
import type { Decimal } from '../../../core/domain';
import type { MarketBar } from '../../../core/market';

/**
 * How a request misbehaves:
 * - REJECTED: refused before reaching the exchange (rate limited);
 * - UNKNOWN: timed out before reaching the exchange;
 * - UNKNOWN_AFTER: reached the exchange (the order is cancelled) but the answer was lost.
 */
export type CancelFault = 'REJECTED' | 'UNKNOWN' | 'UNKNOWN_AFTER';

/**
 * A PaperExchange behind a connection that fails the first N cancels of
 * chosen orders, or the next N places; everything else passes straight
 * through. Counts every cancel and place it was asked for.
 */
export class FlakyConnector implements IExecutionConnector {
  readonly kind = 'paper' as const;
  readonly cancelCalls = new Map<string, number>();
  /** Client order ids of every place request, in order (a resend shows up twice). */
  readonly placeCalls: string[] = [];
  private readonly faults = new Map<string, { fault: CancelFault; left: number }>();
  private placeFaults: { fault: CancelFault; left: number } | undefined;

  constructor(readonly inner: PaperExchange) {}

  get id(): string {
    return this.inner.id;
  }

  /** The next `times` cancels of each of these orders fail with `fault` (times = Infinity: always). */
  failCancels(clientOrderIds: Iterable<string>, times: number, fault: CancelFault): void {
    for (const id of clientOrderIds) this.faults.set(id, { fault, left: times });
  }

  /** The next `times` place requests fail with `fault` (REJECTED: refused by the exchange). */
  failPlaces(times: number, fault: CancelFault): void {
    this.placeFaults = { fault, left: times };
  }

  async place(request: PlaceOrderRequest): Promise<ConnectorResult<ExchangeOrder>> {
    this.placeCalls.push(request.clientOrderId);
    const f = this.placeFaults;
    if (!f || f.left <= 0) return this.inner.place(request);
    f.left -= 1;
    switch (f.fault) {
      case 'REJECTED':
        return { ok: false, outcome: 'REJECTED', reason: 'RATE_LIMITED', message: 'too many requests (test fault)' };
      case 'UNKNOWN':
        return { ok: false, outcome: 'UNKNOWN', message: 'timed out (test fault)' };
      case 'UNKNOWN_AFTER':
        await this.inner.place(request);
        return { ok: false, outcome: 'UNKNOWN', message: 'answer lost after the exchange acted (test fault)' };
    }
  }

  async cancel(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    this.cancelCalls.set(clientOrderId, (this.cancelCalls.get(clientOrderId) ?? 0) + 1);
    const f = this.faults.get(clientOrderId);
    if (!f || f.left <= 0) return this.inner.cancel(clientOrderId, symbol);
    f.left -= 1;
    switch (f.fault) {
      case 'REJECTED':
        return { ok: false, outcome: 'REJECTED', reason: 'RATE_LIMITED', message: 'too many requests (test fault)' };
      case 'UNKNOWN':
        return { ok: false, outcome: 'UNKNOWN', message: 'timed out (test fault)' };
      case 'UNKNOWN_AFTER':
        await this.inner.cancel(clientOrderId, symbol);
        return { ok: false, outcome: 'UNKNOWN', message: 'answer lost after the exchange acted (test fault)' };
    }
  }

  cancelMany(orders: readonly { clientOrderId: string; symbol: string }[]): Promise<ConnectorResult<ExchangeOrder>[]> {
    return Promise.all(orders.map((o) => this.cancel(o.clientOrderId, o.symbol)));
  }

  capabilities(): ConnectorCapabilities {
    return this.inner.capabilities();
  }
  connectionState(): ConnectionState {
    return this.inner.connectionState();
  }
  onConnectionState(listener: (state: ConnectionState) => void): Unsubscribe {
    return this.inner.onConnectionState(listener);
  }
  modify(request: ModifyOrderRequest, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    return this.inner.modify(request, symbol);
  }
  findOrder(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    return this.inner.findOrder(clientOrderId, symbol);
  }
  openOrders(symbol?: string): Promise<ConnectorResult<ExchangeOrder[]>> {
    return this.inner.openOrders(symbol);
  }
  tradesSince(sinceTime: number, symbol?: string): Promise<ConnectorResult<ExchangeTrade[]>> {
    return this.inner.tradesSince(sinceTime, symbol);
  }
  balances(): Promise<ConnectorResult<Record<string, { free: Decimal; locked: Decimal }>>> {
    return this.inner.balances();
  }
  onReport(listener: (report: ExecutionReport) => void): Unsubscribe {
    return this.inner.onReport(listener);
  }
  onMarket(listener: (bar: MarketBar) => void): Unsubscribe {
    return this.inner.onMarket(listener);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
