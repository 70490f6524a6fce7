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

/** How many ended orders OrderIo remembers (see noteEnded). */
const ENDED_MEMORY = 10_000;

export class OrderIo {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly retry: { attempts: number; delayMs: number };
  private readonly ended = new Set<string>();
  private closed = false;

  /** After close no answer touches the ledger (it is being closed). */
  close(): void {
    this.closed = true;
  }

  constructor(private readonly o: OrderIoOptions) {
    this.retry = { attempts: o.retry?.attempts ?? 5, delayMs: o.retry?.delayMs ?? 1_000 };
  }

  /**
   * An order the ledger has committed as ended (filled, cancelled, ...).
   * Terminal is final, so a later answer about it (a cancel's result after
   * the CANCELED report) is skipped without re-reading the order. A bounded
   * memory of facts, not execution state: forgetting one costs one read.
   */
  noteEnded(orderId: string): void {
    this.ended.add(orderId);
    if (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.values().next();
      if (!oldest.done) this.ended.delete(oldest.value);
    }
  }

  /**
   * Moves an order's status if the state machine allows it and it differs;
   * quietly keeps it otherwise. `current`: the order as just read in this
   * transaction, to spare a re-read.
   */
  setStatus(
    orderId: string,
    status: OrderStatus,
    extra: { connector_order_id?: string; reason?: string } = {},
    current?: OrderView,
  ): OrderView | undefined {
    const order = current ?? this.o.ledger.getOrder(orderId);
    if (!order) return undefined;
    // A pending cancel ends in a terminal status or by failing: an ack or modify still on its way does not undo it.
    const to = order.status === 'PENDING_CANCEL' && (status === 'OPEN' || status === 'PARTIALLY_FILLED') ? order.status : status;
    const newId = extra.connector_order_id !== undefined && !order.connector_order_id;
    if (order.status === to && !newId) return order;
    try {
      return this.o.ledger.updateOrder({
        order_id: orderId,
        ...(order.status !== to ? { status: to } : {}),
        ...(newId ? { connector_order_id: extra.connector_order_id } : {}),
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
    if (this.closed) return; // the answer came after shutdown: restart recovery looks the order up
    await this.applyPlaceResult(orderId, result, hints, 0);
  }

  private async applyPlaceResult(orderId: string, result: ConnectorResult<ExchangeOrder>, hints: SendHints, attempt: number): Promise<void> {
    if (result.ok) {
      // Reports can overtake the answer (the ACK, an immediate fill): then it only brings the exchange's id.
      const order = this.o.ledger.getOrder(orderId);
      if (!order) return;
      const answered = order.status === 'PENDING_SUBMIT' || order.status === 'UNKNOWN' ? ledgerStatusOf(result.value) : order.status;
      this.setStatus(orderId, answered, { connector_order_id: result.value.exchangeOrderId }, order);
      return;
    }
    if (result.outcome === 'REJECTED') {
      this.setStatus(orderId, 'REJECTED', { reason: `${result.reason}: ${result.message}` });
      return;
    }
    // UNKNOWN (or a NOT_FOUND answer to a place): find out, never resend blindly; reports that got here first already told us.
    const order = this.o.ledger.getOrder(orderId);
    if (!order || (order.status !== 'PENDING_SUBMIT' && order.status !== 'UNKNOWN')) return;
    this.setStatus(orderId, 'UNKNOWN', { reason: result.message }, order);
    // An exchange can answer "status unknown" before the order is visible to a
    // query (Binance's -1007): look it up only after a pause, so a slow order is
    // never mistaken for a missing one and sent twice.
    await this.later();
    await this.resolveUnknown(orderId, hints, attempt);
  }

  /** Look the client order id up; resend only when the exchange says it has no such order. */
  async resolveUnknown(orderId: string, hints: SendHints = {}, attempt = 0): Promise<void> {
    if (this.closed) return; // the next start's recovery looks it up
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
   * Orders are ids, or views read in this same turn (spares re-reading them).
   */
  cancel(orders: readonly (string | OrderView)[], scope: CancelScope, reason: string): Promise<void> {
    return this.sendCancels(this.requestCancels(orders, scope, reason));
  }

  /**
   * The ledger half of `cancel`, one bulk write (inside the caller's
   * transaction, if any, so a halt and its cancels commit together): an
   * intent per live order, or a retry of its unfinished one; orders that were
   * never sent are cancelled here and now. Nothing goes out until `sendCancels`.
   */
  requestCancels(orders: readonly (string | OrderView)[], scope: CancelScope, reason: string): readonly CancelItem[] {
    const { ledger } = this.o;
    const ids = orders.flatMap((x) => (typeof x === 'string' ? [x] : isLive(x.status) ? [x.order_id] : []));
    return ledger.transaction(() => {
      const items = ledger.requestCancels(ids, { reason, scope }).map(
        (r): CancelItem => ({ orderId: r.order_id, symbol: r.symbol, intentId: r.intent_id, sent: r.connector_order_id !== null || r.status !== 'PENDING_SUBMIT' }),
      );
      // Committed but never sent (e.g. before a restart) and not being sent: nothing on the exchange to cancel.
      const unsent = items.filter((it) => !it.sent && !this.whenSent(it.orderId));
      if (unsent.length === 0) return items;
      ledger.settleOrders(
        unsent.map((it) => ({ order_id: it.orderId, status: 'CANCELED' })),
        { reason: 'cancelled before it was sent' },
      );
      return items.filter((it) => !unsent.includes(it));
    });
  }

  /** The exchange half of `cancel`: send the requested cancels, retried until each is settled. */
  async sendCancels(items: readonly CancelItem[]): Promise<void> {
    // The jobs the intents' commit queued (a view's frame of them) run before the exchange work starts:
    // the trader sees the cancels under way while they are sent, not after a synchronous exchange answered them.
    await Promise.resolve();
    const ready: CancelItem[] = [];
    const waiting: Promise<void>[] = [];
    for (const it of items) {
      const sending = this.whenSent(it.orderId);
      if (sending) waiting.push(sending.then(() => this.cancelBatch([it], 0, false)));
      else ready.push(it);
    }
    await Promise.all([this.cancelBatch(ready, 0, true), ...waiting]);
  }

  /**
   * Send one round of cancels; whatever is not settled by the answers is
   * looked up and retried. `fresh`: the intents were opened in this turn, so
   * every order is still live.
   */
  private async cancelBatch(items: readonly CancelItem[], attempt: number, fresh: boolean): Promise<void> {
    const { ledger, connector } = this.o;
    // Orders a report already ended had their intents settled by the ledger with that status.
    const live = fresh ? items : items.filter((it) => this.isLiveNow(it.orderId));
    if (live.length === 0) return;
    const results = await connector.cancelMany(live.map((it) => ({ clientOrderId: it.orderId, symbol: it.symbol })));
    if (this.closed) return; // intents stay open; restart recovery sends them again
    const retry: CancelItem[] = [];
    const settle: { order_id: string; status: OrderStatus }[] = [];
    ledger.transaction(() => {
      results.forEach((r, i) => {
        const it = live[i];
        if (!it || this.ended.has(it.orderId)) return; // its report was recorded first: nothing left to do
        if (r.ok) {
          const status = ledgerStatusOf(r.value);
          if (isLive(status)) retry.push(it);
          else settle.push({ order_id: it.orderId, status });
          return;
        }
        if (r.outcome === 'UNKNOWN') this.markUnknown(it);
        // UNKNOWN, REJECTED (rate limit, already done) or NOT_FOUND: look it up before trying again.
        retry.push(it);
      });
      // Orders a report (CANCELED, FILLED) ended first are left as they are.
      if (settle.length > 0) ledger.settleOrders(settle);
    });
    if (retry.length > 0) await this.reconcileCancels(retry, attempt);
  }

  private markUnknown(it: CancelItem): void {
    const intent = this.o.ledger.cancelIntents({ orderId: it.orderId }).find((i) => i.intent_id === it.intentId);
    if (intent?.status === 'REQUESTED') this.o.ledger.markCancelUnknown(it.intentId);
  }

  private isLiveNow(orderId: string): boolean {
    const o = this.o.ledger.getOrder(orderId);
    return o !== undefined && isLive(o.status);
  }

  private async reconcileCancels(items: readonly CancelItem[], attempt: number): Promise<void> {
    const { ledger, connector } = this.o;
    const again: CancelItem[] = [];
    for (const it of items) {
      const found = await connector.findOrder(it.orderId, it.symbol);
      if (this.closed) return;
      ledger.transaction(() => {
        const order = ledger.getOrder(it.orderId);
        if (!order || !isLive(order.status)) return;
        if (found.ok) {
          const status = ledgerStatusOf(found.value);
          if (isLive(status)) again.push(it);
          else this.setStatus(it.orderId, status, { reason: 'cancel outcome resolved by lookup' });
        } else if (found.outcome === 'NOT_FOUND' && !order.connector_order_id && (order.status === 'PENDING_CANCEL' || order.status === 'UNKNOWN')) {
          this.setStatus(it.orderId, 'CANCELED', { reason: 'the exchange never had this order' });
        } else {
          again.push(it);
        }
      });
    }
    if (again.length === 0) return;
    if (attempt + 1 >= this.retry.attempts) {
      ledger.transaction(() =>
        again.forEach((it) => {
          if (this.isLiveNow(it.orderId)) ledger.failCancel(it.intentId, `no confirmation after ${attempt + 1} attempts`);
        }),
      );
      return;
    }
    await this.later();
    // Each resend is another attempt of the same intent, counted in the ledger before it goes out (ended orders are skipped).
    const symbols = new Map(again.map((it) => [it.orderId, it]));
    const resend = ledger
      .requestCancels(again.map((it) => it.orderId), { reason: 'retry', scope: 'ORDER' })
      .map((r): CancelItem => ({ ...(symbols.get(r.order_id) as CancelItem), intentId: r.intent_id }));
    await this.cancelBatch(resend, attempt + 1, true);
  }
}

/** A requested cancel, ready to send. */
export interface CancelItem {
  readonly orderId: string;
  readonly symbol: string;
  readonly intentId: string;
  /** False for an order still PENDING_SUBMIT with no exchange id: it may never have left. */
  readonly sent: boolean;
}

const LIVE: ReadonlySet<OrderStatus> = new Set(['PENDING_SUBMIT', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL']);

export function isLive(status: OrderStatus): boolean {
  return LIVE.has(status);
}
