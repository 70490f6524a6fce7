import { DDoSProtection, InvalidNonce } from 'ccxt';
import type { Clock, TimerHandle } from '../../clock/clock';
import type { Decimal } from '../../domain/decimal';
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
  ReconciliationAcknowledgement,
  ReconcilingConnector,
  RejectReason,
  SymbolRules,
  Unsubscribe,
} from '../types';
import { MappingError, toBalances, toExchangeOrder, toExchangeTrade, tradesInPlaceAnswer } from './ccxt-mapping';
import { CcxtClient, createCcxtExchange } from './ccxt-client';
import type { LiveConnectorEvent, LiveConnectorStatus } from './events';
import { classifyFailure, RateLimitedResponse, type Failure } from './failures';
import { silentLogger, type LogFields, type Logger } from './logger';
import { checkPlaceRequest } from './order-checks';
import { OrderStream, type StreamState } from './order-stream';
import { isOpenStatus, OrderTracker } from './order-tracker';
import { DEFAULT_WEIGHTS, LIVE_DEFAULTS, OPERATION_LANE, type LiveConnectorOptions, type Operation } from './options';
import { reconcile, type LedgerOrderState, type ReconciliationReport, type ReconciliationTrigger } from './reconcile';
import { redactingLogger, redactText } from './redact';
import { DEFAULT_SCHEDULER_POLICY, RequestScheduler, type RateLimitSignal, type SchedulerEvent } from './request-scheduler';
import { toSymbolRules } from './symbol-rules';
import { compareTrades, tradeKey } from './trade-order';

const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 1000;

/** Hooks the engine uses to keep the ledger in step while an unknown outcome is resolved (intent before effect). */
export interface ResolveHooks {
  /** The placement's outcome is unknown (timeout, 5xx, dropped connection): mark the order UNKNOWN. */
  onUnknown?(message: string): void | Promise<void>;
  /** The exchange says no such order exists and it is about to be sent again: mark it PENDING_SUBMIT. */
  beforeResend?(): void | Promise<void>;
}

export type AcknowledgeResult = ReconciliationAcknowledgement;

class ReconciliationAborted extends Error {
  override readonly name = 'ReconciliationAborted';
}

const rejected = <T>(reason: RejectReason, message: string): ConnectorResult<T> => ({ ok: false, outcome: 'REJECTED', reason, message });
const unknown = <T>(message: string): ConnectorResult<T> => ({ ok: false, outcome: 'UNKNOWN', message });
const notFound = <T>(message: string): ConnectorResult<T> => ({ ok: false, outcome: 'NOT_FOUND', message });

/**
 * IExecutionConnector for a real exchange account, on ccxt (REST for
 * requests, ccxt.pro's WebSocket user data stream for reports). See
 * README.md in this folder for the policies: unknown outcomes, rate limits,
 * the stream's reconnect and backfill, reconciliation and its gate, keys.
 */
export class LiveConnector implements IExecutionConnector, ReconcilingConnector {
  readonly id: string;
  readonly kind = 'live' as const;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly scheduler: RequestScheduler;
  private readonly tracker = new OrderTracker();
  private readonly weights: Readonly<Record<Operation, number>>;
  private readonly rules = new Map<string, SymbolRules>();
  private readonly reportListeners = new Set<(report: ExecutionReport) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private readonly eventListeners = new Set<(event: LiveConnectorEvent) => void>();
  private readonly timers = new Set<{ handle: TimerHandle; resolve: (fired: boolean) => void }>();
  private secrets: readonly string[] = [];
  private client: CcxtClient | undefined;
  private stream: OrderStream | undefined;
  private state: ConnectionState = 'DISCONNECTED';
  private started = false;
  private closed = false;
  private reconciling = 0;
  private unreconciled = false;
  private reconcileChain: Promise<unknown> = Promise.resolve();
  private pending: ReconciliationReport | undefined;
  private reportCount = 0;
  private timeSync: Promise<void> | undefined;
  private liveSince: number | undefined;

  constructor(private readonly options: LiveConnectorOptions) {
    this.id = options.id ?? `live:${options.exchangeId}`;
    this.clock = options.clock;
    this.logger = redactingLogger(options.logger ?? silentLogger, () => this.secrets);
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.scheduler = new RequestScheduler(
      this.clock,
      { ...DEFAULT_SCHEDULER_POLICY, ...options.scheduler },
      (e) => this.rateLimitSignal(e),
      (e) => this.onSchedulerEvent(e),
    );
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * Load the keys and the markets, measure the exchange clock, open the order
   * stream, then reconcile with the ledger. Orders are refused until the
   * stream is live and any differences found are acknowledged.
   */
  async start(): Promise<ConnectorResult<ReconciliationReport>> {
    if (this.started || this.closed) return rejected('EXCHANGE_ERROR', this.closed ? 'the connector is closed' : 'the connector was already started');
    this.started = true;
    this.setState('CONNECTING');
    try {
      const credentials = await this.options.credentials.load();
      this.secrets = [credentials.apiKey, credentials.secret];
      this.client = new CcxtClient(
        createCcxtExchange({
          exchangeId: this.options.exchangeId,
          credentials,
          clock: this.clock,
          ...(this.options.urls === undefined ? {} : { urls: this.options.urls }),
          ...(this.options.ccxtOptions === undefined ? {} : { ccxtOptions: this.options.ccxtOptions }),
          ...(this.options.recvWindowMs === undefined ? {} : { recvWindowMs: this.options.recvWindowMs }),
          ...(this.options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.options.requestTimeoutMs }),
        }),
      );
      const client = this.client;
      const markets = await this.call('markets', () => client.loadMarkets(this.options.symbols));
      for (const m of markets) {
        const rules = toSymbolRules(m);
        this.rules.set(rules.symbol, rules);
      }
      if (this.options.syncTimeAtStart ?? true) await this.resyncTime();
    } catch (e) {
      const message = this.say(e);
      this.log('error', 'live connector could not start', { error: message, credentials: this.options.credentials.label });
      await this.client?.close().catch(() => undefined);
      this.client = undefined;
      this.started = false; // start() may be tried again
      this.setState('DISCONNECTED');
      return rejected('EXCHANGE_ERROR', `could not start: ${message}`);
    }
    this.log('info', 'markets loaded', { exchange: this.options.exchangeId, symbols: [...this.rules.keys()] });
    this.stream = this.createStream(this.client);
    try {
      await this.stream.start();
      this.liveSince = this.clock.now();
      this.emit({ kind: 'STREAM_SUBSCRIBED', reconnect: false });
    } catch (e) {
      this.log('warn', 'order stream could not subscribe; retrying in the background', { error: this.say(e) });
    }
    return this.reconcileNow('START');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream?.close();
    this.scheduler.close();
    for (const t of this.timers) {
      this.clock.clearTimeout(t.handle);
      t.resolve(false);
    }
    this.timers.clear();
    this.setState('DISCONNECTED');
    try {
      await this.client?.close();
    } catch (e) {
      this.log('warn', 'closing the exchange client failed', { error: this.say(e) });
    }
  }

  // ---- state and events --------------------------------------------------------------------

  capabilities(): ConnectorCapabilities {
    return {
      orderTypes: ORDER_TYPES,
      nativeIceberg: this.nativeIceberg(),
      nativeOco: false,
      modifyInPlace: false,
      symbols: [...this.rules.values()],
    };
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionState(listener: (state: ConnectionState) => void): Unsubscribe {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onReport(listener: (report: ExecutionReport) => void): Unsubscribe {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  onEvent(listener: (event: LiveConnectorEvent) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** True while a reconciliation report waits for the trader: place() is refused RECONCILIATION_PENDING. */
  awaitingAcknowledgement(): boolean {
    return this.pending !== undefined;
  }

  pendingReconciliation(): ReconciliationReport | undefined {
    return this.pending;
  }

  /** The trader has seen report `reportId`; new orders are accepted again (once the stream is live). */
  acknowledgeReconciliation(reportId: string): AcknowledgeResult {
    const pending = this.pending;
    if (pending === undefined) return { ok: false, error: { code: 'NO_PENDING_REPORT', message: 'no reconciliation report awaits acknowledgement' } };
    if (pending.id !== reportId) {
      return { ok: false, error: { code: 'STALE_REPORT', message: `report ${reportId} is not the pending one (${pending.id}); review the newer report` } };
    }
    this.pending = undefined;
    this.log('info', 'reconciliation acknowledged', { reportId });
    this.emit({ kind: 'RECONCILIATION_ACKNOWLEDGED', reportId });
    return { ok: true };
  }

  status(): LiveConnectorStatus {
    const refusal = this.orderRefusal();
    const pausedUntil = this.scheduler.stats().pausedUntil;
    return {
      connection: this.state,
      acceptingOrders: refusal === undefined,
      ...(refusal === undefined ? {} : { refusal: refusal.message }),
      ...(pausedUntil === undefined ? {} : { pause: { until: pausedUntil } }),
      timeOffsetMs: this.client?.timeOffsetMs() ?? 0,
      ...(this.pending === undefined ? {} : { pendingReconciliation: this.pending }),
    };
  }

  // ---- orders ------------------------------------------------------------------------------

  /**
   * Send a new order. UNKNOWN (timeout, 5xx, dropped connection) means it may
   * or may not exist: resolve it with resolveUnknown, never by placing again.
   */
  async place(request: PlaceOrderRequest): Promise<ConnectorResult<ExchangeOrder>> {
    const refusal = this.orderRefusal();
    if (refusal !== undefined) return rejected(refusal.reason, refusal.message);
    const check = checkPlaceRequest(request, this.rules.get(request.symbol), this.nativeIceberg());
    if (check !== undefined) {
      this.log('info', 'order refused before sending', { clientOrderId: request.clientOrderId, reason: check.reason, message: check.message });
      return rejected(check.reason, check.message);
    }
    return this.submit(request);
  }

  /** place(), and when its outcome is unknown, resolveUnknown() with the same hooks. */
  async placeAndResolve(request: PlaceOrderRequest, hooks: ResolveHooks = {}): Promise<ConnectorResult<ExchangeOrder>> {
    const first = await this.place(request);
    if (first.ok || first.outcome !== 'UNKNOWN') return first;
    await hooks.onUnknown?.(first.message);
    return this.resolveUnknown(request, hooks);
  }

  /**
   * Resolve a placement whose outcome is unknown: look the client order id up
   * (after each of `unknownLookupDelaysMs`); if found, that is the order. Only
   * when the exchange says no such order exists is it sent again, once: an
   * id is unique only among open orders, so an order that may have filled is
   * never resent. Still unknown after the lookups: UNKNOWN, for reconciliation.
   */
  async resolveUnknown(request: PlaceOrderRequest, hooks: ResolveHooks = {}): Promise<ConnectorResult<ExchangeOrder>> {
    let resent = false;
    for (;;) {
      const found = await this.lookUpAfterUnknown(request);
      if (found.ok) {
        this.emit({ kind: 'ORDER_RESOLVED', clientOrderId: request.clientOrderId, outcome: 'FOUND' });
        return found;
      }
      if (found.outcome !== 'NOT_FOUND' || resent) {
        this.emit({ kind: 'ORDER_RESOLVED', clientOrderId: request.clientOrderId, outcome: 'STILL_UNKNOWN' });
        return unknown(
          found.outcome === 'NOT_FOUND'
            ? `${request.clientOrderId} was not found even after it was sent again; left UNKNOWN for reconciliation`
            : found.message,
        );
      }
      this.emit({ kind: 'ORDER_RESOLVED', clientOrderId: request.clientOrderId, outcome: 'NOT_FOUND' });
      const refusal = this.orderRefusal();
      if (refusal !== undefined) return notFound(`${request.clientOrderId} is not on the exchange; not sent again: ${refusal.message}`);
      await hooks.beforeResend?.();
      resent = true;
      this.log('warn', 'order not found after an unknown outcome; sending it again', { clientOrderId: request.clientOrderId });
      this.emit({ kind: 'ORDER_RESENT', clientOrderId: request.clientOrderId });
      const again = await this.submit(request);
      if (again.ok || again.outcome !== 'UNKNOWN') return again;
      await hooks.onUnknown?.(again.message);
    }
  }

  async cancel(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    if (this.client === undefined || this.closed) return rejected('EXCHANGE_ERROR', 'the connector is not running');
    const client = this.client;
    const attempts = this.options.maxCancelAttempts ?? LIVE_DEFAULTS.maxCancelAttempts;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const order = toExchangeOrder(await this.call('cancel', () => client.cancelOrder(clientOrderId, symbol)));
        this.observeOrders([order]);
        return { ok: true, value: order };
      } catch (e) {
        const f = classifyFailure(e);
        last = this.say(f.message);
        // "Unknown order" may mean already closed; a timeout may mean cancelled or not. The order's state decides.
        if (f.kind !== 'NOT_FOUND' && f.kind !== 'UNKNOWN_OUTCOME' && f.kind !== 'CLOCK_SKEW') return this.refusalResult(f);
        this.log('warn', 'cancel not confirmed; looking the order up', { clientOrderId, attempt, error: last });
        const outcome = await this.cancelOutcome(clientOrderId, symbol);
        if (outcome !== 'STILL_OPEN') return outcome;
      }
    }
    return unknown(`cancel of ${clientOrderId} sent ${attempts} times without a definite answer: ${last}`);
  }

  /** Cancels go out together, ahead of any new order; one failure never stops the others. */
  cancelMany(orders: readonly { clientOrderId: string; symbol: string }[]): Promise<ConnectorResult<ExchangeOrder>[]> {
    return Promise.all(orders.map((o) => this.cancel(o.clientOrderId, o.symbol)));
  }

  modify(request: ModifyOrderRequest, _symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    return Promise.resolve(
      rejected('INVALID_ORDER', `${request.clientOrderId}: this venue cannot modify orders in place; cancel and place a new one`),
    );
  }

  async findOrder(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    const client = this.client;
    if (client === undefined || this.closed) return rejected('EXCHANGE_ERROR', 'the connector is not running');
    try {
      const order = toExchangeOrder(await this.call('lookup', () => client.fetchOrderByClientId(clientOrderId, symbol)));
      this.observeOrders([order]);
      return { ok: true, value: order };
    } catch (e) {
      const f = classifyFailure(e);
      if (f.kind === 'NOT_FOUND') return notFound(`the exchange has no order ${clientOrderId} on ${symbol}`);
      return this.refusalResult(f);
    }
  }

  async openOrders(symbol?: string): Promise<ConnectorResult<ExchangeOrder[]>> {
    try {
      const out: ExchangeOrder[] = [];
      for (const s of symbol === undefined ? this.options.symbols : [symbol]) out.push(...(await this.fetchOpen(s)));
      this.observeOrders(out);
      return { ok: true, value: out };
    } catch (e) {
      return this.refusalResult(classifyFailure(e));
    }
  }

  async tradesSince(sinceTime: number, symbol?: string): Promise<ConnectorResult<ExchangeTrade[]>> {
    try {
      const trades = await this.fetchTrades(sinceTime, symbol === undefined ? this.options.symbols : [symbol]);
      await this.deliverTradeBatch(trades, await this.ordersOf(trades, (t) => !this.tracker.hasSeenTrade(t)));
      return { ok: true, value: trades };
    } catch (e) {
      return this.refusalResult(classifyFailure(e));
    }
  }

  async balances(): Promise<ConnectorResult<Record<string, { free: Decimal; locked: Decimal }>>> {
    const client = this.client;
    if (client === undefined || this.closed) return rejected('EXCHANGE_ERROR', 'the connector is not running');
    try {
      return { ok: true, value: toBalances(await this.call('balances', () => client.fetchBalance())) };
    } catch (e) {
      return this.refusalResult(classifyFailure(e));
    }
  }

  // ---- reconciliation ----------------------------------------------------------------------

  /**
   * Compare the ledger with the exchange (open orders, the ledger's live
   * orders looked up, own trades since the last one seen), list the
   * differences, then report what the exchange knows through onReport
   * (de-duplicated). Any difference blocks new orders until acknowledged.
   * Runs one at a time.
   */
  reconcileNow(trigger: ReconciliationTrigger = 'MANUAL'): Promise<ConnectorResult<ReconciliationReport>> {
    this.reconciling++;
    const run = this.reconcileChain.then(() => this.reconcileOnce(trigger));
    this.reconcileChain = run.catch(() => undefined);
    return run;
  }

  private async reconcileOnce(trigger: ReconciliationTrigger): Promise<ConnectorResult<ReconciliationReport>> {
    let outcome: { readonly report: ReconciliationReport } | { readonly error: string };
    try {
      outcome = this.closed ? { error: 'the connector is closed' } : { report: await this.reconciliationPass(trigger) };
    } catch (e) {
      outcome = { error: this.say(e) };
    } finally {
      // Settled before anyone hears the result, so the gate is already right when they look.
      this.reconciling--;
    }
    if ('error' in outcome) {
      // Until a reconciliation succeeds we do not know what the exchange holds: no new orders.
      this.unreconciled = true;
      this.log('error', 'reconciliation failed', { trigger, error: outcome.error });
      this.emit({ kind: 'RECONCILIATION_FAILED', trigger, message: outcome.error });
      return unknown(`reconciliation failed: ${outcome.error}`);
    }
    const { report } = outcome;
    this.unreconciled = false;
    if (report.differences.length > 0) {
      this.pending = report;
      this.log('warn', 'reconciliation found differences; new orders wait for the trader', {
        reportId: report.id,
        trigger,
        differences: report.differences.map((d) => `${d.kind} ${d.clientOrderId}: ${d.message}`),
      });
      this.emit({ kind: 'RECONCILIATION_REQUIRED', report });
    } else {
      this.log('info', 'reconciled: ledger and exchange agree', { reportId: report.id, trigger });
      this.emit({ kind: 'RECONCILED', report });
    }
    return { ok: true, value: report };
  }

  private async reconciliationPass(trigger: ReconciliationTrigger): Promise<ReconciliationReport> {
    const now = this.clock.now();
    const exchange = new Map<string, ExchangeOrder>();
    for (const s of this.options.symbols) for (const o of await this.fetchOpen(s)) exchange.set(o.clientOrderId, o);

    const ledger = typeof this.options.ledger === 'function' ? this.options.ledger() : this.options.ledger;
    if (ledger === undefined) throw new ReconciliationAborted('no ledger to reconcile with yet');
    const live = ledger.liveOrders();
    // Ledger orders not on the book, and orders we last saw open, may have closed: look each up.
    const lookups = new Map<string, string>();
    for (const l of live) if (!exchange.has(l.clientOrderId)) lookups.set(l.clientOrderId, l.symbol);
    for (const o of this.tracker.openOrders()) if (!exchange.has(o.clientOrderId)) lookups.set(o.clientOrderId, o.symbol);
    for (const [id, symbol] of lookups) {
      const found = await this.lookup(id, symbol);
      if (found !== undefined) exchange.set(id, found);
    }

    const margin = this.options.lookbackMarginMs ?? LIVE_DEFAULTS.lookbackMarginMs;
    const oldestLive = Math.min(...live.map((l) => l.createdAt - margin));
    // After a drop the stream had everything up to its last trade; at start, look back over the live orders' lifetime.
    const since =
      trigger === 'RECONNECT' || trigger === 'REPAIR'
        ? (this.tracker.lastTradeTime() ?? this.liveSince ?? now)
        : Math.min(now - (this.options.reconcileLookbackMs ?? LIVE_DEFAULTS.reconcileLookbackMs), oldestLive);
    const trades = await this.fetchTrades(since, this.options.symbols);

    const ledgerOrders = new Map<string, LedgerOrderState>(live.map((l) => [l.clientOrderId, l]));
    for (const id of [...exchange.keys(), ...trades.map((t) => t.clientOrderId)]) {
      if (ledgerOrders.has(id)) continue;
      const l = ledger.findOrder(id);
      if (l !== undefined) ledgerOrders.set(id, l);
    }
    const known = new Set<string>();
    for (const l of ledgerOrders.values()) for (const t of l.tradeIds) known.add(tradeKey(l.symbol, t));
    // The orders of trades the ledger lacks belong in the comparison too.
    const traded = await this.ordersOf(trades, (t) => !known.has(tradeKey(t.symbol, t.tradeId)) && !exchange.has(t.clientOrderId));
    for (const o of traded.values()) exchange.set(o.clientOrderId, o);

    const differences = reconcile([...ledgerOrders.values()], [...exchange.values()], trades, known);

    // Then tell the engine what the exchange knows; facts the ledger has are not repeated.
    this.tracker.markTradesSeen(known);
    const reportedTrades = await this.deliverTradeBatch(trades, exchange);
    const reportedOrders = this.observeOrders([...exchange.values()].sort((a, b) => a.updatedAt - b.updatedAt));
    this.emit({ kind: 'BACKFILLED', trigger, orders: reportedOrders, trades: reportedTrades });

    this.reportCount++;
    return { id: `REC-${now}-${this.reportCount}`, trigger, at: now, differences };
  }

  // ---- internals: requests -----------------------------------------------------------------

  /** One exchange call through the scheduler; a -1021 (clock skew) re-measures the clock and retries once. */
  private async call<T>(op: Operation, task: () => Promise<T>): Promise<T> {
    const lane = OPERATION_LANE[op];
    const weight = this.weights[op];
    try {
      return await this.scheduler.run(lane, weight, task);
    } catch (e) {
      if (!(e instanceof InvalidNonce) || op === 'time') throw e;
      this.log('warn', 'exchange refused our timestamp; re-measuring its clock', { operation: op, error: this.say(e) });
      await this.resyncTime();
      return this.scheduler.run(lane, weight, task);
    }
  }

  private resyncTime(): Promise<void> {
    const client = this.client;
    if (client === undefined) return Promise.resolve();
    this.timeSync ??= this.call('time', () => client.syncTime())
      .then((offsetMs) => {
        this.log('info', 'exchange clock measured', { offsetMs });
        this.emit({ kind: 'TIME_SYNCED', offsetMs });
      })
      .finally(() => {
        this.timeSync = undefined;
      });
    return this.timeSync;
  }

  private rateLimitSignal(e: unknown): RateLimitSignal | undefined {
    const { policy } = this.scheduler;
    if (e instanceof RateLimitedResponse) {
      const serverNow = this.clock.now() + (this.client?.timeOffsetMs() ?? 0);
      const banMs = e.bannedUntilServerMs === undefined ? 0 : e.bannedUntilServerMs - serverNow;
      return { status: e.status, pauseMs: Math.max(e.retryAfterMs ?? policy.defaultRetryAfterMs, banMs) };
    }
    if (e instanceof DDoSProtection) return { status: 429, pauseMs: policy.defaultRetryAfterMs };
    return undefined;
  }

  private async submit(request: PlaceOrderRequest): Promise<ConnectorResult<ExchangeOrder>> {
    const client = this.client;
    if (client === undefined || this.closed) return rejected('EXCHANGE_ERROR', 'the connector is not running');
    let raw: unknown;
    try {
      raw = await this.call('place', () => client.createOrder(request));
    } catch (e) {
      return this.placeFailure(request, classifyFailure(e));
    }
    let order: ExchangeOrder;
    try {
      order = toExchangeOrder(raw);
    } catch (e) {
      return this.placeFailure(request, classifyFailure(e)); // an answer we cannot read: outcome unknown
    }
    try {
      await this.deliverTradeBatch(tradesInPlaceAnswer(raw, order), new Map([[order.clientOrderId, order]]));
      this.observeOrders([order]);
    } catch (e) {
      this.log('error', 'could not report the order answer; reading back from the exchange', { clientOrderId: order.clientOrderId, error: this.say(e) });
      void this.reconcileNow('REPAIR');
    }
    return { ok: true, value: order };
  }

  private async placeFailure(request: PlaceOrderRequest, f: Failure): Promise<ConnectorResult<ExchangeOrder>> {
    const id = request.clientOrderId;
    const message = this.say(f.message);
    if (f.kind === 'UNKNOWN_OUTCOME') {
      this.log('warn', 'order outcome unknown', { clientOrderId: id, error: message });
      this.emit({ kind: 'ORDER_UNKNOWN', clientOrderId: id, message });
      return unknown(`the exchange may or may not have ${id}: ${message}`);
    }
    if (f.kind === 'DUPLICATE') {
      // An open order already carries this id: ours, sent before. It is the answer.
      const found = await this.findOrder(id, request.symbol);
      if (found.ok && found.value.side === request.side && found.value.quantity.eq(request.quantity)) return found;
      return rejected('DUPLICATE_CLIENT_ORDER_ID', `an open order already uses ${id}: ${message}`);
    }
    this.log('info', 'order refused', { clientOrderId: id, error: message });
    return this.refusalResult(f);
  }

  /** After a cancel that was not confirmed: the order's state now (STILL_OPEN: send the cancel again, it is harmless). */
  private async cancelOutcome(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder> | 'STILL_OPEN'> {
    const found = await this.findOrder(clientOrderId, symbol);
    if (!found.ok) return found;
    if (isOpenStatus(found.value.status)) return 'STILL_OPEN';
    if (found.value.status === 'CANCELED') return found;
    return rejected('INVALID_ORDER', `order ${clientOrderId} is already ${found.value.status}`);
  }

  private refusalResult<T>(f: Failure): ConnectorResult<T> {
    const message = this.say(f.message);
    switch (f.kind) {
      case 'REFUSED':
        return rejected(f.reason, message);
      case 'RATE_LIMITED':
        return rejected('RATE_LIMITED', message);
      case 'DUPLICATE':
        return rejected('DUPLICATE_CLIENT_ORDER_ID', message);
      case 'NOT_FOUND':
        return notFound(message);
      case 'CLOSED':
        return rejected('EXCHANGE_ERROR', message);
      case 'CLOCK_SKEW':
      case 'UNKNOWN_OUTCOME':
        return unknown(message);
    }
  }

  private async lookUpAfterUnknown(request: PlaceOrderRequest): Promise<ConnectorResult<ExchangeOrder>> {
    let last: ConnectorResult<ExchangeOrder> = unknown('not looked up');
    for (const delay of this.options.unknownLookupDelaysMs ?? LIVE_DEFAULTS.unknownLookupDelaysMs) {
      if (!(await this.wait('UNKNOWN_LOOKUP', delay))) return unknown('the connector closed while resolving');
      last = await this.findOrder(request.clientOrderId, request.symbol);
      if (last.ok || last.outcome === 'NOT_FOUND') return last;
    }
    return last;
  }

  /** An order by client order id, or undefined when the exchange has none; other failures abort the caller. */
  private async lookup(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined> {
    const r = await this.findOrder(clientOrderId, symbol);
    if (r.ok) return r.value;
    if (r.outcome === 'NOT_FOUND') return undefined;
    throw new ReconciliationAborted(`could not look up ${clientOrderId}: ${r.message}`);
  }

  private async fetchOpen(symbol: string): Promise<ExchangeOrder[]> {
    const client = this.requireClient();
    return (await this.call('openOrders', () => client.fetchOpenOrders(symbol))).map(toExchangeOrder);
  }

  /**
   * Own trades since `since` with our client order ids, oldest first: in
   * windows of one day (the exchange's limit) and pages of 1000. Trades that
   * name only an exchange order id are matched through the window's order
   * list (one request), or one order at a time.
   */
  private async fetchTrades(since: number, symbols: readonly string[]): Promise<ExchangeTrade[]> {
    const client = this.requireClient();
    const now = this.clock.now() + client.timeOffsetMs();
    const trades = new Map<string, ExchangeTrade>();
    for (const symbol of symbols) {
      for (let start = since, end = Math.min(since + DAY_MS, now); start <= now; start = end + 1, end = Math.min(start + DAY_MS, now)) {
        let ordersRead = false;
        const name = async (raw: unknown): Promise<ExchangeTrade> => {
          let mapped = toExchangeTrade(raw, (id) => this.tracker.clientIdOf(id));
          if (mapped.kind === 'needs-order' && !ordersRead) {
            ordersRead = true;
            const listed = await this.call('orders', () => client.fetchOrders(symbol, start, end, PAGE));
            for (const o of listed) this.tracker.learnIds(toExchangeOrder(o));
            mapped = toExchangeTrade(raw, (id) => this.tracker.clientIdOf(id));
          }
          if (mapped.kind === 'needs-order') {
            const exchangeOrderId = mapped.exchangeOrderId;
            this.tracker.learnIds(toExchangeOrder(await this.call('lookup', () => client.fetchOrderById(exchangeOrderId, symbol))));
            mapped = toExchangeTrade(raw, (id) => this.tracker.clientIdOf(id));
          }
          if (mapped.kind === 'needs-order') throw new MappingError(`trade of order ${mapped.exchangeOrderId} has no client order id`);
          return mapped.trade;
        };
        for (let cursor = start; ; ) {
          const page = await this.call('trades', () => client.fetchMyTrades(symbol, cursor, end, PAGE));
          let newest = cursor;
          for (const raw of page) {
            const t = await name(raw);
            trades.set(tradeKey(t.symbol, t.tradeId), t);
            newest = Math.max(newest, t.time);
          }
          // A full page continues from its newest trade (that millisecond is read again; duplicates collapse).
          if (page.length < PAGE || newest === cursor) break;
          cursor = newest;
        }
      }
    }
    return [...trades.values()].sort(compareTrades);
  }

  /** The current state of each order that has a trade in `trades` passing `wanted`. */
  private async ordersOf(trades: readonly ExchangeTrade[], wanted: (t: ExchangeTrade) => boolean): Promise<Map<string, ExchangeOrder>> {
    const orders = new Map<string, ExchangeOrder>();
    for (const t of trades) {
      if (!wanted(t) || orders.has(t.clientOrderId)) continue;
      const o = await this.lookup(t.clientOrderId, t.symbol);
      if (o !== undefined) orders.set(o.clientOrderId, o);
    }
    return orders;
  }

  private requireClient(): CcxtClient {
    if (this.client === undefined || this.closed) throw new ReconciliationAborted('the connector is not running');
    return this.client;
  }

  // ---- internals: reports ------------------------------------------------------------------

  private observeOrders(orders: readonly ExchangeOrder[]): number {
    let n = 0;
    for (const o of orders) n += this.emitReports(this.tracker.observeOrder(o));
    return n;
  }

  /** Trades oldest first; the last unreported trade of an order that is now FILLED is its FILL. */
  private async deliverTradeBatch(trades: readonly ExchangeTrade[], latest: ReadonlyMap<string, ExchangeOrder>): Promise<number> {
    const sorted = [...trades].sort(compareTrades);
    const lastIndex = new Map<string, number>();
    sorted.forEach((t, i) => lastIndex.set(t.clientOrderId, i));
    let n = 0;
    for (const [i, t] of sorted.entries()) {
      if (this.tracker.hasSeenTrade(t)) continue;
      const order = latest.get(t.clientOrderId) ?? this.tracker.order(t.clientOrderId) ?? (await this.lookup(t.clientOrderId, t.symbol));
      if (order === undefined) throw new ReconciliationAborted(`trade ${t.tradeId} belongs to ${t.clientOrderId}, which the exchange cannot find`);
      n += this.emitReports(this.tracker.observeTrade(t, order, order.status === 'FILLED' && lastIndex.get(t.clientOrderId) === i));
    }
    return n;
  }

  private deliverStreamOrders(raw: unknown[]): Promise<void> {
    for (const r of raw) {
      try {
        this.observeOrders([toExchangeOrder(r)]);
      } catch (e) {
        this.log('error', 'unreadable order update from the stream', { error: this.say(e) });
      }
    }
    return Promise.resolve();
  }

  private async deliverStreamTrades(raw: unknown[]): Promise<void> {
    for (const r of raw) {
      let mapped = toExchangeTrade(r, (id) => this.tracker.clientIdOf(id));
      if (mapped.kind === 'needs-order') {
        const { exchangeOrderId, symbol } = mapped;
        const client = this.requireClient();
        this.tracker.learnIds(toExchangeOrder(await this.call('lookup', () => client.fetchOrderById(exchangeOrderId, symbol))));
        mapped = toExchangeTrade(r, (id) => this.tracker.clientIdOf(id));
      }
      if (mapped.kind === 'needs-order') throw new MappingError(`trade of order ${mapped.exchangeOrderId} has no client order id`);
      const { trade, orderAfter } = mapped;
      const order = orderAfter ?? this.tracker.order(trade.clientOrderId) ?? (await this.lookup(trade.clientOrderId, trade.symbol));
      if (order === undefined) throw new MappingError(`trade ${trade.tradeId} of ${trade.clientOrderId}: no such order`);
      this.emitReports(this.tracker.observeTrade(trade, order, order.status === 'FILLED'));
    }
  }

  private emitReports(reports: readonly ExecutionReport[]): number {
    for (const report of reports) {
      for (const l of this.reportListeners) {
        try {
          l(report);
        } catch (e) {
          this.listenerFailed(e);
        }
      }
    }
    return reports.length;
  }

  // ---- internals: stream, waits, events ----------------------------------------------------

  private createStream(client: CcxtClient): OrderStream {
    return new OrderStream({
      // A refused timestamp on the subscription is clock skew too: re-measure and try once more.
      subscribe: async () => {
        try {
          await client.subscribe();
        } catch (e) {
          if (!(e instanceof InvalidNonce)) throw e;
          this.log('warn', 'exchange refused the subscription timestamp; re-measuring its clock', { error: this.say(e) });
          await this.resyncTime();
          await client.subscribe();
        }
      },
      nextOrders: () => client.watchOrders(),
      nextTrades: () => client.watchMyTrades(),
      deliverOrders: (raw) => this.deliverStreamOrders(raw),
      deliverTrades: (raw) => this.deliverStreamTrades(raw),
      onState: (s) => this.onStreamState(s),
      onDropped: (e) => {
        const message = this.say(e);
        this.log('warn', 'order stream dropped; reconnecting', { error: message });
        this.emit({ kind: 'STREAM_DROPPED', message });
      },
      onSubscribeFailed: (e, attempt) => this.log('warn', 'order stream subscription failed', { attempt, error: this.say(e) }),
      onResubscribed: () => {
        this.liveSince ??= this.clock.now();
        this.log('info', 'order stream resubscribed; backfilling and reconciling');
        this.emit({ kind: 'STREAM_SUBSCRIBED', reconnect: true });
        void this.reconcileNow('RECONNECT');
      },
      // An update we could not use is read back from the exchange: nothing is dropped quietly.
      onDeliveryError: (e) => {
        this.log('error', 'order stream update could not be used; reading back from the exchange', { error: this.say(e) });
        void this.reconcileNow('REPAIR');
      },
      wait: (ms) => this.wait('RECONNECT', ms),
      reconnectDelaysMs: this.options.reconnectDelaysMs ?? LIVE_DEFAULTS.reconnectDelaysMs,
    });
  }

  private onStreamState(s: StreamState): void {
    if (this.closed) return;
    this.setState(s);
  }

  /** Resolves true after `ms` of clock time, false when the connector closed first. */
  private wait(reason: 'UNKNOWN_LOOKUP' | 'RECONNECT', ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const entry = {
        handle: this.clock.setTimeout(() => {
          this.timers.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.timers.add(entry);
      this.emit({ kind: 'WAITING', reason, until: this.clock.now() + ms });
    });
  }

  /** Why place() would refuse now, or undefined. */
  private orderRefusal(): { reason: RejectReason; message: string } | undefined {
    const pending = (message: string) => ({ reason: 'RECONCILIATION_PENDING' as const, message });
    if (this.closed) return { reason: 'EXCHANGE_ERROR', message: 'the connector is closed' };
    if (!this.started || this.client === undefined) return { reason: 'EXCHANGE_ERROR', message: 'the connector is not started' };
    if (this.pending !== undefined) {
      return pending(`reconciliation report ${this.pending.id} lists ${this.pending.differences.length} difference(s) the trader has not acknowledged`);
    }
    if (this.state !== 'CONNECTED') return pending(`the order stream is ${this.state.toLowerCase()}; orders resume once it is back and reconciled`);
    if (this.reconciling > 0) return pending('reconciliation with the exchange is in progress');
    if (this.unreconciled) return pending('the last reconciliation failed; run it again (reconcileNow) before new orders');
    return undefined;
  }

  private nativeIceberg(): boolean {
    return this.options.exchangeId === 'binance';
  }

  private onSchedulerEvent(e: SchedulerEvent): void {
    if (e.kind === 'PAUSED') this.log('warn', e.reason === 'BANNED' ? 'exchange ban: all requests paused' : 'rate limited: all requests paused', { status: e.status, until: e.until });
    if (e.kind === 'RESUMED') this.log('info', 'requests resumed');
    this.emit(e);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of this.connectionListeners) {
      try {
        l(state);
      } catch (e) {
        this.listenerFailed(e);
      }
    }
  }

  private emit(event: LiveConnectorEvent): void {
    for (const l of this.eventListeners) {
      try {
        l(event);
      } catch (e) {
        this.listenerFailed(e);
      }
    }
  }

  private listenerFailed(e: unknown): void {
    if (this.options.onListenerError !== undefined) this.options.onListenerError(e);
    else this.log('error', 'a listener threw', { error: this.say(e) });
  }

  /** An error or message as text with the credentials removed: the only way text leaves this class. */
  private say(e: unknown): string {
    return redactText(e instanceof Error ? e.message : String(e), this.secrets);
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: LogFields): void {
    this.logger.log(level, message, fields);
  }
}
