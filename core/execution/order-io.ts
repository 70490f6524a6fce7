import type { Decimal } from '../domain/decimal';
import type { OrderStatus } from '../domain/enums';
import type { Clock } from '../clock/clock';
import type { ConnectorResult, ExchangeOrder, IExecutionConnector, PlaceOrderRequest, TimeInForce } from '../connectors/types';
import type { CancelScope, Ledger, OrderView } from '../ledger';

/**
 * The worker's side of "write the intent before the effect": orders are
 * sent only after their PENDING_SUBMIT row is committed; an UNKNOWN outcome
 * is resolved by looking the client order id up, and resent only when the
 * exchange says no such order exists. Cancels are tracked intents, retried.
 */
export interface OrderIoOptions {
  readonly ledger: Ledger;
  readonly connector: IExecutionConnector;
  readonly clock: Clock;
  readonly onError: (e: unknown) => void;
  /** How often an UNKNOWN place or cancel is looked up / retried, and how far apart (clock ms). */
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
}

export interface SendHints {
  readonly timeInForce?: TimeInForce | null;
  readonly icebergQuantity?: Decimal | null;
  readonly ocoWith?: string;
}

/** Exchange status -> ledger status; identical values pass through. */
export function ledgerStatusOf(o: ExchangeOrder): OrderStatus {
  switch (o.status) {
    case 'NEW':
      return 'OPEN';
    case 'PARTIALLY_FILLED':
      return 'PARTIALLY_FILLED';
    case 'FILLED':
      return 'FILLED';
    case 'CANCELED':
      return 'CANCELED';
    case 'REJECTED':
      return 'REJECTED';
    case 'EXPIRED':
      return 'EXPIRED';
  }
}

export class OrderIo {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly retry: { attempts: number; delayMs: number };

  constructor(private readonly o: OrderIoOptions) {
    this.retry = { attempts: o.retry?.attempts ?? 5, delayMs: o.retry?.delayMs ?? 1_000 };
  }

  /** Moves an order's status if the state machine allows it and it differs; quietly keeps it otherwise. */
  setStatus(orderId: string, status: OrderStatus, extra: { connector_order_id?: string; reason?: string } = {}): OrderView | undefined {
    const order = this.o.ledger.getOrder(orderId);
    if (!order) return undefined;
    if (order.status === status && extra.connector_order_id === undefined) return order;
    try {
      return this.o.ledger.updateOrder({
        order_id: orderId,
        ...(order.status !== status ? { status } : {}),
        ...(extra.connector_order_id && !order.connector_order_id ? { connector_order_id: extra.connector_order_id } : {}),
        ...(extra.reason ? { reason: extra.reason } : {}),
      });
    } catch {
      // Refused transitions are journaled by the ledger; the exchange's word is kept in the journal, not forced.
      return this.o.ledger.getOrder(orderId);
    }
  }

  private request(order: OrderView, hints: SendHints): PlaceOrderRequest {
    return {
      clientOrderId: order.order_id,
      symbol: order.symbol,
      side: order.side,
      type: order.order_type,
      quantity: order.quantity,
      ...(order.price ? { price: order.price } : {}),
      ...(order.stop_price ? { stopPrice: order.stop_price } : {}),
      ...(hints.timeInForce ? { timeInForce: hints.timeInForce } : {}),
      ...(hints.icebergQuantity ? { icebergQuantity: hints.icebergQuantity } : {}),
      ...(hints.ocoWith ? { ocoWith: hints.ocoWith } : {}),
    };
  }

  /** Send a committed PENDING_SUBMIT order. Resolves when its outcome is known (or given up as UNKNOWN). */
  send(orderId: string, hints: SendHints = {}): Promise<void> {
    const existing = this.inFlight.get(orderId);
    if (existing) return existing;
    const p = this.sendOnce(orderId, hints)
      .catch(this.o.onError)
      .finally(() => this.inFlight.delete(orderId));
    this.inFlight.set(orderId, p);
    return p;
  }

  /** The place request of this order, if one is under way. */
  whenSent(orderId: string): Promise<void> | undefined {
    return this.inFlight.get(orderId);
  }

  private async sendOnce(orderId: string, hints: SendHints): Promise<void> {
    const order = this.o.ledger.getOrder(orderId);
    if (!order || order.status !== 'PENDING_SUBMIT') return;
    const result = await this.o.connector.place(this.request(order, hints));
    await this.applyPlaceResult(orderId, result, hints, 0);
  }

  private async applyPlaceResult(orderId: string, result: ConnectorResult<ExchangeOrder>, hints: SendHints, attempt: number): Promise<void> {
    if (result.ok) {
      this.setStatus(orderId, ledgerStatusOf(result.value), { connector_order_id: result.value.exchangeOrderId });
      return;
    }
    if (result.outcome === 'REJECTED') {
      this.setStatus(orderId, 'REJECTED', { reason: `${result.reason}: ${result.message}` });
      return;
    }
    // UNKNOWN (or a NOT_FOUND answer to a place): find out, never resend blindly.
    this.setStatus(orderId, 'UNKNOWN', { reason: result.message });
    await this.resolveUnknown(orderId, hints, attempt);
  }

  /** Look the client order id up; resend only when the exchange says it has no such order. */
  async resolveUnknown(orderId: string, hints: SendHints = {}, attempt = 0): Promise<void> {
    const order = this.o.ledger.getOrder(orderId);
    if (!order || order.status !== 'UNKNOWN') return;
    const found = await this.o.connector.findOrder(orderId, order.symbol);
    if (found.ok) {
      this.setStatus(orderId, ledgerStatusOf(found.value), { connector_order_id: found.value.exchangeOrderId });
      return;
    }
    if (found.outcome === 'NOT_FOUND') {
      if (attempt >= this.retry.attempts) {
        this.setStatus(orderId, 'REJECTED', { reason: 'not found on the exchange after retries' });
        return;
      }
      this.setStatus(orderId, 'PENDING_SUBMIT', { reason: 'exchange has no such order: resending' });
      const again = await this.o.connector.place(this.request(order, hints));
      await this.applyPlaceResult(orderId, again, hints, attempt + 1);
      return;
    }
    if (attempt < this.retry.attempts) {
      await this.later();
      await this.resolveUnknown(orderId, hints, attempt + 1);
    }
  }

  private later(): Promise<void> {
    return new Promise((resolve) => this.o.clock.setTimeout(resolve, this.retry.delayMs));
  }

  /**
   * Cancel live orders as tracked intents, all at once; one failure never
   * stops the others. Orders whose place is still in flight are cancelled as
   * soon as it lands; orders never sent are cancelled in the ledger alone.
   */
  async cancel(orderIds: readonly string[], scope: CancelScope, reason: string): Promise<void> {
    const { ledger } = this.o;
    const intents = ledger.transaction(() =>
      orderIds.flatMap((id) => {
        const order = ledger.getOrder(id);
        if (!order || !isLive(order.status)) return [];
        const open = ledger.cancelIntents({ orderId: id }).find((i) => i.status === 'REQUESTED' || i.status === 'UNKNOWN');
        const intent = open ?? ledger.requestCancel(id, { reason, scope });
        return [{ order, intentId: intent.intent_id }];
      }),
    );
    const ready: { order: OrderView; intentId: string }[] = [];
    const waiting: Promise<void>[] = [];
    for (const it of intents) {
      const sending = this.whenSent(it.order.order_id);
      if (sending) {
        waiting.push(sending.then(() => this.cancelBatch([it])));
      } else if (this.o.ledger.getOrder(it.order.order_id)?.status === 'PENDING_CANCEL' && !it.order.connector_order_id && it.order.status === 'PENDING_SUBMIT') {
        // Committed but never sent (e.g. before a restart): nothing on the exchange to cancel.
        ledger.transaction(() => {
          this.setStatus(it.order.order_id, 'CANCELED', { reason: 'cancelled before it was sent' });
          ledger.confirmCancel(it.intentId);
        });
      } else {
        ready.push(it);
      }
    }
    await Promise.all([this.cancelBatch(ready), ...waiting]);
  }

  private async cancelBatch(items: readonly { order: OrderView; intentId: string }[], attempt = 0): Promise<void> {
    const { ledger, connector } = this.o;
    const live = items.filter((it) => {
      const o = ledger.getOrder(it.order.order_id);
      return o !== undefined && isLive(o.status);
    });
    if (live.length === 0) {
      // Already terminal (filled or cancelled by a report): settle the intents.
      ledger.transaction(() => items.forEach((it) => this.settleIntent(it.intentId, it.order.order_id)));
      return;
    }
    const results = await connector.cancelMany(live.map((it) => ({ clientOrderId: it.order.order_id, symbol: it.order.symbol })));
    const retry: { order: OrderView; intentId: string }[] = [];
    ledger.transaction(() => {
      results.forEach((r, i) => {
        const it = live[i];
        if (!it) return;
        if (r.ok) {
          this.setStatus(it.order.order_id, ledgerStatusOf(r.value));
          this.settleIntent(it.intentId, it.order.order_id);
        } else if (r.outcome === 'UNKNOWN') {
          ledger.markCancelUnknown(it.intentId);
          retry.push(it);
        } else {
          // REJECTED or NOT_FOUND: the order may have filled or been cancelled meanwhile; look it up.
          retry.push(it);
        }
      });
    });
    if (retry.length === 0) return;
    await this.reconcileCancels(retry, attempt);
  }

  private async reconcileCancels(items: readonly { order: OrderView; intentId: string }[], attempt: number): Promise<void> {
    const { ledger, connector } = this.o;
    const again: { order: OrderView; intentId: string }[] = [];
    for (const it of items) {
      const found = await connector.findOrder(it.order.order_id, it.order.symbol);
      ledger.transaction(() => {
        if (found.ok) {
          const status = ledgerStatusOf(found.value);
          if (isLive(status)) again.push(it);
          else {
            this.setStatus(it.order.order_id, status);
            this.settleIntent(it.intentId, it.order.order_id);
          }
        } else if (found.outcome === 'NOT_FOUND') {
          const o = ledger.getOrder(it.order.order_id);
          if (o && !o.connector_order_id && (o.status === 'PENDING_CANCEL' || o.status === 'UNKNOWN')) {
            this.setStatus(it.order.order_id, 'CANCELED', { reason: 'the exchange never had this order' });
          }
          this.settleIntent(it.intentId, it.order.order_id);
        } else {
          again.push(it);
        }
      });
    }
    if (again.length === 0) return;
    if (attempt + 1 >= this.retry.attempts) {
      ledger.transaction(() => again.forEach((it) => ledger.failCancel(it.intentId, `no confirmation after ${attempt + 1} attempts`)));
      return;
    }
    await this.later();
    await this.cancelBatch(again, attempt + 1);
  }

  /** Confirm or fail an intent from the order's current ledger status. */
  settleIntent(intentId: string, orderId: string): void {
    const { ledger } = this.o;
    const intent = ledger.cancelIntents({ orderId }).find((i) => i.intent_id === intentId);
    if (!intent || intent.status === 'CONFIRMED' || intent.status === 'FAILED') return;
    const order = ledger.getOrder(orderId);
    if (!order) return;
    if (order.status === 'CANCELED' || order.status === 'EXPIRED') ledger.confirmCancel(intentId);
    else if (order.status === 'FILLED' || order.status === 'REJECTED') ledger.failCancel(intentId, `order is ${order.status}`);
  }
}

const LIVE: ReadonlySet<OrderStatus> = new Set(['PENDING_SUBMIT', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL']);

export function isLive(status: OrderStatus): boolean {
  return LIVE.has(status);
}
